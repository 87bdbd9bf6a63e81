// tests/layout: whole documents laid out with a fixed-width measurer.
#include "layout/lay_out.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "core/diagnostic.hpp"
#include "support.hpp"

using namespace jb;

namespace {

model::Document document(std::size_t paragraphs, const std::string& text = "") {
  model::Document doc;
  doc.title = "标题";
  doc.date_text = "2025年11月20日";
  doc.page = {595.276, 841.89, 85.04, 85.04, 79.37, 79.37};
  for (auto role : vocab::all_font_roles) doc.fonts.push_back(test::face(role, "f.ttf"));
  std::string zh;
  for (int i = 0; i < 200; ++i) zh += "字";
  for (std::size_t i = 0; i < paragraphs; ++i)
    doc.blocks.push_back(
        model::Paragraph{text.empty() ? zh : text, {"s.yaml", static_cast<int>(i + 1), 5}, {}});
  return doc;
}

std::u32string text_of(const layout::Page& p) {
  std::u32string s;
  for (const auto& r : p.runs) s += r.text;
  return s;
}

}  // namespace

TEST_CASE("a long document flows onto numbered pages", "[layout]") {
  test::FixedWidthMeasurer m;
  const auto pl = layout::lay_out(document(12), m);
  REQUIRE(pl.pages.size() >= 3);
  for (std::size_t i = 0; i < pl.pages.size(); ++i) {
    const auto t = text_of(pl.pages[i]);
    const std::u32string number = U"— " + core::decode_utf8(std::to_string(i + 1)).value() + U" —";
    CHECK(t.size() >= number.size());
    CHECK(t.substr(t.size() - number.size()) == number);
  }
  // Every glyph stays inside the page, and body text inside the type area.
  for (const auto& p : pl.pages)
    for (const auto& r : p.runs) {
      CHECK(r.x_pt >= 79.37 - 0.5 * 14 - 0.01);
      CHECK(r.y_pt > 0);
      CHECK(r.y_pt < 841.89 - 85.04);
    }
}

TEST_CASE("a character no font has is an error naming it and its block", "[layout]") {
  test::FixedWidthMeasurer m;
  m.missing = {U'镕'};
  {
    const core::UserError e =
        test::user_error_of([&] { layout::lay_out(document(1, "朱镕基"), m); });
    CHECK(e.code() == core::ExitCode::data_error);
    CHECK(core::format_diagnostic(e.diagnostics()[0])
              .rfind("s.yaml:1:5: error: no font has the character '镕' (U+9555)", 0) == 0);
  }
}

TEST_CASE("characters outside the BMP are refused + not printed blank", "[layout]") {
  test::FixedWidthMeasurer m;
  {
    const core::UserError e =
        test::user_error_of([&] { layout::lay_out(document(1, "人名\xF0\xA0\x80\x80"), m); });
    CHECK(core::format_diagnostic(e.diagnostics()[0])
              .rfind("s.yaml:1:5: error: the character '\xF0\xA0\x80\x80' (U+20000) is outside",
                     0) == 0);
  }
}

TEST_CASE("a heading is kept with the text that follows it", "[layout]") {
  test::FixedWidthMeasurer m;
  auto doc = document(0);
  std::string zh;
  for (int i = 0; i < 20; ++i) zh += "字";
  // Fill the first page almost completely, then a heading and a paragraph.
  for (int i = 0; i < 20; ++i) doc.blocks.push_back(model::Paragraph{zh, {}, {}});
  doc.blocks.push_back(model::Heading{1, "一、", "小标题", false, {}, {}});
  doc.blocks.push_back(model::Paragraph{zh + zh + zh, {}, {}});
  const auto pl = layout::lay_out(doc, m);
  for (const auto& p : pl.pages) {
    const auto t = text_of(p);
    const auto h = t.find(U"一、小标题");
    if (h == std::u32string::npos) continue;
    // At least two lines of the paragraph follow the heading on its page.
    CHECK(t.size() - h > 5 + 30);
  }
}

