// tests/e2e: `jianbao check` and hostile inputs through the binary: every problem reported with
// its location and a documented exit code, never a crash, a hang or a file written.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "support.hpp"

using namespace jb;

namespace {

const std::string bin = test::jianbao;
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

}  // namespace

TEST_CASE("check: a good spec passes, nothing is written", "[e2e]") {
  test::TempDir tmp;
  const auto r = test::run("cd " + q(tmp.path()) + " && " + bin + " check " +
                           q(test::source_dir / "templates/ningbo/briefing.yaml"));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("no problems: 6 data sources") != std::string::npos);
  CHECK(std::filesystem::is_empty(tmp.path()));
}

TEST_CASE("check: spec, data and glyph problems give their exit codes", "[e2e]") {
  test::TempDir tmp;
  auto check = [&](const std::string& yaml, const std::string& csv = "a,b\n2024,1\n") {
    std::ofstream(tmp.path() / "d.csv") << csv;
    std::ofstream(tmp.path() / "s.yaml") << yaml;
    return test::run(bin + " -q check " + q(tmp.path() / "s.yaml"));
  };
  const std::string head = "document: {title: t, date: 2025-11-20}\ndata:\n  d: d.csv\n";
  // Spec problems, all reported in one run.
  auto r = check(head + "body:\n  - heading: x\n    level: 9\n  - chart: {type: pie3d}\n");
  CHECK(r.exit_code == 78);
  CHECK(r.err.find("s.yaml:6:12: error: 'level' is 9, outside the range 1 to 4") !=
        std::string::npos);
  CHECK(r.err.find("s.yaml:7:19: error: unknown type 'pie3d'") != std::string::npos);
  // Data: a figure that is not one, at its CSV row, used at the spec's placeholder.
  r = check(head + "body:\n  - paragraph: 值为{{ d.2024.b | yi }}。\n", "a,b\n2024,1e300\n");
  CHECK(r.exit_code == 65);
  CHECK(r.err.find("d.csv:2: error: value '1e300' of d.2024.b is not a number") !=
        std::string::npos);
  CHECK(r.err.find("used at ") != std::string::npos);
  // A character no font has, at its own column.
  r = check(head + "body:\n  - paragraph: 泰文ก字\n");
  CHECK(r.exit_code == 65);
  CHECK(r.err.find("s.yaml:5:18: error: no font has the character 'ก'") != std::string::npos);
  CHECK(std::filesystem::exists(tmp.path() / "s.yaml"));
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "out"));
}

