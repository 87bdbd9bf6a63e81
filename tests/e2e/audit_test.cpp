// tests/e2e: render --audit. Every run of digits the Ningbo demo prints — body text, tables,
// chart labels and scales — has its row in NAME.audit.csv on the page it is printed on, and every
// row that names a page is found there.
#include "output/audit.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>

#include "support.hpp"

using namespace jb;

namespace {

const std::string bin = test::jianbao;
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// RFC 4180 rows (the trail quotes fields with commas and quotes).
std::vector<std::vector<std::string>> parse_csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        rows.back().back() += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        rows.back().back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else if (c != '\r') {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

std::string page_text(const std::filesystem::path& pdf, int page) {
  const std::string text = test::run("pdftotext -raw -f " + std::to_string(page) + " -l " +
                                     std::to_string(page) + " " + q(pdf) + " -")
                               .out;
  // The page number (— 2 —) is furniture, not a figure.
  return std::regex_replace(text, std::regex("— *[0-9]+ *—"), "");
}

}  // namespace

TEST_CASE("render --audit: every figure the Ningbo demo prints has its row on its page",
          "[e2e][audit]") {
  test::TempDir tmp;
  const auto r =
      test::run(bin + " -q render --audit " +
                q(test::source_dir / "templates/ningbo/briefing.yaml") + " -o " + q(tmp.path()));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto pdf = tmp.path() / "ningbo-briefing.pdf";
  const std::string csv = test::read_file(tmp.path() / "ningbo-briefing.audit.csv");
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);  // Excel reads UTF-8 with a BOM
  const auto rows = parse_csv_rows(csv.substr(3));
  REQUIRE(rows.size() > 100);
  CHECK(rows[0] == std::vector<std::string>{"页码 page", "印出文字 text", "版块 block",
                                            "规格位置 spec", "数据来源 source", "公式 formula",
                                            "格式 formatter"});
  // The digit runs each page's rows account for.
  std::map<int, std::multiset<std::string>> accounted;
  int cells = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    REQUIRE(row.size() == 7);
    if (row[0].empty()) continue;  // the file name of a burst's report: printed nowhere
    const int page = std::stoi(row[0]);
    for (const auto& run : output::audit_digit_runs(row[1])) accounted[page].insert(run);
    // Each row is found on its page.
    const auto runs = output::audit_digit_runs(row[1]);
    if (!runs.empty()) {
      INFO("row " << i << ": " << row[1] << " on page " << page);
      CHECK(page_text(pdf, page).find(runs.front()) != std::string::npos);
    }
    cells += row[4].find("gdp.csv:") != std::string::npos;
  }
  CHECK(cells > 20);
  const int pages = std::stoi(test::run("pdfinfo " + q(pdf) + " | sed -n 's/^Pages: *//p'").out);
  REQUIRE(pages >= 5);
  int checked = 0;
  for (int p = 1; p <= pages; ++p) {
    const std::string text = page_text(pdf, p);
    for (const auto& run : output::audit_digit_runs(text)) {
      INFO("page " << p << ": '" << run << "' has no row in the audit trail");
      auto& mine = accounted[p];
      const auto it = mine.find(run);
      CHECK(it != mine.end());
      if (it != mine.end()) mine.erase(it);
      ++checked;
    }
  }
  CHECK(checked > 150);
}

TEST_CASE("render --audit: a derived figure names its formula, formatter and every data cell",
          "[e2e][audit]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "d.csv") << "年份,产值\n2023,1.37\n2024,1.92\n";
  std::ofstream(tmp.path() / "s.yaml") << R"(document: {title: 标题, date: 2026-01-12}
data:
  d: d.csv
  t:
    columns: [指标, 值]
    rows:
      - [目标, "5.5"]
body:
  - paragraph: "产值{{ growth(d.2024.产值, d.2023.产值) | change }}，差{{ diff(d.2024.产值, d.2023.产值) }}。"
  - paragraph: "目标{{ t.目标.值 | percent }}。"
)";
  const auto r = test::run(bin + " -q render --audit " + q(tmp.path() / "s.yaml") + " -o " +
                           q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = parse_csv_rows(test::read_file(tmp.path() / "out" / "s.audit.csv").substr(3));
  const std::string d = (tmp.path() / "d.csv").string();
  const std::string s = (tmp.path() / "s.yaml").string();
  const std::vector<std::string> growth{"1",
                                        "增长40.1%",
                                        "paragraph",
                                        s + ":9:19",
                                        d + ":3:6; " + d + ":2:6",
                                        "growth(d.2024.产值, d.2023.产值)",
                                        "change"};
  const std::vector<std::string> diff{"1",
                                      "0.55",
                                      "paragraph",
                                      s + ":9:64",
                                      d + ":3:6; " + d + ":2:6",
                                      "diff(d.2024.产值, d.2023.产值)",
                                      ""};
  CHECK(std::find(rows.begin(), rows.end(), growth) != rows.end());
  CHECK(std::find(rows.begin(), rows.end(), diff) != rows.end());
  // A figure of an inline table comes from its cell in the spec.
  const std::vector<std::string> inline_cell{"1",         "5.5%",      "paragraph", s + ":10:19",
                                             s + ":7:14", "t.目标.值", "percent"};
  CHECK(std::find(rows.begin(), rows.end(), inline_cell) != rows.end());
  // The manifest names the trail with its digest.
  const std::string manifest = test::read_file(tmp.path() / "out" / "manifest.json");
  CHECK(manifest.find("\"audit\": {\n") != std::string::npos);
  CHECK(manifest.find("\"path\": \"s.audit.csv\"") != std::string::npos);
  // Without --audit there is no trail.
  test::run(bin + " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "plain"));
  CHECK(std::filesystem::exists(tmp.path() / "plain" / "s.pdf"));
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "plain" / "s.audit.csv"));
}
