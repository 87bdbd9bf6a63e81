// tests/layout: notes lists (注：1.… 2.…, numbers aligned, lines hanging under their text) and
// footnotes (a raised ① in the text, its note at the foot of the same page under a short rule),
// laid out with the fixed-width measurer; the spec and model sides of both.
#include "model/notes.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "core/diagnostic.hpp"
#include "core/utf8.hpp"
#include "data/csv.hpp"
#include "data/load_indicators.hpp"
#include "layout/lay_out.hpp"
#include "model/build_document.hpp"
#include "support.hpp"

using namespace jb;

namespace {

constexpr double left = 79.37, bottom = 85.04, note_em = 10.5, body_em = 14.0;

model::Document document() {
  model::Document doc;
  doc.title = "标题";
  doc.date_text = "2025年11月20日";
  doc.page = {595.276, 841.89, 85.04, 85.04, 79.37, 79.37};
  for (auto role : vocab::all_font_roles) doc.fonts.push_back(test::face(role, "f.ttf"));
  return doc;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

model::Note note(const std::string& text, int line) { return {text, {"s.yaml", line, 9}, {}}; }

std::string mark(std::size_t k) {
  return core::encode_utf8(std::u32string(1, model::footnote_mark + static_cast<char32_t>(k)));
}

// The runs of a page's notes (in the note size), top to bottom.
std::vector<layout::GlyphRun> runs_of_size(const layout::Page& p, double size) {
  std::vector<layout::GlyphRun> out;
  for (const auto& r : p.runs)
    if (std::abs(r.size_pt - size) < 0.01) out.push_back(r);
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.y_pt > b.y_pt + 0.01; });
  return out;
}

// The footnotes' rule: a quarter of the type width (the title's and header's rules are longer).
std::vector<layout::Rule> foot_rules(const layout::Page& p) {
  std::vector<layout::Rule> out;
  for (const auto& r : p.rules)
    if (std::abs(r.x2_pt - r.x1_pt - (595.276 - 2 * 79.37) / 4) < 0.01) out.push_back(r);
  return out;
}