TEST_CASE("a dash is set in the first font whose dash fills its cell", "[layout]") {
  // song's dash is inked from 0.07 to 0.93 em (a gap inside ——); hei's fills the cell.
  class DashMeasurer final : public layout::TextMeasurer {
   public:
    std::optional<double> advance_em(vocab::FontRole, char32_t cp) const override {
      return core::uses_latin_font(cp) ? 0.5 : 1.0;
    }
    std::optional<std::pair<double, double>> ink_extent_em(vocab::FontRole role,
                                                           char32_t) const override {
      return role == vocab::FontRole::hei ? std::pair{0.0, 1.0} : std::pair{0.07, 0.93};
    }
  } m;
  const auto pl = layout::lay_out(document(1, "破折号——省略号"), m);
  int dashes = 0;
  for (const auto& r : pl.pages[0].runs)
    for (char32_t c : r.text)
      if (c == 0x2014 && r.y_pt > 85.04) {  // body text, not the page number
        CHECK(r.font == vocab::FontRole::hei);
        ++dashes;
      }
  CHECK(dashes == 2);
}

TEST_CASE("page breaks start a new page but never leave a blank one", "[layout]") {
  test::FixedWidthMeasurer m;
  auto doc = document(1, "第一页。");
  doc.blocks.push_back(model::PageBreak{});
  doc.blocks.push_back(model::PageBreak{});  // a second break in a row adds nothing
  doc.blocks.push_back(model::Paragraph{"第二页。", {}, {}});
  doc.blocks.push_back(model::PageBreak{});  // nor does one at the end
  const auto pl = layout::lay_out(doc, m);
  REQUIRE(pl.pages.size() == 2);
  CHECK(text_of(pl.pages[1]).find(U"第二页。") == 0);
}

TEST_CASE("a missing character is reported once however often it occurs", "[layout]") {
  test::FixedWidthMeasurer m;
  m.missing = {U'镕'};
  {
    const core::UserError e =
        test::user_error_of([&] { layout::lay_out(document(1, "朱镕基，镕，镕。"), m); });
    CHECK(e.diagnostics().size() == 1);
  }
}

TEST_CASE("a chart or table keeps its caption and its whole note on its page", "[layout]") {
  test::FixedWidthMeasurer m;
  const std::string long_note =
      core::encode_utf8(std::u32string(110, U'注'));  // 3 lines at 10.5 pt
  const std::string one_line = "一行。";
  for (int before = 0; before < 30; ++before) {
    auto doc = document(0);
    for (int i = 0; i < before; ++i) doc.blocks.push_back(model::Paragraph{one_line, {}, {}});
    model::Chart chart;
    chart.caption = "图1　图说";
    chart.note = long_note;
    chart.height_pt = 200;
    doc.charts.push_back(chart);
    doc.blocks.push_back(model::ChartRef{0});
    model::Table table;
    table.caption = "表1　表说";
    table.note = long_note;
    table.header = {"甲", "乙"};
    table.align = {vocab::Align::left, vocab::Align::right};
    for (int r = 0; r < 8; ++r) table.rows.push_back({"行", std::to_string(r)});
    doc.blocks.push_back(table);
    const auto pl = layout::lay_out(doc, m);
    INFO(before << " paragraphs before");
    std::size_t chart_page = 0;
    std::vector<std::size_t> note_pages, caption_pages, last_row_pages;
    for (std::size_t p = 0; p < pl.pages.size(); ++p) {
      if (!pl.pages[p].charts.empty()) chart_page = p;
      for (const auto& r : pl.pages[p].runs) {
        if (r.text.find(U'注') != std::u32string::npos) note_pages.push_back(p);
        if (r.text.find(U'说') != std::u32string::npos) caption_pages.push_back(p);
        if (r.text == U"7") last_row_pages.push_back(p);
      }
    }
    REQUIRE(note_pages.size() == 6);  // 3 lines under the chart, 3 under the table
    REQUIRE(caption_pages.size() == 2);
    CHECK(caption_pages[0] == chart_page);
    CHECK(note_pages[0] == chart_page);
    CHECK(note_pages[2] == chart_page);
    REQUIRE(last_row_pages.size() == 1);
    CHECK(note_pages[3] == last_row_pages[0]);
    CHECK(note_pages[5] == last_row_pages[0]);
  }
}

