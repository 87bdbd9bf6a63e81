// tests/model: parameters resolved for a run (--set, default, the data's latest period), the
// periods before and a year before, and the rows a period parameter selects in placeholders.
#include "model/params.hpp"

#include <catch2/catch.hpp>

#include "data/csv.hpp"
#include "data/period.hpp"
#include "model/build_document.hpp"
#include "model/expression.hpp"
#include "support.hpp"

using namespace jb;

namespace {

std::string code_of(const std::string& period) { return data::parse_period(period)->code(); }

std::string prev(const std::string& period) {
  const auto p = data::previous_period(*data::parse_period(period));
  return p ? p->code() : "none";
}

std::string last_year(const std::string& period) {
  return data::same_period_last_year(*data::parse_period(period)).code();
}

// Months written as an office writes them, a cumulation, quarters and years.
data::IndicatorSet monthly_data() {
  data::IndicatorSet set;
  auto add = [&](const char* name, const char* csv) {
    auto t = data::parse_csv(csv, std::string(name) + ".csv");
    t.name = name;
    set.tables.push_back(t);
  };
  add("monthly",
      "月份,value\n2024年10月,95.0\n2025年8月,98.5\n2025年9月,100.0\n2025年10月,110.0\n");
  add("cum", "period,value\n2024M1-10,900\n2025M1-9,880\n2025M1-10,990\n");
  add("quarterly", "period,value\n2025Q2,50\n2025Q3,55\n");
  add("yearly", "year,value\n2024,1000\n2025,1100\n");
  add("stock", "period,value\n2024M12E,70\n2025M1E,72\n");
  add("ytd", "period,value\n2024年1—12月,1000\n2025年1—11月,1050\n2025年1—12月,1150\n");
  add("names", "name,value\n东湖,1\n");
  return set;
}

spec::JobSpec spec_with(const std::string& params, const std::vector<std::string>& settings = {}) {
  spec::JobSpec spec = test::parse_yaml(
      "document: {title: t, date: 2025-11-20}\nbody: [page_break]\nparams:\n" + params);
  spec::apply_settings(spec, settings);
  return spec;
}

const core::SourceLocation here{"s.yaml", 9, 14};

// The placeholder's text with the parameters of `spec`, or its first error.
std::string eval(const std::string& expr, const spec::JobSpec& spec) {
  const auto data = monthly_data();
  core::DiagnosticList problems;
  const model::Params params = model::resolve_params(spec, data, problems);
  REQUIRE_FALSE(problems.has_errors());
  const auto e = model::evaluate(expr, here, data, problems, {}, &params);
  if (e) return e->text;
  return core::format_diagnostic(problems.all().front());
}

const std::string period_param = "  period: {type: period, default: {latest: monthly}}\n";

}  // namespace

TEST_CASE("periods: the one before of the same kind", "[data][params]") {
  CHECK(prev("2025M10") == "2025M9");
  CHECK(prev("2025M1") == "2024M12");
  CHECK(prev("2025M1-10") == "2025M1-9");
  CHECK(prev("2025M1-2") == "2025M1");
  CHECK(prev("2025Q3") == "2025Q2");
  CHECK(prev("2025Q1") == "2024Q4");
  CHECK(prev("2025Q1-3") == "2025Q1-2");
  CHECK(prev("2025") == "2024");
  CHECK(prev("2025M10E") == "2025M9E");
  CHECK(prev("2025M1E") == "2024M12E");
  CHECK(prev("2025M4-6") == "2025M1-3");
  CHECK(prev("2025M3-5") == "none");
  CHECK(prev("2025年1—10月") == "2025M1-9");
  CHECK(last_year("2025M1-10") == "2024M1-10");
  CHECK(last_year("2025年前三季度") == "2024Q1-3");
  CHECK(last_year("2025M9E") == "2024M9E");
  CHECK(last_year("2025") == "2024");
  CHECK(code_of("2025年10月") == "2025M10");
  CHECK(code_of("2025上半年") == "2025Q1-2");
  CHECK(code_of("2025全年") == "2025");
}

