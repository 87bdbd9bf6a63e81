// tests/layout: line breaking (TYPOGRAPHY.md §1) and justification (§2) over tricky strings,
// at every column width from 6 to 30 em, with a fixed-width fake measurer.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/char_class.hpp"
#include "layout/line_breaker.hpp"
#include "support.hpp"

using namespace jb;
using layout::LineAlign;

namespace {

constexpr double em = 10.0;

std::vector<layout::ShapedGlyph> shape(const std::u32string& text) {
  std::vector<layout::ShapedGlyph> g;
  for (char32_t c : text)
    g.push_back({c, vocab::FontRole::song, (core::uses_latin_font(c) ? 0.5 : 1.0) * em, 0.0});
  return g;
}

std::vector<std::u32string> lines_of(const std::vector<layout::SetLine>& lines) {
  std::vector<std::u32string> out;
  for (const auto& l : lines) {
    std::u32string s;
    for (const auto& g : l.glyphs) s.push_back(g.cp);
    out.push_back(s);
  }
  return out;
}

std::vector<layout::SetLine> set(const std::u32string& text, double width_em, double indent_em = 0,
                                 LineAlign align = LineAlign::justify) {
  return layout::set_lines(shape(text), layout::find_breaks(text),
                           layout::LineStyle{em, width_em * em, indent_em * em, align, true});
}

const std::u32string tricky[] = {
    U"经济运行总体平稳，主要指标好于预期。“十四五”规划目标任务顺利推进；新质生产力（新动能）加快成"
    U"长！",
    U"地区生产总值13500亿元，同比增长5.0%，比上半年提高0.3个百分点，1—10月出口增长16.9%。",
    U"他说：“我们要坚持创新驱动。”然后又说——“这是长期任务……”见图2和表1，第3季度数据另见附件2。",
    U"《宁波市国民经济和社会发展统计公报》显示，GDP和CPI等Latin "
    U"words应当保持完整，A股上市公司125家。",
    U"问题：一是原始创新偏弱；二是规模偏小、结构不优、效益不高？三是转化不畅！四是“卡脖子”问题突出"
    U"。",
    U"（一）强化创新策源能力，（二）壮大新兴产业集群，（三）畅通成果转化通道【附】〔2025〕12号文件"
    U"。",
    U"价格～数量之比、上海／宁波、1/2、2025年1—9月、2018—2024年、3.5‰、零下5℃、第1～3名……",
};

const std::u32string no_start = U"，。、；：？！）》〉」』】〕〗］｝”’～·‧・/／%‰℃";
const std::u32string no_end = U"（《〈「『【〔〖［｛“‘/／";

bool contains(const std::u32string& set, char32_t c) { return set.find(c) != std::u32string::npos; }

std::u32string without_spaces(std::u32string s) {
  std::erase(s, U' ');
  return s;
}

}  // namespace

TEST_CASE("no line starts or ends with a forbidden mark + at any width (B1)", "[layout]") {
  int lines_checked = 0;
  for (const auto& text : tricky) {
    for (double w = 6; w <= 30; w += 0.5) {
      const auto lines = lines_of(set(text, w));
      std::u32string joined;
      for (const auto& l : lines) joined += l;
      INFO(core::encode_utf8(text) << " at " << w << " em");
      CHECK(without_spaces(joined) ==
            without_spaces(text));  // nothing lost; a space at a break goes
      for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& l = lines[i];
        REQUIRE(!l.empty());
        INFO("line " << i << ": " << core::encode_utf8(l));
        if (i > 0) CHECK_FALSE(contains(no_start, l.front()));
        if (i + 1 < lines.size()) CHECK_FALSE(contains(no_end, l.back()));
        ++lines_checked;
      }
    }
  }
  CHECK(lines_checked > 1000);
}

