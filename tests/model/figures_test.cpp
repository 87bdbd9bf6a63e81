// tests/model: exact decimals and the wording of figures, case by case. Every figure is computed
// from the published digits and rounded half away from zero (四舍五入) only when printed.
#include <catch2/catch.hpp>

#include "core/decimal.hpp"
#include "data/csv.hpp"
#include "model/build_document.hpp"
#include "model/expression.hpp"
#include "support.hpp"

using namespace jb;

namespace {

data::IndicatorSet figures() {
  data::IndicatorSet set;
  auto r = data::parse_csv(
      "k,v\na,1.92\nb,1.37\nc,2.675\nd,0.15\ne,0.1\nf,-2.5\ng,-3.0\nh,1234567890123.45\n"
      "i,0.05\nj,-0.05\nk,0\nl,2.5\nm,-2.45\nn,100\no,0.004\np,81\nq,121\ns,0.125\nt,91.2025\nw,0."
      "000000000000001\nx,0.00000000000000123456789012345678\n",
      "r.csv");
  r.name = "r";
  set.tables.push_back(r);
  auto ind = data::parse_csv(
      "行业,增速\n合计,5.0\n工业,6.1\n其中：制造业,8.0\n建筑业,3.2\n服务业,7.4\n其他,9.9\n",
      "ind.csv");
  ind.name = "ind";
  set.tables.push_back(ind);
  return set;
}

const core::SourceLocation here{"s.yaml", 3, 9};

}  // namespace

TEST_CASE("exact decimals: every formatter and derived figure, case by case", "[model][decimal]") {
  const data::IndicatorSet set = figures();
  const std::pair<const char*, const char*> cases[] = {
      // differences keep the decimals their inputs show
      {"diff(r.a.v, r.b.v)", "0.55"},
      {"diff(r.a.v, r.b.v) | fixed(1)", "0.6"},
      {"diff(r.d.v, r.e.v) | points", "提高0.05个百分点"},
      {"diff(r.e.v, r.d.v) | points", "回落0.05个百分点"},
      {"diff(r.d.v, r.e.v) | points(1)", "提高0.1个百分点"},
      {"diff(r.k.v, r.l.v) | fixed(0)", "-3"},
      {"diff(r.f.v, r.a.v) | abs", "4.42"},
      {"diff(r.f.v, r.a.v) | word(高于, 低于, 等于)", "低于"},
      // halves round away from zero, in both directions
      {"r.c.v | fixed(2)", "2.68"},
      {"r.c.v | fixed(1)", "2.7"},
      {"r.s.v | fixed(2)", "0.13"},
      {"r.i.v | fixed(1)", "0.1"},
      {"r.j.v | fixed(1)", "-0.1"},
      {"r.m.v | fixed(1)", "-2.5"},
      {"r.l.v | fixed(0)", "3"},
      {"r.a.v | yi(1)", "1.9亿元"},
      // zero after rounding has no sign and no direction
      {"r.o.v | change(2)", "持平"},
      {"r.j.v | change(0)", "持平"},
      {"r.j.v | percent(0)", "0%"},
      {"r.k.v | points", "持平"},
      // 15-digit figures stay exact
      {"r.h.v | fixed(1)", "1234567890123.5"},
      {"r.h.v | wanyi", "123456789.01万亿元"},
      {"r.h.v | thousands(0)", "1,234,567,890,123"},
      {"r.h.v", "1234567890123.45"},
      {"r.w.v", "0.000000000000001"},  // one significant digit, however many zeros lead it
      {"r.w.v | fixed(6)", "0.000000"},
      // quotients
      {"growth(r.a.v, r.b.v)", "40.1"},
      {"growth(r.b.v, r.a.v) | change", "下降28.6%"},
      {"growth(r.e.v, r.d.v) | change(1)", "下降33.3%"},
      {"share(r.b.v, r.a.v) | percent(2)", "71.35%"},
      {"ratio(r.a.v, r.b.v)", "1.40"},
      // compound growth, rounded exactly
      {"cagr(r.b.v, r.a.v, 2)", "18.4"},
      {"cagr(r.n.v, r.q.v, 2) | percent", "10.0%"},
      {"cagr(r.n.v, r.p.v, 2) | change", "下降10.0%"},
      {"cagr(r.n.v, r.t.v, 2) | fixed(0)", "-5"},  // exactly -4.5
      // signs the wording absorbs
      {"r.f.v | abs", "2.5"},
      {"r.f.v | change", "下降2.5%"},
      {"r.f.v | price", "下降2.5%"},
      {"r.a.v | price", "上涨1.92%"},
      {"diff(r.a.v, r.b.v) | pace", "加快0.55个百分点"},
      {"diff(r.b.v, r.a.v) | pace", "回落0.55个百分点"},
      {"diff(r.f.v, r.g.v) | pace", "降幅收窄0.5个百分点"},
      {"diff(r.g.v, r.f.v) | pace", "降幅扩大0.5个百分点"},
      {"diff(r.a.v, r.a.v) | pace", "持平"},
      {"diff(r.b.v, r.a.v) | faster", "慢0.55个百分点"},
      {"diff(r.a.v, r.b.v) | higher", "高0.55个百分点"},
      // with what they compare against: 比全市快…, and at zero 与全市持平, never 比全市持平
      {"diff(r.b.v, r.a.v) | faster(1, 全市)", "比全市慢0.6个百分点"},
      {"diff(r.a.v, r.a.v) | faster(1, 全市)", "与全市持平"},
      {"diff(r.a.v, r.b.v) | pace(, 1—9月)", "比1—9月加快0.55个百分点"},
      {"diff(r.f.v, r.g.v) | pace(1, 上月)", "降幅比上月收窄0.5个百分点"},
      {"diff(r.d.v, r.e.v) | points(2, 上年)", "比上年提高0.05个百分点"},
      {"diff(r.a.v, r.b.v) | higher(0, 全省)", "比全省高1个百分点"},
      // rankings and aggregates leave totals (合计, 其他) and 其中 rows out
      {"rank(ind.工业.增速)", "2"},
      {"rank(ind.服务业.增速)", "1"},
      {"rank(ind.工业.增速, among: 工业, 其他)", "2"},
      {"sum(ind.*.增速)", "16.7"},
      {"mean(ind.*.增速)", "5.6"},
      {"max(ind.*.增速)", "7.4"},
      {"min(ind.*.增速) | change", "增长3.2%"},
      {"count(ind.*.增速)", "3"},
      {"sum(ind.*.增速, among: 工业, 建筑业)", "9.3"},
      // figures written as arguments: against a target, or the issue's own examples
      {"diff(1.92, 1.37)", "0.55"},
      {"diff(0.15, 0.1) | points", "提高0.05个百分点"},
      {"diff(ind.工业.增速, 5.0) | higher", "高1.1个百分点"},
      {"growth(r.a.v, 1.6) | change", "增长20.0%"},
  };
  for (const auto& [expr, expected] : cases) {
    INFO(expr);
    CHECK(model::evaluate_placeholder(expr, here, set) == expected);
  }
}

