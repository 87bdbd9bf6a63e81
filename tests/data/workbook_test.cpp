// tests/data: Excel workbooks as data sources (data/workbook.hpp): the values of cells as Excel
// shows them, merged cells, the sheet and the cells chosen, errors at their cells, and hostile
// files refused in bounded time and memory. The workbooks are made at build time by
// tests/fixtures/make_workbooks.py into JIANBAO_WORKBOOKS.
#include "data/workbook.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "core/diagnostic.hpp"
#include "data/load_indicators.hpp"
#include "data/workbook_cells.hpp"
#include "support.hpp"

using namespace jb;

namespace {

const std::filesystem::path books = JIANBAO_WORKBOOKS;

std::string bytes_of(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Read {
  std::string sheet, range;
  int header_row = 0;
};

// Reads books/name, its locations naming the file as `name`; the spec's sheet: at
// spec.yaml:7:12, its range: at spec.yaml:8:12.
data::Table read(const std::string& name, const Read& how = {}) {
  spec::DataSourceSpec s;
  s.file = books / name;
  s.sheet = how.sheet;
  s.sheet_where = {"spec.yaml", 7, 12};
  s.range = how.range;
  s.range_where = {"spec.yaml", 8, 12};
  s.header_row = how.header_row;
  s.header_row_where = {"spec.yaml", 9, 17};
  return data::read_workbook(s, name, bytes_of(books / name));
}

// The first error reading it, with its hint, and the code.
std::string error_of(const std::string& name, const Read& how = {},
                     core::ExitCode code = core::ExitCode::data_error) {
  const core::UserError e = test::user_error_of([&] { read(name, how); });
  CHECK(e.code() == code);
  REQUIRE_FALSE(e.diagnostics().empty());
  return core::format_diagnostic(e.diagnostics().front());
}

const data::Row& row(const data::Table& t, std::string_view key) {
  const data::Row* r = t.find_row(key);
  if (!r) FAIL("no row " << key);
  return *r;
}

std::string value(const data::Table& t, std::string_view key, std::size_t c = 1) {
  return std::string(row(t, key).cells[c]);
}

}  // namespace

TEST_CASE("workbook: numbers are exact decimals as Excel shows them", "[workbook]") {
  using data::workbook::decimal_text;
  CHECK(decimal_text("1234.5600000000002") == "1234.56");
  CHECK(decimal_text("0.30000000000000004") == "0.3");
  CHECK(decimal_text("1.2E-5") == "0.000012");
  CHECK(decimal_text("1.5e3") == "1500");
  CHECK(decimal_text("1E+20") == "100000000000000000000");
  CHECK(decimal_text("-0") == "0");
  CHECK(decimal_text("-2.50") == "-2.5");
  CHECK(decimal_text("9.9999999999999999") == "10");
  CHECK(decimal_text("123456789012345678") == "123456789012346000");
  CHECK(decimal_text("0.061", 2) == "6.1");
  CHECK(decimal_text("1", 2) == "100");
  CHECK_FALSE(decimal_text("abc"));
  CHECK_FALSE(decimal_text("1e999"));
  CHECK_FALSE(decimal_text("1.2.3"));
  CHECK_FALSE(decimal_text(""));
  CHECK_FALSE(decimal_text("NaN"));
}

TEST_CASE("workbook: number formats tell dates and percents", "[workbook]") {
  using data::workbook::Shown;
  using data::workbook::shown_by_code;
  CHECK(shown_by_code("0.0%") == Shown::percent);
  CHECK(shown_by_code("[Red]0.00%") == Shown::percent);
  CHECK(shown_by_code("0.0\"%\"") == Shown::number);
  CHECK(shown_by_code("#,##0.00") == Shown::number);
  CHECK(shown_by_code("General") == Shown::number);
  CHECK(shown_by_code("0.00E+00") == Shown::number);
  CHECK(shown_by_code("yyyy\"年\"m\"月\"") == Shown::year_month);
  CHECK(shown_by_code("[$-804]yyyy年m月d日") == Shown::date);
  CHECK(shown_by_code("yyyy") == Shown::year);
  CHECK(shown_by_code("yyyy-mm-dd hh:mm") == Shown::date_time);
  CHECK(shown_by_code("h:mm") == Shown::time);
  CHECK(shown_by_code("mm:ss") == Shown::time);
  CHECK(shown_by_code("[h]:mm:ss") == Shown::time);
  CHECK(shown_by_code("h:mm AM/PM") == Shown::time);
  CHECK(shown_by_code("m/d/yyyy") == Shown::date);
  CHECK(data::workbook::shown_by_id(10) == Shown::percent);
  CHECK(data::workbook::shown_by_id(14) == Shown::date);
  CHECK(data::workbook::shown_by_id(57) == Shown::year_month);
  CHECK(data::workbook::shown_by_id(2) == Shown::number);
  using data::workbook::serial_text;
  CHECK(serial_text("45931", Shown::date, false) == "2025-10-01");
  CHECK(serial_text("45931.354166666664", Shown::date_time, false) == "2025-10-01 08:30:00");
  CHECK(serial_text("60", Shown::date, false) == "1900-02-29");
  CHECK(serial_text("61", Shown::date, false) == "1900-03-01");
  CHECK(serial_text("59", Shown::date, false) == "1900-02-28");
  CHECK(serial_text("1", Shown::date, false) == "1900-01-01");
  CHECK(serial_text("0", Shown::date, true) == "1904-01-01");
  CHECK(serial_text("44469", Shown::date, true) == "2025-10-01");
  CHECK(serial_text("45931", Shown::year_month, false) == "2025年10月");
  CHECK(serial_text("45931", Shown::year, false) == "2025");
  CHECK(serial_text("0.99999999", Shown::time, false) == "00:00:00");
  CHECK_FALSE(serial_text("-1", Shown::date, false));
  CHECK_FALSE(serial_text("2958466", Shown::date, false));
}

TEST_CASE("workbook: cell references and ranges", "[workbook]") {
  const auto a = data::workbook::parse_area("A3:H40");
  REQUIRE(a);
  CHECK((a->row1 == 3 && a->col1 == 1 && a->row2 == 40 && a->col2 == 8));
  const auto b = data::workbook::parse_area("$h$40:$A$3");
  REQUIRE(b);
  CHECK((b->row1 == 3 && b->col1 == 1 && b->row2 == 40 && b->col2 == 8));
  const auto c = data::workbook::parse_area("B:D");
  REQUIRE(c);
  CHECK((c->row1 == 1 && c->col1 == 2 && c->row2 == 1048576 && c->col2 == 4));
  CHECK(data::workbook::parse_cell_ref("XFD1048576")->col == 16384);
  for (const char* bad : {"A3-H40", "A0:B2", "XFE1", "A1048577", "3:40", "", "A1:", "1A"})
    CHECK_FALSE(data::workbook::parse_area(bad));
}

TEST_CASE("workbook: a two-row merged header gives groups and names qualified by them",
          "[workbook]") {
  const auto t = read("groups.xlsx");
  CHECK(t.sheet == "主要指标");
  CHECK(t.columns ==
        std::vector<std::string>{"指标", "本月绝对值", "本月增长%", "累计绝对值", "累计增长%"});
  REQUIRE(t.groups.size() == 2);
  CHECK((t.groups[0].label == "本月" && t.groups[0].first == 1 && t.groups[0].end == 3));
  CHECK((t.groups[1].label == "累计" && t.groups[1].first == 3 && t.groups[1].end == 5));
  CHECK(t.groups[0].depth == 0);
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0].cells ==
        std::vector<std::string>{"规模以上工业增加值", "1234.56", "6.1%", "11234.5", "5.8%"});
  CHECK(t.rows[0].line == 5);
  CHECK(core::to_string(t.cell_location(t.rows[0], 2)) == "groups.xlsx:主要指标!C5");
  CHECK(t.rows[1].cells[2] == "-1.2%");
  // 　　其中：餐饮收入, indented by two ideographic spaces; 0.1+0.2 formatted 0.0%.
  CHECK(t.rows[2].cells[0] == "其中：餐饮收入");
  CHECK(t.rows[2].level == 2);
  CHECK(t.rows[2].line == 8);
  CHECK(t.rows[2].cells[2] == "30%");
  CHECK(t.rows[2].cells[4] == "4.51%");
  // The title (merged over the sheet) is set aside with a warning, at its cell.
  REQUIRE(t.warnings.size() == 1);
  // The header is the row of names (row 4) under the row of groups, and so is the hint.
  CHECK(core::format_diagnostic(t.warnings[0]) ==
        "groups.xlsx:主要指标!A1: warning: line 1 ('2025年10月主要经济指标') is a title above the "
        "header (line 4): set aside\n  hint: header_row: 4 in the spec's data section says so and "
        "silences this warning");
  Read as_hinted;
  as_hinted.header_row = 4;
  const auto h = read("groups.xlsx", as_hinted);
  CHECK(h.warnings.empty());
  CHECK(h.columns == t.columns);
  CHECK(h.groups.size() == 2);
  // The blank row 7 and the notes at the foot.
  REQUIRE(t.footnotes.size() == 2);
  CHECK(t.footnotes[0].text == "注：增速按可比价格计算。");
  CHECK(t.footnotes[0].line == 9);
  CHECK(t.footnotes[1].text == "资料来源：市统计局。");
  const auto noted = [&](std::string_view what) {
    return std::any_of(t.notes.begin(), t.notes.end(),
                       [&](const std::string& n) { return n.find(what) != std::string::npos; });
  };
  CHECK(noted("1 blank row(s) set aside (line 7)"));
  CHECK(noted("2 note row(s) at the foot"));
}

