// tests/layout: Chinese text with Latin in it: where addresses break, long words hyphenated
// rather than lines spread, marks compressed in chains (（“《 —“ ”—), narrow quotation marks
// placed in their cells, the Han–Latin gap beside − and ０-９, and U+3000 set as one em.
#include <catch2/catch.hpp>

#include "core/char_class.hpp"
#include "core/utf8.hpp"
#include "layout/hyphenate.hpp"
#include "layout/lay_out.hpp"
#include "layout/line_breaker.hpp"
#include "support.hpp"

using namespace jb;

namespace {

// Where a line may break inside `word` (a part of `text`): the characters before each break.
std::string breaks_in(const std::u32string& text, const std::u32string& word) {
  const auto br = layout::find_breaks(text);
  const std::size_t at = text.find(word);
  REQUIRE(at != std::u32string::npos);
  std::u32string out;
  for (std::size_t i = at; i < at + word.size(); ++i) {
    if (i > at && br[i]) out += U'|';
    out.push_back(text[i]);
  }
  return core::encode_utf8(out);
}

model::Document document_with(const std::string& text) {
  model::Document doc;
  doc.title = "标题";
  doc.date_text = "2025年11月20日";
  doc.page = {595.276, 841.89, 85.04, 85.04, 79.37, 79.37};
  for (auto role : vocab::all_font_roles) doc.fonts.push_back(test::face(role, "f.ttf"));
  doc.blocks.push_back(model::Paragraph{text, {"s.yaml", 1, 5}, {}});
  return doc;
}

// Every glyph of a page as (character, pen x), with the measurer's advances.
std::vector<std::pair<char32_t, double>> pens(const layout::Page& p,
                                              const layout::TextMeasurer& m) {
  std::vector<std::pair<char32_t, double>> out;
  for (const auto& r : p.runs) {
    double x = r.x_pt;
    for (char32_t c : r.text) {
      out.push_back({c, x});
      x += *m.advance_em(r.font, c) * r.size_pt + r.char_space_pt;
    }
  }
  return out;
}

// The step in em (14 pt) between the pens of the first `a` followed by `b`.
double step(const std::vector<std::pair<char32_t, double>>& g, char32_t a, char32_t b) {
  for (std::size_t k = 0; k + 1 < g.size(); ++k)
    if (g[k].first == a && g[k + 1].first == b) return (g[k + 1].second - g[k].second) / 14.0;
  FAIL("no pair " << core::encode_utf8(std::u32string{a, b}));
  return 0.0;
}

}  // namespace

TEST_CASE("a web address breaks after / . ? & = and nowhere else", "[layout][address]") {
  const std::u32string url = U"https://www.stats.gov.cn/sj/t2025.html?from=a&b=1";
  CHECK(breaks_in(U"详见" + url + U"的说明", url) ==
        "https://|www.|stats.|gov.|cn/|sj/|t2025.|html?|from=|a&|b=|1");
}

TEST_CASE("an e-mail address breaks before @ and after its points, never at its hyphens",
          "[layout][address]") {
  const std::u32string mail = U"zhang-san.li@ningbo-stats.gov.cn";
  CHECK(breaks_in(U"发送至" + mail + U"邮箱", mail) == "zhang-san.|li|@ningbo-stats.|gov.|cn");
  // A hyphen outside an address still breaks as UAX #14 says.
  CHECK(breaks_in(U"这是well-known的", U"well-known") == "well-|known");
}

TEST_CASE("the hyphenation dictionary finds the points of long English words",
          "[layout][hyphenation]") {
  REQUIRE(layout::detail::hyphenation_problem().empty());
  auto points = [](const std::u32string& w) {
    const auto p = layout::detail::hyphenation_points(w);
    std::u32string out;
    for (std::size_t i = 0; i < w.size(); ++i) {
      out.push_back(w[i]);
      if (p[i]) out += U'-';
    }
    return core::encode_utf8(out);
  };
  CHECK(points(U"internationalization") == "inter-na-tion-al-iza-tion");
  CHECK(points(U"telecommunications") == "telecom-mu-ni-ca-tions");
  CHECK(points(U"Hyphenation") == "Hyphen-ation");  // three letters at least on each side
  CHECK(points(U"GDPgrowth") == "GDPgrowth");       // capitals inside: a name, not hyphenated
  CHECK(points(U"short") == "short");
}