TEST_CASE("wording that cannot mislead: errors at the placeholder", "[model][decimal]") {
  const data::IndicatorSet set = figures();
  auto error = [&](const std::string& expr) {
    return core::format_diagnostic(
        test::user_error_of([&] { model::evaluate_placeholder(expr, here, set); })
            .diagnostics()
            .front());
  };
  CHECK(error("rank(ind.合计.增速)") ==
        "s.yaml:3:9: error: rank(ind.合计.增速): row '合计' is not among the rows ranked\n  hint: "
        "totals (合计, 全市, 其他…) and 其中 rows are left out; name the rows with among:");
  CHECK(error("r.a.v | pace") ==
        "s.yaml:3:9: error: pace compares two rates: it takes diff(now, before)\n  hint: for "
        "example {{ diff(ind.m10.yoy, ind.m9.yoy) | pace }}");
  CHECK(error("count(ind.工业.增速)")
            .rfind("s.yaml:3:9: error: count takes a whole column, table.*.column", 0) == 0);
  CHECK(error("r.*.v").rfind("s.yaml:3:9: error: 'r.*.v' names every row", 0) == 0);
  CHECK(error("cagr(r.n.v, r.q.v, 1.5)") ==
        "s.yaml:3:9: error: cagr's years must be a whole number from 1 to 200, not '1.5'");
  CHECK(error("cagr(r.o.v, r.h.v, 1)")
            .rfind("s.yaml:3:9: error: cagr(...) is beyond what a briefing prints", 0) == 0);
  // an empty word would print a blank, whichever way the figure goes
  CHECK(error("r.a.v | word(,,)") ==
        "s.yaml:3:9: error: word(...) has an empty word\n  hint: give each case its word: "
        "word(高于, 低于, 持平于)");
  CHECK(error("r.f.v | word(高于, )").rfind("s.yaml:3:9: error: word(...) has an empty word", 0) ==
        0);
  CHECK(error("r.x.v | fixed")
            .rfind("r.csv:22: error: value '0.00000000000000123456789012345678' of r.x.v is not a "
                   "number: "
                   "more than 15 significant digits",
                   0) == 0);
  CHECK(error("growth(r.a.v, r.k.v)") ==
        "r.csv:12: error: r.k.v is 0, and growth(...) divides by it\n  hint: used at s.yaml:3:9");
}

