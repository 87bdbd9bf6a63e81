// layout (internal): word boundaries for the places that break only between words (titles,
// 主送, headings, table headers, chart labels). ICU's dictionary gives the words; this adds what
// a reader of Chinese statistical writing takes as one word and ICU cuts: indicator names
// (营业收入, 增加值), offices (统计局, 调查总队), and names ICU does not know (江东, 北仑区).
#pragma once

#include <string_view>
#include <vector>

namespace jb::layout::detail {

// `starts` (size text.size() + 1, true before text[i] when a word starts there) as ICU's word
// breaker found them; clears those inside a dictionary term, inside an unknown name (a run of
// single characters that are not function words), and between a word and its bound suffix
// (市, 局, 区, 值, 化, 总队) or prefix (全, 各, 本).
void refine_words(std::u32string_view text, std::vector<bool>& starts);

}  // namespace jb::layout::detail
