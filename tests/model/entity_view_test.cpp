// tests/model: a burst's reports each read their own rows of a long table (where: this), pivoted
// (pivot:) into the wide shape; the long table's compound key (key:) checked as it loads.
#include <catch2/catch.hpp>

#include "core/diagnostic.hpp"
#include "data/load_indicators.hpp"
#include "model/build_document.hpp"
#include "support.hpp"

using namespace jb;

namespace {

// Line 1 is the document; the long table's rows are on lines 8 to 13.
const std::string head =
    "document: {title: '{{ d.this.name }}', date: 2026-01-12}\n"  // 1
    "each: {data: d}\n"                                           // 2
    "data:\n"                                                     // 3
    "  d: {columns: [name], rows: [[甲], [乙], [丙]]}\n"          // 4
    "  long:\n"                                                   // 5
    "    columns: [name, period, indicator, value]\n"             // 6
    "    rows:\n"                                                 // 7
    "      - [甲, 2024, gdp, 100.5]\n"                            // 8
    "      - [甲, 2024, growth, 5.1]\n"                           // 9
    "      - [甲, 2025, gdp, 110.2]\n"                            // 10
    "      - [乙, 2024, gdp, 200.1]\n"                            // 11
    "      - [乙, 2025, gdp, 210.3]\n"                            // 12
    "      - [乙, 2025, growth, 4.9]\n";                          // 13

const std::string keyed = "    key: [name, period, indicator]\n";  // line 14
const std::string pivot = "pivot: {rows: period, columns: indicator, value: value}";

// `s` with its first `from` replaced by `to`.
std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

std::string with_body(const std::string& data, const std::string& body) {
  return head + keyed + data + "body:\n" + body;
}

model::Document build(const std::string& yaml, const std::string& entity) {
  const auto spec = test::parse_yaml(yaml, "e.yaml");
  const auto data = data::load_indicators(spec);
  return model::build_document(spec, data, entity);
}

std::string first_error(const std::string& yaml, const std::string& entity) {
  const auto e = test::user_error_of([&] { build(yaml, entity); });
  REQUIRE(!e.diagnostics().empty());
  const std::string s = core::format_diagnostic(e.diagnostics().front());
  return s.substr(0, s.find('\n'));
}

const model::Table& table_of(const model::Document& doc) {
  for (const auto& b : doc.blocks)
    if (const auto* t = std::get_if<model::Table>(&b)) return *t;
  FAIL("no table");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("entity: a table with where: this and pivot lists only the report's own rows",
          "[model][entity]") {
  const std::string yaml =
      with_body("", "  - table: {data: long, where: this, " + pivot +
                        ", columns: [{column: period}, {column: gdp}, {column: growth}]}\n");
  const auto a = table_of(build(yaml, "甲"));
  CHECK(a.rows ==
        std::vector<std::vector<std::string>>{{"2024", "100.5", "5.1"}, {"2025", "110.2", "—"}});
  // Each cell's row is its first data row's, in the spec (an inline table).
  CHECK(a.row_where.at(1).line == 10);
  const auto b = table_of(build(yaml, "乙"));
  CHECK(b.rows ==
        std::vector<std::vector<std::string>>{{"2024", "200.1", "—"}, {"2025", "210.3", "4.9"}});
}

TEST_CASE("entity: a chart of the report's own series has gaps, never zeros, where none is",
          "[model][entity]") {
  const std::string yaml =
      with_body("", "  - chart: {type: line, data: long, where: this, " + pivot +
                        ", x: period, series: [{column: gdp}, {column: growth}]}\n");
  const auto doc = build(yaml, "甲");
  REQUIRE(doc.charts.size() == 1);
  const auto& c = doc.charts[0];
  CHECK(c.categories == std::vector<std::string>{"2024", "2025"});
  CHECK(c.series.at(0).labels == std::vector<std::string>{"100.5", "110.2"});
  CHECK(c.series.at(1).values.at(0) == Approx(5.1));
  CHECK(!c.series.at(1).values.at(1).has_value());
}

TEST_CASE("entity: a view (from:) gives prose the report's own figures by period",
          "[model][entity]") {
  const std::string yaml =
      with_body("  own: {from: long, where: this, " + pivot + "}\n",
                "  - paragraph: '{{ d.this.name }}{{ own.2025.gdp }}，{{ own.last.period }}'\n");
  const auto doc = build(yaml, "乙");
  CHECK(std::get<model::Paragraph>(doc.blocks.at(0)).text == "乙210.3，2025");
  CHECK(std::get<model::Paragraph>(build(yaml, "甲").blocks.at(0)).text == "甲110.2，2025");
}

TEST_CASE("entity: where: this alone keeps the rows, keyed by the rest of the key",
          "[model][entity]") {
  // A long table of wide rows: district, year, figures; its view is keyed by year.
  const std::string yaml =
      "document: {title: t, date: 2026-01-12}\n"
      "each: {data: d, key: district}\n"
      "data:\n"
      "  d: {columns: [district], rows: [[甲], [乙]]}\n"
      "  g: {columns: [year, district, gdp], key: [district, year],\n"
      "      rows: [[2024, 甲, 1.5], [2024, 乙, 2.5], [2025, 甲, 1.7], [2025, 乙, 2.7]]}\n"
      "  own: {from: g, where: this}\n"
      "body:\n"
      "  - paragraph: '{{ own.2025.gdp }}'\n"
      "  - table: {data: g, where: this, columns: [{column: year}, {column: gdp}, "
      "{column: district}]}\n";
  const auto doc = build(yaml, "乙");
  CHECK(std::get<model::Paragraph>(doc.blocks.at(0)).text == "2.7");
  CHECK(table_of(doc).rows ==
        std::vector<std::vector<std::string>>{{"2024", "2.5", "乙"}, {"2025", "2.7", "乙"}});
}

TEST_CASE("entity: a long table's key is checked on its columns together", "[data][entity]") {
  const std::string yaml = replaced(with_body("", "  - paragraph: x\n"), "[乙, 2025, growth, 4.9]",
                                    "[乙, 2025, gdp, 9.9]");
  const auto spec = test::parse_yaml(yaml, "e.yaml");
  const auto e = test::user_error_of([&] { data::load_indicators(spec); });
  CHECK(e.code() == core::ExitCode::invalid_spec);  // the spec's own table
  const std::string s = core::format_diagnostic(e.diagnostics().at(0));
  CHECK(s.substr(0, s.find('\n')) ==
        "e.yaml:13:10: error: duplicate key (name, period, indicator) '乙, 2025, gdp' (line 12)");
  // Without key: the first column's repeats are duplicates, as for every table.
  std::string plain = head + "body:\n  - paragraph: x\n";
  const auto p = test::user_error_of([&] { data::load_indicators(test::parse_yaml(plain)); });
  CHECK(core::format_diagnostic(p.diagnostics().at(0)).find("duplicate key '甲'") !=
        std::string::npos);
}

TEST_CASE("entity: two rows of one combination are an error of pivot at the second",
          "[model][entity]") {
  // No key: the rows are unique by their first column only, and pivot finds the pair.
  const std::string yaml =
      "document: {title: t, date: 2026-01-12}\n"
      "each: {data: d}\n"
      "data:\n"
      "  d: {columns: [name], rows: [[甲]]}\n"
      "  l: {columns: [id, name, period, indicator, value],\n"
      "      rows: [[1, 甲, 2024, gdp, 1.5],\n"
      "             [2, 甲, 2024, gdp, 1.6]]}\n"
      "body:\n"
      "  - table: {data: l, where: this, " +
      pivot + ", columns: [{column: period}, {column: gdp}]}\n";
  CHECK(first_error(yaml, "甲") ==
        "e.yaml:7:32: error: a second row for period '2024' and indicator 'gdp' in 'l' (line 6)");
}

TEST_CASE("entity: where: this without its entity is a located error", "[model][entity]") {
  const std::string table =
      "  - table: {data: long, where: this, columns: [{column: period}]}\n";  // line 16
  // The entity has no rows.
  CHECK(first_error(with_body("", table), "丙") ==
        "e.yaml:16:32: error: 'long' has no rows for this report's '丙' in column 'name'");
  // No column names the entity, and the spec does not say which.
  const std::string no_column = replaced(
      replaced(replaced(with_body("", table), "each: {data: d}", "each: {data: d, key: district}"),
               "[name]", "[district]"),
      "'{{ d.this.name }}'", "t");
  CHECK(first_error(no_column, "甲") ==
        "e.yaml:16:32: error: 'where: this' does not know which column of 'long' names the "
        "report's entity: it has no column 'district' (each's key)");
  const std::string named = replaced(no_column, "where: this,", "where: this, entity: nme,");
  CHECK(first_error(named, "甲") == "e.yaml:16:46: error: no column 'nme' in 'long'");
  CHECK(table_of(build(replaced(named, "nme", "name"), "甲")).rows.size() == 3);
  // A spec that makes one report has no entity.
  const std::string single =
      replaced(replaced(with_body("", table), "each: {data: d}", "# one report"),
               "'{{ d.this.name }}'", "t");
  CHECK(first_error(single, "") ==
        "e.yaml:16:32: error: 'where: this' keeps the report's own rows, and this spec has no "
        "'each'");
}

TEST_CASE("entity: a placeholder cannot read a long table's row by its first cell",
          "[model][entity]") {
  CHECK(first_error(with_body("", "  - paragraph: '{{ long.甲.value }}'\n"), "甲") ==
        "e.yaml:16:17: error: 'long' holds several rows for each 'name' (key: name, period, "
        "indicator): a placeholder reads them through a view");
  CHECK(first_error(with_body("  own: {from: lng, where: this}\n", "  - paragraph: x\n"), "甲") ==
        "e.yaml:15:15: error: the view 'own' reads data 'lng', which the spec does not have "
        "(before it)");
}

TEST_CASE("entity: no expression reads a long table as one: a period's row, an aggregate, exists",
          "[model][entity]") {
  // Each of these took the first of several districts' rows (another report's figures) or added
  // every district's figures up.
  const std::string refused =
      "'long' holds several rows for each 'name' (key: name, period, indicator): a placeholder "
      "reads them through a view";
  CHECK(first_error(with_body("", "  - paragraph: '{{ long[2025].value }}'\n"), "乙") ==
        "e.yaml:16:17: error: " + refused);
  CHECK(first_error(with_body("", "  - paragraph: '{{ sum(long.*.value) }}'\n"), "乙") ==
        "e.yaml:16:17: error: " + refused);
  CHECK(first_error(with_body("", "  - {paragraph: x, when: 'exists(long.甲.value)'}\n"), "乙")
            .find(refused) != std::string::npos);
  // Nor can a table or chart name rows of it.
  CHECK(first_error(with_body("",
                              "  - table: {data: long, rows: [乙], columns: [{column: "
                              "value}]}\n"),
                    "乙") ==
        "e.yaml:16:31: error: 'long' holds several rows for each 'name', so a table's rows "
        "cannot be named");
}

TEST_CASE("entity: pivot makes one row of a period however the data spells it", "[model][entity]") {
  // 乙's 2025 growth is written 2025年: the same year, one row with both of its figures.
  const std::string yaml =
      with_body("", "  - table: {data: long, where: this, " + pivot +
                        ", columns: [{column: period}, {column: gdp}, {column: growth}]}\n");
  const auto b =
      table_of(build(replaced(yaml, "[乙, 2025, growth, 4.9]", "[乙, 2025年, growth, 4.9]"), "乙"));
  CHECK(b.rows ==
        std::vector<std::vector<std::string>>{{"2024", "200.1", "—"}, {"2025", "210.3", "4.9"}});
  // A month and its cumulation are no one period: 2025M1-10 and 2025M10 stay two rows.
  const auto c = table_of(
      build(replaced(replaced(yaml, "[乙, 2025, gdp, 210.3]", "[乙, 2025M1-10, gdp, 210.3]"),
                     "[乙, 2025, growth, 4.9]", "[乙, 2025M10, growth, 4.9]"),
            "乙"));
  CHECK(c.rows.size() == 3);
}
