// tests/model: placeholders bound to data, formatters, and their errors at the spec location.
#include <catch2/catch.hpp>
#include <fstream>

#include "core/diagnostic.hpp"
#include "data/csv.hpp"
#include "data/load_indicators.hpp"
#include "model/build_document.hpp"
#include "model/expression.hpp"
#include "support.hpp"

using namespace jb;

namespace {

data::IndicatorSet sample() {
  data::IndicatorSet set;
  auto gdp = data::parse_csv(
      "period,gdp,yoy,note\n2023,16452.8,5.5,\n2024,18147.7,-2.14,x\n2025Q1-3,13500,0.02,\n",
      "gdp.csv");
  gdp.name = "gdp";
  set.tables.push_back(gdp);
  return set;
}

const core::SourceLocation here{"s.yaml", 7, 12};

std::string eval(const std::string& expr) {
  return model::evaluate_placeholder(expr, here, sample());
}

std::string error_of(const std::string& expr, core::ExitCode expected_code) {
  try {
    eval(expr);
  } catch (const core::UserError& e) {
    CHECK(e.code() == expected_code);
    return core::format_diagnostic(e.diagnostics().front());
  }
  return "no error";
}

}  // namespace

TEST_CASE("placeholders select rows by first + last or key", "[model]") {
  CHECK(eval("gdp.first.gdp") == "16452.8");
  CHECK(eval("gdp.last.gdp") == "13500");
  CHECK(eval("gdp.2024.gdp") == "18147.7");
  CHECK(eval(" gdp . 2024 . gdp ") == "18147.7");
}

TEST_CASE("formatters word figures the way Chinese statistics does", "[model]") {
  // Without an argument the published digits are kept; with one, rounded.
  CHECK(eval("gdp.2024.gdp | yi") == "18147.7亿元");
  CHECK(eval("gdp.last.gdp | yi") == "13500亿元");
  CHECK(eval("gdp.last.gdp | yi(1)") == "13500.0亿元");
  CHECK(eval("gdp.last.gdp | wanyi") == "1.35万亿元");
  CHECK(eval("gdp.2024.gdp | wanyi") == "1.81万亿元");
  CHECK(eval("gdp.2024.gdp | wanyi(1)") == "1.8万亿元");
  CHECK(eval("gdp.2023.yoy | change") == "增长5.5%");
  CHECK(eval("gdp.2024.yoy | change") == "下降2.14%");
  CHECK(eval("gdp.2024.yoy | change(1)") == "下降2.1%");
  CHECK(eval("gdp.last.yoy | change") == "增长0.02%");
  CHECK(eval("gdp.last.yoy | change(1)") == "持平");
  CHECK(eval("gdp.2023.yoy | percent") == "5.5%");
  CHECK(eval("gdp.2024.yoy | percent(1)") == "-2.1%");
  CHECK(eval("gdp.2024.gdp | fixed") == "18147.7");
  CHECK(eval("gdp.2024.gdp | fixed(0)") == "18148");
  CHECK(eval("gdp.last.period | period") == "2025年前三季度");
}

TEST_CASE("unknown names are errors at the placeholder + never empty text", "[model]") {
  CHECK(error_of("gpd.last.gdp", core::ExitCode::invalid_spec) ==
        "s.yaml:7:12: error: unknown data 'gpd'\n  hint: data names: gdp");
  CHECK(error_of("gdp.2019.gdp", core::ExitCode::invalid_spec) ==
        "s.yaml:7:12: error: no row '2019' in 'gdp' (its first column 'period' has 2023, 2024, "
        "2025Q1-3)");
  CHECK(error_of("gdp.last.gpd", core::ExitCode::invalid_spec) ==
        "s.yaml:7:12: error: no column 'gpd' in 'gdp'\n  hint: columns: period, gdp, yoy, note");
  CHECK(error_of("gdp.last.gdp | wan", core::ExitCode::invalid_spec)
            .rfind("s.yaml:7:12: error: unknown formatter 'wan'", 0) == 0);
  CHECK(error_of("gdp.last", core::ExitCode::invalid_spec)
            .rfind("s.yaml:7:12: error: 'gdp.last' is not table.row.column", 0) == 0);
  CHECK(error_of("gdp.last.gdp | fixed(x)", core::ExitCode::invalid_spec)
            .rfind("s.yaml:7:12: error: formatter argument", 0) == 0);
}