TEST_CASE("units stay whole: —— + …… + numbers with their signs + Latin words + 图2 (B2)",
          "[layout]") {
  const std::u32string keep[] = {U"——",   U"……",        U"13500", U"5.0%", U"16.9%", U"1—10",
                                 U"3.5‰", U"GDP",       U"CPI",   U"图2",  U"表1",   U"第3",
                                 U"125",  U"2018—2024", U"Latin", U"words"};
  for (const auto& text : tricky) {
    for (double w = 6; w <= 30; w += 0.5) {
      const auto lines = lines_of(set(text, w));
      for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        const std::u32string seam = lines[i] + U"|" + lines[i + 1];
        for (const auto& unit : keep) {
          for (std::size_t cut = 1; cut < unit.size(); ++cut) {
            const std::u32string broken = unit.substr(0, cut) + U"|" + unit.substr(cut);
            INFO(core::encode_utf8(seam));
            CHECK(seam.find(broken) == std::u32string::npos);
          }
        }
      }
    }
  }
}

TEST_CASE("full lines touch both edges, the last line and the indent are natural (W4 + P1)",
          "[layout]") {
  for (const auto& text : tricky) {
    for (double w : {12.0, 17.5, 23.0, 31.0}) {
      const auto lines = set(text, w, 2);
      REQUIRE(lines.size() >= 2);
      CHECK(lines[0].glyphs.front().x_pt == Approx(2 * em));  // 2-em first-line indent
      for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        const auto& last = lines[i].glyphs.back();
        // A closing or pause mark at the line end is set in half width, ink at the edge (W3).
        const double width =
            core::half_at_line_end(last.cp) ? std::min(last.advance_pt, 0.5 * em) : last.advance_pt;
        INFO(core::encode_utf8(text) << " at " << w << " em, line " << i);
        CHECK(last.x_pt + width == Approx(w * em).margin(0.01));
        if (i > 0) CHECK(lines[i].glyphs.front().x_pt >= -0.5 * em - 0.01);
      }
      // The last line keeps its natural spacing, unless a mark was squeezed into it (B4): then it
      // ends at the edge.
      const auto& final_line = lines.back().glyphs;
      bool natural = true;
      for (std::size_t k = 1; k < final_line.size(); ++k)
        natural = natural && std::fabs(final_line[k].x_pt - final_line[k - 1].x_pt -
                                       final_line[k - 1].advance_pt) < 0.01;
      const auto& end = final_line.back();
      INFO(core::encode_utf8(text) << " at " << w << " em, the last line");
      CHECK((natural || end.x_pt + std::min(end.advance_pt, 0.5 * em) == Approx(w * em)));
    }
  }
}

TEST_CASE("an opening bracket starting a line drops its leading half em (W3)", "[layout]") {
  const auto lines = set(U"一二三四五六七八九（十一）", 9);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1].glyphs.front().cp == U'（');
  CHECK(lines[1].glyphs.front().x_pt == Approx(-0.5 * em));
}

TEST_CASE("a paragraph never ends with a line of one character (P2)", "[layout]") {
  // 10 per line: the greedy break would leave 据。 alone on the last line.
  const auto lines = lines_of(set(U"一二三四五六七八九十一二三四五六七八九十据。", 10));
  REQUIRE(lines.size() == 3);
  CHECK(lines[2] == U"十据。");
  CHECK(lines[1].size() == 9);
  for (const auto& text : tricky)
    for (double w = 6; w <= 30; w += 0.5) {
      const auto l = lines_of(set(text, w)).back();
      std::size_t letters = 0;
      for (char32_t c : l) letters += !core::is_cjk_punct(c) && c != U' ';
      INFO(core::encode_utf8(l));
      CHECK(letters >= 2);
    }
}

TEST_CASE("curly quotes open and close: breaks allowed outside them + never inside", "[layout]") {
  const std::u32string text = U"甲乙“丙丁”戊";
  const auto br = layout::find_breaks(text);
  CHECK(br[2]);        // 乙|“
  CHECK_FALSE(br[3]);  // “|丙
  CHECK_FALSE(br[5]);  // 丁|”
  CHECK(br[6]);        // ”|戊
}

