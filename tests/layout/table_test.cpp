// tests/layout: statistical tables (header groups, 续表, no lone row, the unit line, bold rows)
// laid out with a fixed-width measurer: a Han character is 1 em, a Latin one 0.5 em.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

#include "layout/column_widths.hpp"
#include "layout/lay_out.hpp"
#include "support.hpp"

using namespace jb;

namespace {

model::Document table_document(const model::Table& t, std::size_t paragraphs = 0) {
  model::Document doc;
  doc.title = "标题";
  doc.date_text = "2025年11月20日";
  doc.page = {595.276, 841.89, 85.04, 85.04, 79.37, 79.37};
  for (auto role : vocab::all_font_roles) doc.fonts.push_back(test::face(role, "f.ttf"));
  for (std::size_t i = 0; i < paragraphs; ++i)
    doc.blocks.push_back(model::Paragraph{"一行。", {"s.yaml", static_cast<int>(i + 1), 5}, {}});
  doc.blocks.push_back(t);
  return doc;
}

// Row r's key in Han characters only (one run of one font): 行 and a Han digit per digit.
std::string key(std::size_t r) {
  static const char* digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  std::string out = "行";
  for (char c : std::to_string(r)) out += digits[c - '0'];
  return out;
}

std::u32string key32(std::size_t r) { return *core::decode_utf8(key(r)); }

// 指标 | 单位 | 十月 (绝对额 | 同比增长) | 累计 (绝对额 | 同比增长); the texts looked for are
// Han only, each one run of one font.
model::Table grouped_table(std::size_t rows) {
  model::Table t;
  t.caption = "表二　主要经济指标";
  t.caption_number = 2;
  t.header = {"指标", "单位", "绝对额", "同比增长（%）", "绝对额", "同比增长（%）"};
  t.align = {vocab::Align::left,  vocab::Align::center, vocab::Align::right,
             vocab::Align::right, vocab::Align::right,  vocab::Align::right};
  t.groups = {{"十月", 2, 4, 0, {}}, {"累计", 4, 6, 0, {}}};
  for (std::size_t r = 0; r < rows; ++r)
    t.rows.push_back({key(r), "亿元", "12.5", "3.4", "120.5", "4.1"});
  return t;
}

struct Found {
  double x = 0, y = 0, right = 0;
};

// The first run whose text is `text` on page `p`, with its right end.
std::optional<Found> find_run(const layout::Page& p, const std::u32string& text) {
  for (const auto& r : p.runs)
    if (r.text == text) {
      double w = 0;
      for (char32_t c : r.text) w += (core::uses_latin_font(c) ? 0.5 : 1.0) * r.size_pt;
      return Found{r.x_pt, r.y_pt,
                   r.x_pt + w + r.char_space_pt * static_cast<double>(r.text.size() - 1)};
    }
  return std::nullopt;
}

std::size_t page_with(const layout::PageLayout& pl, const std::u32string& text) {
  for (std::size_t p = 0; p < pl.pages.size(); ++p)
    if (find_run(pl.pages[p], text)) return p;
  return pl.pages.size();
}

// The thin rules of a page that are shorter than the type area (the groups' rules).
std::vector<layout::Rule> short_rules(const layout::Page& p, double type_width) {
  std::vector<layout::Rule> out;
  for (const auto& r : p.rules)
    if (r.x2_pt - r.x1_pt < type_width - 1) out.push_back(r);
  return out;
}

// `prefix` made up to `chars` Han characters (one run of one font on a line).
std::string han(const std::string& prefix, std::size_t chars) {
  static const char* fill[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
  std::string out = prefix;
  for (std::size_t k = core::decode_utf8(prefix)->size(); k < chars; ++k) out += fill[k % 10];
  return out;
}

std::u32string u32(const std::string& s) { return *core::decode_utf8(s); }

// Whether `text` is set whole on one line somewhere in the layout.
bool on_one_line(const layout::PageLayout& pl, const std::string& text) {
  return page_with(pl, u32(text)) < pl.pages.size();
}

// Every cell of the table on one line: found whole, and each row's cells on one baseline.
void check_one_line_each(const layout::PageLayout& pl, const model::Table& t) {
  for (const auto& row : t.rows) {
    std::optional<double> y;
    for (const auto& cell : row) {
      INFO(cell);
      const std::size_t p = page_with(pl, u32(cell));
      REQUIRE(p < pl.pages.size());
      const auto run = find_run(pl.pages[p], u32(cell));
      if (y) CHECK(run->y == Approx(*y));
      y = run->y;
    }
  }
}

}  // namespace

TEST_CASE("a header group's label is centred over its columns, a rule under it spanning them",
          "[layout]") {
  test::FixedWidthMeasurer m;
  const auto pl = layout::lay_out(table_document(grouped_table(3)), m);
  const auto& p = pl.pages.at(0);
  const double type_width = 595.276 - 2 * 79.37;
  const auto rules = short_rules(p, type_width);
  REQUIRE(rules.size() == 2);
  const auto label = find_run(p, U"十月");
  REQUIRE(label);
  // Centred over its rule's span (the rule is inset equally at both ends).
  CHECK((label->x + label->right) / 2 == Approx((rules[0].x1_pt + rules[0].x2_pt) / 2).margin(0.5));
  CHECK(rules[0].x2_pt < rules[1].x1_pt);  // two groups, two rules, not one
  // The columns' own headers stand below the group's rule; 指标 spans both header rows and
  // is centred between them: below the group label, above the columns' headers.
  const auto sub = find_run(p, U"绝对额");
  const auto key = find_run(p, U"指标");
  REQUIRE(sub);
  REQUIRE(key);
  CHECK(label->y > rules[0].y1_pt);
  CHECK(sub->y < rules[0].y1_pt);
  CHECK(key->y < label->y);
  CHECK(key->y > sub->y);
  CHECK((label->y + sub->y) / 2 == Approx(key->y).margin(1.0));
  // 绝对额 sits within the group's span.
  CHECK(sub->x >= rules[0].x1_pt - 1);
  CHECK(sub->right <= rules[0].x2_pt + 1);
}

TEST_CASE("a three-level header: a group in a group, each rule spanning its own columns",
          "[layout]") {
  test::FixedWidthMeasurer m;
  model::Table t = grouped_table(3);
  t.groups = {{"全市", 2, 6, 0, {}}, {"十月", 2, 4, 1, {}}, {"累计", 4, 6, 1, {}}};
  const auto pl = layout::lay_out(table_document(t), m);
  const auto& p = pl.pages.at(0);
  auto rules = short_rules(p, 595.276 - 2 * 79.37);
  REQUIRE(rules.size() == 3);
  const auto outer = find_run(p, U"全市"), inner = find_run(p, U"十月"),
             leaf = find_run(p, U"绝对额"), key = find_run(p, U"指标");
  REQUIRE((outer && inner && leaf && key));
  CHECK(outer->y > inner->y);
  CHECK(inner->y > leaf->y);
  // The outer rule spans both inner groups' columns, each inner rule half of them.
  const auto& o = rules[0];
  CHECK(o.y1_pt > rules[1].y1_pt);
  CHECK(rules[1].x1_pt == Approx(o.x1_pt));
  CHECK(rules[2].x2_pt == Approx(o.x2_pt));
  // 指标 under no group spans all three rows: centred on the middle one.
  CHECK(key->y == Approx(inner->y).margin(1.0));
}

TEST_CASE("headers break only between words, never inside a run of Han characters", "[layout]") {
  test::FixedWidthMeasurer m;
  model::Table t;
  // Six such headers do not fit on one line each: each breaks before its （.
  t.header = std::vector<std::string>(6, "营业收入（亿元）");
  t.align = std::vector<vocab::Align>(6, vocab::Align::right);
  t.rows = {std::vector<std::string>(6, "1.0")};
  const auto pl = layout::lay_out(table_document(t), m);
  const auto& p = pl.pages.at(0);
  CHECK(find_run(p, U"营业收入"));
  CHECK(find_run(p, U"（亿元）"));
}

TEST_CASE("a table over two pages repeats its header under 续表N, N its caption's number",
          "[layout]") {
  test::FixedWidthMeasurer m;
  const auto pl = layout::lay_out(table_document(grouped_table(60)), m);
  REQUIRE(pl.pages.size() >= 2);
  CHECK(page_with(pl, U"续表") == 1);
  const auto& p2 = pl.pages[1];
  const auto cont = find_run(p2, U"续表"), label = find_run(p2, U"十月");
  REQUIRE((cont && label));
  bool numbered = false;  // 续表 2, its number on the caption's line
  for (const auto& r : p2.runs) numbered = numbered || (r.text == U"2" && r.y_pt == cont->y);
  CHECK(numbered);
  CHECK(cont->y > label->y);  // 续表2 above the repeated header
  CHECK(page_with(pl, U"表二　主要经济指标") == 0);

  model::Table plain = grouped_table(60);
  plain.caption.clear();
  plain.caption_number = 0;
  const auto pl2 = layout::lay_out(table_document(plain), m);
  REQUIRE(pl2.pages.size() >= 2);
  CHECK(find_run(pl2.pages[1], U"十月"));  // the header again, with no caption
  CHECK(page_with(pl2, U"续表") == pl2.pages.size());
}

TEST_CASE("no table row stands alone at the head of a page: the row before goes with it",
          "[layout]") {
  test::FixedWidthMeasurer m;
  for (std::size_t rows = 20; rows < 60; ++rows) {
    INFO(rows << " rows");
    const auto pl = layout::lay_out(table_document(grouped_table(rows)), m);
    if (pl.pages.size() < 2) continue;
    CHECK(page_with(pl, key32(rows - 1)) == page_with(pl, key32(rows - 2)));
  }
  // The caption keeps two rows with it at the foot of a page.
  for (std::size_t paragraphs = 20; paragraphs < 40; ++paragraphs) {
    INFO(paragraphs << " paragraphs before");
    const auto pl = layout::lay_out(table_document(grouped_table(5), paragraphs), m);
    CHECK(page_with(pl, key32(0)) == page_with(pl, key32(1)));
  }
  // A table of three rows is kept whole: its last row never goes over alone.
  bool turned = false;
  for (std::size_t paragraphs = 10; paragraphs < 60; ++paragraphs) {
    INFO(paragraphs << " paragraphs before");
    const auto pl = layout::lay_out(table_document(grouped_table(3), paragraphs), m);
    CHECK(page_with(pl, key32(0)) == page_with(pl, key32(2)));
    turned |= page_with(pl, key32(0)) > page_with(pl, U"一行。");
  }
  CHECK(turned);  // some of them went over to the next page
}

TEST_CASE("the unit line stands right-aligned under the caption, above the table", "[layout]") {
  test::FixedWidthMeasurer m;
  model::Table t = grouped_table(2);
  t.unit = "单位：亿元，%";
  const auto pl = layout::lay_out(table_document(t), m);
  const auto& p = pl.pages.at(0);
  const auto cap = find_run(p, U"表二　主要经济指标");
  REQUIRE(cap);
  std::optional<Found> unit;
  double right = 0;
  for (const auto& r : p.runs)
    if (r.text.rfind(U"单位：", 0) == 0) unit = find_run(p, r.text);
  for (const auto& r : p.rules) right = std::max(right, r.x2_pt);
  REQUIRE(unit);
  CHECK(unit->y < cap->y);
  CHECK(unit->y > find_run(p, U"十月")->y);
  CHECK(find_run(p, U"%")->right == Approx(right).margin(0.5));
}

TEST_CASE("a highlighted row is set in hei, and #工业 is set tight", "[layout]") {
  test::FixedWidthMeasurer m;
  model::Table t;
  t.header = {"地区", "增速"};
  t.align = {vocab::Align::left, vocab::Align::right};
  t.rows = {{"城东区", "1.0"}, {"城西区", "2.0"}, {"#工业", "3.0"}};
  t.highlight = 1;
  const auto pl = layout::lay_out(table_document(t), m);
  const auto& p = pl.pages.at(0);
  for (const auto& r : p.runs) {
    if (r.text == U"城西区" || r.text == U"2.0") CHECK(r.font != vocab::FontRole::song);
    if (r.text == U"城东区") CHECK(r.font == vocab::FontRole::song);
  }
  // # then 工业 with no Han–Latin gap: 工 starts where # ends.
  const auto hash = find_run(p, U"#");
  const auto word = find_run(p, U"工业");
  if (hash && word) {
    CHECK(word->x == Approx(hash->right).margin(0.01));
  } else {
    bool tight = false;
    for (const auto& r : p.runs) tight = tight || r.text == U"#工业";
    CHECK(tight);
  }
}

TEST_CASE("no vertical rules but with rules: grid, and none through a group's label", "[layout]") {
  test::FixedWidthMeasurer m;
  const auto vertical = [](const layout::Page& p) {
    std::vector<layout::Rule> out;
    for (const auto& r : p.rules)
      if (r.x1_pt == r.x2_pt) out.push_back(r);
    return out;
  };
  model::Table t = grouped_table(3);
  CHECK(vertical(layout::lay_out(table_document(t), m).pages.at(0)).empty());
  t.grid = true;
  const auto pl = layout::lay_out(table_document(t), m);
  const auto v = vertical(pl.pages.at(0));
  REQUIRE(v.size() == 5);  // between six columns
  const auto label = find_run(pl.pages[0], U"十月");
  REQUIRE(label);
  // The rule between 10月's two columns starts under its label; the one before it at the top.
  CHECK(v[2].y1_pt < label->y);
  CHECK(v[1].y1_pt > label->y);
}

// Column A holds one long note and short words, column B forty names of 20 characters: shared
// by need, the names keep to one line each and the note takes the lines it needs (water-filling
// both to one width would wrap every name for the note's few lines).
TEST_CASE("a table's width goes where it saves lines: one long note does not wrap forty names",
          "[table]") {
  test::FixedWidthMeasurer m;
  model::Table t;
  t.header = {"说明", "名称"};
  t.align = {vocab::Align::left, vocab::Align::left};
  for (std::size_t r = 0; r < 40; ++r)
    t.rows.push_back({r == 0 ? han("说明", 213) : "已核实", han(key(r), 20)});
  const auto pl = layout::lay_out(table_document(t), m);
  for (std::size_t r = 0; r < 40; ++r) {
    INFO("row " << r);
    CHECK(on_one_line(pl, t.rows[r][1]));
  }
  // The note wraps, on lines no wider than what the names leave it.
  const double type_width = 595.276 - 2 * 79.37, size = 12;
  double widest = 0;
  std::size_t note_lines = 0;
  for (const auto& p : pl.pages)
    for (const auto& r : p.runs)
      if (r.text.size() > 3 && r.x_pt < 79.37 + size / 2 + 1) {
        widest = std::max(widest, find_run(p, r.text)->right - r.x_pt);
        ++note_lines;
      }
  CHECK(note_lines > 1);
  CHECK(widest <= type_width - (20 + 2) * size + 0.5);
}

// Two name columns that wrap on the same rows: widening either alone saves nothing, both
// together save a line on every row.
TEST_CASE("columns that wrap on the same rows are widened together", "[table]") {
  test::FixedWidthMeasurer m;
  model::Table t;
  t.header = {"说明", "名称", "地址"};
  t.align = std::vector<vocab::Align>(3, vocab::Align::left);
  for (std::size_t r = 0; r < 30; ++r)
    t.rows.push_back(
        {r == 0 ? han("说明", 213) : "新增", han(key(r) + "名", 12), han(key(r) + "址", 12)});
  const auto pl = layout::lay_out(table_document(t), m);
  for (std::size_t r = 0; r < 30; ++r) {
    INFO("row " << r);
    CHECK(on_one_line(pl, t.rows[r][1]));
    CHECK(on_one_line(pl, t.rows[r][2]));
  }
}

// Long figures and a text that would gladly take their room: every column keeps at least its
// widest unbreakable run, so no figure is split or runs into the next column.
TEST_CASE("no column is narrower than its longest unbreakable run: a long figure stays whole",
          "[table]") {
  test::FixedWidthMeasurer m;
  model::Table t;
  // Headers that may break between any two characters: the figures' columns have room to give.
  const std::string spaced = "甲 乙 丙 丁 戊 己 庚 辛";
  t.header = {"说明", spaced, spaced, spaced, spaced};
  t.align = {vocab::Align::left, vocab::Align::right, vocab::Align::right, vocab::Align::right,
             vocab::Align::right};
  for (std::size_t r = 0; r < 12; ++r)
    t.rows.push_back({han(key(r), 60), "123456789012.3" + std::to_string(r % 10), "-23456789012.45",
                      "3456789012345.6", "456789012345.67"});
  const auto pl = layout::lay_out(table_document(t), m);
  for (const auto& row : t.rows)
    for (std::size_t c = 1; c < row.size(); ++c) {
      INFO(row[c]);
      CHECK(on_one_line(pl, row[c]));
    }
  // On each line the runs of the cells keep apart: none reaches into the next column's.
  for (const auto& p : pl.pages) {
    std::vector<Found> runs;
    for (const auto& r : p.runs)
      if (r.text.find(U'.') != std::u32string::npos) runs.push_back(*find_run(p, r.text));
    for (const auto& a : runs)
      for (const auto& b : runs)
        if (a.y == b.y && a.x < b.x) CHECK(a.right <= b.x);
  }
}

TEST_CASE("a table whose natural widths fit keeps every cell on one line", "[table]") {
  test::FixedWidthMeasurer m;
  model::Table t;
  t.header = {"地区", "名称", "增速"};
  t.align = {vocab::Align::left, vocab::Align::left, vocab::Align::right};
  for (std::size_t r = 0; r < 8; ++r)
    t.rows.push_back({key(r), han(key(r), 10), std::to_string(r) + ".5"});
  const auto pl = layout::lay_out(table_document(t), m);
  check_one_line_each(pl, t);
  for (const auto& h : t.header) CHECK(on_one_line(pl, h));
}

// The search on made-up measures: each column between its minimum and its natural width, the
// widths filling the type area, the estimate never above the water-filling it starts from, and
// the same widths every time.
TEST_CASE("column widths shared by need stay in bounds and never estimate a taller table",
          "[table]") {
  std::mt19937 random(7);
  const auto draw = [&](int lo, int hi) {
    return static_cast<double>(std::uniform_int_distribution<int>(lo, hi)(random));
  };
  for (int k = 0; k < 60; ++k) {
    const std::size_t cols = 2 + static_cast<std::size_t>(k % 8), rows = 1 + 5 * (k % 13);
    const double em = 12;
    layout::detail::ColumnMeasures cm;
    cm.pad = em / 2, cm.em = em;
    cm.cell_natural.assign(rows + 1, std::vector<double>(cols));
    cm.cell_minimum = cm.cell_natural;
    cm.natural.assign(cols, 2 * em), cm.minimum.assign(cols, 0);
    cm.fixed.assign(cols, false), cm.decimals.assign(cols, 0), cm.widest_row.assign(cols, 0);
    for (std::size_t c = 0; c < cols; ++c) {
      const bool figures = c % 3 == 2;
      for (std::size_t r = 0; r <= rows; ++r) {
        cm.cell_natural[r][c] = em * (figures && r > 0 ? draw(3, 9) / 2 : draw(1, 40));
        cm.cell_minimum[r][c] = figures || r == 0 ? std::min(cm.cell_natural[r][c], 4 * em) : em;
        cm.natural[c] = std::max(cm.natural[c], cm.cell_natural[r][c]);
        cm.minimum[c] = std::max(cm.minimum[c], cm.cell_minimum[r][c]);
      }
      cm.natural[c] += em, cm.minimum[c] += em + 0.01;
      cm.fixed[c] = figures || cm.natural[c] <= 6 * em;
    }
    double least = 0, most = 0;
    for (std::size_t c = 0; c < cols; ++c) least += cm.minimum[c], most += cm.natural[c];
    const double width = least + (most - least) * draw(0, 100) / 100 * 0.9;
    INFO("table " << k << ": " << cols << " columns, " << rows << " rows");
    const auto start = layout::detail::water_fill(cm, width);
    const auto widths = layout::detail::column_widths(cm, width);
    REQUIRE(start);
    REQUIRE(widths);
    double total = 0;
    for (std::size_t c = 0; c < cols; ++c) {
      CHECK((*widths)[c] >= std::min(cm.minimum[c], cm.natural[c]) - 1e-6);
      CHECK((*widths)[c] <= std::max(cm.minimum[c], cm.natural[c]) + 1e-6);
      total += (*widths)[c];
    }
    CHECK(total == Approx(width).margin(0.02));
    // The search's score: the estimated lines, and the fixed columns' wrapped headers.
    const auto cost = [&](const std::vector<double>& w) {
      long wrapped = 0;
      for (std::size_t c = 0; c < cols; ++c) wrapped += cm.fixed[c] && w[c] < cm.natural[c] - 1e-6;
      return layout::detail::estimated_lines(cm, w) + layout::detail::wrapped_fixed_lines * wrapped;
    };
    CHECK(cost(*widths) <= cost(*start));
    CHECK(layout::detail::column_widths(cm, width) == widths);
  }
}

TEST_CASE("a header group's label is never wider than its columns: they are widened for it",
          "[layout][table]") {
  test::FixedWidthMeasurer m;
  model::Table t;
  // Eight text columns too wide together (each wraps), a group over two of them whose label
  // is one Latin word of 30 letters (180 pt at 12 pt): more than two columns' share.
  for (int c = 0; c < 8; ++c) {
    t.header.push_back("列" + std::to_string(c));
    t.align.push_back(vocab::Align::left);
  }
  t.rows = {std::vector<std::string>(8, "一二三四五六七八九十一二三四五六七八九十")};
  t.groups = {{std::string(30, 'W'), 2, 4, 0, {}}};
  const auto pl = layout::lay_out(table_document(t), m);
  const auto& p = pl.pages.at(0);
  const auto label = find_run(p, *core::decode_utf8(std::string(30, 'W')));
  REQUIRE(label);  // on one line, whole
  const auto rules = short_rules(p, 595.276 - 2 * 79.37);
  REQUIRE(rules.size() == 1);  // the group's rule, under exactly its columns
  CHECK(label->x >= rules[0].x1_pt - 0.01);
  CHECK(label->right <= rules[0].x2_pt + 0.01);
}
