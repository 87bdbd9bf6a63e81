// data: a sheet of an Excel workbook as a Table, by the rules a CSV's rows follow
// (data/records.hpp). .xlsx and .xlsm through libzip and expat, .xls through libfreexl.
// Errors name the workbook, sheet and cell (x.xlsx:主要指标!C12: error: ...), exit code 65.
#pragma once

#include <filesystem>
#include <string>

#include "data/indicator_set.hpp"
#include "spec/job_spec.hpp"

namespace jb::data {

// A file read as a workbook: its name ends .xlsx, .xlsm or .xls (any case).
bool is_workbook(const std::filesystem::path& file);

// The sheet `source` names (source.sheet; empty: the first), its cells source.range (empty:
// every used cell), shaped by data::shape_table with source.header_row. `bytes` are the file's
// (data::read_data_file); `file` is its path as messages show it. Throws core::UserError.
Table read_workbook(const spec::DataSourceSpec& source, const std::string& file,
                    const std::string& bytes);

}  // namespace jb::data