TEST_CASE("workbook: values are shown as Excel shows them", "[workbook]") {
  const auto t = read("values.xlsx");
  CHECK(t.columns == std::vector<std::string>{"项目", "值"});
  CHECK(value(t, "text") == "地区生产总值");
  CHECK(value(t, "sum") == "0.3");
  CHECK(value(t, "long") == "1234.56");
  CHECK(value(t, "tiny") == "0.000012");
  CHECK(value(t, "big") == "123456789012346000");
  CHECK(value(t, "negative") == "-2.5");
  CHECK(value(t, "integer") == "45678");
  CHECK(value(t, "true") == "TRUE");
  CHECK(value(t, "false") == "FALSE");
  CHECK(value(t, "date") == "2025-10-01");
  CHECK(value(t, "datetime") == "2025-10-01 08:30:00");
  CHECK(value(t, "month") == "2025年10月");
  CHECK(value(t, "year") == "2025");
  CHECK(value(t, "builtin14") == "2024-02-29");
  CHECK(value(t, "time") == "08:30:00");
  CHECK(value(t, "percent") == "6.1%");
  CHECK(value(t, "percent2") == "12.345%");
  CHECK(value(t, "fullwidth") == "13500");  // normalised as a CSV cell is
  CHECK(core::to_string(t.cell_location(row(t, "sum"), 1)) == "values.xlsx:values!B3");
}