TEST_CASE("a GBK CSV renders, and the log says it was read as GB18030", "[e2e]") {
  test::TempDir tmp;
  // 地区,增加值 / 海曙区,1234.5 in GBK bytes.
  std::ofstream(tmp.path() / "g.csv", std::ios::binary)
      << "\xB5\xD8\xC7\xF8,\xD4\xF6\xBC\xD3\xD6\xB5\n\xBA\xA3\xCA\xEF\xC7\xF8,1234.5\n";
  std::ofstream(tmp.path() / "s.yaml")
      << "document: {title: t, date: 2025-11-20}\ndata:\n  g: g.csv\n"
         "body:\n  - paragraph: 海曙区增加值{{ g.海曙区.增加值 | yi }}。\n";
  const auto r =
      test::run(bin + " render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("not valid UTF-8 (byte 0xB5 at line 1): read as GB18030") != std::string::npos);
  const auto text = test::run("pdftotext -enc UTF-8 " + q(tmp.path() / "out/s.pdf") + " -");
  CHECK(test::strip_whitespace(text.out).find("海曙区增加值1234.5亿元。") != std::string::npos);
}

TEST_CASE("hostile YAML is refused fast with its location (never a crash or a hang)", "[e2e]") {
  for (const char* name : {"alias_cycle.yaml", "alias_cycle_flow.yaml", "deep_nesting.yaml",
                           "billion_laughs.yaml", "two_documents.yaml"}) {
    INFO(name);
    const auto r = test::run(bin + " -q check " + q(test::source_dir / "tests/spec/broken" / name));
    CHECK(r.exit_code == 78);
    CHECK(r.err.find(std::string(name) + ":") != std::string::npos);
  }
}

TEST_CASE("check: a broken CSV and a wrong placeholder elsewhere come in one run", "[e2e]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "d.csv") << "k,v\n2024,\"unclosed\n";
  std::ofstream(tmp.path() / "e.csv") << "k,w\n2024,5\n";
  std::ofstream(tmp.path() / "s.yaml")
      << "document: {title: t, date: 2025-11-20}\ndata:\n  d: d.csv\n  e: e.csv\n"
         "body:\n  - paragraph: 值{{ d.2024.v | yi }}与{{ e.2024.nope }}。\n";
  const auto r = test::run(bin + " -q check " + q(tmp.path() / "s.yaml"));
  INFO(r.err);
  CHECK(r.exit_code == 65);
  CHECK(r.err.find("d.csv:2: error: a quoted field is never closed") != std::string::npos);
  CHECK(r.err.find("s.yaml:6:37: error: no column 'nope' in 'e'") != std::string::npos);
  // What used the broken table is not reported again.
  CHECK(r.err.find("unknown data 'd'") == std::string::npos);
  CHECK(r.err.find("d.2024.v") == std::string::npos);
  // render stops at the data, as before.
  CHECK(test::run(bin + " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "o"))
            .exit_code == 65);
}

TEST_CASE("the flags -v and -q go after the subcommand too, as in the README", "[e2e]") {
  test::TempDir tmp;
  const std::string spec = q(test::source_dir / "templates/notice/gbt9704.yaml");
  const auto quiet = test::run(bin + " render " + spec + " -o " + q(tmp.path()) + " -q");
  INFO(quiet.err);
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.err.find(" info: ") == std::string::npos);
  const auto verbose = test::run(bin + " check " + spec + " -v");
  CHECK(verbose.exit_code == 0);
  CHECK(verbose.err.find(" info: ") != std::string::npos);
}

TEST_CASE("check reports exactly the chart refusals render gives, at the same charts", "[e2e]") {
  test::TempDir tmp;
  // Every error and hint line of a run, in order.
  auto problems = [](const std::string& err) {
    std::vector<std::string> out;
    std::istringstream lines(err);
    for (std::string line; std::getline(lines, line);)
      if (line.find(": error: ") != std::string::npos || line.rfind("  hint: ", 0) == 0)
        out.push_back(line);
    return out;
  };
  std::ofstream(tmp.path() / "good.csv") << "name,v\n2023,1\n2024,2\n";
  std::ofstream(tmp.path() / "long.csv")
      << "name,v\n这是一个非常非常长的类别名称第1项,1\n这是一个非常非常长的类别名称第2项,2\n";
  std::ofstream(tmp.path() / "crowded.csv")
      << "name,v\n大头,10000\n小项1,1\n小项2,1\n小项3,1\n小项4,1\n小项5,1\n小项6,1\n";
  {
    std::ofstream many(tmp.path() / "many.csv");
    many << "name,v\n";
    for (int i = 0; i < 200; ++i)
      many << (i == 7 ? "笑\xF0\x9F\x98\x80" : std::to_string(2001 + i)) << ",1\n";
  }
  // On a page of its own, a chart that draws, then the refused one (at line 11): only the
  // refused one is reported.
  auto spec = [](const std::string& page, const std::string& chart) {
    const std::string good_chart =
        "  - chart:\n      type: bar\n      data: good\n      x: name\n"
        "      series: [{column: v, name: 值, unit: 亿元}]\n";
    return "document: {title: 图表检查, date: 2025-11-20}\npage: " + page +
           "\ndata: {good: good.csv, long: long.csv, crowded: crowded.csv, many: many.csv}\n"
           "body:\n" +
           good_chart + "  - paragraph: 正文。\n  - chart:\n" + chart;
  };
  const std::string narrow = "{size: A5, margins_mm: {left: 44, right: 44}}";
  struct Case {
    std::string page, chart;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {narrow,
       "      {type: hbar, data: long, x: name,\n"
       "       series: [{column: v, name: 值, unit: 亿元每平方公里每年度}]}\n",
       {"s.yaml:11:5: error: the chart is too narrow to draw"}},
      {narrow,
       "      {type: pie, data: crowded, x: name, series: [{column: v, name: 值, unit: 亿元}]}\n",
       {"s.yaml:11:5: error: the chart is too small to draw"}},
      {"{size: A4}",
       "      {type: pie, data: crowded, x: name, height_mm: 30,\n"
       "       series: [{column: v, name: 值, unit: 亿元}]}\n",
       {"s.yaml:11:5: error: the pie's labels do not fit beside it",
        "  hint: fewer slices, a taller chart (height_mm), or type: hbar"}},
      {narrow,
       "      {type: bar, data: many, x: name, series: [{column: v, name: 值, unit: 亿元}]}\n",
       {"s.yaml:11:5: error: the chart has 200 categories: their bars would be thinner than 2.5 pt",
        "  hint: chart fewer rows (rows: [...]), or use type: line",
        "s.yaml:11:5: error: no font has the character '\xF0\x9F\x98\x80' (U+1F600) in a chart "
        "label"}},
  };
  for (const auto& c : cases) {
    INFO(c.chart);
    std::ofstream(tmp.path() / "s.yaml") << spec(c.page, c.chart);
    const auto check = test::run("cd " + q(tmp.path()) + " && " + bin + " -q check s.yaml");
    const auto render =
        test::run("cd " + q(tmp.path()) + " && " + bin + " -q render s.yaml -o out");
    INFO(check.err);
    INFO(render.err);
    CHECK(check.exit_code == 65);
    CHECK(render.exit_code == 65);
    CHECK(problems(check.err) == c.expected);
    CHECK(problems(render.err) == c.expected);
    CHECK_FALSE(std::filesystem::exists(tmp.path() / "out/s.pdf"));
  }
}
