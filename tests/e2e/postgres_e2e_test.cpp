// tests/e2e: a spec whose data is a PostgreSQL query, run by the program against the tests'
// own server (ctest's fixture `postgres`, JIANBAO_TEST_PG): the PDF is the one the same figures
// make from a CSV file, numeric values keep their digits, and a batch whose data cannot be read
// makes no report.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "postgres/support.hpp"
#include "support.hpp"

using namespace jb;

namespace {

std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

const std::string body = R"(
body:
  - paragraph: 2025年全区地区生产总值{{ t[2025].gdp | yi }}，同比{{ t[2025].yoy | change }}，增速比上年{{ diff(t[2025].yoy, t[2024].yoy) | pace }}。
  - table:
      data: t
      caption: 地区生产总值
      unit: 亿元，%
      columns:
        - {header: 年份, column: period}
        - {header: 地区生产总值, column: gdp, align: right}
        - {header: 增速, column: yoy, align: right}
      notes: from_data
)";

}  // namespace

TEST_CASE("postgres: a spec's query makes the PDF its CSV makes", "[postgres][e2e]") {
  test::pg_run(
      "DROP TABLE IF EXISTS e2e_gdp; CREATE TABLE e2e_gdp(seq int, period text, gdp numeric(12,2), "
      "yoy numeric(4,1));"
      "INSERT INTO e2e_gdp VALUES (1, '2024', 12970.10, 5.5), (2, '2025', 13500.50, -0.5),"
      " (3, '注：2025年为初步核算数。', NULL, NULL);");
  test::TempDir tmp;
  std::ofstream(tmp.path() / "t.csv") << "period,gdp,yoy\n2024,12970.10,5.5\n2025,13500.50,-0.5\n"
                                         "注：2025年为初步核算数。,,\n";
  const std::string head = "document: {title: 简报, date: 2026-01-12, output: OUT.pdf}\n";
  std::ofstream(tmp.path() / "csv.yaml") << head << "data: {t: t.csv}\n" << body;
  std::ofstream(tmp.path() / "pg.yaml")
      << head
      << "data:\n  t:\n    postgres: {env: JIANBAO_TEST_PG}\n"
         "    query: select period, gdp, yoy from e2e_gdp where seq <= :last order by seq\n"
         "params:\n  last: {type: integer, default: 3}\n"
      << body;
  const auto csv = test::run(test::jianbao + " -q render " + q(tmp.path() / "csv.yaml") + " -o " +
                             q(tmp.path() / "csv"));
  const auto pg = test::run(test::jianbao + " -q render " + q(tmp.path() / "pg.yaml") + " -o " +
                            q(tmp.path() / "pg"));
  INFO(csv.err << pg.err);
  REQUIRE(csv.exit_code == 0);
  REQUIRE(pg.exit_code == 0);
  const std::string a = test::read_file(tmp.path() / "csv/OUT.pdf");
  CHECK(a == test::read_file(tmp.path() / "pg/OUT.pdf"));
  const std::string text =
      test::strip_whitespace(test::run("pdftotext " + q(tmp.path() / "pg/OUT.pdf") + " -").out);
  CHECK(text.find("13500.50") != std::string::npos);  // numeric(12,2): its digits, not 13500.5
  CHECK(text.find("下降0.5%") != std::string::npos);
  CHECK(text.find("2025年为初步核算数") != std::string::npos);  // a note row at the foot
  const std::string manifest = test::read_file(tmp.path() / "pg/manifest.json");
  CHECK(manifest.find("\"path\": \"postgres:$JIANBAO_TEST_PG\"") != std::string::npos);
  CHECK(manifest.find(test::pg_server()) == std::string::npos);  // the connection string stays out
}

TEST_CASE("postgres: a batch whose query cannot be answered writes no report", "[postgres][e2e]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml") << R"(document: {title: 简报, date: 2026-01-12}
data:
  d:
    postgres: "host=)" << (tmp.path() / "nowhere").string()
                                       << R"( dbname=x"
    query: select district from districts
each: {data: d, key: district, output: "{{ this }}.pdf"}
body:
  - paragraph: "{{ this }}"
)";
  const auto r = test::run(test::jianbao + " -q render " + q(tmp.path() / "s.yaml") + " -o " +
                           q(tmp.path() / "out"));
  CHECK(r.exit_code == 69);
  CHECK(r.err.find("s.yaml:4:15: error: cannot connect to the database: ") != std::string::npos);
  const std::string manifest = test::read_file(tmp.path() / "out/manifest.json");
  CHECK(manifest.find("\"exit_status\": 69") != std::string::npos);
  CHECK(manifest.find("\"reports\": []") != std::string::npos);
  CHECK(manifest.find("cannot connect to the database") != std::string::npos);
  // Without the variable a spec names, the run stops at the spec's line.
  std::ofstream(tmp.path() / "e.yaml") << R"(document: {title: 简报, date: 2026-01-12}
data:
  d: {postgres: {env: JIANBAO_NO_SUCH_VARIABLE}, query: select 1}
body:
  - paragraph: x
)";
  const auto e = test::run("env -u JIANBAO_NO_SUCH_VARIABLE " + test::jianbao + " -q check " +
                           q(tmp.path() / "e.yaml"));
  CHECK(e.exit_code == 78);
  CHECK(e.err.find("e.yaml:3:17: error: the environment variable JIANBAO_NO_SUCH_VARIABLE (the "
                   "connection string) is not set") != std::string::npos);
}