TEST_CASE("workbook: the 1904 date system", "[workbook]") {
  CHECK(value(read("date1904.xlsx"), "date") == "2025-10-01");
}

TEST_CASE("workbook: a key merged over its rows is in each of them", "[workbook]") {
  const auto t = read("long.xlsx");
  REQUIRE(t.rows.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(t.rows[i].cells[0] == (i < 3 ? "甲区" : "乙区"));
    CHECK(t.rows[i].cells.column(0) == 1);
  }
  CHECK(t.rows[4].cells[1] == "2025年1-6月");
  CHECK(t.rows[4].cells[2] == "51");
}

TEST_CASE("workbook: range and header_row choose the cells read", "[workbook]") {
  const auto t = read("placed.xlsx", Read{"", "B3:D6", 0});
  CHECK(t.columns == std::vector<std::string>{"指标", "本月", "累计"});
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[2].cells == std::vector<std::string>{"建筑业", "5", "6"});
  CHECK(core::to_string(t.cell_location(t.rows[0], 1)) == "placed.xlsx:Sheet1!C4");
  // A range past the used cells is fine; header_row is the sheet's row.
  const auto u = read("placed.xlsx", Read{"", "B2:D100", 3});
  CHECK(u.columns == std::vector<std::string>{"指标", "本月", "累计"});
  REQUIRE(u.rows.size() == 4);
  CHECK(u.rows[3].cells[0] == "合计");
  CHECK(u.rows[3].line == 40);
  // Without a range the sheet is as wide as its cells with values (B to F: the stamp at F1),
  // not as the styles at Z2 and XFD1048576.
  CHECK(error_of("placed.xlsx", Read{"", "", 3}) ==
        "placed.xlsx:Sheet1!E3: error: column 4 has no name in the header row");
}

