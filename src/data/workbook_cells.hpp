// data: what the workbook readers (xlsx through libzip and expat, xls through libfreexl) share:
// the limits a sheet is held to, a sheet's cells with values gathered sparsely and made into
// records (data/records.hpp), and the text a cell's stored value is shown as (numbers as exact
// decimals, percents, dates). Internal to data/workbook*.cpp and data/xls*.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/indicator_set.hpp"
#include "data/records.hpp"
#include "spec/job_spec.hpp"

namespace jb::data::workbook {

// A sheet read is at most this large, counted from its first to its last cell with a value (a
// cell that only carries a style does not count): a statistical table has hundreds of rows, and
// a cell at XFD1048576 is refused where it widens the sheet, not read as a grid of 17 billion
// cells.
constexpr int max_rows = 1'000'000;
constexpr std::size_t max_cells = 8'000'000;  // rows × columns
// The cells' text, as a CSV is at most 64 MiB (data::read_data_file).
constexpr std::size_t max_text_bytes = 64u << 20;
// One cell: Excel holds at most 32,767 characters.
constexpr std::size_t max_cell_bytes = 128u << 10;
constexpr int excel_rows = 1'048'576, excel_columns = 16'384;

// The cells read: `range: A3:H40`, or the whole sheet.
struct Area {
  int row1 = 1, col1 = 1, row2 = excel_rows, col2 = excel_columns;
  bool given = false;
  bool contains(int row, int col) const {
    return row >= row1 && row <= row2 && col >= col1 && col <= col2;
  }
};

// A cell reference ("C12", "$C$12", "c12"): row and column from 1; nullopt when it is none.
struct CellRef {
  int row = 0, col = 0;
};
std::optional<CellRef> parse_cell_ref(std::string_view ref);
// "A3:H40" (either order), "C12" (one cell), "A:H" (whole columns).
std::optional<Area> parse_area(std::string_view text);
std::string cell_name(int row, int col);

// How a cell's number format shows its value.
enum class Shown { number, percent, year, year_month, date, date_time, time };
// A built-in format (numFmtId below 164 without a numFmt of the workbook's own; the ids Excel's
// Chinese edition gives its 年/月/日 formats included) or a format code's.
Shown shown_by_id(int num_fmt_id);
Shown shown_by_code(std::string_view format_code);

// A number as Excel stores it ("1234.5600000000002", "1.2E-5") as the decimal Excel shows:
// at most 15 significant digits (rounded half up), no exponent, no trailing zeros; `shift`
// moves the point right (2: a percent's ×100). Exact: no double arithmetic. nullopt: not a
// number.
std::optional<std::string> decimal_text(std::string_view number, int shift = 0);
// A date serial ("45931", "45931.354166666664") as `shown` shows it: 2025, 2025年10月,
// 2025-10-01, 2025-10-01 08:30:00 or 08:30:00, by the 1900 date system (with its 1900-02-29)
// or the 1904 one. nullopt: not a date Excel can show (negative, after 9999).
std::optional<std::string> serial_text(std::string_view serial, Shown shown, bool date1904);
// The same from a date's parts (a .xls cell, an ISO 8601 `t="d"` cell).
std::string date_text(int year, int month, int day, int seconds, Shown shown);

// The cells with a value of one sheet, gathered in the order the sheet lists them (row by row,
// left to right), then made into records. Each cell is checked against the limits as it comes:
// the one that would make the sheet too large is refused, located.
class SheetCells {
 public:
  SheetCells(const Table& table, const Area& area, std::string part)
      : table_(table), area_(area), part_(std::move(part)) {}
  // A cell with a value (outside the area: ignored). Throws core::UserError at it when it is
  // not after the cell before it, or makes the sheet larger than the limits allow.
  void add(int row, int col, std::string_view text);
  // A merged range of cells (its value is its top-left cell's).
  void merge(int row1, int col1, int row2, int col2);
  // Every row from the first with a value to the last, each as wide as the widest (from the
  // range's first column, or the first with a value), its cells in `table`'s store: a merge one
  // column wide puts its value in each of its rows, a wider one is a Span of its first row.
  Records records(Table& table) const;

 private:
  struct Cell {
    std::int32_t row = 0;
    std::uint16_t col = 0;
    std::uint32_t start = 0, size = 0;
  };
  std::string_view text(const Cell& c) const {
    return std::string_view(text_).substr(c.start, c.size);
  }
  const Cell* find(int row, int col) const;
  void check_extent(int row, int col) const;

  const Table& table_;
  Area area_;
  std::string part_;  // the sheet's part or name, for messages
  std::string text_;
  std::vector<Cell> cells_;
  std::vector<Area> merges_;
  int last_row_ = 0, last_col_ = 0;  // of the cell read last, before the area's filter
  int min_row_ = 0, max_row_ = 0, min_col_ = 0, max_col_ = 0;
};

// The sheets a workbook has, each by name: the one the spec names (source.sheet; empty: the
// first), or core::UserError(invalid_spec) at source.sheet_where listing them.
std::size_t choose_sheet(const spec::DataSourceSpec& source, const std::string& file,
                         const std::vector<std::string>& names);

// The readers behind data::read_workbook: `table` has its file and nothing else yet; each sets
// its sheet and returns the records of the sheet's cells in the area.
Records read_xlsx(const spec::DataSourceSpec& source, const std::string& bytes, const Area& area,
                  Table& table);
// .xls reads source.file (libfreexl opens a path); `bytes` are its bytes, to tell an encrypted
// .xlsx (an OLE file too) from a workbook.
Records read_xls(const spec::DataSourceSpec& source, const std::string& bytes, const Area& area,
                 Table& table);
// A file that is neither a zip archive nor an OLE compound file: refused, saying what it looks
// like (a web page, CSV text).
[[noreturn]] void refuse_other(const std::string& file, const std::string& bytes);

}  // namespace jb::data::workbook
