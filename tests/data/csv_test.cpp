// tests/data: CSV edge cases and their error locations.
#include "data/csv.hpp"

#include <catch2/catch.hpp>

#include "core/diagnostic.hpp"
#include "data/load_indicators.hpp"
#include "data/period.hpp"
#include "support.hpp"

using namespace jb;

namespace {
std::string first_error(const std::string& csv) {
  try {
    data::parse_csv(csv, "d.csv");
  } catch (const core::UserError& e) {
    CHECK(e.code() == core::ExitCode::data_error);
    return core::format_diagnostic(e.diagnostics().front());
  }
  return "no error";
}
}  // namespace

TEST_CASE("CSV: BOM + CRLF + CR and LF line ends all read the same", "[data]") {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    const std::string text =
        "\xEF\xBB\xBF"
        "period,value" +
        eol + "2024,1.5" + eol + "2025Q1-3,2" + eol;
    const auto t = data::parse_csv(text, "d.csv");
    REQUIRE(t.columns == std::vector<std::string>{"period", "value"});
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[1].cells[0] == "2025Q1-3");
    CHECK(t.rows[1].line == 3);
  }
}

TEST_CASE("CSV: quoted fields hold commas + quotes and line breaks", "[data]") {
  const auto t =
      data::parse_csv("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n3,,\n", "d.csv");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].cells[0] == "x, y");
  CHECK(t.rows[0].cells[1] == "say \"hi\"");
  CHECK(t.rows[0].cells[2] == "two\nlines");
  CHECK(t.rows[1].line == 4);         // the quoted line break counts
  CHECK(t.rows[1].cells[1].empty());  // a missing value stays empty, never 0
}

TEST_CASE("CSV: trailing blank lines and surrounding blanks are ignored", "[data]") {
  const auto t = data::parse_csv("a,b\n 1 , 2\n\n\n", "d.csv");
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0].cells[0] == "1");
}

TEST_CASE("CSV errors name the file and line", "[data]") {
  CHECK(first_error("a,b\n1,2\n3\n") == "d.csv:3: error: row has 1 fields, the header has 2");
  // A comma typed inside a value: the hint says how to keep it.
  CHECK(first_error("a,b\n城东区,1,234\n") ==
        "d.csv:2: error: row has 3 fields, the header has 2\n  hint: a comma inside a value "
        "splits it: write the value in double quotes (\"1,234.5\", \"城东区, 城西区\") or the "
        "comma full-width (，)");
  CHECK(first_error("a,b\n1,\"2\n3,4\n") ==
        "d.csv:2: error: a quoted field is never closed (missing '\"')");
  CHECK(first_error("a,b\n1,\"2\"x\n") ==
        "d.csv:2: error: unexpected text after a closing quote\n  hint: a quote inside a quoted "
        "field is written twice: \"\"");
  CHECK(first_error("a,a\n1,2\n")
            .rfind("d.csv:1:3: error: duplicate column name 'a' in the header row\n  hint: a "
                   "placeholder "
                   "could not tell which column it means",
                   0) == 0);
  CHECK(
      first_error("a,\n1,2\n") ==
      "d.csv:1:3: error: column 2 has no name in the header row\n  hint: if the header is not the "
      "first row, the spec's data section says where: header_row: N");
  CHECK(first_error("") == "d.csv:1: error: the file is empty (expected a header row)");
  CHECK(first_error("a,b\n1,2\n\xC4\xFE,3\n").rfind("d.csv:3: error: invalid UTF-8", 0) == 0);
}

TEST_CASE("periods: full years and partial ones", "[data]") {
  CHECK(data::parse_period("2024")->label_zh() == "2024年");
  CHECK_FALSE(data::parse_period("2024")->partial());
  CHECK(data::parse_period("2025Q1-3")->label_zh() == "2025年前三季度");
  CHECK(data::parse_period("2025Q1-3")->partial());
  CHECK(data::parse_period("2025Q1-2")->label_zh() == "2025年上半年");
  CHECK(data::parse_period("2025Q2")->label_zh() == "2025年二季度");
  CHECK_FALSE(data::parse_period("2025Q3-1"));
  CHECK_FALSE(data::parse_period("25"));
  CHECK_FALSE(data::parse_period("2025年度"));
  // Months, a month's end, and the Chinese forms of all of them.
  CHECK(data::parse_period("2025M1-9")->label_zh() == "2025年1—9月");
  CHECK(data::parse_period("2025M9")->label_zh() == "2025年9月");
  CHECK(data::parse_period("2025M9E")->label_zh() == "2025年9月末");
  CHECK_FALSE(data::parse_period("2025M1-12")->partial());
  CHECK_FALSE(data::parse_period("2025M13"));
  CHECK_FALSE(data::parse_period("2025M09"));
  CHECK(data::parse_period("2025年")->label_zh() == "2025年");
  CHECK(data::parse_period("2025年前三季度")->label_zh() == "2025年前三季度");
  CHECK(data::parse_period("2025年1—10月")->label_zh() == "2025年1—10月");
  CHECK(data::parse_period("2025年1-10月")->label_zh() == "2025年1—10月");
  CHECK(data::parse_period("2025年9月末")->kind == data::Period::Kind::month_end);
  CHECK(data::parse_period("2025年上半年")->label_zh() == "2025年上半年");
  CHECK_FALSE(data::parse_period("2025年13月"));
}

TEST_CASE("a data file that cannot be read is exit code 66 at the spec's line", "[data]") {
  const auto spec = test::parse_yaml(
      "document: {title: t, date: 2025-11-20}\n"
      "data:\n  gdp: data/ningbo/gdp.csv\n  nope: data/none.csv\n"
      "body: [page_break]\n");
  {
    const core::UserError e = test::user_error_of([&] { data::load_indicators(spec); });
    CHECK(e.code() == core::ExitCode::missing_input);
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(core::format_diagnostic(e.diagnostics()[0])
              .rfind("test.yaml:4:9: error: cannot open '", 0) == 0);
  }
}