TEST_CASE("core::Decimal rounds half away from zero and never prints -0", "[model][decimal]") {
  auto d = [](const char* s) { return core::Decimal::parse(s).value(); };
  CHECK(d("2.675").fixed(2) == "2.68");
  CHECK(d("-2.675").fixed(2) == "-2.68");
  CHECK(d("-0.004").fixed(2) == "0.00");
  CHECK(d("0.5").fixed(0) == "1");
  CHECK(d("-0.5").fixed(0) == "-1");
  CHECK((d("0.1") + d("0.2")).fixed(17) == "0.30000000000000000");
  CHECK((core::Decimal(1) / core::Decimal(3)).fixed(3) == "0.333");
  CHECK(!core::Decimal::parse("1e5"));
  CHECK(!core::Decimal::parse("1."));
  CHECK(core::decimals_of("13500.55") == 2);
}

TEST_CASE("a figure after words that say its direction never prints a second sign",
          "[model][decimal]") {
  const data::IndicatorSet set = figures();
  auto spec = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - paragraph: "增速低于全市平均水平{{ diff(r.f.v, r.a.v) }}个百分点。"
  - paragraph: "增速{{ diff(r.f.v, r.a.v) | word(高于, 低于) }}全市平均水平{{ diff(r.f.v, r.a.v) | abs }}个百分点，为{{ r.f.v }}%。"
)");
  const core::UserError e = test::user_error_of([&] { model::build_document(spec, set); });
  REQUIRE(e.diagnostics().size() == 1);
  CHECK(core::format_diagnostic(e.diagnostics()[0]) ==
        "test.yaml:3:27: error: {{ diff(r.f.v, r.a.v) }} is -4.42 after '低于', which already "
        "says the direction: it would print a second sign\n  hint: print the magnitude with | "
        "abs, or let | change, | points, | pace or word(...) choose the words");
  CHECK(e.code() == core::ExitCode::data_error);
  // A published plus sign is never printed again: 增长+5.0% cannot happen.
  data::IndicatorSet plus = set;
  auto t = data::parse_csv("k,v\na,+5.0\n", "p.csv");
  t.name = "p";
  plus.tables.push_back(t);
  auto spec2 = test::parse_yaml(
      "document: {title: 标题, date: 2025-11-20}\nbody:\n"
      "  - paragraph: \"同比增长{{ p.a.v }}%，{{ p.a.v | change }}。\"\n");
  const auto doc = model::build_document(spec2, plus);
  CHECK(std::get<model::Paragraph>(doc.blocks.at(0)).text == "同比增长5.0%，增长5.0%。");
}

namespace {

// A profit that is a loss in the base year, a plus sign and a negative zero as Excel exports them.
data::IndicatorSet signed_figures() {
  data::IndicatorSet set;
  auto t = data::parse_csv(
      "k,v,w\nloss,-20,-10\nturn,-100,50\ndeeper,-100,-121\nplus,+5.4,-0.0\nup,1.92,3\n", "t.csv");
  t.name = "t";
  set.tables.push_back(t);
  return set;
}

}  // namespace