TEST_CASE("workbook: a sheet chosen by name, and one the workbook does not have", "[workbook]") {
  const auto t = read("groups.xlsx", Read{"说明", "", 0});
  CHECK(t.sheet == "说明");
  CHECK(t.columns == std::vector<std::string>{"说明"});
  CHECK(read("values.xlsx", Read{"VALUES", "", 0}).sheet == "values");
  CHECK(error_of("groups.xlsx", Read{"主要指标2", "", 0}, core::ExitCode::invalid_spec) ==
        "spec.yaml:7:12: error: sheet '主要指标2' is not in groups.xlsx (its sheets: 主要指标, "
        "说明)\n  hint: sheet: names a sheet as its tab shows it");
  CHECK(error_of("basic.xls", Read{"x", "", 0}, core::ExitCode::invalid_spec) ==
        "spec.yaml:7:12: error: sheet 'x' is not in basic.xls (its sheets: 主要指标, 说明)\n"
        "  hint: sheet: names a sheet as its tab shows it");
  CHECK(error_of("groups.xlsx", Read{"", "A3-H40", 0}, core::ExitCode::invalid_spec) ==
        "spec.yaml:8:12: error: range 'A3-H40' is not a range of cells\n  hint: write it as "
        "Excel names cells: A3:H40 (the top-left and bottom-right cells) or A:H (whole columns)");
}

TEST_CASE("workbook: shared strings and formulas by their cached values", "[workbook]") {
  const auto t = read("formulas.xlsx", Read{"ok", "", 0});
  CHECK(t.columns == std::vector<std::string>{"指标", "值"});
  CHECK(value(t, "地区生产总值") == "0.3");  // rich text runs joined, the phonetic guide left out
  CHECK(value(t, "inline") == "合计");
  CHECK(value(t, "富文本") == "TRUE");
  CHECK(value(t, "line\rend") == "6.1%");  // _x000D_ is a carriage return
  CHECK(value(t, "shared") == "0.6");
  CHECK(value(t, "shared2") == "0.000012");
  CHECK(value(t, "styled").empty());
  CHECK(value(t, "date") == "2025-10-01");
  CHECK(value(t, "leap") == "1900-02-29");
  CHECK(value(t, "structured") == "3");  // a table's column [1] is no other workbook
}