TEST_CASE("a missing or non-numeric value stops the run", "[model]") {
  CHECK(
      error_of("gdp.2023.note", core::ExitCode::data_error)
          .rfind(
              "s.yaml:7:12: error: the value of gdp.2023.note is missing (empty cell at gdp.csv:2)",
              0) == 0);
  CHECK(error_of("gdp.2024.note | fixed", core::ExitCode::data_error) ==
        "gdp.csv:3: error: value 'x' of gdp.2024.note is not a number: not a plain decimal number "
        "(digits, one point, a sign)\n  hint: used at s.yaml:7:12");
}

TEST_CASE("prose from several YAML lines joins without stray spaces", "[model]") {
  CHECK(model::normalize_prose("第一行，\n第二行 GDP 增长 5.0%\n了。") ==
        "第一行，第二行GDP增长5.0%了。");
  CHECK(model::normalize_prose("  open  source   code ") == "open source code");
}

TEST_CASE("heading numbers are Chinese numerals", "[model]") {
  CHECK(model::chinese_number(1) == "一");
  CHECK(model::chinese_number(10) == "十");
  CHECK(model::chinese_number(12) == "十二");
  CHECK(model::chinese_number(20) == "二十");
  CHECK(model::chinese_number(35) == "三十五");
}

TEST_CASE("build_document binds tables + charts and headings + reporting every problem",
          "[model]") {
  auto spec = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
data: {gdp: data/ningbo/gdp.csv}
body:
  - heading: 一节
  - heading: 小节
    level: 2
  - heading: 二节
  - table:
      data: gdp
      columns: [{column: period}, {column: gdp_revised_yi_yuan}]
  - chart:
      type: bar
      data: gdp
      x: period
      series: [{column: gdp_yi_yuan}]
)");
  data::IndicatorSet set;
  auto t = data::parse_csv(
      "period,gdp_yi_yuan,gdp_revised_yi_yuan\n2024,18147.7,\n2025Q1-3,13500,\n", "gdp.csv");
  t.name = "gdp";
  set.tables.push_back(t);
  const auto doc = model::build_document(spec, set);
  CHECK(std::get<model::Heading>(doc.blocks[0]).number == "一、");
  CHECK(std::get<model::Heading>(doc.blocks[1]).number == "（一）");
  CHECK(std::get<model::Heading>(doc.blocks[2]).number == "二、");
  const auto& table = std::get<model::Table>(doc.blocks[3]);
  CHECK(table.rows[0][1] == "—");  // missing: a dash, never 0
  const auto& chart = doc.charts.at(0);
  CHECK(chart.categories[1] == "2025\n前三季度");
  CHECK(chart.partial == std::vector<bool>{false, true});
  CHECK(chart.partial_label == "前三季度");
  CHECK(chart.series[0].labels == std::vector<std::string>{"18147.7", "13500"});  // as published

  auto bad = test::parse_yaml(R"(document: {title: "{{ gdp.last.nope }}", date: 2025-11-20}
body:
  - paragraph: "{{ gdp.9999.gdp_yi_yuan }}"
  - table: {data: nope, columns: [{column: x}]}
)");
  const core::UserError e = test::user_error_of([&] { model::build_document(bad, set); });
  CHECK(e.code() == core::ExitCode::invalid_spec);
  CHECK(e.diagnostics().size() == 3);
}