TEST_CASE("growth and cagr from a negative base are refused, never worded as a fall",
          "[model][decimal]") {
  const data::IndicatorSet set = signed_figures();
  auto error = [&](const std::string& expr) {
    const core::UserError e =
        test::user_error_of([&] { model::evaluate_placeholder(expr, here, set); });
    CHECK(e.code() == core::ExitCode::data_error);
    return core::format_diagnostic(e.diagnostics().front());
  };
  // a loss of 20 narrowed to 10 is no 下降50.0%; -100 to +50 is no 下降150.0%
  CHECK(error("growth(t.loss.w, t.loss.v) | change")
            .rfind("t.csv:2: error: t.loss.v is -20, and growth(...) from a negative base has no "
                   "meaning",
                   0) == 0);
  CHECK(error("growth(t.turn.w, t.turn.v)").rfind("t.csv:3: error: t.turn.v is -100", 0) == 0);
  // losses that deepened from 100 to 121 are no 增长10.0%
  CHECK(error("cagr(t.deeper.v, t.deeper.w, 2) | change")
            .rfind("s.yaml:3:9: error: cagr needs two values above zero", 0) == 0);
  CHECK(model::evaluate_placeholder("growth(t.up.w, t.up.v) | change", here, set) == "增长56.3%");
}

TEST_CASE("a published plus sign or negative zero is never printed", "[model][decimal]") {
  const data::IndicatorSet set = signed_figures();
  CHECK(model::evaluate_placeholder("t.plus.v", here, set) == "5.4");
  CHECK(model::evaluate_placeholder("t.plus.w", here, set) == "0.0");
  CHECK(model::evaluate_placeholder("t.plus.w | percent", here, set) == "0.0%");
  CHECK(model::evaluate_placeholder("t.plus.w | yi", here, set) == "0.0亿元");
  CHECK(model::evaluate_placeholder("t.plus.w | thousands", here, set) == "0.0");
  CHECK(model::evaluate_placeholder("t.plus.w | change", here, set) == "持平");
}

TEST_CASE("a formatter that cannot read what the one before it printed is the spec's error",
          "[model][decimal]") {
  const data::IndicatorSet set = signed_figures();
  const core::UserError e = test::user_error_of(
      [&] { model::evaluate_placeholder("t.up.v | percent(1) | change", here, set); });
  CHECK(e.code() == core::ExitCode::invalid_spec);
  CHECK(core::format_diagnostic(e.diagnostics().front()) ==
        "s.yaml:3:9: error: 'change' cannot read '1.9%', which 'percent(1)' printed, as a "
        "figure\n  hint: a formatter after another reads its digits: only fixed(n) leaves a "
        "plain figure (t.up.v | fixed(1) | change)");
}

TEST_CASE("a plus sign after words that say the direction is a second sign too",
          "[model][decimal]") {
  const data::IndicatorSet set = signed_figures();
  auto spec = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - paragraph: "同比增长{{ t.plus.v }}%。"
)");
  // the raw cell prints without its +, so nothing is doubled
  const model::Document doc = model::build_document(spec, set);
  const auto* p = std::get_if<model::Paragraph>(&doc.blocks.at(0));
  REQUIRE(p);
  CHECK(p->text == "同比增长5.4%。");
}

TEST_CASE("a magnitude after a word that says the direction must go that way", "[model][decimal]") {
  const data::IndicatorSet set = figures();
  auto spec = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - paragraph: "工业增加值下降{{ r.a.v | abs }}%。"
  - paragraph: "投资比上年增长{{ r.f.v | abs(1) }}%。"
  - paragraph: "增速由升转降，下降{{ r.f.v | abs }}%；由降转为增长{{ r.a.v | abs }}%。"
  - paragraph: "增速{{ diff(r.f.v, r.a.v) | word(高于, 低于) }}全市{{ diff(r.f.v, r.a.v) | abs }}个百分点。"
  - paragraph: "降幅{{ r.a.v | abs }}%。"
  - paragraph: "同比负增长{{ r.f.v | abs }}%。"
)");
  const core::UserError e = test::user_error_of([&] { model::build_document(spec, set); });
  REQUIRE(e.diagnostics().size() == 2);
  CHECK(core::format_diagnostic(e.diagnostics()[0]) ==
        "test.yaml:3:24: error: {{ r.a.v | abs }} is 1.92 after '下降', but the figure is above "
        "zero: it would print the wrong direction\n  hint: let | change, | points, | pace or "
        "word(...) choose the words");
  CHECK(
      core::format_diagnostic(e.diagnostics()[1])
          .rfind(
              "test.yaml:4:24: error: {{ r.f.v | abs(1) }} is 2.5 after '增长', but the figure is "
              "below zero",
              0) == 0);
  CHECK(e.code() == core::ExitCode::data_error);
}

