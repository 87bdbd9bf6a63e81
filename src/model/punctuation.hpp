// model: ASCII punctuation typed in Chinese text, set in its full-width form. In Chinese context
// (a Han character or a full-width mark beside the mark, spaces between not counting) , . ; : ? !
// become ，。；：？！ and a pair of ( ) becomes （ ） when its content or either side is Chinese;
// never inside a number (5.4, 1,234, 10:30), a web or e-mail address, an abbreviation (U.S.) or
// a Latin-only stretch ("GDP (nominal)"). The ASCII spaces beside a mark so changed go with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jb::model {

struct PunctuationChange {
  std::size_t index = 0;  // of the mark in the output text
  char32_t from = 0, to = 0;
};

struct NormalizedPunctuation {
  std::u32string text;
  std::vector<bool> kept;  // per code point of the input: still in the output
  std::vector<PunctuationChange> changes;
};

NormalizedPunctuation normalize_punctuation(std::u32string_view text);

}  // namespace jb::model
