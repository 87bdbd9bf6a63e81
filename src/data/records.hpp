// data: the rows of a grid read from any source (a CSV text, a workbook's sheet, a query's
// result) made into a Table by one set of rules: title rows above the header, the header (with
// the groups a workbook's merged cells put over it), the data rows, blank rows, and the
// 注/说明/资料来源 rows at the foot.
#pragma once

#include <string>
#include <vector>

#include "data/indicator_set.hpp"

namespace jb::data {

// A label merged over several cells of one row (a workbook's merged header cell): the cells
// [first, end) of the record at `line`, counted from 0 as the record's cells are.
struct Span {
  int line = 0;
  std::size_t first = 0, end = 0;
  std::string label;
};

struct Records {
  std::vector<Row> rows;    // each with its cells in the table's store, located by its line
  std::vector<Span> spans;  // sorted by line
};

struct ShapeOptions {
  // The 1-based line (a sheet's row) of the header; 0: the first row, or the first below title
  // rows when that is certain (each title row then a warning).
  int header_row = 0;
  core::SourceLocation header_row_where;  // the spec's header_row, for errors
  // A query's result: its first row is the header (no title rows or groups are looked for);
  // blank rows and the notes at the foot are set aside as in a file.
  bool result_set = false;
};

// Makes `table` (its file, sheet and store already set, `records` in that store) from the
// records: columns empty in every row at the right dropped, the header found, rows of a merged
// label just above it made the table's header groups (a column name repeated under two groups
// then qualified by its group's label: 本月 and 累计 over 增长% give 本月增长% and 累计增长%),
// blank rows and the notes at the foot set aside. Throws core::UserError(data_error) at the
// first problem of each row (all rows are checked).
void shape_table(Records records, const ShapeOptions& options, Table& table);

}  // namespace jb::data
