// tests/e2e: the monthly 简况 demo (templates/jiankuang): one spec for every month, its data
// read from the month's own folder through a data path that names the period parameter.
#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace jb;

namespace {

const std::filesystem::path demo_spec = test::source_dir / "templates/jiankuang/jiankuang.yaml";

std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

std::string pdf_text(const std::filesystem::path& pdf) {
  return test::strip_whitespace(test::run("pdftotext " + q(pdf) + " -").out);
}

}  // namespace

TEST_CASE("jiankuang demo: --set period picks the month's own folder and rows", "[e2e][params]") {
  test::TempDir dir;
  const auto oct = test::run(test::jianbao + " -q render " + q(demo_spec) + " -o " +
                             q(dir.path() / "10") + " --set period=2025M1-10");
  INFO(oct.err);
  REQUIRE(oct.exit_code == 0);
  const std::string t10 = pdf_text(dir.path() / "10/jiankuang.pdf");
  CHECK(t10.find("2025年1—10月江海市经济运行简况") != std::string::npos);
  CHECK(t10.find("规模以上工业增加值3986.52亿元") != std::string::npos);  // 2025M1-10/主要指标.csv
  CHECK(t10.find("增速比2025年1—9月加快0.1个百分点") != std::string::npos);  // 6.2 after 6.1
  CHECK(t10.find("2025年第10期") != std::string::npos);
  CHECK(t10.find("3,986.52") != std::string::npos);  // the table's 累计 with thousands
  CHECK(t10.find("续表") == std::string::npos);

  // The month before, written the Chinese way: its own folder, rows and wording.
  const auto sep =
      test::run(test::jianbao + " -q render " + q(demo_spec) + " -o " + q(dir.path() / "9") +
                " --set period=2025年1—9月 --set issue=9 --set day=2025-10-20");
  INFO(sep.err);
  REQUIRE(sep.exit_code == 0);
  const std::string t9 = pdf_text(dir.path() / "9/jiankuang.pdf");
  CHECK(t9.find("2025年1—9月江海市经济运行简况") != std::string::npos);
  CHECK(t9.find("规模以上工业增加值3574.16亿元") != std::string::npos);  // 2025M1-9/主要指标.csv
  CHECK(t9.find("3986.52") == std::string::npos);
  CHECK(t9.find("3,986.52") == std::string::npos);
  CHECK(t9.find("2025年第9期") != std::string::npos);
  CHECK(t9.find("2025年10月20日") != std::string::npos);
}

TEST_CASE("jiankuang demo: a month without its folder stops the run naming the file",
          "[e2e][params]") {
  test::TempDir dir;
  const auto r = test::run(test::jianbao + " -q render " + q(demo_spec) + " -o " + q(dir.path()) +
                           " --set period=2025M1-8");
  CHECK(r.exit_code == 66);
  CHECK(r.err.find("data/jiankuang/2025M1-8/主要指标.csv") != std::string::npos);
  CHECK(!std::filesystem::exists(dir.path() / "jiankuang.pdf"));
}

