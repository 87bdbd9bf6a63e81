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
  // Indentation of the key as written (其中 rows: "　　其中：工业" is level 2, key "其中：工业").
  int level = 0;
  std::vector<int> columns;  // 1-based character column where each cell starts (0: unknown)
  // The cells a revision row replaced (revised: rows, use: revised): charts mark them ＊.
  std::vector<bool> revised;
  bool revised_cell(std::size_t cell) const { return cell < revised.size() && revised[cell]; }
};

// A note printed under the table in the source (注：…, 资料来源：…), with its line.
struct Footnote {
  std::string text;
  int line = 0;
};

struct Table {
  std::string name;  // the spec's name for it (gdp, indicators, ...)
  std::string file;  // path as shown in messages (the spec's, for an inline table)
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::vector<std::string> notes;  // what loading did that the log should say (encoding, revisions)
  std::vector<core::Diagnostic> warnings;  // what loading set aside on a guess (title rows)
  std::vector<Footnote> footnotes;  // 注, 说明, 资料来源 rows at the foot, not data rows

  std::optional<std::size_t> column_index(std::string_view column) const;
  // The row whose first cell equals key, or else names the same period (2025M1-9 finds
  // 2025年1—9月), or nullptr.
  const Row* find_row(std::string_view key) const;
  core::SourceLocation location(const Row& row) const { return {file, row.line, 0}; }
  // Where one cell starts: file:line:column (the column 0 when not known).
  core::SourceLocation cell_location(const Row& row, std::size_t cell) const {
    return {file, row.line, cell < row.columns.size() ? row.columns[cell] : 0};
  }
  core::SourceLocation location(const Row& row, std::size_t cell) const {
    return {file, row.line, cell < row.columns.size() ? row.columns[cell] : 0};
  }
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
