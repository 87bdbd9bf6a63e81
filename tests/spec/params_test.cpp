// tests/spec: `params:` (type, default, description) and `--set name=value` given to them, with
// every mistake located.
#include <catch2/catch.hpp>

#include "spec/parse_spec.hpp"
#include "support.hpp"

using namespace jb;

namespace {

const std::string head = "document: {title: t, date: 2025-11-20}\nbody: [page_break]\n";

// The spec's first error, formatted, with its exit code checked (unknown keys are errors).
std::string spec_error(const std::string& yaml,
                       core::ExitCode code = core::ExitCode::invalid_spec) {
  const auto e = test::user_error_of([&] {
    spec::parse_spec_text(head + yaml, "test.yaml", test::source_dir, {test::font_dir, true, {}});
  });
  CHECK(e.code() == code);
  return core::format_diagnostic(e.diagnostics().front());
}

std::string settings_error(const std::string& yaml, const std::vector<std::string>& settings) {
  spec::JobSpec spec = test::parse_yaml(head + yaml);
  const auto e = test::user_error_of([&] { spec::apply_settings(spec, settings); });
  CHECK(e.code() == core::ExitCode::usage);
  return core::format_diagnostic(e.diagnostics().front());
}

const std::string three = R"(params:
  period:
    type: period
    default: {latest: monthly}
    description: 报告月份
  issue: {type: integer, default: 10}
  day: {type: date}
)";

}  // namespace

TEST_CASE("params: each parameter's type and default and description in order", "[spec][params]") {
  const spec::JobSpec spec = test::parse_yaml(head + three);
  REQUIRE(spec.params.size() == 3);
  CHECK(spec.params[0].name == "period");
  CHECK(spec.params[0].type == spec::ParamType::period);
  CHECK(spec.params[0].latest_of == "monthly");
  CHECK(spec.params[0].default_value.empty());
  CHECK(spec.params[0].description == "报告月份");
  CHECK(core::to_string(spec.params[0].where) == "test.yaml:4:3");
  CHECK(spec.params[1].type == spec::ParamType::integer);
  CHECK(spec.params[1].default_value == "10");
  CHECK(spec.params[2].type == spec::ParamType::date);
  CHECK_FALSE(spec.params[2].has_default());
}

TEST_CASE("params: unknown keys and bad types and defaults are located errors", "[spec][params]") {
  CHECK(spec_error("params:\n  period: {type: period, defualt: 2025M10}\n") ==
        "test.yaml:4:26: error: unknown key 'defualt' in parameter 'period'\n  hint: did you "
        "mean 'default'? expected one of: type, default, description");
  CHECK(spec_error("params:\n  period: {type: month}\n") ==
        "test.yaml:4:18: error: unknown type 'month' (expected period, date, integer, text)");
  CHECK(spec_error("params:\n  period: {default: 2025M10}\n") ==
        "test.yaml:4:3: error: parameter 'period' has no 'type'\n  hint: type: period, date, "
        "integer or text");
  CHECK(spec_error("params:\n  day: {type: date, default: today}\n") ==
        "test.yaml:4:30: error: a default is never the clock's 'today'\n  hint: give the day "
        "(default: 2025-11-20) or set it on each run: --set day=2025-11-20");
  CHECK(spec_error("params:\n  n: {type: integer, default: {latest: gdp}}\n") ==
        "test.yaml:4:31: error: 'latest' is the default of a period, and 'n' is not one");
  CHECK(spec_error("params:\n  p: {type: period, default: {newest: gdp}}\n")
            .find("test.yaml:4:31: error: unknown key 'newest' in the default of 'p'") == 0);
  CHECK(spec_error("params:\n  2p: {type: text}\n")
            .find("test.yaml:4:3: error: parameter name '2p' must be letters, digits and _") == 0);
  CHECK(spec_error("params: [period]\n").find("test.yaml:3:9: error: 'params' must be a mapping") ==
        0);
}

TEST_CASE("settings: --set gives a parameter its value and mistakes name the setting",
          "[spec][params]") {
  spec::JobSpec spec = test::parse_yaml(head + three);
  spec::apply_settings(spec, {"day=2025-11-20", "period=2025年10月"});
  CHECK(spec.params[0].set == "2025年10月");
  CHECK_FALSE(spec.params[1].set);
  CHECK(spec.params[2].set == "2025-11-20");

  CHECK(settings_error(three, {"day=2025-11-20", "perod=2025M10"}) ==
        "--set perod=2025M10: error: unknown parameter 'perod'\n  hint: the spec's parameters: "
        "period, issue, day");
  CHECK(settings_error(three, {"day=2025-11-20", "issue"}) ==
        "--set issue: error: --set takes name=value\n  hint: for example --set period=2025M10");
  CHECK(settings_error(three, {"day=2025-11-20", "day=2025-11-21"}) ==
        "--set day=2025-11-21: error: parameter 'day' is set twice");
  CHECK(settings_error(three, {}) ==
        "test.yaml:9:3: error: parameter 'day' has no default and is not set\n  hint: give it on "
        "the command line: --set day=VALUE");
  CHECK(settings_error("", {"period=2025M10"}) ==
        "--set period=2025M10: error: unknown parameter 'period'\n  hint: the spec has no "
        "'params' section");
}

TEST_CASE("document.date may be a template filled by the model", "[spec][params]") {
  const spec::JobSpec spec = test::parse_yaml(
      "document: {title: t, date: \"{{ params.day }}\"}\nbody: [page_break]\n"
      "params: {day: {type: date, default: 2025-11-20}}\n");
  CHECK(spec.meta.year == 0);
  REQUIRE(spec.meta.date_template.segments.size() == 1);
  CHECK(spec.meta.date_template.segments[0].text == "params.day");
}
