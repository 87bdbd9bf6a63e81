// tests/data: tables as Excel exports them (title rows, header_row, 注 rows and blank rows at the
// foot), the cells of statistical tables (6.1%, −1.5, —, x, 其中 rows) and keys that repeat.
#include <catch2/catch.hpp>
#include <fstream>

#include "core/diagnostic.hpp"
#include "data/csv.hpp"
#include "data/load_indicators.hpp"
#include "data/number.hpp"
#include "model/build_document.hpp"
#include "support.hpp"

using namespace jb;

namespace {

std::string message(const core::UserError& e, std::size_t i = 0) {
  REQUIRE(e.diagnostics().size() > i);
  return core::format_diagnostic(e.diagnostics()[i]);
}

// Loads `csv` (written to a file) through a spec whose data entry is `entry` (FILE stands for
// the file's path).
data::IndicatorSet load(const test::TempDir& tmp, const std::string& csv,
                        const std::string& entry = "FILE") {
  std::ofstream(tmp.path() / "t.csv", std::ios::binary) << csv;
  std::string e = entry;
  e.replace(e.find("FILE"), 4, (tmp.path() / "t.csv").string());
  const auto spec = test::parse_yaml("document: {title: t, date: 2025-11-20}\ndata:\n  t: " + e +
                                     "\nbody: [page_break]\n");
  return data::load_indicators(spec);
}

const std::string excel_foot =
    "2025年1—10月主要经济指标,,\n"
    "指标,绝对值,增速\n"
    "地区生产总值,13500,5.0\n"
    "\u3000\u3000其中：工业,6000,6.1\n"
    "财政收入,,-1.5\n"
    ",,\n"
    "注：增速为同比增长（%）。,,\n"
    "    2.绝对值单位为亿元。,,\n"
    ",,\n";

}  // namespace

TEST_CASE("Excel: a title row above the header is set aside with a warning naming it", "[data]") {
  const auto t = data::parse_csv(excel_foot, "t.csv");
  CHECK(t.columns == std::vector<std::string>{"指标", "绝对值", "增速"});
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0].cells[0] == "地区生产总值");
  CHECK(t.rows[0].line == 3);
  REQUIRE(t.warnings.size() == 1);
  CHECK(core::format_diagnostic(t.warnings[0]) ==
        "t.csv:1:1: warning: line 1 ('2025年1—10月主要经济指标') is a title above the header "
        "(line 2): set aside\n  hint: header_row: 2 in the spec's data section says so and "
        "silences this warning");
  // Unpadded (one field) title rows, and a blank row between title and header.
  const auto u = data::parse_csv("宁波市主要指标\n\n单位：亿元\n指标,值\n甲,1\n", "u.csv");
  CHECK(u.columns == std::vector<std::string>{"指标", "值"});
  CHECK(u.warnings.size() == 2);
  CHECK(core::format_diagnostic(u.warnings[1])
            .rfind("u.csv:3:1: warning: line 3 ('单位：亿元')", 0) == 0);
}

TEST_CASE("Excel: an ambiguous title is an error that suggests header_row", "[data]") {
  // A single cell over rows whose first row is a figure, not a header.
  const auto e = test::user_error_of([] { data::parse_csv("标题\n2024,1\n2025,2\n", "a.csv"); });
  CHECK(e.code() == core::ExitCode::data_error);
  CHECK(message(e) ==
        "a.csv:1:1: error: cannot tell which row is the header: line 1 ('标题') is a single "
        "cell\n  hint: say where the header is in the spec's data section: {file: ..., "
        "header_row: N}");
  // A padded title over a header with an unnamed column: the header's own error, with the hint.
  const auto p = test::user_error_of([] { data::parse_csv("标题,\n指标,\n甲,1\n", "p.csv"); });
  CHECK(message(p) ==
        "p.csv:1:4: error: column 2 has no name in the header row\n  hint: if the header is not "
        "the first row, the spec's data section says where: header_row: N");
}