TEST_CASE("workbook: what a cell's value cannot be is an error at the cell", "[workbook]") {
  const std::string recompute =
      "\n  hint: open and save the workbook in Excel or LibreOffice so that it computes its "
      "values";
  CHECK(error_of("formulas.xlsx", Read{"nocache", "", 0}) ==
        "formulas.xlsx:nocache!B3: error: the cell's formula has no computed value saved with it "
        "(SUM(B2:B2))" +
            recompute);
  CHECK(error_of("formulas.xlsx", Read{"nocache_empty", "", 0}) ==
        "formulas.xlsx:nocache_empty!B3: error: the cell's formula has no computed value saved "
        "with it (SUM(B2:B2))" +
            recompute);
  CHECK(error_of("formulas.xlsx", Read{"div0", "", 0}) ==
        "formulas.xlsx:div0!B3: error: the cell holds the error value #DIV/0! (its formula: 1/0)"
        "\n  hint: correct the formula or the figures it reads, or clear the cell");
  CHECK(error_of("formulas.xlsx", Read{"na", "", 0})
            .starts_with("formulas.xlsx:na!B3: error: the cell holds the error value #N/A\n"));
  const std::string pasted =
      "\n  hint: its value comes from a file that may have changed since: copy the cells and "
      "paste them as values (Paste Special > Values), then save";
  CHECK(error_of("formulas.xlsx", Read{"external", "", 0}) ==
        "formulas.xlsx:external!B3: error: the cell's formula reads another workbook "
        "([1]Sheet1!A1*2)" +
            pasted);
  CHECK(error_of("formulas.xlsx", Read{"external_quoted", "", 0}) ==
        "formulas.xlsx:external_quoted!B3: error: the cell's formula reads another workbook "
        "(SUM('[2]My data'!A1:A3))" +
            pasted);
  // Outside the range read, the same cell is no problem.
  CHECK(read("formulas.xlsx", Read{"div0", "A1:B2", 0}).rows.size() == 1);
  const std::string damaged =
      "\n  hint: the workbook is damaged: open it in Excel or LibreOffice and save it again";
  CHECK(error_of("formulas.xlsx", Read{"badstring", "", 0}) ==
        "formulas.xlsx:badstring!B3: error: the cell names shared string 99, which the workbook "
        "does not have (it has 4)" +
            damaged);
  CHECK(error_of("formulas.xlsx", Read{"notnumber", "", 0}) ==
        "formulas.xlsx:notnumber!B3: error: the cell holds 'abc', which is not a number" + damaged);
  CHECK(
      error_of("formulas.xlsx", Read{"disorder", "", 0}) ==
      "formulas.xlsx:disorder!A2: error: cell A2 comes after cell A3 in xl/worksheets/sheet10.xml: "
      "a sheet lists its cells row by row, left to right" +
          damaged);
}

TEST_CASE("workbook: an .xls workbook through libfreexl", "[workbook]") {
  const auto t = read("basic.xls");
  CHECK(t.sheet == "主要指标");
  CHECK(t.columns == std::vector<std::string>{"指标", "本月", "增长%"});
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0].cells == std::vector<std::string>{"工业", "1234.56", "0.3"});
  CHECK(t.rows[1].cells == std::vector<std::string>{"服务业", "45678", "-2.5"});
  CHECK(t.rows[2].cells == std::vector<std::string>{"日期", "2025-10-01", "0.000012"});
  CHECK(core::to_string(t.cell_location(t.rows[0], 1)) == "basic.xls:主要指标!B2");
  REQUIRE(t.footnotes.size() == 1);
  CHECK(t.footnotes[0].line == 6);
  // Its number formats are not read: the run says so, so that 0.061 is never printed as 0.061%.
  REQUIRE(t.warnings.size() == 1);
  CHECK(core::format_diagnostic(t.warnings[0])
            .starts_with("basic.xls: warning: an .xls workbook is read without its number "
                         "formats and merged cells: a cell shown as a percentage reads as its "
                         "fraction (6.1% as 0.061)"));
  CHECK(read("basic.xls", Read{"说明", "", 0}).columns == std::vector<std::string>{"说明"});
}

