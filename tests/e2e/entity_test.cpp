// tests/e2e: a burst whose reports each show their own entity's series from one long table
// (where: this, pivot), through the binary: each PDF holds its own figures and none of the
// others'.
#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {

const std::string bin = test::jianbao;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

// Three districts; each one's GDP 2023-2025 and growth, in one long CSV. 丙区 has no growth for
// 2025 (a missing combination: — in the table, a gap in the chart).
void write_burst(const fs::path& dir) {
  std::ofstream(dir / "d.csv") << "district\n甲区\n乙区\n丙区\n";
  std::ofstream csv(dir / "long.csv");
  csv << "district,period,indicator,value\n";
  const char* names[] = {"甲区", "乙区", "丙区"};
  for (int d = 0; d < 3; ++d)
    for (int y = 2023; y <= 2025; ++y) {
      csv << names[d] << "," << y << ",gdp," << (d + 1) * 100 + (y - 2020) << "." << d + 1 << "\n";
      if (d != 2 || y != 2025)
        csv << names[d] << "," << y << ",growth," << d + 4 << "." << y - 2020 << "\n";
    }
  csv.close();
  std::ofstream(dir / "s.yaml")
      << "document: {title: '{{ d.this.district }}经济简报', date: 2026-01-12}\n"
         "each: {data: d, output: '{{ d.this.district }}.pdf'}\n"
         "data:\n"
         "  d: d.csv\n"
         "  long: {file: long.csv, key: [district, period, indicator]}\n"
         "  own: {from: long, where: this, pivot: {rows: period, columns: indicator, value: "
         "value}}\n"
         "body:\n"
         "  - paragraph: '{{ d.this.district }}2025年地区生产总值{{ own.2025.gdp }}亿元。'\n"
         "  - table:\n"
         "      data: own\n"
         "      caption: 主要指标\n"
         "      columns: [{column: period, header: 年份}, {column: gdp, header: 生产总值},\n"
         "                {column: growth, header: 增速}]\n"
         "  - chart:\n"
         "      type: bar\n"
         "      data: long\n"
         "      where: this\n"
         "      pivot: {rows: period, columns: indicator, value: value}\n"
         "      x: period\n"
         "      caption: 地区生产总值\n"
         "      series: [{column: gdp, name: 地区生产总值}]\n";
}

std::string text_of(const fs::path& pdf) {
  return test::strip_whitespace(test::run("pdftotext -enc UTF-8 " + q(pdf) + " -").out);
}

}  // namespace

