// tests/e2e: every text field the spec prints is a template. Each printable field of the schema
// carries a placeholder; the PDFs (one per county, as a burst makes them) hold the filled text
// and never a literal {{ or }}.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>

#include "support.hpp"

using namespace jb;

namespace {

const std::string bin = test::jianbao;
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

const std::string counties = R"(data:
  counties:
    columns: [名称, 份号, 单位, 产值, 机关]
    rows:
      - [东湖县, "000101", 亿元, "12.5", 东湖县统计局]
      - [西山县, "000102", 亿元, "-3.5", 西山县统计局]
each:
  data: counties
  output: "{{ counties.this.名称 }}简况.pdf"
)";

std::string pdf_text(const std::filesystem::path& pdf) {
  return test::strip_whitespace(test::run("pdftotext -layout " + q(pdf) + " -").out);
}

}  // namespace

TEST_CASE("every printed field of a briefing is a template: no {{ or }} on any page",
          "[e2e][template]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml") << counties + R"(document:
  title: "{{ counties.this.名称 }}经济运行简况"
  subtitle: "——{{ counties.this.名称 }}副题"
  issuer: "{{ counties.this.机关 }}编"
  header: "{{ counties.this.名称 }}页眉"
  mark: "{{ counties.this.名称 }}示例"
  date: 2026-01-12
body:
  - heading: "{{ counties.this.名称 }}概况"
  - paragraph: "产值{{ counties.this.产值 | yi }}。"
  - list: ["{{ counties.this.名称 }}列表项"]
  - quote: "{{ counties.this.名称 }}引文"
  - table:
      data: counties
      caption: "{{ counties.this.名称 }}表题"
      note: "注：{{ counties.this.名称 }}表注"
      columns:
        - {column: 名称, header: "{{ counties.this.名称 }}列名"}
        - {column: 产值, header: "产值（{{ counties.this.单位 }}）", align: right}
  - page_break
  - chart:
      type: bar
      data: counties
      x: 名称
      caption: "{{ counties.this.名称 }}图题"
      note: "注：{{ counties.this.名称 }}图注"
      series:
        - {column: 产值, name: "{{ counties.this.名称 }}系列", unit: "{{ counties.this.单位 }}"}
        - {column: 产值, name: "{{ counties.this.名称 }}二"}
)";
  const auto r =
      test::run(bin + " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const std::string county : {"东湖县", "西山县"}) {
    const auto pdf = tmp.path() / "out" / (county + "简况.pdf");
    REQUIRE(std::filesystem::exists(pdf));
    const std::string text = pdf_text(pdf);
    INFO(county << ": " << text);
    CHECK(text.find("{{") == std::string::npos);
    CHECK(text.find("}}") == std::string::npos);
    for (const std::string expected : {"经济运行简况", "副题", "页眉", "示例", "概况", "列表项",
                                       "引文", "表题", "表注", "列名", "图题", "图注", "系列"})
      CHECK(text.find(county + expected) != std::string::npos);
    CHECK(text.find(county.substr(0, 6) == "东湖" ? "东湖县统计局编" : "西山县统计局编") !=
          std::string::npos);
    CHECK(text.find("产值（亿元）") != std::string::npos);
  }
}

TEST_CASE("every official field is a template: a burst numbers its copies (份号) from the data",
          "[e2e][template]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml") << counties + R"(preset: gbt9704
document:
  title: "关于{{ counties.this.名称 }}统计工作的通知"
  issuer: "{{ counties.this.机关 }}"
  date: 2026-01-12
official:
  copy_number: "{{ counties.this.份号 }}"
  secrecy: "内部★{{ counties.this.名称 }}"
  urgency: "{{ counties.this.名称 }}加急"
  issuer_mark: "{{ counties.this.机关 }}文件"
  doc_number: "{{ counties.this.名称 }}统〔2026〕1号"
  recipients: "{{ counties.this.名称 }}各乡镇"
  attachments: ["{{ counties.this.名称 }}附件"]
  signature: "{{ counties.this.机关 }}署名"
  cc: "{{ counties.this.名称 }}办公室"
  printer: "{{ counties.this.名称 }}印发机关"
body:
  - paragraph: "正文{{ counties.this.产值 }}。"
)";
  const auto r =
      test::run(bin + " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const auto& [county, copy] :
       {std::pair<std::string, std::string>{"东湖县", "000101"}, {"西山县", "000102"}}) {
    const std::string text = pdf_text(tmp.path() / "out" / (county + "简况.pdf"));
    INFO(county << ": " << text);
    CHECK(text.find("{{") == std::string::npos);
    CHECK(text.find("}}") == std::string::npos);
    CHECK(text.find(copy) != std::string::npos);
    for (const std::string expected : {"统计局文件", "统计局署名"})
      CHECK(text.find(county + expected) != std::string::npos);
    for (const std::string expected :
         {"加急", "统〔2026〕1号", "各乡镇", "附件", "办公室", "印发机关"})
      CHECK(text.find(county + expected) != std::string::npos);
    CHECK(text.find("内部★" + county) != std::string::npos);
  }
  // A 份号 the data fills must still be six digits, at the field.
  std::ofstream(tmp.path() / "bad.yaml")
      << std::regex_replace(test::read_file(tmp.path() / "s.yaml"), std::regex("000102"), "12");
  const auto bad =
      test::run(bin + " -q render " + q(tmp.path() / "bad.yaml") + " -o " + q(tmp.path() / "out2"));
  CHECK(bad.exit_code == 65);
  CHECK(bad.err.find("bad.yaml:16:16: error: 'copy_number' (份号) must be six digits, and here "
                     "it is '12'") != std::string::npos);
}

TEST_CASE("a data cell holding braces never prints them", "[e2e][template]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "d.csv") << "名称,值\n甲,1\n{{ 乙 }},2\n";
  std::ofstream(tmp.path() / "s.yaml") << R"(document: {title: 标题, date: 2026-01-12}
data: {d: d.csv}
body:
  - table: {data: d, columns: [{column: 名称}, {column: 值}]}
)";
  const auto r =
      test::run(bin + " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  CHECK(r.exit_code == 65);
  CHECK(r.err.find("d.csv:3: error: a table cell would print '{{' or '}}' literally: '{{ 乙 }}'") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "out" / "s.pdf"));
}

TEST_CASE("braces in any template or in a value it prints stop the run at their place",
          "[e2e][template]") {
  test::TempDir tmp;
  // A lone }} typed in a paragraph, and a value with {{ }} printed in a heading: both printed
  // literally with exit 0 before, as every field but the title and the tables was unchecked.
  std::ofstream(tmp.path() / "s.yaml") << R"(document: {title: 标题, date: 2026-01-12}
data:
  t:
    columns: [k, v]
    rows:
      - [a, "{{ x }}"]
body:
  - paragraph: "x }} y"
  - heading: "值{{ t.a.v }}"
)";
  const auto r =
      test::run(bin + " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  CHECK(r.exit_code == 78);
  const std::string s = (tmp.path() / "s.yaml").string();
  CHECK(r.err.find(s + ":8:16: error: 'x }} y' would print '{{' or '}}' literally") !=
        std::string::npos);
  CHECK(r.err.find(s +
                   ":6: error: the value of {{ t.a.v }} would print '{{' or '}}' literally: "
                   "'{{ x }}'\n  hint: used at " +
                   s + ":9:16") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "out" / "s.pdf"));
}