TEST_CASE("Excel: header_row says where the header is, rows above it are set aside", "[data]") {
  test::TempDir tmp;
  const auto set = load(tmp, "标题,说明\n,\n指标,值\n甲,1\n", "{file: FILE, header_row: 3}");
  const data::Table& t = set.tables.at(0);
  CHECK(t.columns == std::vector<std::string>{"指标", "值"});
  REQUIRE(t.rows.size() == 1);
  CHECK(t.warnings.empty());
  CHECK(t.notes == std::vector<std::string>{"2 row(s) above the header (header_row: 3) set aside"});
  // A header_row where no row starts is an error at the spec's header_row.
  const auto e =
      test::user_error_of([&] { load(tmp, "a,b\n1,2\n", "{file: FILE, header_row: 7}"); });
  CHECK(message(e).rfind("test.yaml:3:", 0) == 0);
  CHECK(message(e).find(": error: header_row: 7 is not where a row of ") != std::string::npos);
  CHECK(message(e).find("hint: the file's rows start at lines 1 to 2") != std::string::npos);
  // header_row is for files.
  const auto i = test::user_error_of([] {
    test::parse_yaml(
        "document: {title: t, date: 2025-11-20}\ndata:\n  t: {columns: [a], rows: [[1]], "
        "header_row: 2}\nbody: [page_break]\n");
  });
  CHECK(message(i) == "test.yaml:3:46: error: 'header_row' is for a CSV file, not an inline table");
}

TEST_CASE("Excel: 注 rows and blank rows at the foot become the table's footnotes", "[data]") {
  const auto t = data::parse_csv(excel_foot, "t.csv");
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows.back().cells[0] == "财政收入");
  REQUIRE(t.footnotes.size() == 2);
  CHECK(t.footnotes[0].text == "注：增速为同比增长（%）。");
  CHECK(t.footnotes[0].line == 7);
  CHECK(t.footnotes[1].text == "2.绝对值单位为亿元。");
  CHECK(t.footnotes[1].line == 8);
  CHECK(t.notes == std::vector<std::string>{
                       "2 note row(s) at the foot set aside as the table's notes (lines 7, 8): "
                       "注：增速为同比增长（%）。",
                       "1 blank row(s) set aside (line 6)"});
  // 说明, 资料来源, 备注 start notes as well; a key that merely starts with 注 does not.
  for (const std::string lead : {"说明：口径调整", "资料来源：统计局", "备注", "注1.按现价"}) {
    const auto n = data::parse_csv("指标,值\n甲,1\n" + lead + ",\n", "n.csv");
    CHECK(n.rows.size() == 1);
    CHECK(n.footnotes.size() == 1);
  }
  // A note typed with ASCII marks: its own commas split it into cells; labelled 注: it is still
  // one note, whole again.
  const auto typed = data::parse_csv(
      "地区,值,增速\n城东区,1,2\n注:增速按可比价格计算,部分数据为初步数.\n", "t.csv");
  CHECK(typed.rows.size() == 1);
  REQUIRE(typed.footnotes.size() == 1);
  CHECK(typed.footnotes[0].text == "注:增速按可比价格计算,部分数据为初步数.");
  const auto reg = data::parse_csv("指标,值\n注册企业数,1\n注销企业数,\n", "r.csv");
  CHECK(reg.rows.size() == 2);
  CHECK(reg.footnotes.empty());
}

TEST_CASE("Excel: a note row with data rows after it is an error at its line", "[data]") {
  const auto e =
      test::user_error_of([] { data::parse_csv("指标,值\n甲,1\n注：口径,\n乙,2\n", "m.csv"); });
  CHECK(message(e) ==
        "m.csv:3:1: error: line 3 ('注：口径') is a note, but data rows follow it (line 4)\n"
        "  hint: notes go at the foot of the table, below its last row");
}