TEST_CASE("entity: each report of a burst shows only its own series from a long table",
          "[e2e][entity]") {
  test::TempDir tmp;
  write_burst(tmp.path());
  const auto r =
      test::run(bin + " render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const char* names[] = {"甲区", "乙区", "丙区"};
  for (int d = 0; d < 3; ++d) {
    INFO(names[d]);
    const std::string text = text_of(tmp.path() / "out" / (std::string(names[d]) + ".pdf"));
    const std::string own = std::to_string((d + 1) * 100 + 5) + "." + std::to_string(d + 1);
    CHECK(text.find(std::string(names[d]) + "2025年地区生产总值" + own + "亿元。") !=
          std::string::npos);
    for (int other = 0; other < 3; ++other)
      for (int y = 3; y <= 5; ++y) {
        const std::string gdp =
            std::to_string((other + 1) * 100 + y) + "." + std::to_string(other + 1);
        INFO(gdp);
        // Its own GDP of every year, in the table and on the chart; no other district's.
        const auto at = text.find(gdp);
        if (other == d) {
          REQUIRE(at != std::string::npos);
          CHECK(text.find(gdp, at + 1) != std::string::npos);  // the table's and the chart's
        } else {
          CHECK(at == std::string::npos);
        }
      }
  }
  // 丙区's missing growth for 2025 is a dash, never a zero.
  const std::string c = text_of(tmp.path() / "out/丙区.pdf");
  CHECK(c.find("2025305.3—") != std::string::npos);
  CHECK(text_of(tmp.path() / "out/甲区.pdf").find("2025105.14.5") != std::string::npos);
}

TEST_CASE("entity: a district with no rows in the long table fails alone, named at the spec",
          "[e2e][entity]") {
  test::TempDir tmp;
  write_burst(tmp.path());
  std::ofstream(tmp.path() / "d.csv") << "district\n甲区\n丁区\n乙区\n";
  const auto r =
      test::run(bin + " render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  CHECK(r.exit_code == 65);
  CHECK(r.err.find("report '丁区' failed") != std::string::npos);
  CHECK(r.err.find("s.yaml:6:28: error: 'long' has no rows for this report's '丁区' in column "
                   "'district'") != std::string::npos);
  CHECK(fs::exists(tmp.path() / "out/甲区.pdf"));
  CHECK(fs::exists(tmp.path() / "out/乙区.pdf"));
  CHECK_FALSE(fs::exists(tmp.path() / "out/丁区.pdf"));
}

TEST_CASE("entity: a data path naming {{ this }} reads each report's own file, all checked first",
          "[e2e][entity]") {
  test::TempDir tmp;
  const fs::path dir = tmp.path();
  std::ofstream(dir / "d.csv") << "district\n甲区\n丙区\n乙区\n../坏\n";
  for (const char* name : {"甲区", "乙区"}) {
    fs::create_directories(dir / "own" / name);
    std::ofstream(dir / "own" / name / "gdp.csv")
        << "year,gdp\n2024," << (name == std::string("甲区") ? "111.1" : "222.2") << "\n2025,"
        << (name == std::string("甲区") ? "121.1" : "232.2") << "\n";
  }
  std::ofstream(dir / "s.yaml") << "document: {title: '{{ d.this.district }}', date: 2026-01-12}\n"
                                   "each: {data: d}\n"
                                   "data:\n"
                                   "  d: d.csv\n"
                                   "  own: 'own/{{ this }}/gdp.csv'\n"
                                   "body:\n"
                                   "  - paragraph: '{{ d.this.district }}{{ own.2025.gdp }}亿元'\n"
                                   "  - chart: {type: line, data: own, x: year, series: [{column: "
                                   "gdp, name: 地区生产总值}]}\n";
  const auto r = test::run(bin + " render " + q(dir / "s.yaml") + " -o " + q(dir / "out"));
  INFO(r.err);
  CHECK(r.exit_code == 66);  // the first failure's: a file that cannot be read
  // Every report's problem is said, each naming its file and its entity.
  CHECK(r.err.find("report '丙区' failed") != std::string::npos);
  CHECK(r.err.find("s.yaml:5:8: error: cannot open '" + (dir / "own/丙区/gdp.csv").string() +
                   "': No such file or directory") != std::string::npos);
  CHECK(r.err.find("the file of the report for '丙区'") != std::string::npos);
  CHECK(r.err.find("s.yaml:5:8: error: the report for '../坏' cannot read its own file: its name "
                   "cannot be part of a path") != std::string::npos);
  // The others are written, each with its own figures.
  const std::string a = text_of(dir / "out/甲区.pdf"), b = text_of(dir / "out/乙区.pdf");
  CHECK(a.find("甲区121.1亿元") != std::string::npos);
  CHECK(a.find("222.2") == std::string::npos);
  CHECK(b.find("乙区232.2亿元") != std::string::npos);
  CHECK(b.find("111.1") == std::string::npos);
  CHECK(b.find("222.2") != std::string::npos);  // on its chart
  CHECK_FALSE(fs::exists(dir / "out/丙区.pdf"));
  // The manifest lists each report's own file with its digest.
  const std::string manifest = test::read_file(dir / "out/manifest.json");
  CHECK(manifest.find((dir / "own/甲区/gdp.csv").string()) != std::string::npos);
  CHECK(manifest.find((dir / "own/乙区/gdp.csv").string()) != std::string::npos);
  CHECK(manifest.find("own/{{ this }}/gdp.csv") == std::string::npos);  // no template path
}

TEST_CASE("entity: a data path may name only {{ this }}", "[e2e][entity]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml")
      << "document: {title: t, date: 2026-01-12}\neach: {data: d}\n"
         "data:\n  d: {columns: [n], rows: [[a]]}\n  own: {file: 'own/{{ d.this.n }}.csv'}\n"
         "body:\n  - paragraph: x\n";
  const auto r = test::run(bin + " check " + q(tmp.path() / "s.yaml"));
  CHECK(r.exit_code == 78);
  CHECK(
      r.err.find("s.yaml:5:15: error: a data path may name only the report's entity, as {{ this "
                 "}}, and the run's parameters, as {{ params.NAME }}: 'own/{{ d.this.n }}.csv'") !=
      std::string::npos);
}

TEST_CASE("entity: two reports named from their own files to one PDF are refused, not overwritten",
          "[e2e][entity]") {
  test::TempDir tmp;
  const fs::path dir = tmp.path();
  std::ofstream(dir / "d.csv") << "district\n甲区\n乙区\n";
  for (const char* name : {"甲区", "乙区"}) {
    fs::create_directories(dir / "own" / name);
    std::ofstream(dir / "own" / name / "gdp.csv") << "year,gdp\n2025,100\n";
  }
  std::ofstream(dir / "s.yaml") << "document: {title: '{{ d.this.district }}', date: 2026-01-12}\n"
                                   "each: {data: d, output: '报告{{ own.2025.gdp }}.pdf'}\n"
                                   "data:\n"
                                   "  d: d.csv\n"
                                   "  own: 'own/{{ this }}/gdp.csv'\n"
                                   "body:\n"
                                   "  - paragraph: '{{ d.this.district }}{{ own.2025.gdp }}亿元'\n";
  const auto r = test::run(bin + " render " + q(dir / "s.yaml") + " -o " + q(dir / "out"));
  INFO(r.err);
  CHECK(r.exit_code == 78);
  CHECK(r.err.find("s.yaml:2:25: error: the reports for '甲区' and '乙区' would both be written "
                   "to 报告100.pdf") != std::string::npos);
  // The first report's PDF is its own, and the manifest names one report for that file.
  CHECK(text_of(dir / "out/报告100.pdf").find("甲区100亿元") != std::string::npos);
}
