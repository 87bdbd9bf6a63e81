// tests/layout: floats. A table or chart that does not fit on the rest of its page lets the text
// after it fill the page and goes to the top of the next; laid out with a fixed-width measurer.
#include <algorithm>
#include <catch2/catch.hpp>

#include "core/utf8.hpp"
#include "data/load_indicators.hpp"
#include "layout/lay_out.hpp"
#include "model/build_document.hpp"
#include "support.hpp"

using namespace jb;

namespace {

constexpr double bottom_pt = 85.04, pitch_pt = 26.0;

std::string chars(const char* c, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += c;
  return s;
}

// A briefing of `filler` one-line paragraphs (前…), for the blocks each test adds after them.
model::Document filled(int filler) {
  model::Document doc;
  doc.title = "标题";
  doc.date_text = "2025年11月20日";
  doc.page = {595.276, 841.89, 85.04, 85.04, 79.37, 79.37};
  for (auto role : vocab::all_font_roles) doc.fonts.push_back(test::face(role, "f.ttf"));
  for (int i = 0; i < filler; ++i)
    doc.blocks.push_back(model::Paragraph{chars("前", 20), {"s.yaml", i + 1, 5}, {}});
  return doc;
}

void add_chart(model::Document& doc, double height, bool floating = true) {
  model::Chart c;
  c.caption_number = static_cast<int>(doc.charts.size()) + 1;
  c.caption = "图" + std::to_string(c.caption_number) + "　图说";
  c.height_pt = height;
  c.floating = floating;
  doc.charts.push_back(c);
  doc.blocks.push_back(model::ChartRef{doc.charts.size() - 1});
}

void add_paragraphs(model::Document& doc, int n, const char* c = "后", int length = 20) {
  for (int i = 0; i < n; ++i) doc.blocks.push_back(model::Paragraph{chars(c, length), {}, {}});
}

// The page of chart `index`, and its box.
std::pair<std::size_t, layout::ChartBox> chart_at(const layout::PageLayout& pl, std::size_t index) {
  for (std::size_t p = 0; p < pl.pages.size(); ++p)
    for (const auto& c : pl.pages[p].charts)
      if (c.chart_index == index) return {p, c};
  FAIL("no chart " << index);
  return {};
}

// The lowest baseline of the body's text on page p (its page number aside).
double lowest_text(const layout::PageLayout& pl, std::size_t p) {
  double y = 1e9;
  for (const auto& r : pl.pages[p].runs)
    if (r.y_pt > bottom_pt && r.text.find(U'标') == std::u32string::npos) y = std::min(y, r.y_pt);
  return y;
}

// Whether page p has no room for another line of text under its last.
bool full(const layout::PageLayout& pl, std::size_t p) {
  return lowest_text(pl, p) - bottom_pt < pitch_pt + 8;  // a line's baseline is 7.7 pt up its box
}

}  // namespace

TEST_CASE("a float that does not fit waits while the text after it fills the page",
          "[layout][floats]") {
  test::FixedWidthMeasurer m;
  int moved = 0;
  for (int filler = 10; filler < 26; ++filler) {
    auto doc = filled(filler);
    add_chart(doc, 200);
    add_paragraphs(doc, 8);
    const auto pl = layout::lay_out(doc, m);
    INFO(filler << " paragraphs before");
    const auto [page, box] = chart_at(pl, 0);
    const std::size_t before = pl.block_pages[filler - 1].second;  // the last 前 paragraph's
    CHECK(pl.block_pages[filler].first == page);                   // the chart's, truthful
    if (page == before) continue;                                  // it fitted
    ++moved;
    CHECK(page == before + 1);
    // The paragraphs after it filled the page before it, down to the last line's room...
    CHECK((pl.block_pages[filler + 1].first == before || full(pl, before)));
    CHECK(lowest_text(pl, before) - bottom_pt < 2 * pitch_pt);
    // ... and those on its page come under it.
    for (const auto& r : pl.pages[page].runs)
      if (r.text.find(U'后') != std::u32string::npos) CHECK(r.y_pt < box.y_pt);
  }
  CHECK(moved >= 5);
}