TEST_CASE("a magnitude that rounds to zero after a direction word is an error, not 下降0.0%",
          "[model][decimal]") {
  const data::IndicatorSet set = figures();
  auto spec = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - paragraph: "价格{{ r.o.v | word(上涨, 下降, 持平) }}{{ r.o.v | abs(1) }}%。"
  - paragraph: "投资下降{{ r.j.v | abs(0) }}%。"
  - paragraph: "差值为{{ r.j.v | abs(0) }}。"
)");
  const core::UserError e = test::user_error_of([&] { model::build_document(spec, set); });
  REQUIRE(e.diagnostics().size() == 2);
  CHECK(core::format_diagnostic(e.diagnostics()[0]) ==
        "test.yaml:3:49: error: {{ r.o.v | abs(1) }} is 0.0 after '上涨': a direction with no "
        "change to show\n  hint: let | change, | points or | pace say 持平, or word(..., 持平) "
        "with the magnitude's decimals");
  CHECK(core::format_diagnostic(e.diagnostics()[1])
            .rfind("test.yaml:4:21: error: {{ r.j.v | abs(0) }} is 0 after '下降'", 0) == 0);
}

TEST_CASE("a word that word(...) chose says the direction too: no second sign after it",
          "[model][decimal]") {
  const data::IndicatorSet set = figures();
  auto spec = test::parse_yaml(R"(document: {title: 标题, date: 2025-11-20}
body:
  - paragraph: "比全市{{ r.f.v | word(快, 慢) }}{{ r.f.v }}个百分点。"
  - paragraph: "增速{{ r.f.v | word(高, 低) }}于上年，为{{ r.f.v }}%。"
)");
  const core::UserError e = test::user_error_of([&] { model::build_document(spec, set); });
  REQUIRE(e.diagnostics().size() == 1);  // the second paragraph's figure is a clause on
  CHECK(core::format_diagnostic(e.diagnostics()[0])
            .rfind("test.yaml:3:44: error: {{ r.f.v }} is -2.5 after '慢', which already says the "
                   "direction: it would print a second sign",
                   0) == 0);
}

TEST_CASE("full-width marks typed into a placeholder are named in the hint", "[model]") {
  const data::IndicatorSet set = figures();
  auto hint = [&](const std::string& expr) {
    return test::user_error_of([&] { model::evaluate_placeholder(expr, here, set); })
        .diagnostics()
        .front()
        .hint;
  };
  CHECK(hint("r.a.v ｜ change") ==
        "the placeholder has the full-width ｜: placeholders are written with ASCII | , ( ) . (a "
        "column named 增速（%） keeps its own)");
  CHECK(hint("r.a.v | change（1）").rfind("the placeholder has the full-width （）:", 0) == 0);
  CHECK(hint("growth(r.a.v，r.b.v)").rfind("the placeholder has the full-width ，:", 0) == 0);
  CHECK(hint("r.a.v | nope").rfind("formatters: ", 0) == 0);  // no full-width mark: as before
}

TEST_CASE("a column named with ASCII brackets, as Excel exports write headers, is a reference",
          "[model]") {
  // 增速(%) and 县(市、区): a '(' after a dotted reference is part of the column's name, not a
  // call; before, {{ t.this.增速(%) }} was "unknown function 't.this.增速'".
  data::IndicatorSet set;
  auto t = data::parse_csv("县(市、区),增速(%),总量(亿元)\n城东区,5.6,812.35\n江南县,6.3,402.77\n",
                           "t.csv");
  t.name = "t";
  set.tables.push_back(t);
  const core::SourceLocation here{"s.yaml", 4, 7};
  CHECK(model::evaluate_placeholder("t.江南县.增速(%) | change", here, set) == "增长6.3%");
  CHECK(model::evaluate_placeholder("t.城东区.县(市、区)", here, set) == "城东区");
  CHECK(model::evaluate_placeholder("rank(t.江南县.增速(%))", here, set) == "1");
  CHECK(model::evaluate_placeholder("diff(t.江南县.增速(%), t.城东区.增速(%)) | points", here,
                                    set) == "提高0.7个百分点");
  CHECK(model::evaluate_placeholder("t.this.总量(亿元) | yi", here, set, nullptr, "城东区") ==
        "812.35亿元");
  // a name without a dot before its '(' is still a function, and an unknown one an error
  const auto e =
      test::user_error_of([&] { model::evaluate_placeholder("grow(t.a.v)", here, set); });
  CHECK(core::format_diagnostic(e.diagnostics().front())
            .rfind("s.yaml:4:7: error: unknown function 'grow'", 0) == 0);
}
