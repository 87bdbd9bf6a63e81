// tests/data: a monthly 简况 table as Excel on a Chinese Windows exports it (GBK, CRLF, a title row
// above the header, a 其中 row indented with U+3000, a blank cell, 注 rows and blank rows at the
// foot), rendered through the binary: the notes never become table rows or chart categories.
#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace jb;

namespace {

const std::string bin = test::jianbao;
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

const std::string excel_csv =
    "2025年1—10月主要经济指标,,\r\n"
    "指标,绝对值,增速\r\n"
    "地区生产总值,13500,5.0\r\n"
    "\u3000\u3000其中：工业增加值,6000,6.1%\r\n"
    "一般公共预算收入,,－1.5\r\n"
    "进出口总额,—,3.2\r\n"
    ",,\r\n"
    "注：增速为同比增长（%）。,,\r\n"
    "资料来源：市统计局。,,\r\n"
    ",,\r\n"
    ",,\r\n";

std::string spec_text(const std::string& table_extra) {
  return "document: {title: 主要经济指标简况, date: 2025-11-20}\n"
         "data:\n  m: m.csv\n"
         "body:\n"
         "  - paragraph: 1—10月工业增加值增长{{ m.其中：工业增加值.增速 | percent }}。\n"
         "  - table:\n      data: m\n      caption: 主要指标\n" +
         table_extra +
         "      columns:\n        - {header: 指标, column: 指标}\n"
         "        - {header: 绝对值（亿元）, column: 绝对值, align: right}\n"
         "        - {header: 增速（%）, column: 增速, align: right}\n"
         "  - chart:\n      type: hbar\n      data: m\n      x: 指标\n"
         "      series: [{column: 增速, name: 增速, unit: \"%\"}]\n";
}

struct Run {
  test::CommandResult result;
  std::string text;  // pdftotext of the PDF
};

Run render(const test::TempDir& tmp, const std::string& yaml) {
  std::ofstream(tmp.path() / "s.yaml") << yaml;
  { std::ofstream(tmp.path() / "m.utf8.csv", std::ios::binary) << excel_csv; }
  REQUIRE(test::run("iconv -f UTF-8 -t GBK " + q(tmp.path() / "m.utf8.csv") + " > " +
                    q(tmp.path() / "m.csv"))
              .exit_code == 0);
  Run r;
  r.result =
      test::run(bin + " render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  r.text = test::run("pdftotext -enc UTF-8 " + q(tmp.path() / "out/s.pdf") + " -").out;
  return r;
}

}  // namespace

TEST_CASE("an Excel export in GBK renders, its notes are no table row or chart category",
          "[data][e2e]") {
  test::TempDir tmp;
  const std::string csv = (tmp.path() / "m.csv").string();
  const Run r = render(tmp, spec_text(""));
  INFO(r.result.err);
  REQUIRE(r.result.exit_code == 0);
  // The title row is set aside with a warning that names it; the log says what else was.
  CHECK(r.result.err.find(csv +
                          ":1:1: warning: line 1 ('2025年1—10月主要经济指标') is a title above "
                          "the header (line 2): set aside") != std::string::npos);
  CHECK(r.result.err.find("read as GB18030") != std::string::npos);
  CHECK(
      r.result.err.find("2 note row(s) at the foot set aside as the table's notes (lines 8, 9)") !=
      std::string::npos);
  const std::string text = test::strip_whitespace(r.text);
  CHECK(text.find("1—10月工业增加值增长6.1%。") != std::string::npos);
  CHECK(text.find("其中：工业增加值") != std::string::npos);
  CHECK(text.find("进出口总额—3.2") != std::string::npos);         // — is a missing value
  CHECK(text.find("一般公共预算收入—-1.5") != std::string::npos);  // a blank cell, －1.5
  // No 注 or 资料来源 anywhere: not as a table row (注…——), not as a chart category.
  CHECK(text.find("注") == std::string::npos);
  CHECK(text.find("资料来源") == std::string::npos);
  CHECK(text.find("主要经济指标简况") != std::string::npos);
}

TEST_CASE("a table block prints its data's notes with notes: from_data", "[data][e2e]") {
  test::TempDir tmp;
  const Run r = render(tmp, spec_text("      note: 本表为示例。\n      notes: from_data\n"));
  INFO(r.result.err);
  REQUIRE(r.result.exit_code == 0);
  const std::string text = test::strip_whitespace(r.text);
  // The data's 注 row is the table's note list (注：…, its own 注： not printed twice); its
  // 资料来源 row follows the spec's note.
  CHECK(text.find("注：增速为同比增长（%）。本表为示例。资料来源：市统计局。") !=
        std::string::npos);
  // Once, as the table's note, not as rows.
  CHECK(text.find("注：") == text.rfind("注："));
}