TEST_CASE("periods: a whole year written as months or quarters keeps its kind", "[data][params]") {
  // The last step of a cumulation: the one before is a month or quarter shorter, not last year.
  CHECK(code_of("2025M1-12") == "2025M1-12");
  CHECK(code_of("2025年1—12月") == "2025M1-12");
  CHECK(code_of("2025Q1-4") == "2025Q1-4");
  CHECK(code_of("2025年一至四季度") == "2025Q1-4");
  CHECK(prev("2025M1-12") == "2025M1-11");
  CHECK(prev("2025年1—12月") == "2025M1-11");
  CHECK(prev("2025Q1-4") == "2025Q1-3");
  CHECK(prev("2026M1") == "2025M12");
  CHECK(last_year("2025M1-12") == "2024M1-12");
  CHECK(last_year("2025Q1-4") == "2024Q1-4");
  // Printed as the year, as an office writes a year's cumulation; the one before by its span.
  CHECK(data::parse_period("2025M1-12")->label_zh() == "2025年");
  CHECK(data::previous_period(*data::parse_period("2025M1-12"))->label_zh() == "2025年1—11月");
  CHECK(data::same_period_last_year(*data::parse_period("2025M1-12")).label_zh() == "2024年");
  CHECK(data::previous_period(*data::parse_period("2025Q1-4"))->label_zh() == "2025年前三季度");
}

TEST_CASE("params: --set or the default or the latest period of the data", "[model][params]") {
  const auto data = monthly_data();
  core::DiagnosticList problems;
  const auto spec = spec_with(period_param + "  issue: {type: integer, default: 10}\n" +
                                  "  day: {type: date, default: 2025-11-20}\n" +
                                  "  unit: {type: text, default: 宁波市统计局}\n",
                              {"issue=11"});
  const model::Params params = model::resolve_params(spec, data, problems);
  REQUIRE_FALSE(problems.has_errors());
  REQUIRE(params.size() == 4);
  CHECK(params[0].value == "2025M10");  // 2025年10月 is the latest row of monthly
  CHECK(params[0].from == model::ParamSource::data);
  CHECK(core::to_string(params[0].where) == "monthly.csv:5");
  CHECK(params[1].value == "11");
  CHECK(params[1].from == model::ParamSource::set);
  CHECK(params[2].value == "2025-11-20");
  CHECK(params[2].from == model::ParamSource::default_value);
  CHECK(params[3].value == "宁波市统计局");
  CHECK(model::param_source_name(params[0].from) == "data");
  CHECK(model::param_source_name(params[1].from) == "set");
  CHECK(model::param_source_name(params[2].from) == "default");
}

