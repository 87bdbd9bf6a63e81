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
