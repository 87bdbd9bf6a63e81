// data: indicator tables loaded from CSV files. Every row keeps its line for error messages.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace jb::data {

// The cells of a table in one buffer: a cell costs its bytes and 12 more, where a std::string
// per cell and two vectors per row made a 64 MiB CSV take 1.2 GB (of one-digit cells, 2.4 GB).
class CellStore {
 public:
  // Appends a cell and returns its index. `column` is the 1-based character column where it
  // starts (0: not known).
  std::uint32_t add(std::string_view text, int column);
  std::uint32_t size() const { return static_cast<std::uint32_t>(cells_.size()); }
  std::string_view text(std::uint32_t cell) const {
    const Cell& c = cells_[cell];
    return std::string_view(text_).substr(c.start, c.size);
  }
  int column(std::uint32_t cell) const { return static_cast<int>(cells_[cell].column); }
  bool revised(std::uint32_t cell) const { return cells_[cell].revised; }
  // The cell's text replaced by a shorter one (normalised, a % dropped, cleared): in place.
  void shrink(std::uint32_t cell, std::string_view text);
  // The cell shows the text of `from` (a revision), located there, and is marked revised.
  void revise(std::uint32_t cell, std::uint32_t from);
  // The cell shows the text of `from` (a revised figure from its own row's revision column).
  void copy_text(std::uint32_t cell, std::uint32_t from);
  // Appends a copy of another store's cell (its text, column and revised mark): a view of a
  // table made for one report (model: where: this, pivot).
  std::uint32_t add_copy(const CellStore& from, std::uint32_t cell);
  void reserve(std::size_t text_bytes, std::size_t cells);

 private:
  struct Cell {
    std::uint32_t start = 0, size = 0;
    std::uint32_t column : 31;
    std::uint32_t revised : 1;
  };
  std::string text_;
  std::vector<Cell> cells_;
};

// One row's cells: a view of consecutive cells of its table's store.
class Cells {
 public:
  Cells() = default;
  Cells(const CellStore* store, std::uint32_t first, std::uint32_t count)
      : store_(store), first_(first), count_(count) {}
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::string_view operator[](std::size_t i) const { return store_->text(id(i)); }
  int column(std::size_t i) const { return store_->column(id(i)); }
  bool revised(std::size_t i) const { return i < count_ && store_->revised(id(i)); }
  // The index of cell i in the store (for the data stage, which edits cells).
  std::uint32_t id(std::size_t i) const { return first_ + static_cast<std::uint32_t>(i); }
  // Only the first n cells (columns dropped at the right).
  void truncate(std::size_t n) {
    count_ = static_cast<std::uint32_t>(std::min<std::size_t>(n, count_));
  }

  class iterator {
   public:
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const Cells* cells, std::size_t i) : cells_(cells), i_(i) {}
    std::string_view operator*() const { return (*cells_)[i_]; }
    iterator& operator++() { return ++i_, *this; }
    iterator operator++(int) { return {cells_, i_++}; }
    bool operator==(const iterator& o) const { return i_ == o.i_; }

   private:
    const Cells* cells_ = nullptr;
    std::size_t i_ = 0;
  };
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, count_}; }
  bool operator==(const std::vector<std::string>& texts) const {
    return texts.size() == count_ && std::equal(texts.begin(), texts.end(), begin());
  }

 private:
  const CellStore* store_ = nullptr;
  std::uint32_t first_ = 0, count_ = 0;
};

struct Row {
  Cells cells;   // one per column; "" is a missing value; each with its 1-based column
  int line = 0;  // 1-based line where the record starts
  // Indentation of the key as written (其中 rows: "　　其中：工业" is level 2, key "其中：工业").
  int level = 0;
  // A cell a revision row replaced (revised: rows, use: revised): charts mark it ＊.
  bool revised_cell(std::size_t cell) const { return cells.revised(cell); }
};

// A note printed under the table in the source (注：…, 资料来源：…), with its line.
struct Footnote {
  std::string text;
  int line = 0;
};

// A label a workbook's merged cell puts over the columns [first, end) of its header; depth 0 is
// the top row of the header.
struct HeaderGroup {
  std::string label;
  std::size_t first = 0, end = 0;
  int depth = 0;
};

struct Table {
  std::string name;  // the spec's name for it (gdp, indicators, ...)
  std::string file;  // path as shown in messages (the spec's, for an inline table)
  // A workbook's sheet, or "query" for a query's result: a row's line is then its row number,
  // and locations read x.xlsx:主要指标!C12.
  std::string sheet;
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::vector<std::string> notes;  // what loading did that the log should say (encoding, revisions)
  std::vector<core::Diagnostic> warnings;  // what loading set aside on a guess (title rows)
  std::vector<Footnote> footnotes;  // 注, 说明, 资料来源 rows at the foot, not data rows
  std::vector<HeaderGroup> groups;  // a workbook's merged header labels, outer before inner
  // A query's result: the sha256 of its columns and rows, which the manifest records as the
  // source's digest (a file's is its bytes').
  std::string digest;
  // A long table's key columns (key: [district, period]): several rows share each first cell,
  // so that a placeholder reads it through a view (from:, where: this). Empty: the first column.
  std::vector<std::string> key_columns;
  // The rows' cells. Shared by copies of the table, whose rows point into it (the data stage
  // edits it before any copy is made).
  std::shared_ptr<CellStore> store = std::make_shared<CellStore>();

  std::optional<std::size_t> column_index(std::string_view column) const;
  // The row whose first cell equals key, or else names the same period (2025M1-9 finds
  // 2025年1—9月), or nullptr.
  const Row* find_row(std::string_view key) const;
  // A place in the table's source: file:line:column, or x.xlsx:sheet!C12 (0: not known).
  core::SourceLocation at(int line, int column = 0) const { return {file, line, column, sheet}; }
  core::SourceLocation location(const Row& row) const { return at(row.line); }
  // Where one cell starts: file:line:column (the column 0 when not known).
  core::SourceLocation cell_location(const Row& row, std::size_t cell) const {
    return at(row.line, cell < row.cells.size() ? row.cells.column(cell) : 0);
  }
  core::SourceLocation location(const Row& row, std::size_t cell) const {
    return cell_location(row, cell);
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
