// tests/e2e: the figures a chart prints itself (a pie's shares, a stacked100 chart's shares, a
// donut's total) are exact from the published digits and add up to 100.0%.
#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace jb;

namespace {

const std::string bin = test::jianbao;
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("shares a chart prints are exact and add up to 100.0%", "[e2e][decimal]") {
  test::TempDir tmp;
  // Thirds: 33.3 + 33.3 + 33.3 is 99.9; the largest remainder gives one of them 33.4.
  // 0.1 + 0.2 against 0.3: in binary floating point 0.1 + 0.2 is not 0.3, here it is 50.0%.
  std::ofstream(tmp.path() / "d.csv") << "年份,甲,乙,丙\n2024,1,1,1\n2025,0.1,0.2,0.3\n";
  std::ofstream(tmp.path() / "s.yaml") << R"(document: {title: 标题, date: 2026-01-12}
data: {d: d.csv}
body:
  - chart:
      type: stacked100
      data: d
      x: 年份
      series: [{column: 甲}, {column: 乙}, {column: 丙}]
  - chart:
      type: donut
      data: d
      x: 年份
      rows: ["2025"]
      series: [{column: 甲}, {column: 乙}, {column: 丙}]
)";
  const auto r =
      test::run(bin + " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string text = test::run("pdftotext " + q(tmp.path() / "out" / "s.pdf") + " -").out;
  INFO(text);
  CHECK(count(text, "33.4%") == 1);
  CHECK(count(text, "33.3%") == 4);              // two thirds of 2024, and 0.2 of 0.6 twice
  CHECK(count(text, "50.0%") == 2);              // 0.3 of 0.6, in the stacked bar and the donut
  CHECK(count(text, "16.7%") == 2);              // 0.1 of 0.6
  CHECK(text.find("0.6") != std::string::npos);  // the donut's total, 0.1 + 0.2 + 0.3
  CHECK(text.find("0.6000") == std::string::npos);
}

TEST_CASE("a table's column of figures prints only figures: 1e300 or 12abc is an error at its cell",
          "[e2e][decimal]") {
  test::TempDir tmp;
  // Used by the table alone, these printed as published with exit 0.
  std::ofstream(tmp.path() / "d.csv")
      << "指标,单位,时期,数值\n甲,亿元,2025年1—10月,12.5\n乙,亿元,2025年1—10月,1e300\n"
         "丙,%,2025M1-10,12abc\n丁,家,2025年,—\n戊,个,2025年,010\n";
  std::ofstream(tmp.path() / "s.yaml") << R"(document: {title: 标题, date: 2026-01-12}
data: {d: d.csv}
body:
  - table:
      data: d
      columns: [{column: 指标}, {column: 单位}, {column: 时期}, {column: 数值, align: right}]
)";
  const std::string d = (tmp.path() / "d.csv").string();
  for (const std::string& verb : {std::string("check"), "render -o " + q(tmp.path() / "out")}) {
    const auto r = test::run(bin + " -q " + verb + " " + q(tmp.path() / "s.yaml"));
    INFO(verb << ": " << r.err);
    CHECK(r.exit_code == 65);
    CHECK(r.err.find(d + ":3:17: error: value '1e300' in column '数值', a column of figures, is "
                         "not a figure: exponents") != std::string::npos);
    CHECK(r.err.find(d + ":4:15: error: value '12abc'") != std::string::npos);
    CHECK(r.err.find(d + ":6:11: error: value '010'") != std::string::npos);
    CHECK(r.err.find("'—'") == std::string::npos);        // missing: printed —, no error
    CHECK(r.err.find("'亿元'") == std::string::npos);     // a column of text
    CHECK(r.err.find("2025M1-10") == std::string::npos);  // a period
  }
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "out" / "s.pdf"));
}