TEST_CASE("workbook: a workbook named as the other kind is read as what it is", "[workbook]") {
  const auto t = read("zip.xls");
  CHECK(value(t, "sum") == "0.3");
  CHECK(std::find(t.notes.begin(), t.notes.end(),
                  "zip.xls is an .xlsx workbook named .xls: read as what it is") != t.notes.end());
  const auto u = read("ole.xlsx");
  CHECK(u.columns == std::vector<std::string>{"指标", "本月", "增长%"});
  CHECK(std::find(u.notes.begin(), u.notes.end(),
                  "ole.xlsx is an .xls workbook named .xlsx: read as what it is") != u.notes.end());
}

TEST_CASE("workbook: a workbook loads as a data source, its rates as figures", "[workbook]") {
  const test::TempDir tmp;
  std::filesystem::copy_file(books / "groups.xlsx", tmp.path() / "t.xlsx");
  const auto spec = test::parse_yaml("document: {title: t, date: 2025-11-20}\ndata:\n  t: " +
                                     (tmp.path() / "t.xlsx").string() + "\nbody: [page_break]\n");
  const auto set = data::load_indicators(spec);
  const data::Table* t = set.find("t");
  REQUIRE(t);
  CHECK(t->rows[0].cells[2] == "6.1");  // 增长% is a column of rates
  CHECK(t->rows[0].cells[1] == "1234.56");
}

TEST_CASE("workbook: zip bombs are refused", "[workbook]") {
  const std::string bomb_hint =
      "\n  hint: a sheet of a statistical table is far smaller; save the table alone in a new "
      "workbook";
  CHECK(error_of("bomb.xlsx") ==
        "bomb.xlsx: error: xl/worksheets/sheet1.xml inflates to more than 128 MiB of XML: "
        "refused as a zip bomb, not a sheet of a table" +
            bomb_hint);
  CHECK(error_of("bomb_lying.xlsx") ==
        "bomb_lying.xlsx: error: xl/worksheets/sheet1.xml inflates to more than 128 MiB of XML: "
        "refused as a zip bomb, not a sheet of a table" +
            bomb_hint);
  CHECK(error_of("entries.xlsx") ==
        "entries.xlsx: error: the workbook's zip archive has more than 100000 entries, as no "
        "workbook has" +
            bomb_hint);
  CHECK(error_of("elements.xlsx") ==
        "elements.xlsx:Sheet1: error: xl/worksheets/sheet1.xml has more than 8 million XML "
        "elements: refused as a zip bomb, not a sheet of a table" +
            bomb_hint);
}

TEST_CASE("workbook: shared strings past their limits are refused", "[workbook]") {
  const std::string bomb_hint =
      "\n  hint: a sheet of a statistical table is far smaller; save the table alone in a new "
      "workbook";
  CHECK(error_of("sst_bytes.xlsx") ==
        "sst_bytes.xlsx: error: the workbook's shared strings are more than 4 million or 64 MiB "
        "of text" +
            bomb_hint);
  CHECK(error_of("sst_count.xlsx") ==
        "sst_count.xlsx: error: the workbook's shared strings are more than 4 million or 64 MiB "
        "of text" +
            bomb_hint);
}

TEST_CASE("workbook: a sheet too large is refused at the cell that widens it", "[workbook]") {
  const std::string range_hint =
      "\n  hint: give the cells to read in the spec's data section (range: A3:H40), or clear "
      "the cells outside the table in the workbook";
  CHECK(error_of("rows.xlsx") ==
        "rows.xlsx:Sheet1!A1000001: error: cell A1000001 makes the sheet 1,000,001 rows long "
        "(rows 1 to 1000001): more than the 1,000,000 rows a sheet may have" +
            range_hint);
  CHECK(error_of("far_cell.xlsx") ==
        "far_cell.xlsx:Sheet1!XFD1048576: error: cell XFD1048576 makes the sheet 1,048,576 rows "
        "long (rows 1 to 1048576): more than the 1,000,000 rows a sheet may have" +
            range_hint);
  CHECK(error_of("wide.xlsx") ==
        "wide.xlsx:Sheet1!XFD1000: error: cell XFD1000 widens the sheet to 16,384 columns × "
        "1,000 rows (A1:XFD1000): more than the 8,000,000 cells a sheet may have" +
            range_hint);
  // The same sheets read in a range.
  CHECK(read("rows.xlsx", Read{"", "A1:A10", 1}).rows.size() == 9);
  CHECK(read("wide.xlsx", Read{"", "A1:B999", 0}).rows.size() == 998);
}