TEST_CASE("cells: 6.1% in a column of rates, −1.5 and －1.5, missing marks", "[data]") {
  CHECK(data::normalize_cell("−1.5") == "-1.5");   // U+2212
  CHECK(data::normalize_cell("－1.5") == "-1.5");  // full-width minus, ASCII digits
  CHECK(data::normalize_cell("＋2") == "+2");
  CHECK(data::normalize_cell("6.1％") == "6.1%");
  CHECK(data::normalize_cell("1—10月") == "1—10月");  // a dash inside text stays
  for (const char* m : {"-", "--", "—", "——", "…", "……", "...", "/", "x", "X", "×"})
    CHECK(data::is_missing_mark(data::normalize_cell(m)));
  CHECK_FALSE(data::is_missing_mark("-1"));
  CHECK_FALSE(data::is_missing_mark("xx"));
  CHECK(data::without_percent("6.1%") == "6.1");
  CHECK(data::without_percent("-0.5%") == "-0.5");
  CHECK_FALSE(data::without_percent("%"));
  CHECK_FALSE(data::without_percent("约6%"));

  test::TempDir tmp;
  const auto set = load(tmp,
                        "indicator,value,yoy_pct,share\n"
                        "甲,−1.5,6.1%,12%\n"
                        "乙,—,－2.0%,…\n"
                        "丙,x,/,30%\n");
  const data::Table& t = set.tables.at(0);
  CHECK(t.rows[0].cells == std::vector<std::string>{"甲", "-1.5", "6.1", "12"});
  CHECK(t.rows[1].cells == std::vector<std::string>{"乙", "", "-2.0", ""});  // share: all %
  CHECK(t.rows[2].cells == std::vector<std::string>{"丙", "", "", "30"});
  CHECK(t.notes == std::vector<std::string>{
                       "4 cell(s) marked as having no figure (—, …, x, /) read as missing values"});
  // A % in a column that is not one of rates: an error at the cell.
  const auto e = test::user_error_of([&] { load(tmp, "indicator,value\n甲,1\n乙,6.1%\n"); });
  CHECK(e.code() == core::ExitCode::data_error);
  CHECK(message(e).find("t.csv:3:3: error: '6.1%' in column 'value', which is not a column of "
                        "rates\n") != std::string::npos);
}

TEST_CASE("cells: the key's indentation is the row's level, and lookups ignore it", "[data]") {
  const auto t = data::parse_csv(excel_foot, "t.csv");
  CHECK(t.rows[0].level == 0);
  CHECK(t.rows[1].level == 2);
  CHECK(t.rows[1].cells[0] == "其中：工业");
  CHECK(t.find_row("其中：工业") == &t.rows[1]);
  CHECK(data::indentation_level("    乙") == 2);  // two ASCII spaces a level
  CHECK(data::indentation_level("\u3000乙") == 1);
  CHECK(data::indentation_level("乙") == 0);
}

TEST_CASE("duplicate keys are an error at the second row, naming the first", "[data]") {
  test::TempDir tmp;
  const auto e = test::user_error_of(
      [&] { load(tmp, "period,gdp\n2023,16452.8\n2024,17000\n2024,18147.7\n"); });
  CHECK(e.code() == core::ExitCode::data_error);
  CHECK(message(e).rfind((tmp.path() / "t.csv").string() +
                             ":4:1: error: duplicate key '2024' in the first column (line 3)\n"
                             "  hint: line 3 has it first; a placeholder could not tell which row "
                             "it means. A corrected figure replaces the old one, or, with "
                             "revised: rows in the spec's data section, a later row is the "
                             "revision of the first",
                         0) == 0);
  // Two spellings of one period.
  const auto p = test::user_error_of(
      [&] { load(tmp, "period,gdp\n2025M1-9,1\n2025M1-10,2\n2025年1—9月,3\n"); });
  CHECK(message(p).find(":4:1: error: '2025年1—9月' is the same period as '2025M1-9' (line 2)") !=
        std::string::npos);
  // In an inline table: an error of the spec, at the row.
  const auto i = test::user_error_of([] {
    data::load_indicators(test::parse_yaml(
        "document: {title: t, date: 2025-11-20}\ndata:\n  t:\n    columns: [k, v]\n    rows:\n"
        "      - [a, 1]\n      - [a, 2]\nbody: [page_break]\n"));
  });
  CHECK(i.code() == core::ExitCode::invalid_spec);
  CHECK(message(i).rfind("test.yaml:7:10: error: duplicate key 'a' in the first column (line 6)",
                         0) == 0);
}

TEST_CASE("revised: rows: a repeated key is the revision of the first row", "[data]") {
  test::TempDir tmp;
  const std::string csv = "period,gdp,yoy\n2023,16452.8,5.5\n2024,17000,5.4\n2024年,18147.7,\n";
  {
    const auto set = load(tmp, csv, "{file: FILE, revised: rows, use: revised}");
    const data::Table& t = set.tables.at(0);
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[1].cells == std::vector<std::string>{"2024", "18147.7", "5.4"});
    CHECK(t.rows[1].line == 4);  // its figures come from the revision
    // charts mark it ＊
    CHECK((!t.rows[1].revised_cell(0) && t.rows[1].revised_cell(1) && !t.rows[1].revised_cell(2)));
    CHECK_FALSE(t.rows[0].revised_cell(1));
    CHECK(t.notes ==
          std::vector<std::string>{
              "1 revision row(s) (a key repeated) used in place of the first-published rows"});
  }
  {
    const auto set = load(tmp, csv, "{file: FILE, revised: rows}");
    const data::Table& t = set.tables.at(0);
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[1].cells == std::vector<std::string>{"2024", "17000", "5.4"});
    CHECK(t.notes == std::vector<std::string>{
                         "1 revision row(s) (a key repeated) set aside: use: revised uses them"});
  }
  // Revision columns do not make a repeated row a revision.
  const auto e = test::user_error_of([&] {
    load(tmp, "period,gdp,gdp_rev\n2024,1,\n2024,2,\n",
         "{file: FILE, revised: {gdp: gdp_rev}, use: revised}");
  });
  CHECK(message(e).find(":3:1: error: duplicate key '2024'") != std::string::npos);
}

