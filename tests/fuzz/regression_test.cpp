// tests/fuzz: every input the fuzzers ever found a bug with (tests/fuzz/regressions/KIND/*)
// goes through its target again: no exception but core::UserError, no crash. And the pipeline
// target's input convention: a spec and its CSV files in one input.
#include <catch2/catch.hpp>
#include <fstream>

#include "fuzz/targets.hpp"
#include "support.hpp"

using namespace jb;

TEST_CASE("fuzz regressions: every saved input is handled", "[fuzz]") {
  const std::pair<const char*, void (*)(std::string_view)> kinds[] = {
      {"spec", fuzz::spec_loader},
      {"csv", fuzz::csv_reader},
      {"expression", fuzz::expression},
      {"pipeline", fuzz::pipeline}};
  for (const auto& [kind, target] : kinds) {
    const auto dir = test::source_dir / "tests/fuzz/regressions" / kind;
    REQUIRE(std::filesystem::is_directory(dir));
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      INFO(entry.path().string());
      CHECK_NOTHROW(target(test::read_file(entry.path())));
      ++n;
    }
    INFO(kind);
    CHECK(n >= 1);
  }
}

namespace {

// A spec and its CSV files as one pipeline input (what scripts/fuzz.sh builds its seeds with).
std::string pipeline_input(const std::string& spec, const std::vector<std::string>& csv_files) {
  std::string input = spec;
  for (const auto& csv : csv_files) input += std::string(fuzz::pipeline_separator) + csv;
  return input;
}

const std::string two_tables_spec =
    "document: {title: 两表, date: 2025-11-20}\n"
    "data:\n"
    "  a: a.csv\n"
    "  b: b.csv\n"
    "body:\n"
    "  - paragraph: 甲{{ a.2024.v }}，乙{{ b.2024.w }}。\n";
const std::string a_csv = "period,v\n2024,1.5\n";
const std::string b_csv = "period,w\n2024,2.5\n";

}  // namespace

TEST_CASE("fuzz pipeline: the demo spec and its CSV files in one input make its PDF",
          "[fuzz][e2e]") {
  const auto root = test::source_dir;
  std::vector<std::string> csv_files;
  for (const char* name : {"gdp", "indicators_2025", "investment_growth_2025", "humanoid_robots",
                           "champions", "company_jiangfeng"})
    csv_files.push_back(test::read_file(root / "data/ningbo" / (std::string(name) + ".csv")));
  const std::string pdf = fuzz::pipeline_pdf(
      pipeline_input(test::read_file(root / "templates/ningbo/briefing.yaml"), csv_files));
  REQUIRE(pdf.starts_with("%PDF-"));
  test::TempDir dir;
  const auto file = dir.path() / "demo.pdf";
  std::ofstream(file, std::ios::binary) << pdf;
  const auto text = test::run("pdftotext -enc UTF-8 '" + file.string() + "' -");
  REQUIRE(text.exit_code == 0);
  const std::string body = test::strip_whitespace(text.out);
  CHECK(body.find("宁波市加快发展新质生产力情况分析") != std::string::npos);  // the spec's title
  CHECK(body.find("18147.7") != std::string::npos);  // gdp.csv, in the chart (Cairo) and prose
}

TEST_CASE("fuzz pipeline: the CSV parts are the spec's data files in order", "[fuzz]") {
  CHECK(fuzz::pipeline_pdf(pipeline_input(two_tables_spec, {a_csv, b_csv})).starts_with("%PDF-"));
  // Swapped, table a has no column v.
  const auto swapped = test::user_error_of([&] {
    fuzz::pipeline_pdf(pipeline_input(two_tables_spec, {b_csv, a_csv}));
  });
  CHECK(swapped.code() == core::ExitCode::invalid_spec);
  CHECK_THAT(core::format_diagnostic(swapped.diagnostics().at(0)),
             Catch::StartsWith("fuzz.yaml:6:") && Catch::Contains("'v'"));
}

TEST_CASE("fuzz pipeline: a data file beyond the input's parts is missing (66)", "[fuzz]") {
  const auto e =
      test::user_error_of([&] { fuzz::pipeline_pdf(pipeline_input(two_tables_spec, {a_csv})); });
  CHECK(e.code() == core::ExitCode::missing_input);
  REQUIRE(e.diagnostics().size() == 1);
  CHECK_THAT(core::format_diagnostic(e.diagnostics()[0]),
             Catch::StartsWith("fuzz.yaml:4:6: error: cannot open '") &&
                 Catch::Contains("b.csv': no such part in the input"));
}
