#include "layout/words.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "core/char_class.hpp"

namespace jb::layout::detail {

namespace {

// Terms ICU's dictionary splits that a reader takes as one word: indicator names of Chinese
// statistical writing, the offices that publish them, and the words around them. Forward
// maximum matching over the text finds them; nothing inside one may break.
// clang-format off
constexpr const char32_t* terms[] = {
    // indicators
    U"地区生产总值", U"国内生产总值", U"生产总值", U"增加值", U"总产值", U"营业收入",
    U"营业利润", U"利润总额", U"主营业务收入", U"营业成本", U"规模以上", U"限额以上",
    U"规上工业", U"固定资产投资", U"固定资产", U"社会消费品零售总额", U"消费品零售总额",
    U"消费品", U"零售总额", U"零售额", U"进出口总额", U"进出口", U"出口额", U"进口额",
    U"居民消费价格", U"消费价格指数", U"价格指数", U"工业生产者", U"出厂价格", U"购进价格",
    U"一般公共预算收入", U"一般公共预算支出", U"一般公共预算", U"税收收入", U"财政收入",
    U"财政支出", U"人均可支配收入", U"可支配收入", U"人均消费支出", U"消费支出", U"调查失业率",
    U"失业率", U"城镇化率", U"常住人口", U"户籍人口", U"出生率", U"死亡率", U"自然增长率",
    U"增长率", U"存款余额", U"贷款余额", U"本外币", U"金融机构", U"商品房销售面积", U"商品房",
    U"销售面积", U"施工面积", U"竣工面积", U"房地产开发投资", U"房地产开发", U"建筑业总产值",
    U"建筑业", U"服务业", U"制造业", U"批发业", U"零售业", U"住宿业", U"餐饮业", U"高新技术",
    U"高技术", U"战略性新兴产业", U"新兴产业", U"未来产业", U"新质生产力", U"专精特新",
    U"单项冠军", U"研究与试验发展", U"研发经费", U"百分点", U"同比增长", U"环比增长",
    U"累计增长", U"增速", U"货物运输量", U"旅客运输量", U"前两", U"前三", U"前四", U"前五",
    U"新业态", U"新模式", U"新动能", U"机器人", U"人形机器人", U"产业链", U"供应链", U"创新链",
    U"前十", U"一季度", U"二季度", U"三季度", U"四季度", U"上半年", U"下半年", U"用电量",
    U"发电量", U"粮食产量", U"播种面积", U"出栏", U"存栏",
    // offices and their parts
    U"国家统计局", U"统计局", U"调查总队", U"调查队", U"人民政府", U"办公厅", U"办公室",
    U"委员会", U"常委会", U"人大常委会", U"政协", U"发展和改革委员会", U"发展改革委",
    U"经济和信息化局", U"经信局", U"财政局", U"商务局", U"税务局", U"人民银行", U"海关",
    U"市场监督管理局", U"自然资源局", U"统计监测", U"统计调查", U"统计数据", U"数据质量",
    U"联网直报", U"统计执法",
    // administrative divisions that are words in their own right
    U"设区市", U"自治区", U"自治州", U"自治县", U"直辖市", U"地级市", U"县级市", U"街道办事处",
    U"开发区", U"高新区", U"新区", U"经济技术开发区",
};
// clang-format on
constexpr std::size_t longest_term = 9;

// A character standing alone that is bound to the word before it: a place's or an office's
// last character (宁波市, 统计局, 北仑区), or the suffix of a derived word (增加值, 信息化).
const std::u32string_view suffixes =
    U"省市县区镇乡村旗盟州局厅委办院所站处科队部会署组值额率量品化业性者员链";
// ... and to the word after it (全省, 各县, 本市).
const std::u32string_view prefixes = U"全各本该分总副非超";
// Characters that are words of their own and never part of an unknown name: particles,
// conjunctions, prepositions and the like.
const std::u32string_view function_chars =
    U"的地得了着过和与及或而并且但在于对向从自以为由被把将按据经比是有无不也都就还又再更最很等之其"
    U"此每如若个中上下内外后前间时";
// Two-character words that, like the suffixes, close the name before them (江东调查总队).
constexpr const char32_t* suffix_words[] = {U"总队", U"支队", U"大队",  U"中心",
                                            U"分局", U"分行", U"调查队"};

// A unit made of merged characters and words is at most this long (a dictionary term may be
// longer).
constexpr std::size_t longest_merge = 8;

bool in(std::u32string_view set, char32_t c) { return set.find(c) != std::u32string_view::npos; }

const std::unordered_set<std::u32string>& term_set() {
  static const std::unordered_set<std::u32string> set(std::begin(terms), std::end(terms));
  return set;
}

struct Segment {
  std::size_t from = 0, to = 0;  // [from, to)
  std::size_t size() const { return to - from; }
};

std::vector<Segment> segments_of(const std::vector<bool>& starts, std::size_t n) {
  std::vector<Segment> out;
  for (std::size_t i = 0; i < n; ++i)
    if (i == 0 || starts[i])
      out.push_back({i, i + 1});
    else
      out.back().to = i + 1;
  return out;
}

bool all_han(std::u32string_view text, const Segment& s) {
  for (std::size_t i = s.from; i < s.to; ++i)
    if (!core::is_han(text[i])) return false;
  return true;
}

// Dictionary terms: no word starts inside one (the longest term at each place, left to right).
void keep_terms(std::u32string_view text, std::vector<bool>& starts) {
  const auto& set = term_set();
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 0;
    for (std::size_t l = std::min(longest_term, text.size() - i); l >= 2 && len == 0; --l)
      if (set.count(std::u32string(text.substr(i, l)))) len = l;
    if (len == 0) {
      ++i;
      continue;
    }
    for (std::size_t k = i + 1; k < i + len; ++k) starts[k] = false;
    // A term that starts inside one of ICU's words splits it when what comes before is a
    // word's length, or a number's unit (2025年|前三, not ICU's 年前); one that ends inside
    // one splits it when what is left is a word's length (前三|季度).
    if (i > 0 && !starts[i]) {
      std::size_t prev = i - 1;
      while (prev > 0 && !starts[prev]) --prev;
      if (i - prev >= 2 || (prev > 0 && core::is_digit(text[prev - 1]))) starts[i] = true;
    }
    const std::size_t end = i + len;
    if (end < text.size() && !starts[end]) {
      std::size_t next = end + 1;
      while (next < text.size() && !starts[next]) ++next;
      if (next - end >= 2) starts[end] = true;
    }
    i += len;
  }
}

// Unknown names (江东, 海曙, 鄞州), which ICU cuts into single characters, are one word again;
// then a suffix joins the word before it and a prefix the word after it.
void join_bound_characters(std::u32string_view text, std::vector<bool>& starts) {
  auto segs = segments_of(starts, text.size());
  auto single = [&](const Segment& s) { return s.size() == 1 && core::is_han(text[s.from]); };
  auto join = [&](const Segment& a, const Segment& b) {
    if (b.to - a.from > longest_merge || !all_han(text, a) || !all_han(text, b)) return false;
    starts[b.from] = false;
    return true;
  };
  // 1. runs of single characters that are not function words
  auto loose = [&](const Segment& s) { return single(s) && !in(function_chars, text[s.from]); };
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t run_from = none;  // where the current run of such characters starts
  for (const Segment& s : segs) {
    if (!loose(s)) {
      run_from = none;
    } else if (run_from == none || !join({run_from, s.from}, s)) {
      run_from = s.from;
    }
  }
  segs = segments_of(starts, text.size());
  // 2. suffixes (one character or a suffix word) onto the word before them
  for (std::size_t k = 1; k < segs.size(); ++k) {
    const Segment &a = segs[k - 1], &b = segs[k];
    const std::u32string word(text.substr(b.from, b.size()));
    const bool suffix =
        (single(b) && in(suffixes, text[b.from])) ||
        std::find(std::begin(suffix_words), std::end(suffix_words), word) != std::end(suffix_words);
    if (suffix && !(single(a) && in(function_chars, text[a.from])) && join(a, b))
      segs[k].from = a.from;
  }
  segs = segments_of(starts, text.size());
  // 3. prefixes onto the word after them
  for (std::size_t k = 0; k + 1 < segs.size(); ++k)
    if (single(segs[k]) && in(prefixes, text[segs[k].from])) join(segs[k], segs[k + 1]);
}

}  // namespace

void refine_words(std::u32string_view text, std::vector<bool>& starts) {
  if (text.size() < 2) return;
  keep_terms(text, starts);
  join_bound_characters(text, starts);
  starts[0] = true;
}

}  // namespace jb::layout::detail