TEST_CASE("float: here keeps a table or chart starting the next page, auto is the default",
          "[layout][floats][spec]") {
  const std::string yaml = R"(document: {title: 标题, date: 2025-11-20}
data:
  g: {columns: [k, v], rows: [[a, '5.4'], [b, '6.1']]}
body:
  - chart: {data: g, x: k, series: [{column: v}], caption: 增速}
  - chart: {data: g, x: k, series: [{column: v}], caption: 增速, float: here}
  - table: {data: g, columns: [{column: k}, {column: v}], caption: 增速}
  - table: {data: g, columns: [{column: k}, {column: v}]}
  - table: {data: g, columns: [{column: k}, {column: v}], float: auto}
  - table: {data: g, columns: [{column: k}, {column: v}], caption: 增速, float: here}
)";
  const auto spec = test::parse_yaml(yaml);
  const auto doc = model::build_document(spec, data::load_indicators(spec));
  REQUIRE(doc.charts.size() == 2);
  CHECK(doc.charts[0].floating);
  CHECK(!doc.charts[1].floating);
  CHECK(doc.charts[1].caption_number == 2);
  CHECK(std::get<model::Table>(doc.blocks.at(2)).floating);   // a caption: floats
  CHECK(!std::get<model::Table>(doc.blocks.at(3)).floating);  // none: stays
  CHECK(std::get<model::Table>(doc.blocks.at(4)).floating);   // auto
  CHECK(!std::get<model::Table>(doc.blocks.at(5)).floating);  // here
  // Laid out `here`, a chart that does not fit starts the next page; the text after it follows.
  test::FixedWidthMeasurer m;
  int moved = 0;
  for (int filler = 10; filler < 26; ++filler) {
    auto d = filled(filler);
    add_chart(d, 200, false);
    add_paragraphs(d, 8);
    const auto pl = layout::lay_out(d, m);
    INFO(filler << " paragraphs before");
    const std::size_t page = chart_at(pl, 0).first, before = pl.block_pages[filler - 1].second;
    if (page == before) continue;
    ++moved;
    CHECK(pl.block_pages[filler + 1].first == page);
  }
  CHECK(moved >= 5);
}

TEST_CASE("floats keep their order: a small float never goes before a large one waiting",
          "[layout][floats]") {
  test::FixedWidthMeasurer m;
  int moved = 0;
  for (int filler = 10; filler < 26; ++filler) {
    auto doc = filled(filler);
    add_chart(doc, 300);  // 图1: large
    add_chart(doc, 60);   // 图2: would fit where 图1 does not
    model::Table t;
    t.caption = "表1　表说";
    t.caption_number = 1;
    t.floating = true;
    t.header = {"甲", "乙"};
    t.align = {vocab::Align::left, vocab::Align::right};
    for (int r = 0; r < 4; ++r) t.rows.push_back({"行", std::to_string(r)});
    doc.blocks.push_back(t);
    add_paragraphs(doc, 30);
    const auto pl = layout::lay_out(doc, m);
    INFO(filler << " paragraphs before");
    const auto [p1, b1] = chart_at(pl, 0);
    const auto [p2, b2] = chart_at(pl, 1);
    const std::size_t pt = pl.block_pages[filler + 2].first;
    CHECK((p1 < p2 || (p1 == p2 && b1.y_pt > b2.y_pt)));
    CHECK(p2 <= pt);
    const std::size_t before = pl.block_pages[filler - 1].second;
    if (p1 == before) continue;
    ++moved;
    CHECK((pl.block_pages[filler + 3].first == before || full(pl, before)));  // text filled it
    CHECK(lowest_text(pl, before) - bottom_pt < 2 * pitch_pt);
  }
  CHECK(moved >= 5);
}

TEST_CASE("a float never passes the next heading of its level, nor is filled under its heading",
          "[layout][floats]") {
  test::FixedWidthMeasurer m;
  int moved = 0;
  for (int filler = 10; filler < 26; ++filler) {
    auto doc = filled(filler);
    doc.blocks.insert(doc.blocks.begin(), model::Heading{1, "一、", "第一节", false, {}, {}});
    add_chart(doc, 200);     // block filler + 1, in section 一
    add_paragraphs(doc, 1);  // filler + 2: may fill
    doc.blocks.push_back(model::Heading{2, "（一）", "小节", false, {}, {}});  // filler + 3
    add_paragraphs(doc, 1);                                                    // filler + 4
    doc.blocks.push_back(model::Heading{1, "二、", "第二节", false, {}, {}});  // filler + 5
    doc.blocks.push_back(model::Heading{2, "（一）", "图前", false, {}, {}});  // filler + 6
    add_chart(doc, 200);                                                       // filler + 7
    add_paragraphs(doc, 30, "尾");                                             // filler + 8…
    const auto pl = layout::lay_out(doc, m);
    INFO(filler << " paragraphs before");
    const std::size_t page = chart_at(pl, 0).first;
    const auto heading = pl.block_pages[filler + 5];
    CHECK(page <= heading.first);  // 图1 before 二、
    if (page == heading.first) {   // and above it
      double y = 0;
      for (const auto& r : pl.pages[page].runs)
        if (r.text.find(U'二') != std::u32string::npos) y = r.y_pt;
      CHECK(chart_at(pl, 0).second.y_pt > y);
    }
    // The heading right before 图2 stays with it: no text from after 图2 comes between them.
    const std::size_t p2 = chart_at(pl, 1).first;
    std::size_t heading_page = 0;
    for (std::size_t p = 0; p < pl.pages.size(); ++p)
      for (const auto& r : pl.pages[p].runs)
        if (r.text.find(U"图前") != std::u32string::npos) heading_page = p;
    CHECK(heading_page == p2);
    CHECK(pl.block_pages[filler + 8].first >= p2);
    const std::size_t before = pl.block_pages[filler].second;
    if (page == before) continue;
    ++moved;
    // The paragraph after 图1 filled the page.
    CHECK((pl.block_pages[filler + 2].first == before || full(pl, before)));
  }
  CHECK(moved >= 5);
}

