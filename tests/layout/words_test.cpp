// tests/layout: word boundaries for the texts that break only between words (titles, 主送,
// headings, table headers, chart labels): ICU's dictionary words, with the indicator names,
// offices and unknown place names it cuts joined again.
#include <catch2/catch.hpp>

#include "core/utf8.hpp"
#include "layout/line_breaker.hpp"

using namespace jb;

namespace {

// The text with a | where a word starts (after the first).
std::string words(const std::u32string& text) {
  const auto starts = layout::word_starts(text);
  std::u32string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && starts[i]) out.push_back(U'|');
    out.push_back(text[i]);
  }
  return core::encode_utf8(out);
}

// Where a word-only text may end a line.
std::string breaks(const std::u32string& text) {
  auto br = layout::find_breaks(text);
  layout::keep_words(text, br);
  std::u32string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && br[i]) out.push_back(U'|');
    out.push_back(text[i]);
  }
  return core::encode_utf8(out);
}

}  // namespace

TEST_CASE("words: indicator names are one word however ICU cuts them", "[layout][words]") {
  CHECK(words(U"营业收入") == "营业收入");
  CHECK(words(U"规模以上工业增加值") == "规模以上|工业|增加值");
  CHECK(words(U"社会消费品零售总额") == "社会消费品零售总额");
  CHECK(words(U"城镇居民人均可支配收入") == "城镇|居民|人均可支配收入");
  CHECK(words(U"主要指标（前三季度）") == "主要|指标|（|前三|季度|）");
  // A term inside ICU's words: 年前 (before the new year) is not read in 2025年前三季度.
  CHECK(words(U"2025年前三季度") == "2025|年|前三|季度");
  CHECK(words(U"人形机器人产业链") == "人形机器人|产业链");
}

TEST_CASE("words: offices keep their suffix and unknown names their characters",
          "[layout][words]") {
  // ICU: 国家|统计|局|江|东|调查|总|队
  CHECK(words(U"国家统计局江东调查总队") == "国家统计局|江东|调查总队");
  CHECK(words(U"宁波市统计局") == "宁波市|统计局");
  CHECK(words(U"鄞州区经济和信息化局") == "鄞州区|经济和信息化局");
  CHECK(words(U"海曙区人民政府") == "海曙区|人民政府");
  CHECK(words(U"北仑区") == "北仑区");
  // A prefix goes with the word after it.
  CHECK(words(U"2025年度全省统计数据") == "2025|年度|全省|统计数据");
}

TEST_CASE("words: function words stay words of their own", "[layout][words]") {
  // 的 and 和 are never part of an unknown name; a merged unit stays short.
  CHECK(words(U"情况的通报") == "情况|的|通报");
  CHECK(words(U"工业和信息") == "工业|和|信息");
  const std::u32string singles = U"甲乙丙丁戊己庚辛壬癸";
  const auto starts = layout::word_starts(singles);
  std::size_t longest = 0, run = 0;
  for (std::size_t i = 0; i < singles.size(); ++i)
    longest = std::max(longest, run = starts[i] ? 1 : run + 1);
  CHECK(longest <= 8);
}

TEST_CASE("words: a word-only text breaks between words and a number keeps its unit",
          "[layout][words]") {
  CHECK(breaks(U"关于2025年度全省统计数据的通报") == "关于|2025年度|全省|统计数据|的|通报");
  CHECK(breaks(U"国家统计局江东调查总队，各设区市统计局") ==
        "国家统计局|江东|调查总队，|各设区市|统计局");
}