const layout::GlyphRun* run_starting(const std::vector<layout::GlyphRun>& runs,
                                     const std::u32string& text) {
  for (const auto& r : runs)
    if (r.text.rfind(text, 0) == 0) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("notes: 注： leads, the numbers are aligned, lines hang under their note's text",
          "[layout][notes]") {
  test::FixedWidthMeasurer m;
  model::Document doc = document();
  model::Notes notes;
  notes.items = {note(repeat("甲", 80), 3), note("乙乙乙。", 4)};
  doc.blocks.push_back(notes);
  const auto pl = layout::lay_out(doc, m);
  const auto runs = runs_of_size(pl.pages.at(0), note_em);
  const auto* label = run_starting(runs, U"注：");
  const auto* one = run_starting(runs, U"1.");
  const auto* two = run_starting(runs, U"2.");
  REQUIRE(label);
  REQUIRE(one);
  REQUIRE(two);
  CHECK(label->x_pt == Approx(left));
  CHECK(one->x_pt == Approx(left + 2 * note_em));  // after 注：
  CHECK(two->x_pt == Approx(one->x_pt));           // numbers in one column
  CHECK(one->y_pt == Approx(label->y_pt));
  // Each note's text starts a quarter em after the number's column; the first note's second
  // and third lines start there too, not under 注： or the number.
  const double text_x = left + 2 * note_em + 1.0 * note_em + 0.25 * note_em;
  std::vector<double> jia_lines;
  for (const auto& r : runs)
    if (r.text.front() == U'甲') jia_lines.push_back(r.x_pt);
  REQUIRE(jia_lines.size() >= 2);
  for (double x : jia_lines) CHECK(x == Approx(text_x));
  const auto* yi = run_starting(runs, U"乙乙乙。");
  REQUIRE(yi);
  CHECK(yi->x_pt == Approx(text_x));
  CHECK(yi->y_pt == Approx(two->y_pt));
  CHECK(yi->y_pt < one->y_pt - 2 * note_em);  // under the first note's lines
}

TEST_CASE("notes: ten or more notes right-align their numbers, one note has none",
          "[layout][notes]") {
  test::FixedWidthMeasurer m;
  model::Document doc = document();
  model::Notes ten;
  for (int k = 0; k < 10; ++k) ten.items.push_back(note("丙丙。", k + 1));
  doc.blocks.push_back(ten);
  model::Notes single;
  single.items = {note("增速按可比价格计算。", 20)};
  doc.blocks.push_back(single);
  const auto pl = layout::lay_out(doc, m);
  const auto runs = runs_of_size(pl.pages.at(0), note_em);
  const auto* one = run_starting(runs, U"1.");
  const auto* tenth = run_starting(runs, U"10.");
  REQUIRE(one);
  REQUIRE(tenth);
  CHECK(tenth->x_pt == Approx(left + 2 * note_em));
  CHECK(one->x_pt == Approx(left + 2.5 * note_em));  // "1." ends where "10." ends
  for (const auto& r : runs)
    if (r.text == U"丙丙。") CHECK(r.x_pt == Approx(left + 2 * note_em + 1.75 * note_em));
  // A single note: 注： and its text, no number.
  const auto* lone = run_starting(runs, U"注：增速");
  REQUIRE(lone);
  CHECK(lone->x_pt == Approx(left));
  CHECK(lone->text == U"注：增速按可比价格计算。");
}

TEST_CASE("a table's notes come before its note, in the note size", "[layout][notes]") {
  test::FixedWidthMeasurer m;
  model::Document doc = document();
  model::Table t;
  t.header = {"指标", "绝对值"};
  t.header_where = {{"s.yaml", 1, 1}, {"s.yaml", 1, 1}};
  t.align = {vocab::Align::left, vocab::Align::right};
  t.rows = {{"地区生产总值", "13500"}};
  t.row_where = {{"d.csv", 2, 1}};
  t.note = "资料来源：市统计局。";
  t.notes = {note("规模以上工业。", 5), note("增速按可比价格计算。", 6)};
  doc.blocks.push_back(t);
  const auto pl = layout::lay_out(doc, m);
  const auto runs = runs_of_size(pl.pages.at(0), note_em);
  const auto* label = run_starting(runs, U"注：");
  const auto* source = run_starting(runs, U"资料来源");
  REQUIRE(label);
  REQUIRE(source);
  CHECK(source->x_pt == Approx(left));
  CHECK(source->y_pt < label->y_pt - 1.5 * note_em);  // after both notes
}

TEST_CASE("a footnote: a raised ① in the text, the note at the page's foot under a short rule",
          "[layout][footnotes]") {
  test::FixedWidthMeasurer m;
  model::Document doc = document();
  doc.blocks.push_back(model::Paragraph{"工业增长5%" + mark(0) + "。", {"s.yaml", 3, 5}, {}});
  doc.footnotes.push_back({repeat("按可比价格计算", 12), {"s.yaml", 3, 12}, {}});
  const auto pl = layout::lay_out(doc, m);
  REQUIRE(pl.pages.size() == 1);
  const auto& page = pl.pages[0];
  const auto marker = runs_of_size(page, 0.6 * body_em);
  REQUIRE(marker.size() == 1);
  CHECK(marker[0].text == U"①");
  const auto feet = runs_of_size(page, note_em);
  REQUIRE(feet.size() >= 2);  // ①, its note, the note's second line
  CHECK(feet[0].text.front() == U'①');
  CHECK(feet[0].x_pt == Approx(left));
  CHECK(feet.back().y_pt > bottom);
  CHECK(feet.back().y_pt < bottom + note_em);                // at the foot of the type area
  CHECK(feet.back().x_pt == Approx(left + 1.25 * note_em));  // hanging under the text
  // The raised marker sits above its line's baseline, after 5%.
  double line_y = 0;
  for (const auto& r : page.runs)
    if (r.text.find(U"工业") != std::u32string::npos) line_y = r.y_pt;
  CHECK(marker[0].y_pt == Approx(line_y + 0.36 * body_em));
  // A thin rule a quarter of the type width, between the body and the notes.
  REQUIRE(foot_rules(page).size() == 1);
  const auto rule = foot_rules(page)[0];
  CHECK(rule.x1_pt == Approx(left));
  CHECK(rule.x2_pt - rule.x1_pt == Approx((595.276 - 2 * 79.37) / 4));
  CHECK(rule.width_pt < 0.5);
  CHECK(rule.y1_pt > feet[0].y_pt + note_em * 0.88);
  CHECK(rule.y1_pt < line_y);
}

TEST_CASE("a footnote is on the page of its marker, also for a marker at a page's foot",
          "[layout][footnotes]") {
  test::FixedWidthMeasurer m;
  // Markers at every place of a page: each paragraph's last line carries one, and the
  // paragraphs' lengths walk the marker's line down and over the page's foot.
  for (int lead = 0; lead < 12; ++lead) {
    model::Document doc = document();
    for (int k = 0; k < 14; ++k) {
      const std::size_t n = doc.footnotes.size();
      const int length = 30 * ((k + lead) % 5 + 1);
      doc.blocks.push_back(
          model::Paragraph{repeat("字", length) + mark(n) + "。", {"s.yaml", k + 1, 5}, {}});
      doc.footnotes.push_back({repeat("注", 60 + 20 * (k % 3)), {"s.yaml", k + 1, 9}, {}});
    }
    const auto pl = layout::lay_out(doc, m);
    std::size_t markers = 0;
    for (const auto& page : pl.pages) {
      const auto raised = runs_of_size(page, 0.6 * body_em);
      std::size_t leads = 0;
      for (const auto& r : runs_of_size(page, note_em))
        if (r.text.front() >= U'①' && r.text.front() <= U'⑳') ++leads;
      INFO("lead " << lead);
      CHECK(raised.size() == leads);
      markers += raised.size();
      if (raised.empty()) continue;
      REQUIRE(foot_rules(page).size() == 1);
      for (const auto& r : page.runs)  // the body stays above the rule, the notes below it
        if (r.size_pt > note_em + 0.01 && r.y_pt > bottom)
          CHECK(r.y_pt > foot_rules(page)[0].y1_pt);
    }
    CHECK(markers == 14);
  }
}

TEST_CASE("footnotes are numbered per page, and a 21st on one page is an error at its marker",
          "[layout][footnotes]") {
  test::FixedWidthMeasurer m;
  model::Document doc = document();
  std::string text = "字";
  for (std::size_t k = 0; k < 21; ++k) {
    text += "字" + mark(k);
    doc.footnotes.push_back({"注。", {"s.yaml", 2, static_cast<int>(10 + k)}, {}});
  }
  doc.blocks.push_back(model::Paragraph{text, {"s.yaml", 2, 5}, {}});
  const core::UserError e = test::user_error_of([&] { layout::lay_out(doc, m); });
  CHECK(core::format_diagnostic(e.diagnostics().at(0))
            .rfind("s.yaml:2:30: error: more than 20 footnotes on page 1", 0) == 0);
}

// ---- the spec and the model ---------------------------------------------------------------------

TEST_CASE("^[…] becomes a footnote of the document, its marker in the text", "[model][footnotes]") {
  const auto spec = test::parse_yaml(
      "document: {title: 标题, date: 2025-11-20}\n"
      "data:\n  g: {columns: [k, v], rows: [[a, '5.4']]}\n"
      "body:\n"
      "  - heading: 工业^[规模以上。]\n"
      "  - paragraph: 增长{{ g.a.v }}%^[按可比价格计算，为{{ g.a.v }}%。]。\n"
      "  - list:\n      - 项目^[含续建项目。]\n");
  const auto doc = model::build_document(spec, data::load_indicators(spec));
  REQUIRE(doc.footnotes.size() == 3);
  CHECK(doc.footnotes[0].text == "规模以上。");
  CHECK(doc.footnotes[1].text == "按可比价格计算，为5.4%。");
  CHECK(doc.footnotes[1].where.line == 6);
  CHECK(doc.footnotes[1].where.column == 30);
  CHECK(std::get<model::Heading>(doc.blocks[0]).text == "工业" + mark(0));
  CHECK(std::get<model::Paragraph>(doc.blocks[1]).text == "增长5.4%" + mark(1) + "。");
  CHECK(std::get<model::List>(doc.blocks[2]).items[0].text == "——项目" + mark(2));
}

TEST_CASE("footnote errors are at their line and column", "[model][footnotes]") {
  auto message = [](const std::string& body) {
    const auto spec = test::parse_yaml("document: {title: 标题, date: 2025-11-20}\nbody:\n" + body);
    const core::UserError e = test::user_error_of([&] { model::build_document(spec, {}); });
    return core::format_diagnostic(e.diagnostics().at(0));
  };
  CHECK(message("  - paragraph: 工业增长^[按可比价格\n")
            .rfind("test.yaml:3:20: error: this footnote ('^[') is never closed with ']'", 0) == 0);
  CHECK(message("  - paragraph: 工业^[]增长\n")
            .rfind("test.yaml:3:18: error: an empty footnote ('^[]')", 0) == 0);
  CHECK(message("  - paragraph: 工业^[增长^[内]]\n")
            .rfind("test.yaml:3:22: error: a footnote inside a footnote", 0) == 0);
  CHECK(message("  - notes: [\"甲\", \"乙^[丙]\"]\n")
            .rfind("test.yaml:3:20: error: a footnote ('^[') cannot be printed here", 0) == 0);
}

TEST_CASE("notes lists: spec items, the data's 注 rows as notes, 资料来源 after the note",
          "[model][notes]") {
  const auto spec = test::parse_yaml(
      "document: {title: 标题, date: 2025-11-20}\n"
      "data:\n  m: m.csv\n"
      "body:\n"
      "  - table:\n      data: m\n      columns: [{column: 指标}]\n"
      "      note: 本表为示例。\n"
      "      notes: [from_data, 增速按可比价格计算。]\n"
      "  - chart: {type: bar, data: m, x: 指标, series: [{column: 值}], notes: 单条。}\n"
      "  - notes: [甲。, 乙。]\n");
  data::IndicatorSet set;
  auto t = data::parse_csv(
      "指标,值\n工业,5\n注：1. 规模以上工业。,\n2、绝对额按现价计算。,\n资料来源：市统计局。,\n",
      "m.csv");
  t.name = "m";
  set.tables.push_back(t);
  const auto doc = model::build_document(spec, set);
  const auto& table = std::get<model::Table>(doc.blocks.at(0));
  REQUIRE(table.notes.size() == 3);
  CHECK(table.notes[0].text == "规模以上工业。");
  CHECK(table.notes[0].where.line == 3);
  CHECK(table.notes[0].where.column == 6);
  CHECK(table.notes[1].text == "绝对额按现价计算。");
  CHECK(table.notes[2].text == "增速按可比价格计算。");
  CHECK(table.note == "本表为示例。资料来源：市统计局。");
  REQUIRE(doc.charts.at(0).notes.size() == 1);
  CHECK(doc.charts[0].notes[0].text == "单条。");
  const auto& block = std::get<model::Notes>(doc.blocks.at(2));
  REQUIRE(block.items.size() == 2);
  CHECK(block.items[1].text == "乙。");
}

TEST_CASE("a data row's 注： and number are not printed twice", "[model][notes]") {
  using model::detail::data_note;
  CHECK(data_note("注：1. 规模以上工业。").text == "规模以上工业。");
  CHECK(data_note("注:增速为同比增长。").text == "增速为同比增长。");
  CHECK(data_note("2.绝对值单位为亿元。").text == "绝对值单位为亿元。");
  CHECK(data_note("（3）部分数据。").text == "部分数据。");
  CHECK(data_note("注1：数据为初步核算数。").text == "数据为初步核算数。");
  CHECK(data_note("2025年数据为初步数。").text == "2025年数据为初步数。");  // a year, no number
  // A figure is no item number: its decimal point is no number's point.
  CHECK(data_note("注：12.8%为同比增速。").text == "12.8%为同比增速。");
  CHECK(data_note("3．5个百分点为回落幅度。").text == "3．5个百分点为回落幅度。");
  CHECK(data_note("注：1.2.8%为增速。").text == "1.2.8%为增速。");  // no digit is dropped
  CHECK(data_note("资料来源：市统计局。").source);
  CHECK(data_note("说明：单位为亿元。").source);
  CHECK_FALSE(data_note("注：增速。").source);
}

TEST_CASE("a notes key that is no list of texts is an error at its place", "[spec][notes]") {
  auto errors = [](const std::string& body) {
    try {
      test::parse_yaml("document: {title: 标题, date: 2025-11-20}\nbody:\n" + body);
    } catch (const core::UserError& e) {
      std::string all;
      for (const auto& d : e.diagnostics()) all += core::format_diagnostic(d) + "\n";
      return all;
    }
    return std::string("no error");
  };
  CHECK(errors("  - notes: []\n")
            .find("test.yaml:3:12: error: 'notes' must be a non-empty list of notes") !=
        std::string::npos);
  CHECK(errors("  - notes: [甲, {a: 1}]\n").find("test.yaml:3:16: error: a note must be a text") !=
        std::string::npos);
  CHECK(errors("  - table:\n      data: m\n      columns: [{column: a}]\n"
               "      notes: from_dta\n")
            .find("test.yaml:6:14: error: 'from_dta' is no note") != std::string::npos);
  CHECK(errors("  - notes: [from_data]\n")
            .find("test.yaml:3:13: error: 'from_data' takes the notes of a table's data") !=
        std::string::npos);
}
