// tests/model: conditions (`when:` on a block) and loops over rows (names, count with where:,
// a list over rows), with their errors at the condition's column.
#include "model/logic.hpp"

#include <catch2/catch.hpp>

#include "core/diagnostic.hpp"
#include "data/csv.hpp"
#include "model/build_document.hpp"
#include "model/expression.hpp"
#include "support.hpp"

using namespace jb;

namespace {

data::IndicatorSet sample() {
  data::IndicatorSet set;
  auto districts = data::parse_csv(
      "district,gdp,growth,note\n"
      "海曙区,1200.5,5.1,\n"
      "江北区,800.2,6.3,新\n"
      "镇海区,900.0,6.3,\n"
      "北仑区,1500.0,4.2,\n"
      "全市,4400.7,5.4,\n",
      "districts.csv");
  districts.name = "districts";
  set.tables.push_back(districts);
  auto parts = data::parse_csv("part,x\na,0.1\nb,0.2\n合计,0.3\n", "parts.csv");
  parts.name = "parts";
  set.tables.push_back(parts);
  auto monthly = data::parse_csv("month,export\n2025M9,12.5\n", "monthly.csv");
  monthly.name = "monthly";
  set.tables.push_back(monthly);
  return set;
}

const data::IndicatorSet& data_set() {
  static const data::IndicatorSet set = sample();
  return set;
}

const core::SourceLocation when_at{"s.yaml", 4, 20};

// The condition's truth, or its first problem as printed.
std::string cond(const std::string& text, std::string_view entity = {}) {
  core::DiagnosticList problems;
  const auto v = model::evaluate_condition(text, when_at, data_set(), problems, entity);
  if (problems.has_errors()) return core::format_diagnostic(problems.errors().front());
  REQUIRE(v);
  return *v ? "true" : "false";
}

std::string eval(const std::string& expr) {
  core::DiagnosticList problems;
  const auto e = model::evaluate(expr, when_at, data_set(), problems);
  if (problems.has_errors()) return core::format_diagnostic(problems.errors().front());
  REQUIRE(e);
  return e->text;
}

core::ExitCode code_of(const std::string& expr) {
  core::DiagnosticList problems;
  model::evaluate(expr, when_at, data_set(), problems);
  return problems.exit_code();
}

bool starts(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("conditions compare figures exactly, never as binary fractions", "[model][logic]") {
  // 0.1 + 0.2 is 0.3 exactly (a double says 0.30000000000000004).
  CHECK(cond("sum(parts.*.x) == parts.合计.x") == "true");
  CHECK(cond("sum(parts.*.x) != parts.合计.x") == "false");
  CHECK(cond("sum(parts.*.x) >= 0.3 and sum(parts.*.x) <= 0.3") == "true");
  CHECK(cond("sum(parts.*.x) < 0.3 or sum(parts.*.x) > 0.3") == "false");
  // mean of 5.1, 6.3, 6.3, 4.2 (全市 left out, as mean always does) is 5.475.
  CHECK(cond("districts.江北区.growth > mean(districts.*.growth)") == "true");
  CHECK(cond("districts.海曙区.growth > mean(districts.*.growth)") == "false");
  CHECK(cond("mean(districts.*.growth) == 5.475") == "true");
  CHECK(cond("districts.镇海区.gdp == 900") == "true");  // 900.0 and 900 are one figure
  CHECK(cond("growth(districts.北仑区.gdp, districts.海曙区.gdp) > 24.9") == "true");
}

TEST_CASE("conditions: not before and before or, parentheses first", "[model][logic]") {
  CHECK(cond("1 > 2 and 1 > 2 or 2 > 1") == "true");     // (F and F) or T
  CHECK(cond("1 > 2 and (1 > 2 or 2 > 1)") == "false");  // F and (F or T)
  CHECK(cond("2 > 1 or 2 > 1 and 1 > 2") == "true");     // T or (T and F)
  CHECK(cond("not 1 > 2 and 2 > 1") == "true");          // (not F) and T
  CHECK(cond("not (2 > 1 and 1 > 2)") == "true");
  CHECK(cond("not not 2 > 1") == "true");
  CHECK(cond("1 > 2 or not 2 > 1") == "false");
  CHECK(cond("((2 > 1))") == "true");
}

TEST_CASE("conditions compare texts with == and !=, for the report's own row too",
          "[model][logic]") {
  CHECK(cond("districts.this.district == '海曙区'", "海曙区") == "true");
  CHECK(cond("districts.this.district != \"海曙区\"", "江北区") == "true");
  CHECK(cond("districts.this.growth > districts.全市.growth", "江北区") == "true");
  CHECK(cond("districts.this.growth > districts.全市.growth", "北仑区") == "false");
}

TEST_CASE("exists: a cell with a value, a missing row or cell is false, a typo an error",
          "[model][logic]") {
  CHECK(cond("exists(monthly.2025M9.export)") == "true");
  CHECK(cond("exists(monthly.2025M10.export)") == "false");  // not yet published
  CHECK(cond("exists(districts.江北区.note)") == "true");
  CHECK(cond("exists(districts.海曙区.note)") == "false");  // an empty cell
  CHECK(cond("exists(districts.this.note)", "宁海县") == "false");
  CHECK(cond("not exists(monthly.2025M10.export)") == "true");
  // A month chosen by its period, however written: a row not yet published is false.
  CHECK(cond("exists(monthly[2025年9月].export)") == "true");
  CHECK(cond("exists(monthly[2025M10].export)") == "false");
  CHECK(cond("exists(monthly[prev(2025M10)].export)") == "true");
  CHECK(cond("exists(monthly[2025M10].exprot)") ==
        "s.yaml:4:20: error: no column 'exprot' in 'monthly'\n  hint: columns: month, export");
  CHECK(cond("exists(monthly.2025M10.exprot)") ==
        "s.yaml:4:20: error: no column 'exprot' in 'monthly'\n  hint: columns: month, export");
  CHECK(starts(cond("exists(monthy.2025M10.export)"), "s.yaml:4:20: error: unknown data 'monthy'"));
  // A missing value guarded by exists is no error; unguarded it stops the run.
  CHECK(cond("exists(districts.海曙区.note) and districts.海曙区.note > 0") == "false");
  CHECK(cond("not exists(districts.海曙区.note) or districts.海曙区.note > 0") == "true");
  CHECK(starts(cond("districts.海曙区.note > 0"),
               "s.yaml:4:20: error: the value of districts.海曙区.note is missing"));
  CHECK(starts(cond("exists(monthly.2025M10.export) and monthly.2025M10.export > 0"), "false"));
}

TEST_CASE("a side that does not decide is still checked for wrong names", "[model][logic]") {
  // The left side decides, but a typo on the right is an error all the same, at its column.
  CHECK(cond("1 > 2 and districts.海曙区.gpd > 0") ==
        "s.yaml:4:30: error: no column 'gpd' in 'districts'\n  hint: columns: district, gdp, "
        "growth, note");
  CHECK(starts(cond("2 > 1 or 1 > growth(districts.海曙区.gdp)"),
               "s.yaml:4:33: error: growth takes 2 arguments"));
}

TEST_CASE("condition errors are at their own column of the when: text", "[model][logic]") {
  // 海曙区 is three characters: columns count characters, not bytes.
  CHECK(cond("districts.海曙区.district > 5") ==
        "s.yaml:4:43: error: '>' compares a text with a figure: districts.海曙区.district is "
        "'海曙区', 5 a figure\n  hint: compare a figure with a figure, a text with a text "
        "('海曙区')");
  CHECK(starts(cond("districts.海曙区.district < '江北区'"),
               "s.yaml:4:43: error: texts are compared only with == and !=, not '<'"));
  CHECK(starts(cond("2 > 1 and districts.海曙区.gdp"),
               "s.yaml:4:30: error: 'districts.海曙区.gdp' is a figure, not a condition"));
  CHECK(starts(cond("(2 > 1) > 1"), "s.yaml:4:21: error: '2 > 1' is a condition, not a figure"));
  CHECK(starts(cond("districts.宁海县.gdp > 1"), "s.yaml:4:20: error: no row '宁海县'"));
  CHECK(starts(cond("1 = 1"), "s.yaml:4:22: error: '=' compares nothing"));
  CHECK(starts(cond("1 >"), "s.yaml:4:23: error: the condition ends where"));
  CHECK(starts(cond("(1 > 2"), "s.yaml:4:20: error: this '(' is not closed"));
  CHECK(starts(cond("1 > 2 1"), "s.yaml:4:24: error: '2 1' is not table.row.column"));
  CHECK(starts(cond("'海曙区"), "s.yaml:4:20: error: the text opened here is not closed"));
  CHECK(starts(cond(""), "s.yaml:4:20: error: the condition ends where"));
}

TEST_CASE("names: 甲, 甲和乙, 甲、乙和丙, sorted stably, filtered", "[model][logic]") {
  // 江北区 and 镇海区 tie at 6.3: the data's order decides.
  CHECK(eval("names(districts.*.district, sort: districts.*.growth, order: descending, top: 3)") ==
        "江北区、镇海区和海曙区");
  CHECK(eval("names(districts.*.district, sort: districts.*.growth, top: 2)") == "江北区和镇海区");
  CHECK(eval("names(districts.*.district, sort: growth, top: 1)") == "江北区");
  CHECK(eval("names(districts.*.district, sort: row.growth, order: ascending, top: 2)") ==
        "北仑区和海曙区");
  // Every row but the total, in the data's order.
  CHECK(eval("names(districts.*.district)") == "海曙区、江北区、镇海区和北仑区");
  CHECK(eval("names(districts.*.district, where: districts.*.growth > districts.全市.growth)") ==
        "江北区和镇海区");
  CHECK(eval("names(districts.*.district, where: row.growth > mean(districts.*.growth), sort: "
             "gdp, top: 5)") == "镇海区和江北区");
  CHECK(eval("count(districts.*.district, where: districts.*.growth > districts.全市.growth)") ==
        "2");
  CHECK(eval("count(districts.*.district, where: row.growth > 100)") == "0");
  CHECK(eval("count(districts.*.district)") == "4");  // the aggregate as before
}

TEST_CASE("names: errors at the placeholder, an empty selection a data error", "[model][logic]") {
  CHECK(starts(eval("names(districts.*.district, where: row.growth > 100)"),
               "s.yaml:4:20: error: names(...) has no row to name"));
  CHECK(code_of("names(districts.*.district, where: row.growth > 100)") ==
        core::ExitCode::data_error);
  CHECK(starts(eval("names(distrcts.*.district)"), "s.yaml:4:20: error: unknown data 'distrcts'"));
  CHECK(starts(eval("names(districts.*.name)"),
               "s.yaml:4:20: error: no column 'name' in 'districts'"));
  CHECK(starts(eval("names(districts.*.district, sort: grwth)"),
               "s.yaml:4:20: error: no column 'grwth' in 'districts'"));
  CHECK(starts(eval("names(districts.*.district, top: 0)"),
               "s.yaml:4:20: error: top: is a whole number from 1 to 100000, not '0'"));
  CHECK(starts(eval("names(districts.*.district, sort: district)"),
               "s.yaml:4:20: error: sort: district is no figure: for '海曙区' it is '海曙区'"));
  CHECK(code_of("names(districts.*.district, sort: district)") == core::ExitCode::invalid_spec);
  CHECK(starts(eval("names(districts.*.district, order: ascending)"),
               "s.yaml:4:20: error: order: orders by sort:"));
  CHECK(starts(eval("names(districts.*.district, top: 2, top: 3)"),
               "s.yaml:4:20: error: names(...) has top: twice"));
  CHECK(starts(eval("names(districts.海曙区.district)"),
               "s.yaml:4:20: error: 'districts.海曙区.district' names one row"));
  CHECK(starts(eval("count(districts.*.district, where: row.growth > 1, top: 2)"),
               "s.yaml:4:20: error: count(...) takes where:, not top:"));
  CHECK(starts(eval("row.growth"), "s.yaml:4:20: error: 'row.growth' names the current row"));
}

namespace {

const char* const head = "document: {title: 标题, date: 2025-11-20}\nbody:\n";

std::string build_error(const std::string& body, std::string_view entity = {}) {
  const auto spec = test::parse_yaml(head + body);
  try {
    model::build_document(spec, data_set(), std::string(entity));
  } catch (const core::UserError& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) all += core::format_diagnostic(d) + "\n";
    return all;
  }
  return "no error";
}

}  // namespace

TEST_CASE("when: a false condition leaves its block out, numbers count printed blocks",
          "[model][logic]") {
  const auto spec = test::parse_yaml(std::string(head) + R"Y(  - heading: 不印
    when: "exists(monthly.2025M10.export)"
  - heading: 总体
  - paragraph: "10月出口{{ monthly.2025M10.export }}亿元。"
    when: "exists(monthly.2025M10.export)"
  - paragraph: 印出。
    when: "exists(monthly.2025M9.export)"
  - chart: {type: bar, data: districts, x: district, series: [{column: gdp}], caption: 不印}
    when: "1 > 2"
  - chart: {type: bar, data: districts, x: district, series: [{column: gdp}], caption: 图1　印}
  - table: {data: districts, columns: [{column: district}], caption: 不印}
    when: "not 2 > 1"
  - table: {data: districts, columns: [{column: district}], caption: 印}
)Y");
  const auto doc = model::build_document(spec, data_set());
  REQUIRE(doc.blocks.size() == 4);
  CHECK(std::get<model::Heading>(doc.blocks[0]).text == "总体");
  CHECK(std::get<model::Heading>(doc.blocks[0]).number == "一、");  // the left-out one is not 一、
  CHECK(std::get<model::Paragraph>(doc.blocks[1]).text == "印出。");
  REQUIRE(doc.charts.size() == 1);
  CHECK(doc.charts[0].caption == "图1\u3000印");  // a written 图1 after a left-out chart is right
  CHECK(std::get<model::ChartRef>(doc.blocks[2]).index == 0);
  CHECK(std::get<model::Table>(doc.blocks[3]).caption == "表1\u3000印");
  for (const auto& f : doc.figures)
    CHECK((f.block_index == model::Figure::npos || f.block_index < doc.blocks.size()));
}

TEST_CASE("when: a left-out block is checked: a wrong name is an error, missing data is not",
          "[model][logic]") {
  // Its missing cell and row are the data's (not yet published): no problem.
  CHECK(build_error(
            R"Y(  - paragraph: "{{ districts.海曙区.note | fixed(1) }}{{ monthly.2025M10.export }}"
    when: "exists(monthly.2025M10.export)"
  - paragraph: x
)Y") == "no error");
  // A typo of a column, a formatter, a table: errors at their placeholders.
  const std::string typos = build_error(R"Y(  - paragraph: "出口{{ monthly.2025M10.exprot }}"
    when: "exists(monthly.2025M10.export)"
  - paragraph: "{{ monthly.2025M9.export | yii }}"
    when: "1 > 2"
  - table: {data: monthy, columns: [{column: x}]}
    when: "1 > 2"
)Y");
  CHECK(starts(typos, "test.yaml:3:19: error: no column 'exprot' in 'monthly'\n"));
  CHECK(typos.find("test.yaml:5:17: error: unknown formatter 'yii'") != std::string::npos);
  CHECK(typos.find("test.yaml:7:19: error: unknown data 'monthy'") != std::string::npos);
  // A month's row not yet published hides no typo of its column either.
  CHECK(starts(build_error(R"Y(  - paragraph: "出口{{ monthly[2025M12].exprot }}"
    when: "1 > 2"
)Y"),
               "test.yaml:3:19: error: no column 'exprot' in 'monthly'\n"));
  // The condition's own problem, at its column.
  CHECK(build_error(R"Y(  - paragraph: x
    when: "exists(monthly.2025M10.exprot)"
)Y") == "test.yaml:4:12: error: no column 'exprot' in 'monthly'\n  hint: columns: month, export\n");
  CHECK(build_error("  - paragraph: x\n    when: districts.海曙区.gdp\n") ==
        "test.yaml:4:11: error: 'districts.海曙区.gdp' is a figure, not a condition: compare "
        "it\n  hint: for example districts.海曙区.gdp > 0, or exists(districts.海曙区.gdp)\n");
}

TEST_CASE("when: decided per report of an each: burst", "[model][logic]") {
  const auto spec = test::parse_yaml(std::string(head) + R"Y(  - paragraph: 高于全市。
    when: "districts.this.growth > districts.全市.growth"
  - paragraph: 其他。
)Y");
  CHECK(model::build_document(spec, data_set(), "江北区").blocks.size() == 2);
  CHECK(model::build_document(spec, data_set(), "北仑区").blocks.size() == 1);
}

TEST_CASE("a list over rows prints one item per selected row", "[model][logic]") {
  const auto spec = test::parse_yaml(std::string(head) + R"Y(  - list:
      each: districts
      where: "row.growth > districts.全市.growth or row.district == '北仑区'"
      sort: growth
      top: 2
      item: "{{ row.district }}增长{{ row.growth | fixed(1) }}%"
  - list: {each: districts, sort: gdp, order: ascending, item: "{{ row.district }}"}
)Y");
  const auto doc = model::build_document(spec, data_set());
  const auto& top = std::get<model::List>(doc.blocks.at(0));
  REQUIRE(top.items.size() == 2);
  CHECK(top.items[0].text == "——江北区增长6.3%");
  CHECK(top.items[1].text == "——镇海区增长6.3%");
  const auto& all = std::get<model::List>(doc.blocks.at(1));
  REQUIRE(all.items.size() == 4);  // 全市 is a total
  CHECK(all.items[0].text == "——江北区");
  CHECK(all.items[3].text == "——北仑区");
  // The figures printed are in the audit trail, from their rows.
  bool audited = false;
  for (const auto& f : doc.figures) audited = audited || f.value.text == "6.3";
  CHECK(audited);
}

TEST_CASE("a list over rows: errors at their keys", "[model][logic]") {
  CHECK(build_error("  - list: {each: distrcts, item: x}\n")
            .rfind("test.yaml:3:18: error: unknown data 'distrcts'", 0) == 0);
  CHECK(build_error("  - list: {each: districts, item: \"{{ row.nme }}\"}\n")
            .rfind("test.yaml:3:36: error: no column 'nme' in 'districts'", 0) == 0);
  CHECK(build_error("  - list: {each: districts, sort: district, item: x}\n")
            .rfind("test.yaml:3:35: error: sort: district is no figure", 0) == 0);
  CHECK(build_error("  - list: {each: districts, where: \"row.growth >> 1\", item: x}\n")
            .rfind("test.yaml:3:49: error: a figure or a test is missing", 0) == 0);
  CHECK(build_error("  - list: {each: districts, where: \"row.growth > 100\", item: x}\n")
            .rfind("test.yaml:3:18: error: the list over 'districts' has no row to print that "
                   "where: row.growth > 100 keeps",
                   0) == 0);
  // Guarded by a when:, the empty list is left out.
  CHECK(build_error("  - list: {each: districts, where: \"row.growth > 100\", item: x}\n"
                    "    when: \"count(districts.*.district, where: row.growth > 100) > 0\"\n"
                    "  - paragraph: x\n") == "no error");
}

TEST_CASE("a list over rows: its keys are checked as the spec is read", "[model][logic]") {
  const core::UserError e = test::user_error_of([] {
    test::parse_yaml(std::string(head) +
                     "  - list: {each: districts, top: 0, order: up, item: x, wher: x}\n"
                     "  - list: {each: districts, order: ascending}\n"
                     "  - paragraph: x\n    when: \"\"\n");
  });
  std::string all;
  for (const auto& d : e.diagnostics()) all += core::format_diagnostic(d) + "\n";
  CHECK(all.find("test.yaml:3:34: error: 'top' is 0, outside the range 1 to 100000") !=
        std::string::npos);
  CHECK(all.find("unknown order 'up' (expected descending, ascending)") != std::string::npos);
  CHECK(all.find("test.yaml:4:11: error: a list over rows has no 'item'") != std::string::npos);
  CHECK(all.find("'order' orders by 'sort', and the list has none") != std::string::npos);
  CHECK(all.find("test.yaml:6:11: error: 'when' must not be empty") != std::string::npos);
}
