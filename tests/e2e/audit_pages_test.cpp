// tests/e2e: render --audit puts the issuer, running headers, a pie, the 版记 and a table over
// two pages where they are printed; a figure that is not printed has no page.
#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace jb;

namespace {

const std::string bin = test::jianbao;
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// The audit's rows whose printed text is `text`, as "page,block".
std::vector<std::string> rows_of(const std::string& csv, const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < csv.size()) {
    const auto end = csv.find("\r\n", start);
    const std::string line = csv.substr(start, end - start);
    start = end == std::string::npos ? csv.size() : end + 2;
    const auto c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.find(',', c2 + 1);
    if (c1 == std::string::npos || c3 == std::string::npos) continue;
    if (line.substr(c1 + 1, c2 - c1 - 1) == text)
      out.push_back(line.substr(0, c1) + "," + line.substr(c2 + 1, c3 - c2 - 1));
  }
  return out;
}

}  // namespace

TEST_CASE("the audit puts the issuer, the running header and a pie where they are printed",
          "[e2e][audit]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml") << R"(document:
  title: 简况
  issuer: "第{{ t.甲县.序号 }}统计组"
  header: "页眉{{ t.乙区.序号 }}号"
  date: 2025-10-20
data:
  t:
    columns: [区县, 序号, 产值]
    rows:
      - [甲县, "71", "1200.25"]
      - [乙区, "83", "980.75"]
body:
  - paragraph: "正文。"
  - page_break
  - chart: {type: pie, data: t, x: 区县, series: [{column: 产值, name: 产值, unit: 亿元}]}
)";
  const auto r = test::run(bin + " render " + q(tmp.path() / "s.yaml") + " -o " +
                           q(tmp.path() / "out") + " --audit");
  REQUIRE(r.exit_code == 0);
  const std::string csv = test::read_file(tmp.path() / "out" / "s.audit.csv");
  CHECK(rows_of(csv, "71") == std::vector<std::string>{"1,issuer"});
  // the running header is printed on pages 2 onwards: page 2, not page 1
  CHECK(rows_of(csv, "83") == std::vector<std::string>{"2,header"});
  // a pie prints its shares, not its values
  CHECK(rows_of(csv, "1200.25").empty());
  CHECK(rows_of(csv, "甲县 55.0%") == std::vector<std::string>{"2,chart"});
}

TEST_CASE("a one-page briefing prints no running header, and the audit gives it no page",
          "[e2e][audit]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml") << R"(document:
  title: 简况
  header: "页眉{{ t.乙区.序号 }}号"
  date: 2025-10-20
data:
  t:
    columns: [区县, 序号]
    rows:
      - [乙区, "83"]
body:
  - paragraph: "第83号。"
)";
  const auto r = test::run(bin + " render " + q(tmp.path() / "s.yaml") + " -o " +
                           q(tmp.path() / "out") + " --audit");
  REQUIRE(r.exit_code == 0);
  const std::string csv = test::read_file(tmp.path() / "out" / "s.audit.csv");
  CHECK(rows_of(csv, "83") == std::vector<std::string>{",header", "1,paragraph"});
}

TEST_CASE("the 版记's date is audited on the last page, and only when a 版记 is printed",
          "[e2e][audit]") {
  test::TempDir tmp;
  const std::string head = R"(preset: gbt9704
document: {title: 关于经济运行情况的通报, date: 2025-10-20}
official:
  issuer_mark: 某市统计局文件
  signature: 某市统计局
)";
  const std::string body = "body:\n  - paragraph: 正文。\n  - page_break\n  - paragraph: 正文。\n";
  std::ofstream(tmp.path() / "a.yaml") << head + "  printer: 某市统计局办公室\n" + body;
  std::ofstream(tmp.path() / "b.yaml") << head + body;
  for (const char* name : {"a", "b"}) {
    const auto r = test::run(bin + " render " + q(tmp.path() / (std::string(name) + ".yaml")) +
                             " -o " + q(tmp.path() / "out") + " --audit");
    REQUIRE(r.exit_code == 0);
  }
  // 成文日期 and the 版记's 印发 date, both on the last page
  CHECK(rows_of(test::read_file(tmp.path() / "out" / "a.audit.csv"), "2025年10月20日") ==
        std::vector<std::string>{"2,date", "2,official"});
  // no 抄送 and no 印发机关: no 版记, so its date is printed nowhere and has no row
  CHECK(rows_of(test::read_file(tmp.path() / "out" / "b.audit.csv"), "2025年10月20日") ==
        std::vector<std::string>{"2,date"});
}

TEST_CASE("a table over two pages: each cell is audited on the page it is printed on",
          "[e2e][audit]") {
  test::TempDir tmp;
  // 80 rows, the last one's value the same digits as the first one's
  std::string rows;
  for (int i = 1; i <= 80; ++i)
    rows += "      - [k" + std::to_string(i) + ", \"" + std::to_string(i == 80 ? 1001 : 1000 + i) +
            "\"]\n";
  std::ofstream(tmp.path() / "s.yaml") << R"(document: {title: 简况, date: 2025-10-20}
data:
  t:
    columns: [键, 值]
    rows:
)" + rows + R"(body:
  - table:
      data: t
      columns: [{header: 键, column: 键}, {header: 值, column: 值}]
)";
  const auto r = test::run(bin + " render " + q(tmp.path() / "s.yaml") + " -o " +
                           q(tmp.path() / "out") + " --audit");
  REQUIRE(r.exit_code == 0);
  const std::string csv = test::read_file(tmp.path() / "out" / "s.audit.csv");
  const auto last = rows_of(csv, "k80"), ones = rows_of(csv, "1001");
  REQUIRE(last.size() == 1);
  REQUIRE(ones.size() == 2);
  CHECK(last[0] != "1,table");  // the table goes over to a second page
  CHECK(ones[0] == "1,table");  // the first row's 1001
  CHECK(ones[1] == last[0]);    // the last row's 1001 is on the last row's page, not page 1
}