namespace {

// Each glyph's origin on a page laid out with the fixed-width measurer.
std::vector<std::pair<char32_t, double>> glyph_positions(const layout::Page& p) {
  std::vector<std::pair<char32_t, double>> out;
  for (const auto& r : p.runs) {
    double x = r.x_pt;
    for (char32_t c : r.text) {
      out.push_back({c, x});
      x += (core::uses_latin_font(c) ? 0.5 : 1.0) * r.size_pt + r.char_space_pt;
    }
  }
  return out;
}

// The step in em (14 pt) from the first `a` followed by `b` to that `b`.
double step_between(const std::vector<std::pair<char32_t, double>>& g, char32_t a, char32_t b) {
  for (std::size_t k = 0; k + 1 < g.size(); ++k)
    if (g[k].first == a && g[k + 1].first == b) return (g[k + 1].second - g[k].second) / 14.0;
  FAIL("no pair");
  return 0.0;
}

}  // namespace

TEST_CASE("adjacent marks share their blank half: 。” and ，“ take 1.5 em (W2)", "[layout]") {
  test::FixedWidthMeasurer m;
  auto doc = document(0);
  doc.blocks.push_back(model::Paragraph{"他说“好。”又说，“行（见）”。", {}, {}});
  const auto pl = layout::lay_out(doc, m);
  const auto g = glyph_positions(pl.pages[0]);
  auto step_after = [&](char32_t a, char32_t b) { return step_between(g, a, b); };
  CHECK(step_after(U'。', U'”') == Approx(0.5));
  CHECK(step_after(U'，', U'“') == Approx(0.5));
  CHECK(step_after(U'）', U'”') == Approx(0.5));
  CHECK(step_after(U'说', U'“') == Approx(1.0));  // a mark next to a character keeps its cell
  CHECK(step_after(U'见', U'）') == Approx(1.0));
}

