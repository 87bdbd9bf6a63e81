// tests/e2e: a statistical table with a two-level header rendered to PDF: the group's label
// over its columns, figures with their decimals and thousands, the unit line, 续表 on page 2.
#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace jb;

namespace {

const std::string bin = test::jianbao;
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// The glyphs of the first occurrence of `word` in the PDF's text.
std::vector<test::StextChar> find_word(const std::vector<test::StextChar>& chars,
                                       const std::u32string& word) {
  for (std::size_t i = 0; i + word.size() <= chars.size(); ++i) {
    bool match = true;
    for (std::size_t k = 0; k < word.size() && match; ++k) match = chars[i + k].c == word[k];
    if (match)
      return {chars.begin() + static_cast<long>(i),
              chars.begin() + static_cast<long>(i + word.size())};
  }
  FAIL("no word in the PDF's text");
  return {};
}

double centre(const std::vector<test::StextChar>& w) { return (w.front().x0 + w.back().x1) / 2; }

}  // namespace

TEST_CASE("a two-level table: 10月 over its columns, decimals, unit line, 续表1 on page 2",
          "[e2e]") {
  test::TempDir tmp;
  std::ofstream csv(tmp.path() / "m.csv");
  csv << "指标,单位,m_value,m_yoy,c_value,c_yoy\n规模以上工业增加值,亿元,1234567.855,6.25,"
         "3120.5,5.85\n#工业,亿元,2.675,-0.05,22.4,1\n";
  for (int i = 0; i < 40; ++i) csv << "指标" << i << ",亿元," << i << ".5,1.25,2.5,3.5\n";
  csv.close();
  std::ofstream(tmp.path() / "s.yaml") << R"(document: {title: 表格, date: 2025-11-20}
data: {m: m.csv}
body:
  - table:
      data: m
      caption: 主要经济指标
      unit: 亿元，%
      columns:
        - {header: 指标, column: 指标}
        - {header: 单位, column: 单位, align: center}
        - group: 10月
          columns:
            - {header: 绝对额, column: m_value, align: right, decimals: 2, thousands: true}
            - {header: 同比增长（%）, column: m_yoy, align: right, decimals: 1}
        - group: 1—10月累计
          columns:
            - {header: 累计额, column: c_value, align: right, decimals: 2}
            - {header: 累计增长（%）, column: c_yoy, align: right, decimals: 1}
)";
  const auto r =
      test::run(bin + " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto pdf = tmp.path() / "out" / "s.pdf";
  const auto page1 = test::run("pdftotext -f 1 -l 1 " + q(pdf) + " -");
  const auto page2 = test::run("pdftotext -f 2 -l 2 " + q(pdf) + " -");
  CHECK(page1.out.find("表1") != std::string::npos);
  CHECK(page1.out.find("单位：亿元，%") != std::string::npos);
  CHECK(page1.out.find("1,234,567.86") != std::string::npos);  // half away from zero, grouped
  CHECK(page1.out.find("2.68") != std::string::npos);
  CHECK(page1.out.find("-0.1") != std::string::npos);
  CHECK(page1.out.find("续表1") == std::string::npos);
  CHECK(test::strip_whitespace(page2.out).find("续表1") != std::string::npos);
  CHECK(test::strip_whitespace(page2.out).find("10月") != std::string::npos);  // the header

  const auto chars = test::stext(pdf);
  const auto label = find_word(chars, U"10月"), left = find_word(chars, U"绝对额"),
             right = find_word(chars, U"同比增长（%）"), other = find_word(chars, U"1—10月累计");
  // Above its columns' headers, centred between them (the columns are of like width).
  CHECK(label.front().y < left.front().y);
  CHECK(centre(label) > centre(left));
  CHECK(centre(label) < centre(right));
  CHECK(std::abs(centre(label) - (left.front().x0 + right.back().x1) / 2) < 12);
  CHECK(centre(other) > right.back().x1);
  // #工业 is set tight: 工 starts where # ends.
  const auto tight = find_word(chars, U"#工业");
  CHECK(tight[1].x0 - tight[0].x1 < 0.5);
}

TEST_CASE("a table too wide for the page is printed on landscape pages, its 续表 too", "[e2e]") {
  test::TempDir tmp;
  std::ofstream csv(tmp.path() / "w.csv");
  csv << "地区";
  for (int c = 1; c <= 10; ++c) csv << ",m" << c;
  csv << "\n";
  for (int r = 0; r < 40; ++r) {
    csv << "地区" << r;
    for (int c = 1; c <= 10; ++c) csv << "," << 10000 * c + r << ".25";
    csv << "\n";
  }
  csv.close();
  std::string columns = "        - {header: 地区, column: 地区}\n";
  for (int c = 1; c <= 10; ++c)
    columns += "        - {header: 指标" + std::to_string(c) + "（亿元）, column: m" +
               std::to_string(c) + ", align: right, decimals: 2, thousands: true}\n";
  std::ofstream(tmp.path() / "s.yaml")
      << "document: {title: 横排, date: 2025-11-20}\ndata: {w: w.csv}\nbody:\n"
         "  - paragraph: 表前的文字。\n  - table:\n      data: w\n      caption: 分地区指标\n"
         "      columns:\n" +
             columns + "  - paragraph: 表后的文字。\n";
  const auto r =
      test::run(bin + " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto pdf = tmp.path() / "out" / "s.pdf";
  CHECK(test::run("qpdf --check " + q(pdf)).exit_code == 0);
  // Each page's size, as pdfinfo prints it: "Page    2 size: 841.89 x 595.276 pts (A4)".
  const auto info = test::run("pdfinfo -f 1 -l 99 " + q(pdf));
  std::vector<bool> landscape;
  std::istringstream lines(info.out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("Page ", 0) == 0 && line.find(" size: ") != std::string::npos)
      landscape.push_back(line.find("841.89 x 595.276") != std::string::npos);
  INFO(info.out);
  REQUIRE(landscape.size() >= 4);
  CHECK_FALSE(landscape.front());
  CHECK_FALSE(landscape.back());
  for (std::size_t p = 1; p + 1 < landscape.size(); ++p) CHECK(landscape[p]);
  const auto text = [&](std::size_t p) {
    return test::strip_whitespace(test::run("pdftotext -f " + std::to_string(p) + " -l " +
                                            std::to_string(p) + " " + q(pdf) + " -")
                                      .out);
  };
  CHECK(text(1).find("表前的文字") != std::string::npos);
  CHECK(text(2).find("表1") != std::string::npos);
  CHECK(text(3).find("续表1") != std::string::npos);
  CHECK(text(landscape.size()).find("表后的文字") != std::string::npos);
  // Every row whole, each figure on one line, over the landscape pages.
  std::string all;
  for (std::size_t p = 2; p < landscape.size(); ++p) all += text(p);
  for (int row = 0; row < 40; ++row)
    CHECK(all.find("100,0" + std::string(row < 10 ? "0" : "") + std::to_string(row) + ".25") !=
          std::string::npos);
}