TEST_CASE("a long word is hyphenated rather than the line spread beyond 0.1 em a gap",
          "[layout][hyphenation]") {
  const double em = 10;
  const std::u32string text =
      U"甲乙丙丁戊己庚辛壬癸甲乙丙丁internationalization乙丙丁戊己庚辛壬癸。";
  std::vector<layout::ShapedGlyph> g;
  for (char32_t c : text) {
    const bool latin = core::uses_latin_font(c);
    g.push_back(
        {c, latin ? vocab::FontRole::latin : vocab::FontRole::song, (latin ? 0.5 : 1.0) * em});
  }
  const std::size_t word = text.find(U'i');
  for (std::size_t k = 0; k < g.size(); ++k)
    if (k > 0 && core::is_han(text[k - 1]) != core::is_han(text[k])) g[k].gap_before_pt = 2.5;
  const layout::LineStyle st{em, 20.5 * em, 0, layout::LineAlign::justify, true};
  auto spread = [&](const layout::SetLine& l) {  // the step between its first two Han minus 1 em
    return (l.glyphs[1].x_pt - l.glyphs[0].x_pt - em) / em;
  };
  const auto plain = layout::set_lines(g, layout::find_breaks(text), st);
  REQUIRE(plain.size() >= 2);
  CHECK(spread(plain[0]) > 0.3);  // without hyphenation points: 14 Han spread over the line
  const auto points = layout::detail::hyphenation_points(text.substr(word, 20));
  for (std::size_t k = 0; k < points.size(); ++k)
    if (points[k]) g[word + k].hyphen = 0xAD, g[word + k].hyphen_pt = 0.33 * em;
  const auto lines = layout::set_lines(g, layout::find_breaks(text), st);
  REQUIRE(lines.size() >= 2);
  std::u32string first;
  for (const auto& x : lines[0].glyphs) first.push_back(x.cp);
  CHECK(core::encode_utf8(first) == "甲乙丙丁戊己庚辛壬癸甲乙丙丁internation\u00ad");
  CHECK(spread(lines[0]) <= 0.1);
  CHECK(lines[0].glyphs.back().x_pt + lines[0].glyphs.back().advance_pt == Approx(20.5 * em));
  CHECK(lines[1].glyphs[0].cp == U'a');
}

TEST_CASE("marks in chains share their blank halves: （“《 》”） —“ ”— (W2)", "[layout][marks]") {
  test::FixedWidthMeasurer m;
  const auto pl = layout::lay_out(document_with("引用（“《公报》”）说——“创新”——好"), m);
  const auto g = pens(pl.pages[0], m);
  CHECK(step(g, U'（', U'“') == Approx(0.5));
  CHECK(step(g, U'“', U'《') == Approx(0.5));
  CHECK(step(g, U'》', U'”') == Approx(0.5));
  CHECK(step(g, U'”', U'）') == Approx(0.5));
  CHECK(step(g, U'—', U'“') == Approx(0.5));  // the opener's blank half goes
  CHECK(step(g, U'”', U'—') == Approx(0.5));  // the closer's blank half goes
  CHECK(step(g, U'用', U'（') == Approx(1.0));
}

TEST_CASE("a narrow quotation mark has its ink centred in its cell, or in its half (F3)",
          "[layout][marks]") {
  // Quotation marks a third of an em wide, inked from 0.1 to 0.25 em (a 楷体's).
  class NarrowQuotes final : public layout::TextMeasurer {
   public:
    std::optional<double> advance_em(vocab::FontRole, char32_t c) const override {
      if (c == U'“' || c == U'”' || c == U'‘' || c == U'’') return 1.0 / 3;
      return core::uses_latin_font(c) ? 0.5 : 1.0;
    }
    std::optional<std::pair<double, double>> ink_extent_em(vocab::FontRole,
                                                           char32_t c) const override {
      if (c == U'“' || c == U'”' || c == U'‘' || c == U'’') return std::pair{0.1, 0.25};
      return std::nullopt;
    }
  } m;
  const auto pl = layout::lay_out(document_with("推动“江海‘联运’”好（“书”）"), m);
  const auto g = pens(pl.pages[0], m);
  // Alone, the ink's centre (0.175 em into the glyph) at the middle of the cell: the pen
  // 0.325 em in.
  CHECK(step(g, U'动', U'“') == Approx(1.325));
  CHECK(step(g, U'海', U'‘') == Approx(1.325));
  // ’” share their blank: ’ is set in its cell's left half, centred there (pen 0.075 em in).
  CHECK(step(g, U'运', U'’') == Approx(1.075));
  CHECK(step(g, U'’', U'”') == Approx(0.5 - 0.075 + 0.325));
  // （“ and ”）: the quotation mark in the half cell by the text, centred (pen 0.075 em in).
  CHECK(step(g, U'（', U'“') == Approx(1.075));
  CHECK(step(g, U'“', U'书') == Approx(0.5 - 0.075));
  CHECK(step(g, U'书', U'”') == Approx(1.075));
  CHECK(step(g, U'”', U'）') == Approx(0.5 - 0.075));
}

TEST_CASE("the minus sign and full-width digits get the Han–Latin gap, U+3000 one em (W5)",
          "[layout][marks]") {
  test::FixedWidthMeasurer m;
  const auto pl = layout::lay_out(document_with("气温−5℃，全角５月，名称　年鉴"), m);
  const auto g = pens(pl.pages[0], m);
  CHECK(step(g, U'温', U'−') == Approx(1.25));
  CHECK(step(g, U'角', U'５') == Approx(1.25));
  CHECK(step(g, U'５', U'月') == Approx(1.25));
  CHECK(step(g, U'称', U'　') == Approx(1.0));
  CHECK(step(g, U'　', U'年') == Approx(1.0));
}