TEST_CASE("a data path's parameter is known before the data is read, and path-safe",
          "[e2e][params]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "甲");
  std::ofstream(dir.path() / "甲/d.csv") << "k,v\na,1.5\n";
  auto spec_with = [&](const std::string& params, const std::string& file) {
    std::ofstream(dir.path() / "s.yaml")
        << "params:\n"
        << params << "document: {title: T, date: 2026-01-12}\ndata:\n  d: \"" << file
        << "\"\nbody:\n  - paragraph: \"值{{ d.a.v }}。\"\n";
    return dir.path() / "s.yaml";
  };
  auto render = [&](const std::filesystem::path& s, const std::string& extra) {
    return test::run(test::jianbao + " -q render " + q(s) + " -o " + q(dir.path() / "out") + " " +
                     extra);
  };
  SECTION("a text parameter fills the path") {
    const auto r =
        render(spec_with("  office: {type: text, default: 甲}\n", "{{ params.office }}/d.csv"), "");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(pdf_text(dir.path() / "out/s.pdf").find("值1.5。") != std::string::npos);
  }
  SECTION("an unknown parameter is an error at the path") {
    const auto r =
        render(spec_with("  office: {type: text, default: 甲}\n", "{{ params.ofice }}/d.csv"), "");
    CHECK(r.exit_code == 78);
    CHECK(r.err.find("s.yaml:5:6: error: the data path names unknown parameter 'params.ofice'") !=
          std::string::npos);
  }
  SECTION("a default from the data cannot fill a path") {
    const auto r = render(
        spec_with("  p: {type: period, default: {latest: d}}\n", "{{ params.p }}/d.csv"), "");
    CHECK(r.exit_code == 78);
    CHECK(r.err.find("whose default comes from the data ({latest: d}), and no --set gives it") !=
          std::string::npos);
  }
  SECTION("a value that would leave the folder is refused") {
    const auto r =
        render(spec_with("  office: {type: text, default: 甲}\n", "{{ params.office }}/d.csv"),
               "--set office=../../etc");
    CHECK(r.exit_code == 64);
    CHECK(r.err.find("--set office=../../etc: error: parameter 'office' is '../../etc', which "
                     "cannot be part of the data path") != std::string::npos);
  }
  SECTION("anything else in a path is an error") {
    const auto r =
        render(spec_with("  office: {type: text, default: 甲}\n", "{{ d.a.v }}/d.csv"), "");
    CHECK(r.exit_code == 78);
    CHECK(r.err.find("s.yaml:5:6: error: a data path may name only the report's entity") !=
          std::string::npos);
  }
}

// The same 简况 from the office's SQLite store (scripts/demo_db.py, as `make demo` builds it from
// the demo's CSV files): the PDF is the CSV spec's, byte for byte, for either month.
TEST_CASE("jiankuang demo: read from SQLite, the PDF is the CSV one's byte for byte",
          "[e2e][sqlite]") {
  test::TempDir dir;
  const auto spec_dir = dir.path() / "templates/jiankuang";
  std::filesystem::create_directories(spec_dir);
  std::filesystem::create_directories(dir.path() / "data/jiankuang");
  std::filesystem::copy_file(test::source_dir / "templates/jiankuang/jiankuang_sqlite.yaml",
                             spec_dir / "jiankuang_sqlite.yaml");
  const auto db = test::run("/usr/bin/python3 " + q(test::source_dir / "scripts/demo_db.py") + " " +
                            q(test::source_dir / "data/jiankuang") + " " +
                            q(dir.path() / "data/jiankuang/jiankuang.db"));
  INFO(db.err);
  REQUIRE(db.exit_code == 0);
  for (const std::string period : {"2025M1-10", "2025M1-9"}) {
    INFO(period);
    const auto csv = test::run(test::jianbao + " -q render " + q(demo_spec) + " -o " +
                               q(dir.path() / "csv") + " --set period=" + period);
    const auto sql = test::run(
        test::jianbao + " -q render " + q(spec_dir / "jiankuang_sqlite.yaml") + " --allow-path " +
        q(dir.path() / "data") + " -o " + q(dir.path() / "sql") + " --set period=" + period);
    INFO(csv.err << sql.err);
    REQUIRE(csv.exit_code == 0);
    REQUIRE(sql.exit_code == 0);
    const std::string a = test::read_file(dir.path() / "csv/jiankuang.pdf");
    const std::string b = test::read_file(dir.path() / "sql/jiankuang_sqlite.pdf");
    CHECK(a.size() > 10000);
    CHECK(a == b);
    // The manifest records the queries' results by their digest, not the database file's.
    const std::string manifest = test::read_file(dir.path() / "sql/manifest.json");
    CHECK(manifest.find("\"role\": \"query\"") != std::string::npos);
  }
}
