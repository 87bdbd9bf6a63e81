// tests/spec: the keys of a burst's per-entity data (key, from, where, entity, pivot), read into
// the spec, and each mistake refused at its line and column.
#include <catch2/catch.hpp>

#include "core/diagnostic.hpp"
#include "support.hpp"

using namespace jb;

namespace {

const std::string head =
    "document: {title: t, date: 2026-01-12}\n"
    "each: {data: d}\n"
    "data:\n"
    "  d: {columns: [name], rows: [[甲]]}\n";  // lines 1-4

// The first error's first line, for a spec of head + `rest`.
std::string first_error(const std::string& rest) {
  const auto e = test::user_error_of([&] { test::parse_yaml(head + rest, "k.yaml"); });
  REQUIRE(!e.diagnostics().empty());
  const std::string s = core::format_diagnostic(e.diagnostics().front());
  return s.substr(0, s.find('\n'));
}

}  // namespace

TEST_CASE("entity keys: a long table, a view and a chart's filter are read", "[spec][entity]") {
  const auto spec = test::parse_yaml(
      head +
      "  long: {file: data/x.csv, key: [name, period]}\n"
      "  own: {from: long, where: this, entity: name,\n"
      "        pivot: {rows: period, columns: indicator, value: value}}\n"
      "body:\n"
      "  - chart: {data: long, where: this, x: period, series: [{column: gdp}]}\n"
      "  - table: {data: long, pivot: {rows: a, columns: b, value: c}, columns: [{column: a}]}\n");
  REQUIRE(spec.data.size() == 3);
  CHECK(spec.data[1].key == std::vector<std::string>{"name", "period"});
  CHECK(!spec.data[1].is_view());
  const auto& own = spec.data[2];
  CHECK(own.is_view());
  CHECK(own.from == "long");
  CHECK(own.filter.this_only);
  CHECK(own.filter.entity == "name");
  REQUIRE(own.filter.pivot);
  CHECK(own.filter.pivot->columns == "indicator");
  const auto& chart = std::get<spec::ChartBlock>(spec.blocks.at(0).content);
  CHECK(chart.filter.this_only);
  CHECK(!chart.filter.pivot);
  const auto& table = std::get<spec::TableBlock>(spec.blocks.at(1).content);
  CHECK(!table.filter.this_only);
  REQUIRE(table.filter.pivot);
  CHECK(table.filter.pivot->value == "c");
}

TEST_CASE("entity keys: each mistake is an error at its place", "[spec][entity]") {
  const std::string body = "body:\n  - paragraph: x\n";
  CHECK(first_error("  v: {from: d, where: that}\n" + body) ==
        "k.yaml:5:23: error: unknown where 'that' (expected this)");
  CHECK(first_error("  v: {from: d, pivot: {rows: a, columns: b}}\n" + body) ==
        "k.yaml:5:23: error: 'pivot' needs 'rows', 'columns' and 'value'");
  // A misspelt key (a warning here, lenient) leaves the pivot without it.
  CHECK(first_error("  v: {from: d, pivot: {rows: a, column: b, value: c}}\n" + body) ==
        "k.yaml:5:23: error: 'pivot' needs 'rows', 'columns' and 'value'");
  CHECK(first_error("  v: {from: d, entity: name}\n" + body) ==
        "k.yaml:5:24: error: 'entity' names the column 'where: this' keeps the rows of");
  CHECK(first_error("  v: {from: d}\n" + body) ==
        "k.yaml:5:6: error: the view 'v' needs 'where: this' or 'pivot'");
  CHECK(first_error("  v: {from: d, where: this, file: x.csv}\n" + body) ==
        "k.yaml:5:29: error: a view ('from:') reads no file of its own: 'file' is for its table");
  CHECK(first_error("  v: {file: data/x.csv, where: this}\n" + body) ==
        "k.yaml:5:25: error: 'where' is for a view of a table ('from:'), a table or a chart");
  CHECK(first_error("  v: {file: data/x.csv, key: []}\n" + body) ==
        "k.yaml:5:30: error: 'key' must list the columns that together name a row");
  CHECK(first_error("  v: {file: data/x.csv, key: [a, b], revised: rows}\n" + body) ==
        "k.yaml:5:30: error: 'key' and 'revised: rows' cannot be used together");
  CHECK(first_error("body:\n  - table: {data: d, entity: name, columns: [{column: name}]}\n") ==
        "k.yaml:6:30: error: 'entity' names the column 'where: this' keeps the rows of");
  CHECK(first_error("body:\n  - chart: {data: d, x: name, where: all, series: [{column: v}]}\n") ==
        "k.yaml:6:38: error: unknown where 'all' (expected this)");
}