TEST_CASE("values a chart cannot draw honestly are data errors at their CSV line", "[model]") {
  auto spec = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - chart:
      type: bar
      data: gdp
      x: period
      series: [{column: gdp}]
)");
  for (const std::string bad : {"nan", "inf", "1e300", "12,5", "abc"}) {
    data::IndicatorSet set;
    auto t = data::parse_csv("period,gdp\n2024,1\n2025,\"" + bad + "\"\n", "gdp.csv");
    t.name = "gdp";
    set.tables.push_back(t);
    INFO(bad);
    {
      const core::UserError e = test::user_error_of([&] { model::build_document(spec, set); });
      CHECK(e.code() == core::ExitCode::data_error);
      CHECK(core::format_diagnostic(e.diagnostics()[0])
                .rfind("gdp.csv:3: error: value '" + bad + "' in column 'gdp'", 0) == 0);
    }
  }
}

TEST_CASE("derived figures: growth + share + points + CAGR + rank", "[model]") {
  CHECK(eval("growth(gdp.2024.gdp, gdp.2023.gdp)") == "10.3");
  CHECK(eval("growth(gdp.2024.gdp, gdp.2023.gdp) | change(2)") == "增长10.30%");
  CHECK(eval("growth(gdp.2023.gdp, gdp.2024.gdp) | change") == "下降9.3%");
  CHECK(eval("share(gdp.last.gdp, gdp.2024.gdp) | percent") == "74.4%");
  CHECK(eval("diff(gdp.2024.yoy, gdp.2023.yoy) | points") == "回落7.64个百分点");  // as published
  CHECK(eval("diff(gdp.2023.yoy, gdp.2024.yoy) | points(2)") == "提高7.64个百分点");
  CHECK(eval("diff(gdp.2023.yoy, gdp.2023.yoy) | points") == "持平");
  CHECK(eval("cagr(gdp.2023.gdp, gdp.2024.gdp) | percent") == "10.3%");
  CHECK(eval("cagr(gdp.2023.gdp, gdp.last.gdp, 2) | percent(2)") == "-9.42%");
  CHECK(eval("ratio(gdp.2024.gdp, gdp.last.gdp)") == "1.34");
  CHECK(eval("rank(gdp.2024.gdp)") == "1");
  CHECK(eval("rank(gdp.last.gdp)") == "3");
  CHECK(eval("gdp.2024.gdp | thousands") == "18,147.7");
  CHECK(eval("gdp.2024.gdp | thousands(0)") == "18,148");
  CHECK(eval("gdp.2023.yoy | word(加快, 放缓)") == "加快");
  CHECK(eval("gdp.2024.yoy | word(加快, 放缓)") == "放缓");
  CHECK(eval("diff(gdp.2023.yoy, gdp.2023.yoy) | word(高于, 低于, 持平于)") == "持平于");
  // Mistakes are errors at the placeholder, never an empty string.
  CHECK(error_of("grow(gdp.2024.gdp, gdp.2023.gdp)", core::ExitCode::invalid_spec)
            .rfind("s.yaml:7:12: error: unknown function 'grow'", 0) == 0);
  CHECK(error_of("growth(gdp.2024.gdp)", core::ExitCode::invalid_spec)
            .rfind("s.yaml:7:12: error: growth takes 2 arguments", 0) == 0);
  CHECK(error_of("cagr(gdp.2024.gdp, gdp.last.gdp)", core::ExitCode::invalid_spec)
            .rfind("s.yaml:7:12: error: cagr cannot tell the years between rows '2024' and "
                   "'2025Q1-3'",
                   0) == 0);
  CHECK(error_of("rank(gdp.2024.note)", core::ExitCode::data_error)
            .rfind("s.yaml:7:12: error: the value of gdp.2023.note is missing", 0) == 0);
  CHECK(error_of("diff(gdp.2023.gdp, gdp.2023.gdp) | word(多, 少)", core::ExitCode::data_error)
            .rfind("s.yaml:7:12: error: diff(gdp.2023.gdp, gdp.2023.gdp) is 0 and word(...) has "
                   "no word for zero",
                   0) == 0);
}

