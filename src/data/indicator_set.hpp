// data: indicator tables loaded from CSV files. Every row keeps its line for error messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace jb::data {

struct Row {
  std::vector<std::string> cells;  // one per column; "" is a missing value
  int line = 0;                    // 1-based line where the record starts
  int level = 0;                   // 0, or 1 and more for the 其中 rows below another
};

struct Table {
  std::string name;  // the spec's name for it (gdp, indicators, ...)
  std::string file;  // path as shown in messages (the spec's, for an inline table)
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::vector<std::string> notes;  // what loading did that the log should say (encoding, revisions)

  std::optional<std::size_t> column_index(std::string_view column) const;
  // The row whose first cell equals key, or nullptr.
  const Row* find_row(std::string_view key) const;
  core::SourceLocation location(const Row& row) const { return {file, row.line, 0}; }
};

struct IndicatorSet {
  std::vector<Table> tables;
  // Tables that failed to load (their problems already reported): `jianbao check` goes on
  // without them, and what uses them is not reported a second time.
  std::vector<std::string> unavailable;
  const Table* find(std::string_view name) const;
  bool is_unavailable(std::string_view name) const {
    for (const auto& n : unavailable)
      if (n == name) return true;
    return false;
  }
};

}  // namespace jb::data