TEST_CASE("centred and right-aligned lines", "[layout]") {
  const auto c = set(U"标题", 10, 0, LineAlign::center);
  CHECK(c[0].glyphs.front().x_pt == Approx(4 * em));
  const auto r = set(U"123", 10, 0, LineAlign::right);
  CHECK(r[0].glyphs.back().x_pt + r[0].glyphs.back().advance_pt == Approx(10 * em));
}

TEST_CASE("an unbreakable run wider than the column is broken where it overflows", "[layout]") {
  const auto lines = lines_of(set(U"https://example.org/a/very/long/path", 5));
  std::u32string joined;
  for (const auto& l : lines) joined += l;
  CHECK(joined == U"https://example.org/a/very/long/path");
  CHECK(lines.size() > 1);
}

TEST_CASE("a mark that would start a line is squeezed in when punctuation can give way (B4)",
          "[layout]") {
  // Ten cells fit; the eleventh glyph is a comma. The comma earlier in the line gives up its
  // blank half, and the line-end comma is set in half width: the line holds eleven glyphs.
  const auto squeezed = set(U"甲乙，丙丁戊己庚辛壬，癸子丑寅卯辰巳午未", 10);
  REQUIRE(squeezed.size() >= 2);
  CHECK(lines_of(squeezed)[0] == U"甲乙，丙丁戊己庚辛壬，");
  const auto& g = squeezed[0].glyphs;
  CHECK(g[3].x_pt - g[2].x_pt == Approx(0.5 * em));    // the comma shrank to half
  CHECK(g.back().x_pt + 0.5 * em == Approx(10 * em));  // and the line ends at the edge
  for (std::size_t k = 4; k + 1 < g.size(); ++k) CHECK(g[k].x_pt - g[k - 1].x_pt == Approx(em));
  // With nothing to compress, the last character goes down with the comma (push out).
  const auto pushed = lines_of(set(U"甲乙丙丁戊己庚辛壬癸，子丑寅卯辰巳午未申", 10));
  CHECK(pushed[0] == U"甲乙丙丁戊己庚辛壬");
  CHECK(pushed[1].substr(0, 2) == U"癸，");
}

TEST_CASE("justification stretches Latin word spaces before Han gaps (W4)", "[layout]") {
  std::vector<layout::ShapedGlyph> g;
  for (char32_t c : std::u32string(U"甲乙丙丁ab cd戊己庚辛子丑寅卯"))
    g.push_back({c, vocab::FontRole::song, (core::uses_latin_font(c) ? 0.25 : 1.0) * em, 0.0});
  std::u32string text;
  for (const auto& x : g) text.push_back(x.cp);
  // Up to 丑: 10 Han + 5 Latin glyphs at 0.25 em = 11.25 em in a column 11.5 em wide; the space
  // may grow by 0.25 em (to half an em) and takes the whole slack.
  const auto lines = layout::set_lines(
      g, layout::find_breaks(text), layout::LineStyle{em, 11.5 * em, 0, LineAlign::justify, true});
  REQUIRE(lines.size() == 2);
  const auto& l = lines[0].glyphs;
  REQUIRE(l.size() == 15);
  for (std::size_t k = 1; k < 4; ++k) CHECK(l[k].x_pt - l[k - 1].x_pt == Approx(em));
  for (std::size_t k = 10; k < 15; ++k) CHECK(l[k].x_pt - l[k - 1].x_pt == Approx(em));
  CHECK(l[7].x_pt - l[6].x_pt == Approx(0.5 * em));  // the space took the whole 0.25 em
  CHECK(l.back().x_pt + em == Approx(11.5 * em));
}

TEST_CASE("strict keeps —— off line starts, an ordinal keeps its word", "[layout]") {
  const std::u32string dash = U"甲乙——丙丁";
  CHECK(layout::find_breaks(dash)[2]);  // clreq basic: —— may start a line
  CHECK_FALSE(layout::find_breaks(dash, true)[2]);
  CHECK_FALSE(layout::find_breaks(dash, true)[3]);  // and is never split
  const auto br = layout::find_breaks(U"在第3季度");
  CHECK_FALSE(br[2]);  // 第|3
  CHECK_FALSE(br[3]);  // 3|季
}