TEST_CASE("a lookup by period finds the row however its period is written", "[data]") {
  const auto t = data::parse_csv("period,v\n2025年1—9月,1\n2024,2\n", "p.csv");
  CHECK(t.find_row("2025M1-9") == &t.rows[0]);
  CHECK(t.find_row("2025Q1-3") == &t.rows[0]);
  CHECK(t.find_row("2024年") == &t.rows[1]);
  CHECK(t.find_row("2025M1-10") == nullptr);
}

TEST_CASE("revised: rows: a chart marks the figures a revision row replaced", "[data]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "g.csv") << "period,gdp\n2023,16452.8\n2024,17000\n2024,18147.7\n";
  const auto spec = test::parse_yaml(
      "document: {title: t, date: 2025-11-20}\ndata:\n  g: {file: " +
      (tmp.path() / "g.csv").string() +
      ", revised: rows, use: revised}\nbody:\n  - chart: {type: bar, data: g, x: period, "
      "series: [{column: gdp, name: 地区生产总值, unit: 亿元}]}\n");
  const auto doc = model::build_document(spec, data::load_indicators(spec));
  REQUIRE(doc.charts.size() == 1);
  CHECK(doc.charts[0].series[0].values == std::vector<std::optional<double>>{16452.8, 18147.7});
  CHECK(doc.charts[0].series[0].revised == std::vector<bool>{false, true});
}

TEST_CASE("Excel: columns empty in every row at the right are dropped", "[data]") {
  const auto t = data::parse_csv("标题,,,\n指标,值,,\n甲,1,,\n乙,2\n", "w.csv");
  CHECK(t.columns == std::vector<std::string>{"指标", "值"});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].cells == std::vector<std::string>{"甲", "1"});
  CHECK(t.notes ==
        std::vector<std::string>{"2 empty column(s) at the right of every row set aside"});
  CHECK(t.warnings.size() == 1);  // the title
  // A column with a figure in it stays, and its missing name is an error.
  const auto e = test::user_error_of([] { data::parse_csv("指标,值,\n甲,1,3\n", "n.csv"); });
  CHECK(message(e).rfind("n.csv:1:6: error: column 3 has no name in the header row", 0) == 0);
}

TEST_CASE("spec: revised: rows, header_row and notes: from_data are read and checked", "[data]") {
  const std::string head = "document: {title: t, date: 2025-11-20}\ndata:\n";
  const auto ok =
      test::parse_yaml(head +
                       "  g: {file: g.csv, revised: rows, use: revised, header_row: 2}\n"
                       "body:\n  - table: {data: g, notes: from_data, columns: "
                       "[{column: period}]}\n");
  CHECK(ok.data.at(0).revised_rows);
  CHECK(ok.data.at(0).use_revised);
  CHECK(ok.data.at(0).header_row == 2);
  CHECK(std::get<spec::TableBlock>(ok.blocks.at(0).content).notes_from_data);
  const auto e = test::user_error_of([&] {
    test::parse_yaml(head +
                     "  g: {file: g.csv, revised: all, header_row: 0}\nbody:\n  - table: {data: "
                     "g, notes: yes, columns: [{column: period}]}\n");
  });
  REQUIRE(e.diagnostics().size() == 3);
  CHECK(message(e, 0) == "test.yaml:3:29: error: unknown revised 'all' (expected rows)");
  CHECK(message(e, 1) == "test.yaml:3:46: error: 'header_row' is 0, outside the range 1 to 1000");
  // notes: takes a list of notes too; a lone word is a misspelt from_data or none.
  CHECK(message(e, 2) ==
        "test.yaml:5:29: error: 'yes' is no note\n"
        "  hint: a table's notes are from_data, none, or a list of notes");
}
