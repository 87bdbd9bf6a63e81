// tests/e2e: conditions and loops over rows through the binary: what the PDF prints, and a typo
// in a block that its when: leaves out refused by check at its location.
#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace jb;

namespace {

const std::string bin = test::jianbao;
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

std::string spec_with(const std::string& body) {
  return "document: {title: 各区县经济简况, date: 2025-11-20}\ndata:\n  districts: " +
         (test::source_dir / "data/districts/districts.csv").string() + "\nbody:\n" + body;
}

}  // namespace

TEST_CASE("render: when: leaves a block out, names and a list over rows print their rows",
          "[e2e][logic]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml") << spec_with(R"Y(  - heading: 未公布
    when: "exists(districts.江东区.gdp_yi_yuan)"
  - heading: 增长
  - paragraph: "增速居前三位的是{{ names(districts.*.district, sort: districts.*.gdp_growth_pct, order: descending, top: 3) }}。"
  - paragraph: "不印的段落。"
    when: "count(districts.*.district, where: districts.*.gdp_growth_pct > 10) > 0"
  - list:
      each: districts
      where: "row.gdp_growth_pct >= 6.1"
      sort: gdp_growth_pct
      item: "{{ row.district }}增长{{ row.gdp_growth_pct | fixed(1) }}%"
)Y");
  const auto r =
      test::run(bin + " render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string text = test::strip_whitespace(
      test::run("pdftotext -enc UTF-8 " + q(tmp.path() / "out/s.pdf") + " -").out);
  CHECK(text.find("一、增长") != std::string::npos);
  CHECK(text.find("未公布") == std::string::npos);
  CHECK(text.find("增速居前三位的是宁海县、北仑区和鄞州区。") != std::string::npos);
  CHECK(text.find("不印的段落") == std::string::npos);
  CHECK(text.find("——宁海县增长6.7%——北仑区增长6.4%——鄞州区增长6.1%") != std::string::npos);
}

TEST_CASE("check: a typo in a block left out by its when: is an error at its location",
          "[e2e][logic]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml")
      << spec_with(R"Y(  - paragraph: "{{ districts.海曙区.gdp_groth_pct }}"
    when: "districts.海曙区.gdp_growth_pct > 100"
  - paragraph: x
    when: "districts.海曙区.district > 1"
)Y");
  const auto r = test::run(bin + " -q check " + q(tmp.path() / "s.yaml"));
  CHECK(r.exit_code == 78);
  CHECK(r.err.find("s.yaml:5:17: error: no column 'gdp_groth_pct' in 'districts'") !=
        std::string::npos);
  CHECK(r.err.find("s.yaml:8:35: error: '>' compares a text with a figure") != std::string::npos);
}
