// tests/e2e: a spec whose data is a workbook's sheet as an office saves it (a title merged over
// the sheet, a two-row header with merged groups, rates formatted as percentages, 其中 rows, a
// 注 row): the PDF is the one the same table makes from its CSV export with the groups written
// in the spec.
#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace jb;

namespace {

std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

const char* make_book = R"(import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '主要指标'
ws['A1'] = '2025年1—10月主要经济指标'; ws.merge_cells('A1:E1')
ws['A3'] = '指标'; ws.merge_cells('A3:A4')
ws['B3'] = '本月'; ws.merge_cells('B3:C3'); ws['D3'] = '累计'; ws.merge_cells('D3:E3')
for c, v in zip('BCDE', ['绝对额', '增长', '绝对额', '增长']): ws[c + '4'] = v
rows = [('规模以上工业增加值', 412.36, 0.068, 3986.52, 0.062),
        ('　　其中：高技术制造业', 98.41, 0.125, 921.77, 0.113),
        ('固定资产投资', None, None, None, -0.021)]
for i, r in enumerate(rows, 5):
    for j, v in enumerate(r):
        cell = ws.cell(row=i, column=j + 1, value=v)
        if j in (2, 4): cell.number_format = '0.0%'
ws['A9'] = '注：规模以上工业统计范围为年主营业务收入2000万元及以上的工业企业。'
wb.save(sys.argv[1])
)";

const std::string csv =
    "2025年1—10月主要经济指标,,,,\n"
    "指标,本月绝对额,本月增长,累计绝对额,累计增长\n"
    "规模以上工业增加值,412.36,6.8,3986.52,6.2\n"
    "　　其中：高技术制造业,98.41,12.5,921.77,11.3\n"
    "固定资产投资,,,,-2.1\n"
    ",,,,\n"
    "注：规模以上工业统计范围为年主营业务收入2000万元及以上的工业企业。,,,,\n";

const std::string body = R"(
body:
  - paragraph: 规上工业增加值{{ kpi.规模以上工业增加值.累计绝对额 | yi }}，同比{{ kpi.规模以上工业增加值.累计增长 | change }}；固定资产投资同比{{ kpi.固定资产投资.累计增长 | change }}。
  - table:
      data: kpi
      unit: 亿元，%
      columns:
        - {column: 指标}
)";

}  // namespace

TEST_CASE("workbook: a sheet as an office saves it makes the PDF of its CSV export",
          "[e2e][workbook]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "make.py") << make_book;
  const auto made =
      test::run("/usr/bin/python3 " + q(tmp.path() / "make.py") + " " + q(tmp.path() / "kpi.xlsx"));
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  std::ofstream(tmp.path() / "kpi.csv") << csv;
  const std::string head = "document: {title: 简况, date: 2025-11-20, output: OUT.pdf}\n";
  std::ofstream(tmp.path() / "book.yaml")
      << head << "data:\n  kpi: {file: kpi.xlsx, sheet: 主要指标, header_row: 4}\n"
      << body
      << "        - {column: 本月绝对额, align: right}\n"
         "        - {column: 本月增长, align: right}\n"
         "        - {column: 累计绝对额, align: right}\n"
         "        - {column: 累计增长, align: right}\n"
         "      notes: from_data\n";
  std::ofstream(tmp.path() / "csv.yaml")
      << head << "data:\n  kpi: {file: kpi.csv, header_row: 2}\n"
      << body
      << "        - group: 本月\n"
         "          columns:\n"
         "            - {header: 绝对额, column: 本月绝对额, align: right}\n"
         "            - {header: 增长, column: 本月增长, align: right}\n"
         "        - group: 累计\n"
         "          columns:\n"
         "            - {header: 绝对额, column: 累计绝对额, align: right}\n"
         "            - {header: 增长, column: 累计增长, align: right}\n"
         "      notes: from_data\n";
  const auto a = test::run(test::jianbao + " -q render " + q(tmp.path() / "csv.yaml") + " -o " +
                           q(tmp.path() / "csv"));
  const auto b = test::run(test::jianbao + " -q render " + q(tmp.path() / "book.yaml") + " -o " +
                           q(tmp.path() / "book"));
  INFO(a.err << b.err);
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(b.err.empty());  // header_row: 4 names the header under its groups: no warning
  const std::string pdf = test::read_file(tmp.path() / "csv/OUT.pdf");
  CHECK(pdf == test::read_file(tmp.path() / "book/OUT.pdf"));
  const std::string text =
      test::strip_whitespace(test::run("pdftotext " + q(tmp.path() / "book/OUT.pdf") + " -").out);
  CHECK(text.find("同比增长6.2%") != std::string::npos);  // 0.062 formatted 0.0%
  CHECK(text.find("下降2.1%") != std::string::npos);
  CHECK(text.find("本月") != std::string::npos);
  CHECK(text.find("本月绝对额") == std::string::npos);  // under its group, as the sheet has it
  const std::string manifest = test::read_file(tmp.path() / "book/manifest.json");
  CHECK(manifest.find("kpi.xlsx") != std::string::npos);
}