TEST_CASE("figures that are not plain decimals stop the run at their data row", "[model]") {
  data::IndicatorSet set;
  auto t = data::parse_csv("k,v\nnan,NaN\ninf,inf\nbig,1e300\nzero,010\nok,1\n", "h.csv");
  t.name = "h";
  set.tables.push_back(t);
  auto err = [&](const std::string& row) {
    try {
      model::evaluate_placeholder("h." + row + ".v | yi", here, set);
    } catch (const core::UserError& e) {
      CHECK(e.code() == core::ExitCode::data_error);
      return core::format_diagnostic(e.diagnostics().front());
    }
    return std::string("no error");
  };
  CHECK(err("nan").rfind("h.csv:2: error: value 'NaN' of h.nan.v is not a number", 0) == 0);
  CHECK(err("inf").rfind("h.csv:3: error: value 'inf' of h.inf.v is not a number", 0) == 0);
  CHECK(err("big").rfind("h.csv:4: error: value '1e300' of h.big.v is not a number: exponents",
                         0) == 0);
  CHECK(err("zero").rfind("h.csv:5: error: value '010' of h.zero.v is not a number: a leading zero",
                          0) == 0);
  CHECK(err("ok") == "no error");
}

TEST_CASE("a sum check warns when the parts miss their total beyond rounding", "[model]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "g.csv")
      << "year,a,b,c,total\n2024,1.1,2.2,3.3,6.6\n2025,1.1,2.2,3.3,6.9\n";
  const auto spec = test::parse_yaml(
      "document: {title: t, date: 2025-11-20}\nbody: [page_break]\ndata:\n  g: " +
      (tmp.path() / "g.csv").string() +
      "\nchecks:\n  - sum: [g.2024.a, g.2024.b, g.2024.c]\n    total: g.2024.total\n"
      "  - sum: [g.2025.a, g.2025.b, g.2025.c]\n    total: g.2025.total\n");
  const auto doc = model::build_document(spec, data::load_indicators(spec));
  REQUIRE(doc.warnings.size() == 1);
  CHECK(core::format_diagnostic(doc.warnings[0])
            .rfind("test.yaml:8:5: warning: the parts add up to 6.6, the total g.2025.total is 6.9 "
                   "(a difference of 0.3, beyond the rounding of 0.20)",
                   0) == 0);
}

TEST_CASE("basis_change words a change with its row's basis (同比 / 较年初)", "[model]") {
  data::IndicatorSet set;
  auto t = data::parse_csv(
      "indicator,change_pct,change_basis\n增加值,11.1,同比\n贷款余额,27.19,较年初\n货值,3,增\n",
      "i.csv");
  t.name = "i";
  set.tables.push_back(t);
  auto eval_i = [&](const std::string& e) { return model::evaluate_placeholder(e, here, set); };
  CHECK(eval_i("i.增加值.change_pct | basis_change") == "同比增长11.1%");
  CHECK(eval_i("i.贷款余额.change_pct | basis_change(1)") == "较年初增长27.2%");
  const auto e = test::user_error_of([&] { eval_i("i.货值.change_pct | basis_change"); });
  CHECK(core::format_diagnostic(e.diagnostics()[0])
            .rfind("i.csv:4: error: the change_basis of i.货值.change_pct is '增', not a basis",
                   0) == 0);
  CHECK(error_of("gdp.2024.yoy | basis_change", core::ExitCode::invalid_spec)
            .rfind("s.yaml:7:12: error: basis_change needs a data cell whose table has a "
                   "'change_basis' column",
                   0) == 0);
}

