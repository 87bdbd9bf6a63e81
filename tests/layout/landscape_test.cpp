// tests/layout: landscape pages. A table too wide for the portrait type area goes on a landscape
// page (with the heading before it), the text after it on a new portrait page; `orientation:`
// turns a table or a heading's section, or keeps a table portrait. Laid out with a fixed-width
// measurer: a Han character is 1 em, a Latin one 0.5 em.
#include <catch2/catch.hpp>

#include "layout/lay_out.hpp"
#include "support.hpp"

using namespace jb;

namespace {

constexpr double paper_w = 595.276, paper_h = 841.89;  // A4
constexpr double margin_top = 85.04, margin_bottom = 85.04, margin_side = 79.37;

model::Document document() {
  model::Document doc;
  doc.title = "标题";
  doc.date_text = "2025年11月20日";
  doc.page = {paper_w, paper_h, margin_top, margin_bottom, margin_side, margin_side};
  for (auto role : vocab::all_font_roles) doc.fonts.push_back(test::face(role, "f.ttf"));
  return doc;
}

model::Paragraph paragraph(const std::string& text, int line) {
  return model::Paragraph{text, {"s.yaml", line, 5}, {}};
}

// `columns` figure columns of 12 digits (72 pt at 12 pt each, 84 pt with padding) under 指标:
// seven of them need about 610 pt, more than the portrait type area's 436 pt and less than the
// landscape one's 672 pt.
model::Table wide_table(std::size_t columns) {
  model::Table t;
  t.where = {"s.yaml", 9, 5};
  t.caption = "表一　分地区指标";
  t.caption_number = 1;
  t.header = {"地区"};
  t.align = {vocab::Align::left};
  for (std::size_t c = 0; c < columns; ++c) {
    t.header.push_back("指标" + std::to_string(c + 1));
    t.align.push_back(vocab::Align::right);
  }
  for (const char* name : {"甲区", "乙区", "丙区"}) {
    t.rows.emplace_back(1, name);
    for (std::size_t c = 0; c < columns; ++c) t.rows.back().push_back("123456789012");
  }
  return t;
}

// The pages a run with this text is on.
std::vector<std::size_t> pages_with(const layout::PageLayout& pl, const std::u32string& text) {
  std::vector<std::size_t> out;
  for (std::size_t p = 0; p < pl.pages.size(); ++p)
    for (const auto& r : pl.pages[p].runs)
      if (r.text.find(text) != std::u32string::npos) {
        out.push_back(p);
        break;
      }
  return out;
}

double run_width(const layout::GlyphRun& r) {
  double w = 0;
  for (char32_t c : r.text) w += (core::uses_latin_font(c) ? 0.5 : 1.0) * r.size_pt;
  return w + r.char_space_pt * static_cast<double>(r.text.size() - 1);
}

}  // namespace

TEST_CASE("a table too wide for a portrait page goes on a landscape page of its own",
          "[layout][landscape]") {
  test::FixedWidthMeasurer m;
  model::Document doc = document();
  doc.blocks.push_back(paragraph("前文。", 1));
  doc.blocks.push_back(model::Heading{1, "一、", "表前标题", false, {"s.yaml", 8, 5}, {}});
  doc.blocks.push_back(wide_table(7));
  doc.blocks.push_back(paragraph("后文。", 20));
  const auto pl = layout::lay_out(doc, m);
  REQUIRE(pl.pages.size() == 3);
  CHECK_FALSE(pl.pages[0].landscape);
  CHECK(pl.pages[1].landscape);
  CHECK_FALSE(pl.pages[2].landscape);
  CHECK(pages_with(pl, U"前文") == std::vector<std::size_t>{0});
  // The heading waits for the table and goes over with it; the text after starts portrait.
  CHECK(pages_with(pl, U"表前标题") == std::vector<std::size_t>{1});
  CHECK(pages_with(pl, U"甲区") == std::vector<std::size_t>{1});
  CHECK(pages_with(pl, U"后文") == std::vector<std::size_t>{2});
  // Every glyph and rule of the landscape page lies in its type area: the portrait page's top
  // and bottom margins at its sides, its side margins at its top and bottom.
  const double left = margin_top, right = paper_h - margin_bottom;
  const auto& p = pl.pages[1];
  for (const auto& r : p.runs) {
    if (r.y_pt < margin_side) continue;  // the page number, under it
    INFO(core::encode_utf8(r.text));
    CHECK(r.x_pt >= left - 0.01);
    CHECK(r.x_pt + run_width(r) <= right + 0.01);
    CHECK(r.y_pt <= paper_w - margin_side);
    CHECK(r.y_pt >= margin_side);
  }
  // The table's rules span the landscape type area, wider than a portrait page.
  double widest = 0;
  for (const auto& r : p.rules) widest = std::max(widest, r.x2_pt - r.x1_pt);
  CHECK(widest == Approx(right - left).margin(0.01));
  // Every figure whole on one line: three rows of seven.
  std::size_t figures = 0;
  for (const auto& r : p.runs)
    for (std::size_t at = r.text.find(U"123456789012"); at != std::u32string::npos;
         at = r.text.find(U"123456789012", at + 1))
      ++figures;
  CHECK(figures == 21);
  // The page number is centred under the landscape page's type area, below it.
  double from = paper_h, to = 0;
  std::u32string number;
  for (const auto& r : p.runs)
    if (r.y_pt < margin_side)
      from = std::min(from, r.x_pt), to = std::max(to, r.x_pt + run_width(r)), number += r.text;
  CHECK(core::encode_utf8(number) == "— 2 —");
  CHECK((from + to) / 2 == Approx(paper_h / 2).margin(1));
}

