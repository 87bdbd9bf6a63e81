// tests/model: statistical tables: header groups, per-column decimals and thousands, the unit
// line, row levels, rows, sort and highlight, and their errors at the spec or the data.
#include <catch2/catch.hpp>

#include "core/diagnostic.hpp"
#include "data/csv.hpp"
#include "model/build_document.hpp"
#include "support.hpp"

using namespace jb;

namespace {

data::IndicatorSet districts() {
  data::IndicatorSet set;
  auto t = data::parse_csv(
      "地区,层级,产值,增速\n全市,0,1234567.85,5.55\n城东区,1,2.675,-0.05\n城西区,1,345.1,\n"
      "#工业,2,12,1.25\n",
      "d.csv");
  t.name = "d";
  set.tables.push_back(t);
  return set;
}

const model::Table& table_of(const model::Document& doc) {
  return std::get<model::Table>(doc.blocks.at(0));
}

std::string first_error(const spec::JobSpec& spec, const data::IndicatorSet& set) {
  const core::UserError e = test::user_error_of([&] { model::build_document(spec, set); });
  return core::format_diagnostic(e.diagnostics().front());
}

}  // namespace

TEST_CASE("table: groups, decimals, thousands, unit and levels reach the model", "[model]") {
  auto spec = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - table:
      data: d
      caption: 主要指标
      unit: 亿元，%
      level: 层级
      columns:
        - {header: 指标, column: 地区}
        - group: 10月
          columns:
            - {header: 绝对额, column: 产值, align: right, decimals: 1, thousands: true}
            - {header: 增速（%）, column: 增速, align: right}
)");
  const auto doc = model::build_document(spec, districts());
  const auto& t = table_of(doc);
  REQUIRE(t.groups.size() == 1);
  CHECK(t.groups[0].label == "10月");
  CHECK(t.groups[0].first == 1);
  CHECK(t.groups[0].end == 3);
  CHECK(t.unit == "单位：亿元，%");
  CHECK(t.caption_number == 1);
  REQUIRE(t.rows.size() == 4);
  CHECK(t.rows[0][1] == "1,234,567.9");  // rounded half away from zero, grouped
  CHECK(t.rows[1][1] == "2.7");          // 2.675 -> 2.7 (the exact figure, not a double)
  CHECK(t.rows[1][2] == "-0.05");        // no decimals: as published
  CHECK(t.levels == std::vector<int>{0, 1, 1, 2});
  CHECK(t.rows[1][0] == "\u3000城东区");
  CHECK(t.rows[3][0] == "\u3000\u3000#工业");
}

TEST_CASE("table: a unit written with its label keeps one 单位：, orientation reaches the model",
          "[model]") {
  for (const char* unit : {"单位：%", "单位: %", "单位：亿元，%", "%"}) {
    INFO(unit);
    auto spec = test::parse_yaml(std::string(R"(document: {title: 标题, date: 2025-11-20}
body:
  - table: {data: d, orientation: landscape, unit: ")") +
                                 unit + R"(", columns: [{header: 指标, column: 地区}]}
)");
    const auto doc = model::build_document(spec, districts());
    const auto& t = table_of(doc);
    CHECK(t.unit ==
          (std::string(unit).find("亿元") != std::string::npos ? "单位：亿元，%" : "单位：%"));
    CHECK(t.orientation == vocab::Orientation::landscape);
  }
}

TEST_CASE("table: rows, sort and highlight choose and order the rows", "[model]") {
  auto spec = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - table:
      data: d
      rows: [城西区, 城东区, 全市]
      sort: {column: 产值, order: ascending}
      highlight: 城西区
      columns: [{column: 地区}, {column: 产值}]
)");
  const auto doc = model::build_document(spec, districts());
  const auto& t = table_of(doc);
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0][0] == "城东区");
  CHECK(t.rows[1][0] == "城西区");
  CHECK(t.rows[2][0] == "全市");
  CHECK(t.highlight == std::optional<std::size_t>(1));
}

TEST_CASE("table: sort is refused when rows lie under a total, by level column or indentation",
          "[model]") {
  auto by_column = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - table:
      data: d
      level: 层级
      sort: {column: 产值}
      columns: [{column: 地区}, {column: 产值}]
)");
  CHECK(first_error(by_column, districts()) ==
        "test.yaml:6:22: error: 'sort' would move the rows under a total away from it: row "
        "'城东区' (d.csv:3) is of level 1\n  hint: sort a table whose rows are all of one level, "
        "or leave 'sort' out and order the rows in the data or with rows: [...]");
  auto set = districts();
  auto t = data::parse_csv("地区,产值\n全市,3\n\u3000\u3000其中：城东区,1\n", "i.csv");
  t.name = "d";
  set.tables = {t};
  auto indented = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - table: {data: d, sort: {column: 产值}, columns: [{column: 地区}, {column: 产值}]}
)");
  CHECK(first_error(indented, set)
            .rfind("test.yaml:3:37: error: 'sort' would move the rows under "
                   "a total away from it: row '其中：城东区' (i.csv:3)",
                   0) == 0);
}

TEST_CASE("table errors: a non-figure under decimals, a skipped level, an unknown row", "[model]") {
  auto decimals = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - table:
      data: d
      columns: [{column: 地区}, {column: 增速, decimals: 1}]
)");
  // A text cell among figures in a column with decimals is refused at its data cell.
  auto set = districts();
  auto t = data::parse_csv("地区,增速\n全市,高\n", "e.csv");
  t.name = "d";
  set.tables = {t};
  CHECK(first_error(decimals, set) ==
        "e.csv:2:4: error: value '高' in column '增速' is not a figure, and the table prints "
        "the column with 1 decimals\n  hint: tabled at test.yaml:5; fix the cell, or leave it "
        "empty to print —");

  auto skip = districts();
  auto s = data::parse_csv("地区,层级,产值\n全市,0,1\n#工业,2,2\n", "s.csv");
  s.name = "d";
  skip.tables = {s};
  auto levels = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - table: {data: d, level: 层级, columns: [{column: 地区}, {column: 产值}]}
)");
  CHECK(first_error(levels, skip)
            .rfind("s.csv:3: error: row '#工业' is at level 2 under a row at level 0", 0) == 0);

  auto rows = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - table: {data: d, rows: [北区], columns: [{column: 地区}]}
)");
  CHECK(first_error(rows, districts())
            .rfind("test.yaml:3:28: error: no row '北区' in 'd' to "
                   "table",
                   0) == 0);
}

TEST_CASE("table spec errors: a group with no columns or naming none, groups nested too deep",
          "[spec]") {
  std::vector<std::string> errors;
  try {
    test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - table:
      data: d
      columns:
        - {column: 地区}
        - group: 10月
        - group: 空
          columns: []
        - group: 外
          columns:
            - group: 中
              columns:
                - group: 内
                  columns: [{column: 产值}]
)",
                     "g.yaml");
  } catch (const core::UserError& e) {
    for (const auto& d : e.diagnostics()) errors.push_back(core::format_diagnostic(d));
  }
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].rfind("g.yaml:7:11: error: a header group has no 'columns'", 0) == 0);
  CHECK(errors[1].rfind("g.yaml:9:20: error: a header group's 'columns' must name columns", 0) ==
        0);
  CHECK(errors[2].rfind("g.yaml:14:19: error: header groups nest too deep: a table's header has "
                        "at most 3 rows",
                        0) == 0);
}