TEST_CASE("params: a value not of its type names the parameter and what it must be",
          "[model][params]") {
  const auto data = monthly_data();
  auto first_error = [&](const spec::JobSpec& spec, core::ExitCode code) {
    core::DiagnosticList problems;
    model::resolve_params(spec, data, problems);
    REQUIRE(problems.has_errors());
    CHECK(problems.exit_code() == code);
    return core::format_diagnostic(problems.all().front());
  };
  CHECK(first_error(spec_with(period_param, {"period=2025-10"}), core::ExitCode::usage) ==
        "--set period=2025-10: error: parameter 'period' is a period (2025M10, 2025Q3, "
        "2025M1-10, 2025年10月 …)");
  CHECK(first_error(spec_with("  n: {type: integer, default: 1}\n", {"n=12.5"}),
                    core::ExitCode::usage) ==
        "--set n=12.5: error: parameter 'n' is a whole number (12)");
  CHECK(first_error(spec_with("  d: {type: date, default: 2025-11-20}\n", {"d=2025-02-30"}),
                    core::ExitCode::usage) ==
        "--set d=2025-02-30: error: parameter 'd' is a date written YYYY-MM-DD (2025-11-20)");
  CHECK(
      first_error(spec_with("  n: {type: integer, default: 01}\n"), core::ExitCode::invalid_spec) ==
      "test.yaml:4:31: error: the default of 'n' is '01', and it must be a whole number (12)");
  CHECK(first_error(spec_with("  p: {type: period, default: {latest: names}}\n"),
                    core::ExitCode::data_error)
            .find("test.yaml:4:30: error: 'names' has no period among its row keys, so 'p' has "
                  "no latest period") == 0);
  CHECK(first_error(spec_with("  p: {type: period, default: {latest: montly}}\n"),
                    core::ExitCode::invalid_spec) ==
        "test.yaml:4:30: error: the default of 'p' names unknown data 'montly'");
  // A text that would print as nothing, or as a character no font has, is no text.
  const std::string who = "  who: {type: text, default: 宁波市统计局}\n";
  for (const std::string bad : {"", " ", "\u3000\u3000", "\U000F0001"}) {
    INFO(bad);
    CHECK(first_error(spec_with(who, {"who=" + bad}), core::ExitCode::usage) ==
          "--set who=" + bad +
              ": error: parameter 'who' is a text that is not blank, in valid UTF-8, without "
              "private-use characters");
  }
  CHECK(first_error(spec_with("  who: {type: text, default: \"\u3000\"}\n"),
                    core::ExitCode::invalid_spec)
            .find("error: the default of 'who' is '\u3000', and it must be a text that is not "
                  "blank") != std::string::npos);
}

TEST_CASE("placeholders: params.NAME prints the parameter", "[model][params]") {
  const auto spec = spec_with(period_param + "  issue: {type: integer, default: 12}\n");
  CHECK(eval("params.period | period", spec) == "2025年10月");
  CHECK(eval("params.period", spec) == "2025M10");
  CHECK(eval("params.issue", spec) == "12");
  CHECK(eval("params.isue", spec) ==
        "s.yaml:9:14: error: unknown parameter 'isue'\n  hint: parameters: period, issue");
}

TEST_CASE("placeholders: a period parameter selects a row and the rows to compare it with",
          "[model][params]") {
  const auto latest = spec_with(period_param);
  CHECK(eval("monthly[params.period].value", latest) == "110.0");
  CHECK(eval("monthly[prev(params.period)].value", latest) == "100.0");
  CHECK(eval("monthly[same_period_last_year(params.period)].value", latest) == "95.0");
  CHECK(eval("monthly[prev(prev(params.period))].value", latest) == "98.5");
  CHECK(eval("growth(monthly[params.period].value, monthly[prev(params.period)].value) | change",
             latest) == "增长10.0%");
  CHECK(eval("monthly[ 2025M9 ].value", latest) == "100.0");

  const auto set = spec_with(period_param, {"period=2025M9"});
  CHECK(eval("monthly[params.period].value", set) == "100.0");
  CHECK(eval("monthly[prev(params.period)].value", set) == "98.5");

  const auto cum = spec_with(period_param, {"period=2025年1—10月"});
  CHECK(eval("cum[params.period].value", cum) == "990");
  CHECK(eval("cum[prev(params.period)].value", cum) == "880");
  CHECK(eval("growth(cum[params.period].value, cum[same_period_last_year(params.period)].value)",
             cum) == "10.0");
  CHECK(eval("quarterly[prev(params.period)].value", spec_with(period_param, {"period=2025Q3"})) ==
        "50");
  CHECK(eval("yearly[prev(params.period)].value", spec_with(period_param, {"period=2025"})) ==
        "1000");
  CHECK(eval("stock[prev(params.period)].value", spec_with(period_param, {"period=2025M1E"})) ==
        "70");
}