namespace {

// A gbt9704 document with `body_chars` characters of body and, unless bare, all the front and
// back matter.
model::Document official_notice(std::size_t body_chars, bool bare = false) {
  auto doc = document(0);
  doc.preset = vocab::Preset::gbt9704;
  doc.typography.han_latin_gap_em = 0;
  doc.page = {595.276, 841.89, 37 * 72 / 25.4, 35 * 72 / 25.4, 28 * 72 / 25.4, 26 * 72 / 25.4};
  doc.style.body_size_pt = 16;
  doc.style.line_pitch_pt = 225 * 72 / 25.4 / 22;
  doc.style.tracking_pt = 156 * 72 / 25.4 / 28 - 16;
  std::string zh;
  for (std::size_t i = 0; i < body_chars; ++i) zh += "字";
  doc.blocks.push_back(model::Paragraph{zh, {}, {}});
  if (bare) return doc;
  doc.official.issuer_mark = {"某某局文件", {}};
  doc.official.doc_number = {"某〔2026〕1号", {}};
  doc.official.recipients = {"各单位", {}};
  doc.official.attachments = {{"附件名称", {}}};
  doc.official.signature = {"某某局", {}};
  doc.official.cc = {"某某办公室", {}};
  doc.official.printer = {"某某局办公室", {}};
  doc.official.print_date_text = "2026年1月12日";
  return doc;
}

bool has(const layout::Page& p, const std::u32string& s) {
  for (const auto& r : p.runs)
    if (r.text.find(s) != std::u32string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("gbt9704: 28 characters a line on a 22-line grid, numbers on the outer side",
          "[layout]") {
  test::FixedWidthMeasurer m;
  const auto pl = layout::lay_out(official_notice(1500, true), m);
  REQUIRE(pl.pages.size() >= 3);
  const auto g = glyph_positions(pl.pages[1]);
  std::map<long, int> per_line;
  for (const auto& [c, x] : g)
    if (c == U'字') ++per_line[0];
  // An inner page holds 22 lines of 28 characters.
  CHECK(per_line[0] == 22 * 28);
  // "— 2 —" on the left of page 2, "— 3 —" on the right of page 3.
  const auto& p2 = pl.pages[1].runs.back();
  const auto& p3 = pl.pages[2].runs.back();
  CHECK(pl.pages[1].runs.front().x_pt < p2.x_pt + 1);
  CHECK(p3.x_pt > 595.276 / 2);
  CHECK(p2.x_pt < 595.276 / 2);
}

TEST_CASE("gbt9704: the signature never stands on a page without body text, 版记 last",
          "[layout]") {
  test::FixedWidthMeasurer m;
  // One more line of body at a time, over two pages' worth: every page break position.
  int alone = 0, blank = 0;
  for (std::size_t chars = 28; chars <= 28 * 50; chars += 28) {
    const auto pl = layout::lay_out(official_notice(chars), m);
    INFO(chars << " characters of body, " << pl.pages.size() << " pages");
    std::size_t signature_page = pl.pages.size();
    for (std::size_t i = 0; i < pl.pages.size(); ++i)
      for (const auto& r : pl.pages[i].runs)
        if (r.text == U"某某局") signature_page = i;
    REQUIRE(signature_page < pl.pages.size());
    CHECK(has(pl.pages[signature_page], U"字"));
    CHECK(has(pl.pages[0], U"字"));  // page 1 shows body text
    // 版记 on the last page; if it stands alone there, that page is even and unnumbered, and a
    // blank unnumbered page may precede it.
    const auto& last = pl.pages.back();
    CHECK(has(last, U"印发"));
    const bool signature_on_last = std::any_of(last.runs.begin(), last.runs.end(),
                                               [](const auto& r) { return r.text == U"某某局"; });
    if (!has(last, U"字") && !signature_on_last) {
      ++alone;
      blank += pl.pages[pl.pages.size() - 2].runs.empty();
      CHECK(pl.pages.size() % 2 == 0);
      CHECK_FALSE(has(last, U" —"));
    }
    for (std::size_t i = 0; i + 1 < pl.pages.size(); ++i)
      if (pl.pages[i].runs.empty()) CHECK(i + 2 == pl.pages.size());  // only before 版记
  }
  // Both paths were taken: 版记 on a page of its own, and after a blank page.
  CHECK(alone > 0);
  CHECK(blank > 0);
}

TEST_CASE("gbt9704: the 署名 page sets its lines closer before it carries any over", "[layout]") {
  test::FixedWidthMeasurer m;
  const double pitch = 225 * 72 / 25.4 / 22;
  // The baselines of the body's lines (runs of 字) on a page, top first.
  auto baselines = [](const layout::Page& p) {
    std::vector<double> ys;
    for (const auto& r : p.runs)
      if (r.text.find(U'字') != std::u32string::npos &&
          (ys.empty() || std::fabs(ys.back() - r.y_pt) > 0.5))
        ys.push_back(r.y_pt);
    return ys;
  };
  int tightened = 0, carried = 0;
  for (std::size_t chars = 28 * 30; chars <= 28 * 60; chars += 28) {
    const auto pl = layout::lay_out(official_notice(chars), m);
    INFO(chars << " characters of body, " << pl.pages.size() << " pages");
    std::size_t signature_page = 0;
    for (std::size_t i = 0; i < pl.pages.size(); ++i)
      for (const auto& r : pl.pages[i].runs)
        if (r.text == U"某某局") signature_page = i;
    REQUIRE(signature_page > 0);
    const auto ys = baselines(pl.pages[signature_page]);
    REQUIRE(ys.size() >= 1);
    const auto before = baselines(pl.pages[signature_page - 1]);
    for (std::size_t k = 1; k < ys.size(); ++k) {
      const double step = ys[k - 1] - ys[k];
      CHECK(step <= pitch + 0.01);
      CHECK(step >= pitch * (1 - 1.5 / 22) - 0.01);  // the standard's adjustment, no more
    }
    if (ys.size() >= 2 && ys[0] - ys[1] < pitch - 0.01) {
      ++tightened;
      CHECK(before.size() == 22);  // nothing was carried over to this page
    }
    carried += before.size() < 22 && signature_page >= 2;
  }
  CHECK(tightened > 0);  // both paths: lines set closer, and (when that is not enough) carried
  CHECK(carried > 0);
}

TEST_CASE("a quotation's source stands under it right-aligned after a ——", "[layout]") {
  test::FixedWidthMeasurer m;
  auto doc = document(0);
  model::Quote q{model::Paragraph{"引文的正文。", {"s.yaml", 3, 5}, {}},
                 model::Paragraph{"——《统计工作规定》", {"s.yaml", 4, 5}, {}}};
  doc.blocks.push_back(q);
  const auto pl = layout::lay_out(doc, m);
  const double em = doc.style.body_size_pt;
  // The source's runs: after the quotation's line, ending two characters in from the right.
  double text_y = 0, source_y = 0, source_right = 0;
  int dashes = 0;
  for (const auto& r : pl.pages[0].runs) {
    if (r.text.find(U"引文") != std::u32string::npos) text_y = r.y_pt;
    if (r.text.find(U'—') != std::u32string::npos && r.y_pt > 85.04)  // not the page number
      dashes += static_cast<int>(std::count(r.text.begin(), r.text.end(), U'—'));
    if (r.text.find(U"规定") != std::u32string::npos ||
        r.text.find(U'》') != std::u32string::npos) {
      source_y = r.y_pt;
      source_right = std::max(source_right, r.x_pt + em * static_cast<double>(r.text.size()));
    }
  }
  CHECK(dashes == 2);  // the one —— the author wrote, not doubled
  CHECK(source_y < text_y - 1);
  const double right = 595.276 - 79.37 - 2 * em;
  CHECK(source_right == Approx(right).margin(0.6 * em));  // 》 at the line's end: half its cell
}

TEST_CASE("a heading before a table or a chart goes with its first part", "[layout]") {
  test::FixedWidthMeasurer m;
  // Fill the page until only a few lines are left, at every offset: the heading must always
  // share its page with the chart (or the table's header row) that follows it.
  for (int filler = 10; filler < 30; ++filler) {
    auto doc = document(0);
    std::string zh;
    for (int i = 0; i < 20; ++i) zh += "字";
    for (int i = 0; i < filler; ++i) doc.blocks.push_back(model::Paragraph{zh, {}, {}});
    doc.blocks.push_back(model::Heading{1, "一、", "图前标题", false, {}, {}});
    model::Chart chart;
    chart.categories = {"a"};
    chart.partial = {false};
    chart.height_pt = 200;
    doc.charts.push_back(chart);
    doc.blocks.push_back(model::ChartRef{0});
    doc.blocks.push_back(model::Heading{1, "二、", "表前标题", false, {}, {}});
    model::Table table;
    table.caption = "表1　数据";
    table.header = {"甲", "乙"};
    table.align = {vocab::Align::left, vocab::Align::right};
    for (int r = 0; r < 12; ++r) table.rows.push_back({"行", std::to_string(r)});
    doc.blocks.push_back(table);
    const auto pl = layout::lay_out(doc, m);
    INFO(filler << " paragraphs before");
    for (const auto& p : pl.pages) {
      const auto t = text_of(p);
      if (t.find(U"图前标题") != std::u32string::npos) CHECK(p.charts.size() == 1);
      if (t.find(U"表前标题") != std::u32string::npos)
        CHECK(t.find(U"表1") != std::u32string::npos);
    }
  }
}

TEST_CASE("？！ share their blank half with a closer when their ink leaves one", "[layout]") {
  // ？ inked in its left half (most GB fonts), ！ centred (some 仿宋): only ？” is compressed.
  class InkMeasurer final : public layout::TextMeasurer {
   public:
    std::optional<double> advance_em(vocab::FontRole, char32_t cp) const override {
      return core::uses_latin_font(cp) ? 0.5 : 1.0;
    }
    std::optional<std::pair<double, double>> ink_extent_em(vocab::FontRole,
                                                           char32_t cp) const override {
      if (cp == U'？') return std::pair{0.05, 0.45};
      if (cp == U'！') return std::pair{0.35, 0.65};
      return std::nullopt;
    }
  } m;
  auto doc = document(0);
  doc.blocks.push_back(model::Paragraph{"他问“行吗？”又喊“好！”了。", {}, {}});
  const auto pl = layout::lay_out(doc, m);
  const auto g = glyph_positions(pl.pages[0]);
  auto step_after = [&](char32_t a, char32_t b) { return step_between(g, a, b); };
  CHECK(step_after(U'？', U'”') == Approx(0.5));
  CHECK(step_after(U'！', U'”') == Approx(1.0));
}
