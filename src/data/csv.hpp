// data: a strict CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF/LF/CR, UTF-8 with
// or without BOM). Errors are `FILE:LINE: error: ...` with exit code 65.
#pragma once

#include <string>
#include <string_view>

#include "data/indicator_set.hpp"

namespace jb::data {

// Parses CSV text whose first record is the header. Throws core::UserError(data_error) naming
// `file` and the line of the first problem found in each record (all records are checked).
Table parse_csv(std::string_view text, const std::string& file);

}  // namespace jb::data
