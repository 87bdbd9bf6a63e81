// tests/data: what statistics offices send: GBK files, full-width digits, thousands
// separators, revised figures, inline tables, and cells that are not figures.
#include <catch2/catch.hpp>
#include <fstream>

#include "core/diagnostic.hpp"
#include "data/csv.hpp"
#include "data/encoding.hpp"
#include "data/load_indicators.hpp"
#include "data/number.hpp"
#include "support.hpp"

using namespace jb;

namespace {

// "地区,增加值\n海曙区,1234.5\n" in GB18030 (GBK) bytes.
const std::string gbk_csv =
    "\xB5\xD8\xC7\xF8,\xD4\xF6\xBC\xD3\xD6\xB5\n\xBA\xA3\xCA\xEF\xC7\xF8,1234.5\n";

std::string message(const core::UserError& e) {
  return core::format_diagnostic(e.diagnostics()[0]);
}

}  // namespace

TEST_CASE("GBK files are read when declared or detected and the log says so", "[data]") {
  std::string note;
  CHECK(data::decode_text(gbk_csv, spec::Encoding::detect, "g.csv", &note) ==
        "地区,增加值\n海曙区,1234.5\n");
  CHECK(note.rfind("not valid UTF-8 (byte 0xB5 at line 1): read as GB18030", 0) == 0);
  note.clear();
  CHECK(data::decode_text(gbk_csv, spec::Encoding::gb18030, "g.csv", &note) ==
        "地区,增加值\n海曙区,1234.5\n");
  CHECK(note.empty());
  // UTF-8 stays UTF-8 (with or without BOM), also when it would decode as GB18030 too.
  CHECK(data::decode_text("\xEF\xBB\xBF"
                          "a,b\n宁波,1\n",
                          spec::Encoding::detect, "u.csv", &note) == "a,b\n宁波,1\n");
}

TEST_CASE("a file declared UTF-8 with a bad byte is an error at its line", "[data]") {
  const auto e = test::user_error_of(
      [] { data::decode_text("a,b\n1,2\n" + gbk_csv, spec::Encoding::utf8, "d.csv", nullptr); });
  CHECK(e.code() == core::ExitCode::data_error);
  CHECK(message(e).rfind("d.csv:3: error: invalid UTF-8: byte 0xB5 at offset 8", 0) == 0);
  // Neither UTF-8 nor GB18030 (a lone 0x80 is neither).
  const auto both = test::user_error_of(
      [] { data::decode_text("a,b\n\x80,1\n", spec::Encoding::detect, "x.csv", nullptr); });
  CHECK(message(both).rfind("x.csv:2: error: neither UTF-8", 0) == 0);
}

TEST_CASE("a private-use character of planes 15 and 16 is refused at its line and column",
          "[data]") {
  for (const auto enc : {spec::Encoding::detect, spec::Encoding::utf8}) {
    const auto e = test::user_error_of(
        [&] { data::decode_text("地区,值\n甲区\U000F0003,1\n", enc, "d.csv", nullptr); });
    CHECK(e.code() == core::ExitCode::data_error);
    CHECK(message(e) ==
          "d.csv:2:3: error: the data holds the private-use character U+F0003, which no font "
          "prints\n  hint: leave it out of the data; a symbol font or an export may have put it "
          "there");
  }
  const auto last = test::user_error_of(
      [] { data::decode_text("a\n\U0010FFFD\n", spec::Encoding::detect, "e.csv", nullptr); });
  CHECK(message(last).rfind("e.csv:2:1: error: the data holds the private-use character "
                            "U+10FFFD",
                            0) == 0);
  // The Basic Multilingual Plane's own private-use area and other planes are the shaper's.
  CHECK(data::decode_text("\uE000\U00020000\n", spec::Encoding::detect, "f.csv", nullptr) ==
        "\uE000\U00020000\n");
}

