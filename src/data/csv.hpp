// data: a strict CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF/LF/CR, UTF-8 with
// or without BOM). Errors are `FILE:LINE: error: ...` with exit code 65.
#pragma once

#include <string>
#include <string_view>

#include "data/indicator_set.hpp"

namespace jb::data {

struct CsvOptions {
  // The 1-based line of the header row; 0: the first row, or the first below title rows when
  // that is certain (each title row then a warning).
  int header_row = 0;
  core::SourceLocation header_row_where;  // the spec's header_row, for errors
};

// Parses CSV text as Excel exports it: title rows above the header (set aside), the header, the
// data rows, and 注/说明/资料来源 rows and blank rows at the foot (the table's footnotes). Throws
// core::UserError(data_error) naming `file` and the line of the first problem found in each
// record (all records are checked).
Table parse_csv(std::string_view text, const std::string& file, const CsvOptions& options = {});

}  // namespace jb::data