TEST_CASE("placeholders: a 1—12月 period compares with 1—11月 and finds a row keyed by its year",
          "[data][params]") {
  // The latest row of a year-to-date table is 2025年1—12月: the period before is 1—11月 (it was
  // the year 2024, and the text compared December's cumulation with the year before's).
  const auto latest = spec_with("  period: {type: period, default: {latest: ytd}}\n");
  CHECK(eval("params.period", latest) == "2025M1-12");
  CHECK(eval("params.period | period", latest) == "2025年");
  CHECK(eval("ytd[params.period].value", latest) == "1150");
  CHECK(eval("ytd[prev(params.period)].value", latest) == "1050");
  CHECK(eval("ytd[prev(params.period)].period | period", latest) == "2025年1—11月");
  CHECK(eval("ytd[same_period_last_year(params.period)].value", latest) == "1000");
  // A table keyed by years still has the row of 2025M1-12, and of the year before.
  const auto set = spec_with(period_param, {"period=2025M1-12"});
  CHECK(eval("params.period", set) == "2025M1-12");
  CHECK(eval("yearly[params.period].value", set) == "1100");
  CHECK(eval("yearly[same_period_last_year(params.period)].value", set) == "1000");
  CHECK(eval("ytd[prev(params.period)].value", set) == "1050");
  CHECK(eval("yearly[params.period].value", spec_with(period_param, {"period=2025Q1-4"})) ==
        "1100");
  // And a period written as the year is a year: the one before is the year before.
  CHECK(eval("ytd[prev(params.period)].value", spec_with(period_param, {"period=2025"})) == "1000");
}

TEST_CASE("placeholders: a selected row the data lacks is an error naming the period and table",
          "[model][params]") {
  const auto spec =
      spec_with(period_param + "  issue: {type: integer, default: 12}\n", {"period=2025M8"});
  CHECK(eval("monthly[prev(params.period)].value", spec) ==
        "s.yaml:9:14: error: 'monthly' has no row for 2025年7月 (prev(params.period) = 2025M7)\n"
        "  hint: its first column '月份' has 2024年10月, 2025年8月, 2025年9月, 2025年10月");
  CHECK(eval("monthly[params.issue].value", spec) ==
        "s.yaml:9:14: error: 'params.issue' is not a period parameter, and only a period selects "
        "a row\n  hint: params: {issue: {type: period}}");
  CHECK(eval("monthly[last_month].value", spec)
            .find("s.yaml:9:14: error: 'last_month' does not name a period") == 0);
  CHECK(eval("monthly[params.period].valu", spec)
            .find("s.yaml:9:14: error: no column 'valu' in 'monthly'") == 0);
  CHECK(eval("monthly[params.period]", spec) ==
        "s.yaml:9:14: error: 'monthly[params.period]' is not table[period].column\n  hint: for "
        "example {{ monthly[params.period].value }}");
  CHECK(eval("montly[params.period].value", spec)
            .find("s.yaml:9:14: error: unknown data "
                  "'montly'") == 0);
}

TEST_CASE("document.date from a parameter and the title from the period", "[model][params]") {
  spec::JobSpec spec = test::parse_yaml(
      "document:\n  title: \"{{ params.period | period }}简况\"\n"
      "  date: \"{{ params.day }}\"\nbody: [page_break]\nparams:\n" +
      period_param + "  day: {type: date, default: 2025-11-20}\n");
  spec::apply_settings(spec, {"day=2025-12-01"});
  const model::Document doc = model::build_document(spec, monthly_data());
  CHECK(doc.title == "2025年10月简况");
  CHECK(doc.year == 2025);
  CHECK(doc.month == 12);
  CHECK(doc.day == 1);
  CHECK(doc.date_text == "2025年12月1日");

  spec::JobSpec text_date = test::parse_yaml(
      "document:\n  title: t\n  date: \"{{ params.day }}\"\nbody: [page_break]\n"
      "params: {day: {type: text, default: 十一月}}\n");
  const auto e = test::user_error_of([&] { model::build_document(text_date, monthly_data()); });
  CHECK(core::format_diagnostic(e.diagnostics().front()) ==
        "test.yaml:3:9: error: 'date' is '十一月' once filled, not a date written YYYY-MM-DD\n  "
        "hint: a date parameter gives one: params: {date: {type: date}}, date: \"{{ params.date "
        "}}\"");
}