TEST_CASE("cells are normalised: full-width digits, thousands, look-alike marks", "[data]") {
  CHECK(data::normalize_cell("１３５００．５") == "13500.5");
  CHECK(data::normalize_cell("－２．１") == "-2.1");
  CHECK(data::normalize_cell(" 13,500.5 ") == "13500.5");
  CHECK(data::normalize_cell("1,234,567") == "1234567");
  CHECK(data::normalize_cell("1,23") == "1,23");  // not thousands: kept, and refused
  CHECK(data::normalize_cell("海曙区,鄞州区") == "海曙区,鄞州区");  // text keeps its commas
  CHECK(data::normalize_cell("一带・一路") == "一带·一路");
  CHECK(data::normalize_cell("1―10月") == "1—10月");
  CHECK(data::normalize_cell("\u3000宁波\u3000") == "宁波");
  const auto t = data::parse_csv("a,b\n\"１，２３４\",x\n", "d.csv");
  CHECK(t.rows[0].cells[0] == "1234");
}

TEST_CASE("a figure is a plain decimal: NaN, inf, 1e300, 010 and 16 digits are refused", "[data]") {
  for (const char* good : {"13500", "-2.1", "+5.0", "0.35", "0", "999999999999999"})
    CHECK(data::parse_number(good));
  std::string why;
  for (const char* bad : {"NaN", "nan", "inf", "-inf", "1e300", "1E5", "0x10", "010", "1.", ".5",
                          "-", "", "1 000", "1,000", "1234567890123456", "5%"}) {
    INFO(bad);
    CHECK_FALSE(data::parse_number(bad, &why));
    CHECK_FALSE(why.empty());
  }
  data::parse_number("1e300", &why);
  CHECK(why == "exponents (1e300) are not figures a briefing prints");
}

TEST_CASE("a 10 MB field is refused at its line, not read into the document", "[data]") {
  const std::string csv = "a,b\n1,2\n3," + std::string(10 << 20, 'x') + "\n";
  const auto e = test::user_error_of([&] { data::parse_csv(csv, "big.csv"); });
  CHECK(message(e).rfind("big.csv:3: error: field 2 holds 10485760 bytes (at most 64 KiB)", 0) ==
        0);
}

TEST_CASE("inline tables and revised figures", "[data]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "gdp.csv") << "period,gdp,gdp_revised\n2022,100,\n2023,110,112\n";
  const std::string base = "document: {title: t, date: 2025-11-20}\nbody: [page_break]\ndata:\n";
  const auto spec =
      test::parse_yaml(base + "  first: {file: " + (tmp.path() / "gdp.csv").string() +
                       ", revised: {gdp: gdp_revised}}\n"
                       "  revised: {file: " +
                       (tmp.path() / "gdp.csv").string() +
                       ", revised: {gdp: gdp_revised}, use: revised}\n"
                       "  targets:\n    columns: [indicator, target]\n"
                       "    rows:\n      - [地区生产总值, 5.0]\n      - [居民收入, ~]\n");
  const auto data = data::load_indicators(spec);
  CHECK(data.find("first")->find_row("2023")->cells[1] == "110");
  CHECK(data.find("revised")->find_row("2023")->cells[1] == "112");
  CHECK(data.find("revised")->find_row("2022")->cells[1] == "100");  // no revision: kept
  CHECK(data.find("revised")->notes.at(0) == "gdp: 1 revised value(s) from gdp_revised");
  const auto* targets = data.find("targets");
  REQUIRE(targets);
  CHECK(targets->find_row("地区生产总值")->cells[1] == "5.0");
  CHECK(targets->find_row("居民收入")->cells[1].empty());
  CHECK(targets->location(*targets->find_row("居民收入")).line == 10);

  const auto bad = test::parse_yaml(base + "  t:\n    columns: [a, b]\n    rows:\n      - [1]\n");
  const auto e = test::user_error_of([&] { data::load_indicators(bad); });
  CHECK(e.code() == core::ExitCode::invalid_spec);
  CHECK(message(e).rfind("test.yaml:7:10: error: row has 1 cells, 'columns' has 2", 0) == 0);
}