TEST_CASE("orientation turns a table that fits, keeps one portrait, or turns a heading's section",
          "[layout][landscape]") {
  test::FixedWidthMeasurer m;
  SECTION("orientation: landscape turns a narrow table") {
    model::Document doc = document();
    model::Table t = wide_table(2);
    t.orientation = vocab::Orientation::landscape;
    doc.blocks.push_back(t);
    const auto pl = layout::lay_out(doc, m);
    // The title is on page 1, portrait; the table on the next page, turned.
    REQUIRE(pl.pages.size() == 2);
    CHECK_FALSE(pl.pages[0].landscape);
    CHECK(pl.pages[1].landscape);
    CHECK(pages_with(pl, U"甲区") == std::vector<std::size_t>{1});
  }
  SECTION("orientation: portrait keeps a wide table on portrait pages") {
    model::Document doc = document();
    model::Table t = wide_table(4);  // fits portrait once its headers break
    // Headers that are one word each (社会消费品零售总额 is never broken inside).
    t.header = {"地区", "社会消费品零售总额", "社会消费品零售总额", "社会消费品零售总额",
                "社会消费品零售总额"};
    doc.blocks.push_back(t);
    const auto turned = layout::lay_out(doc, m);
    CHECK(turned.pages.back().landscape);  // left automatic: turned to keep its headers whole
    std::get<model::Table>(doc.blocks[0]).orientation = vocab::Orientation::portrait;
    const auto pl = layout::lay_out(doc, m);
    for (const auto& p : pl.pages) CHECK_FALSE(p.landscape);
  }
  SECTION("a landscape heading turns its section, up to the next heading of its level") {
    model::Document doc = document();
    doc.blocks.push_back(model::Heading{1, "一、", "附表", true, {"s.yaml", 3, 5}, {}});
    doc.blocks.push_back(paragraph("附表说明。", 4));
    doc.blocks.push_back(model::Heading{2, "（一）", "分项", false, {"s.yaml", 5, 5}, {}});
    doc.blocks.push_back(wide_table(2));
    doc.blocks.push_back(model::Heading{1, "二、", "正文", false, {"s.yaml", 7, 5}, {}});
    doc.blocks.push_back(paragraph("正文一段。", 8));
    const auto pl = layout::lay_out(doc, m);
    REQUIRE(pl.pages.size() == 3);
    CHECK(pages_with(pl, U"附表说明") == std::vector<std::size_t>{1});
    CHECK(pages_with(pl, U"分项") == std::vector<std::size_t>{1});
    CHECK(pages_with(pl, U"甲区") == std::vector<std::size_t>{1});
    CHECK(pages_with(pl, U"正文一段") == std::vector<std::size_t>{2});
    CHECK(pl.pages[1].landscape);
    CHECK_FALSE(pl.pages[2].landscape);
  }
}