TEST_CASE("workbook: paths, links and XML tricks are refused", "[workbook]") {
  const std::string outside =
      "\n  hint: a workbook keeps its sheets inside itself; save the table in a new workbook";
  CHECK(error_of("path_target.xlsx") ==
        "path_target.xlsx: error: the part of sheet 'Sheet1' is '../../etc/passwd', outside "
        "the workbook: refused" +
            outside);
  CHECK(error_of("uri_target.xlsx") ==
        "uri_target.xlsx: error: the part of sheet 'Sheet1' is 'file:///etc/passwd', outside "
        "the workbook: refused" +
            outside);
  const std::string damaged =
      "\n  hint: the workbook is damaged: open it in Excel or LibreOffice and save it again";
  CHECK(error_of("path_name.xlsx") ==
        "path_name.xlsx: error: sheet '../../etc/passwd' has a character no sheet's name may "
        "have (/)" +
            damaged);
  CHECK(error_of("laughs.xlsx") ==
        "laughs.xlsx:Sheet1: error: xl/worksheets/sheet1.xml declares a DOCTYPE, which no "
        "workbook's XML has: refused (its entities could expand without bound)" +
            damaged);
  CHECK(error_of("deep.xlsx") ==
        "deep.xlsx:Sheet1: error: xl/worksheets/sheet1.xml nests its elements more than 256 "
        "deep, as no workbook does" +
            damaged);
  CHECK(error_of("long_tag.xlsx") ==
        "long_tag.xlsx:Sheet1: error: xl/worksheets/sheet1.xml holds an XML tag or comment "
        "longer than 1 MiB, as no workbook does" +
            damaged);
}

TEST_CASE("workbook: files that are no workbook say what they are", "[workbook]") {
  CHECK(error_of("csv.xlsx") ==
        "csv.xlsx: error: the file is text, not an Excel workbook: it looks like CSV\n  hint: "
        "rename it .csv");
  CHECK(error_of("web.xls") ==
        "web.xls: error: the file is a web page (HTML), not an Excel workbook\n  hint: a system "
        "that exports 'Excel' as HTML: open the file in Excel and save it as an Excel Workbook "
        "(.xlsx)");
  CHECK(error_of("noise.xlsx") ==
        "noise.xlsx: error: the file is not an Excel workbook (neither an .xlsx zip archive nor "
        "an .xls file)\n  hint: save it from Excel as an Excel Workbook (.xlsx)");
  CHECK(error_of("encrypted.xlsx") ==
        "encrypted.xlsx: error: the workbook is protected by a password (encrypted): it cannot "
        "be read\n  hint: open it in Excel, remove the password (File > Info > Protect Workbook "
        "> Encrypt with Password) and save it");
  CHECK(error_of("docx.xlsx")
            .starts_with(
                "docx.xlsx: error: the file is a zip archive but not an Excel workbook (it has no "
                "xl/workbook.xml)"));
  CHECK(data::is_workbook("a/b.XLSX"));
  CHECK(data::is_workbook("b.xlsm"));
  CHECK(data::is_workbook("b.xls"));
  CHECK_FALSE(data::is_workbook("b.csv"));
  CHECK_FALSE(data::is_workbook("b.xlsb"));
}
