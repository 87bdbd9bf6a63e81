// tests/data: a long table's key (key: [district, period]) as it loads: each of its cells given
// on every row (a merged cell of a spreadsheet leaves them blank), and a key of one column.
#include <catch2/catch.hpp>
#include <fstream>

#include "core/diagnostic.hpp"
#include "data/load_indicators.hpp"
#include "support.hpp"

using namespace jb;

namespace {

// Every diagnostic of the error, formatted, one a line.
std::string messages(const core::UserError& e) {
  std::string all;
  for (const auto& d : e.diagnostics()) all += core::format_diagnostic(d) + "\n";
  return all;
}

// Loads `csv` (written to t.csv) through a spec whose data entry is `entry` (FILE stands for the
// file's path).
core::UserError load_error(const test::TempDir& tmp, const std::string& csv,
                           const std::string& entry) {
  std::ofstream(tmp.path() / "t.csv", std::ios::binary) << csv;
  std::string e = entry;
  e.replace(e.find("FILE"), 4, (tmp.path() / "t.csv").string());
  const auto spec = test::parse_yaml("document: {title: t, date: 2025-11-20}\ndata:\n  t: " + e +
                                     "\nbody: [page_break]\n");
  return test::user_error_of([&] { data::load_indicators(spec); });
}

const std::string merged_hint =
    "  hint: each row of a long table names its own district; a spreadsheet exports a merged "
    "cell as text on its first row only: fill it in on every row before saving as CSV\n";

}  // namespace

TEST_CASE("long table: an empty cell of the key is an error at the cell", "[data][entity]") {
  test::TempDir tmp;
  const std::string file = (tmp.path() / "t.csv").string();
  // As Excel saves a district merged over its periods: the district on its first row only.
  const auto e = load_error(tmp,
                            "district,period,gdp\n"
                            "甲区,2024,1.5\n"
                            ",2025,1.7\n"
                            "乙区,2024,2.5\n"
                            ",2025,2.7\n",
                            "{file: FILE, key: [district, period]}");
  CHECK(e.code() == core::ExitCode::data_error);
  CHECK(messages(e) ==
        file + ":3:1: error: row has no 'district' (a column of the key)\n" + merged_hint + file +
            ":5:1: error: row has no 'district' (a column of the key)\n" + merged_hint);
  // A cell of blanks is as empty (ASCII blanks, quoted or not, and the ideographic space), in
  // any column of the key.
  const auto b = load_error(tmp,
                            "district,period,gdp\n"
                            "甲区,2024,1.5\n"
                            "甲区,  ,1.7\n"
                            "\"  \",2024,2.5\n"
                            "\u3000,2025,2.7\n",
                            "{file: FILE, key: [district, period]}");
  const std::string all = messages(b);
  CHECK(all.find(file + ":3:4: error: row has no 'period' (a column of the key)\n") !=
        std::string::npos);
  CHECK(all.find(file + ":4:1: error: row has no 'district' (a column of the key)\n") !=
        std::string::npos);
  CHECK(all.find(file + ":5:1: error: row has no 'district' (a column of the key)\n") !=
        std::string::npos);
  CHECK(b.diagnostics().size() == 3);
}

TEST_CASE("long table: an empty key cell of an inline table is the spec's error at the cell",
          "[data][entity]") {
  const auto e = test::user_error_of([] {
    data::load_indicators(
        test::parse_yaml("document: {title: t, date: 2025-11-20}\n"
                         "data:\n"
                         "  t:\n"
                         "    columns: [district, period, gdp]\n"
                         "    key: [district, period]\n"
                         "    rows:\n"
                         "      - [甲区, 2024, 1.5]\n"
                         "      - ['', 2025, 1.7]\n"
                         "body: [page_break]\n"));
  });
  CHECK(e.code() == core::ExitCode::invalid_spec);
  CHECK(messages(e) ==
        "test.yaml:8:10: error: row has no 'district' (a column of the key)\n" + merged_hint);
}

namespace {

// The first error of a spec whose data section is `data`, as its first line.
std::string spec_error(const std::string& data) {
  const auto e = test::user_error_of([&] {
    test::parse_yaml("document: {title: t, date: 2025-11-20}\ndata:\n" + data +
                     "body: [page_break]\n");
  });
  CHECK(e.code() == core::ExitCode::invalid_spec);
  REQUIRE(!e.diagnostics().empty());
  const std::string s = core::format_diagnostic(e.diagnostics().front());
  return s.substr(0, s.find('\n'));
}

}  // namespace

TEST_CASE("long table: a key of one column is refused at the key", "[data][spec][entity]") {
  // The first column: every table is keyed by it without key:, its duplicates found.
  const auto first = test::user_error_of([] {
    test::parse_yaml(
        "document: {title: t, date: 2025-11-20}\ndata:\n"
        "  t: {columns: [period, gdp], key: [period], rows: [[2024, 1], [2024, 2]]}\n"
        "body: [page_break]\n");
  });
  CHECK(core::format_diagnostic(first.diagnostics().at(0)) ==
        "test.yaml:3:36: error: 'key' names one column: a long table's key has two or more\n"
        "  hint: a table without 'key' is keyed by its first column, each key on one row; key: "
        "[district, period] holds one row for each district and period");
  // Another column: its rows' first cells, which a placeholder reads them by, went unchecked
  // ({{ t.甲.gdp }} took the first of two 甲 rows).
  CHECK(spec_error("  t: {file: t.csv, key: [code]}\n") ==
        "test.yaml:3:25: error: 'key' names one column: a long table's key has two or more");
  CHECK(spec_error("  t: {file: t.csv, key: code}\n") ==
        "test.yaml:3:25: error: 'key' must list the columns that together name a row");
  // A column named twice is one column too.
  CHECK(spec_error("  t: {file: t.csv, key: [district, district]}\n") ==
        "test.yaml:3:36: error: 'key' names column 'district' twice");
  CHECK(spec_error("  t: {file: t.csv, key: [district, period, district]}\n") ==
        "test.yaml:3:44: error: 'key' names column 'district' twice");
}

TEST_CASE("long table: without key the first column's duplicates and spellings are errors",
          "[data][entity]") {
  // What a one-column key gave up: the table keyed by its first column, as every table is.
  test::TempDir tmp;
  const std::string file = (tmp.path() / "t.csv").string();
  const auto e = load_error(tmp, "period,gdp\n2025M1-9,1\n2025年1—9月,2\n", "FILE");
  CHECK(messages(e).rfind(
            file + ":3:1: error: '2025年1—9月' is the same period as '2025M1-9' (line 2)\n", 0) ==
        0);
}