TEST_CASE("a placeholder's problem goes to the list it is given, and nothing is evaluated",
          "[model]") {
  const data::IndicatorSet set = sample();
  core::DiagnosticList problems;
  CHECK(model::evaluate("gdp.2024.gdp | yi", here, set, problems)->text == "18147.7亿元");
  CHECK_FALSE(problems.has_errors());
  CHECK_FALSE(model::evaluate("nope.2024.gdp", here, set, problems));
  CHECK_FALSE(model::evaluate("gdp.2024.note | change", here, set, problems));
  const auto errors = problems.errors();
  REQUIRE(errors.size() == 2);  // one each: the first problem ends an evaluation
  CHECK(errors[0].message == "unknown data 'nope'");
  CHECK(errors[0].code == core::ExitCode::invalid_spec);
  CHECK(errors[1].code == core::ExitCode::data_error);
  CHECK(problems.exit_code() == core::ExitCode::invalid_spec);
}

TEST_CASE("of two operands that are not figures the second is blamed, a divisor before the other",
          "[model]") {
  data::IndicatorSet set;
  auto t = data::parse_csv("k,a,b,z\nr,x1,y1,0\n", "t.csv");
  t.name = "t";
  set.tables.push_back(t);
  auto first = [&](const std::string& expr) {
    core::DiagnosticList problems;
    CHECK_FALSE(model::evaluate(expr, here, set, problems));
    REQUIRE(problems.errors().size() == 1);
    return problems.errors()[0].message;
  };
  CHECK(first("diff(t.r.a, t.r.b)").find("'y1' of t.r.b") != std::string::npos);
  CHECK(first("growth(t.r.a, t.r.b)").find("'y1' of t.r.b") != std::string::npos);
  CHECK(first("cagr(t.r.a, t.r.b, 2)").find("'x1' of t.r.a") != std::string::npos);
  CHECK(first("share(t.r.a, t.r.z)") == "t.r.z is 0, and share(...) divides by it");
}

TEST_CASE("data that failed to load is an error reported before: the report fails, silently",
          "[model]") {
  data::IndicatorSet set = sample();
  set.unavailable.push_back("bad");
  core::DiagnosticList problems;
  CHECK_FALSE(model::evaluate("bad.2024.x", here, set, problems));
  CHECK(problems.has_errors());
  CHECK(problems.all().empty());
  const core::UserError quiet =
      test::user_error_of([&] { model::evaluate_placeholder("sum(bad.*.x)", here, set); });
  CHECK(quiet.code() == core::ExitCode::data_error);
  CHECK(quiet.diagnostics().empty());

  const auto spec = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - paragraph: "{{ bad.2024.x }}，{{ gdp.2024.gdp }}。"
)");
  const core::UserError only_bad = test::user_error_of([&] { model::build_document(spec, set); });
  CHECK(only_bad.code() == core::ExitCode::data_error);
  CHECK(only_bad.diagnostics().empty());
  // With a problem of its own the document says that one, with the code it calls for.
  const auto spec2 = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - paragraph: "{{ bad.2024.x }}，{{ gdp.2024.nope }}。"
)");
  const core::UserError both = test::user_error_of([&] { model::build_document(spec2, set); });
  CHECK(both.code() == core::ExitCode::invalid_spec);
  REQUIRE(both.diagnostics().size() == 1);
  CHECK(both.diagnostics()[0].message == "no column 'nope' in 'gdp'");
}

TEST_CASE("each: a table that failed to load lists no entities and says nothing new", "[model]") {
  data::IndicatorSet set = sample();
  set.unavailable.push_back("districts");
  const auto spec = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
each: {data: districts}
body:
  - paragraph: "正文。"
)");
  const core::UserError e = test::user_error_of([&] { model::list_entities(spec, set); });
  CHECK(e.code() == core::ExitCode::data_error);
  CHECK(e.diagnostics().empty());
  set.unavailable.clear();
  const core::UserError unknown = test::user_error_of([&] { model::list_entities(spec, set); });
  CHECK(unknown.code() == core::ExitCode::invalid_spec);
  REQUIRE(unknown.diagnostics().size() == 1);
  CHECK(unknown.diagnostics()[0].message ==
        "'each' names data 'districts', which the spec does not have");
}
