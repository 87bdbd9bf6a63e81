// tests/e2e: one spec for every month, run as cron runs it: `--set period=` changes the
// figures and the title, mistakes on the command line exit 64 naming the parameter, and the
// manifest records each run's parameters, which --skip-unchanged counts as inputs.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {

const std::string bin = test::jianbao;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

// A monthly 简况: the month reported defaults to the data's latest.
const std::string jiankuang = R"(params:
  period:
    type: period
    default: {latest: monthly}
    description: 报告月份
  issue: {type: integer, default: 10, description: 期号}
  day: {type: date, default: 2025-11-15}
document:
  title: "{{ params.period | period }}全市经济运行简况"
  subtitle: "第{{ params.issue }}期"
  date: "{{ params.day }}"
data:
  monthly:
    columns: [月份, 产值]
    rows:
      - [2024年9月, "90.0"]
      - [2024年10月, "100.0"]
      - [2025年8月, "104.0"]
      - [2025年9月, "105.0"]
      - [2025年10月, "110.0"]
body:
  - paragraph: "本月产值{{ monthly[params.period].产值 }}亿元，上月{{ monthly[prev(params.period)].产值 }}亿元，同比{{ growth(monthly[params.period].产值, monthly[same_period_last_year(params.period)].产值) | change }}。"
)";

fs::path write_spec(const fs::path& dir) {
  std::ofstream(dir / "jiankuang.yaml") << jiankuang;
  return dir / "jiankuang.yaml";
}

test::CommandResult render(const fs::path& spec, const fs::path& out, const std::string& extra) {
  return test::run(bin + " render " + q(spec) + " -o " + q(out) + extra);
}

std::string pdf_text(const fs::path& pdf) {
  return test::strip_whitespace(test::run("pdftotext " + q(pdf) + " -").out);
}

nlohmann::json manifest_entry(const fs::path& out, const fs::path& spec) {
  const auto file = nlohmann::json::parse(test::read_file(out / "manifest.json"));
  return file.at("runs").at(fs::weakly_canonical(spec).string());
}

// The PDF's creation date, as pdfinfo prints it.
std::string creation_date(const fs::path& pdf) {
  const std::string info = test::run("pdfinfo " + q(pdf)).out;
  const auto at = info.find("CreationDate:");
  return at == std::string::npos ? "" : info.substr(at, info.find('\n', at) - at);
}

}  // namespace

TEST_CASE("params: --set period= changes the figures and the title and no --set takes the latest",
          "[e2e][params]") {
  test::TempDir tmp;
  const fs::path spec = write_spec(tmp.path());
  const fs::path out = tmp.path() / "out";
  auto r = render(spec, out, "");
  REQUIRE(r.exit_code == 0);
  std::string text = pdf_text(out / "jiankuang.pdf");
  CHECK(text.find("2025年10月全市经济运行简况") != std::string::npos);
  CHECK(text.find("第10期") != std::string::npos);
  CHECK(text.find("本月产值110.0亿元，上月105.0亿元，同比增长10.0%。") != std::string::npos);
  CHECK(text.find("2025年11月15日") != std::string::npos);
  CHECK(creation_date(out / "jiankuang.pdf").find("Nov 15") != std::string::npos);

  r = render(spec, out, " --set period=2025M9 --set issue=9 --set day=2025-10-16");
  REQUIRE(r.exit_code == 0);
  text = pdf_text(out / "jiankuang.pdf");
  CHECK(text.find("2025年9月全市经济运行简况") != std::string::npos);
  CHECK(text.find("第9期") != std::string::npos);
  CHECK(text.find("本月产值105.0亿元，上月104.0亿元，同比增长16.7%。") != std::string::npos);
  CHECK(text.find("2025年10月16日") != std::string::npos);
  CHECK(creation_date(out / "jiankuang.pdf").find("Oct 16") != std::string::npos);
}

TEST_CASE("params: command-line mistakes exit 64 naming the parameter", "[e2e][params]") {
  test::TempDir tmp;
  const fs::path spec = write_spec(tmp.path());
  const fs::path out = tmp.path() / "out";
  auto r = render(spec, out, " --set period=2025-10");
  CHECK(r.exit_code == 64);
  CHECK(r.err.find("--set period=2025-10: error: parameter 'period' is a period (2025M10, "
                   "2025Q3, 2025M1-10, 2025年10月 …)\n  hint: 'period': 报告月份") !=
        std::string::npos);
  r = render(spec, out, " --set perod=2025M10");
  CHECK(r.exit_code == 64);
  CHECK(r.err.find("--set perod=2025M10: error: unknown parameter 'perod'\n  hint: the spec's "
                   "parameters: period, issue, day") != std::string::npos);
  r = test::run(bin + " check " + q(spec) + " --set issue=十");
  CHECK(r.exit_code == 64);
  CHECK(r.err.find("--set issue=十: error: parameter 'issue' is a whole number (12)") !=
        std::string::npos);
  r = render(spec, out, " --set period=2025M7");  // a month the data does not have
  CHECK(r.exit_code == 65);
  CHECK(r.err.find("'monthly' has no row for 2025年7月 (params.period = 2025M7)") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(out / "jiankuang.pdf"));
}

TEST_CASE("params: the manifest records each parameter and --skip-unchanged counts them",
          "[e2e][params]") {
  test::TempDir tmp;
  const fs::path spec = write_spec(tmp.path());
  const fs::path out = tmp.path() / "out";
  REQUIRE(render(spec, out, " --set period=2025M9").exit_code == 0);
  auto m = manifest_entry(out, spec);
  REQUIRE(m.at("params").size() == 3);
  CHECK(m["params"][0] ==
        nlohmann::json({{"name", "period"}, {"value", "2025M9"}, {"from", "set"}}));
  CHECK(m["params"][1] ==
        nlohmann::json({{"name", "issue"}, {"value", "10"}, {"from", "default"}}));

  // The same month again is skipped; another month is made.
  REQUIRE(render(spec, out, " --skip-unchanged --set period=2025年9月").exit_code == 0);
  CHECK(manifest_entry(out, spec)["reports"][0]["status"] == "skipped");
  REQUIRE(render(spec, out, " --skip-unchanged").exit_code == 0);
  m = manifest_entry(out, spec);
  CHECK(m["reports"][0]["status"] == "written");
  CHECK(m["params"][0] ==
        nlohmann::json({{"name", "period"}, {"value", "2025M10"}, {"from", "data"}}));
  CHECK(pdf_text(out / "jiankuang.pdf").find("2025年10月全市经济运行简况") != std::string::npos);
}