TEST_CASE("a float never lands on a page before its first reference", "[layout][floats]") {
  test::FixedWidthMeasurer m;
  int checked = 0;
  for (int height = 100; height < 400; height += 6) {
    auto doc = filled(8);
    add_chart(doc, height);
    // Three lines: 如图1所示 in the first, so they go over a page together or not at all.
    doc.blocks.push_back(model::Paragraph{"如图1所示，" + chars("引", 70), {}, {}});
    add_paragraphs(doc, 6);
    const auto pl = layout::lay_out(doc, m);
    INFO("a chart " << height << " pt tall");
    const std::size_t page = chart_at(pl, 0).first;
    const std::size_t reference = pl.block_pages[9].first;
    CHECK(page >= reference);
    CHECK(page <= reference + 1);
    ++checked;
  }
  CHECK(checked == 50);
  // A reference before the float holds nothing: the float still goes as far up as it fits.
  auto doc = filled(3);
  doc.blocks.push_back(model::Paragraph{"图1表明，" + chars("引", 20), {}, {}});
  add_chart(doc, 150);
  add_paragraphs(doc, 6);
  const auto pl = layout::lay_out(doc, m);
  CHECK(chart_at(pl, 0).first == 0);
  CHECK(pl.block_pages[5].first == 0);
}

TEST_CASE("text that fills a page under a waiting float keeps its footnotes on its page",
          "[layout][floats][footnotes]") {
  test::FixedWidthMeasurer m;
  const double body_em = 14, note_em = 10.5, quarter = (595.276 - 2 * 79.37) / 4;
  int moved = 0;
  for (int filler = 8; filler < 22; ++filler) {
    auto doc = filled(filler);
    add_chart(doc, 240);
    for (int k = 0; k < 10; ++k) {  // each with a footnote: the marker at its end
      const auto mark = core::encode_utf8(
          std::u32string(1, model::footnote_mark + static_cast<char32_t>(doc.footnotes.size())));
      doc.blocks.push_back(model::Paragraph{chars("后", 24 + 9 * (k % 3)) + mark, {}, {}});
      doc.footnotes.push_back({chars("注", 40 + 30 * (k % 2)), {"s.yaml", k + 1, 9}, {}});
    }
    const auto pl = layout::lay_out(doc, m);
    INFO(filler << " paragraphs before");
    const std::size_t page = chart_at(pl, 0).first, before = pl.block_pages[filler - 1].second;
    if (page != before) {  // the paragraphs with their footnotes filled the page before it
      ++moved;
      // (but for the room a line takes with its note)
      CHECK((pl.block_pages[filler + 1].first == before ||
             lowest_text(pl, before) - bottom_pt < 4 * pitch_pt));
    }
    std::size_t markers = 0;
    for (const auto& p : pl.pages) {
      std::size_t raised = 0, leads = 0;
      for (const auto& r : p.runs) {
        raised += std::abs(r.size_pt - 0.6 * body_em) < 0.01;
        leads += std::abs(r.size_pt - note_em) < 0.01 && r.text.front() >= U'①' &&
                 r.text.front() <= U'⑳';
      }
      CHECK(raised == leads);  // each marker's note at the foot of its page
      markers += raised;
      if (raised == 0) continue;
      const layout::Rule* rule = nullptr;
      for (const auto& r : p.rules)
        if (std::abs(r.x2_pt - r.x1_pt - quarter) < 0.01) rule = &r;
      REQUIRE(rule);
      for (const auto& r : p.runs)  // the body (and the chart) above the rule
        if (r.size_pt > note_em + 0.01 && r.y_pt > bottom_pt) CHECK(r.y_pt > rule->y1_pt);
      for (const auto& c : p.charts) CHECK(c.y_pt > rule->y1_pt);
    }
    CHECK(markers == 10);
  }
  CHECK(moved >= 4);
}

TEST_CASE("a table taller than a page waits for whole paragraphs, never inside one",
          "[layout][floats]") {
  test::FixedWidthMeasurer m;
  int moved = 0;
  for (int filler = 12; filler < 24; ++filler) {
    auto doc = filled(filler);
    model::Table t;
    t.caption = "表1　长表";
    t.caption_number = 1;
    t.floating = true;
    t.header = {"甲", "乙"};
    t.align = {vocab::Align::left, vocab::Align::right};
    for (int r = 0; r < 45; ++r) t.rows.push_back({"行", std::to_string(r)});
    doc.blocks.push_back(t);
    add_paragraphs(doc, 12, "后", 40);  // two lines each
    const auto pl = layout::lay_out(doc, m);
    INFO(filler << " paragraphs before");
    const auto table = pl.block_pages[filler];
    REQUIRE(table.second > table.first);  // over pages
    for (std::size_t k = filler + 1; k < doc.blocks.size(); ++k)
      CHECK((pl.block_pages[k].second < table.first || pl.block_pages[k].first >= table.second));
    const std::size_t before = pl.block_pages[filler - 1].second;
    if (table.first == before) continue;
    ++moved;
    CHECK(lowest_text(pl, before) - bottom_pt < 3 * pitch_pt);  // whole paragraphs filled it
  }
  CHECK(moved >= 3);
}
