// layout: a table's column widths from what its cells need (table.cpp measures them).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace jb::layout::detail {

// What the columns need: their natural widths (the widest cell on one line), their minimums
// (the widest piece that may not be broken) and which row sets each minimum (0: the header,
// r + 1: row r), whether they are fixed (short ones and numbers wrap last), and the room
// numbers keep right of their decimal point. The column widths include a cell's padding on
// both sides; each cell's own natural width and unbreakable minimum are what its text needs
// inside them (row 0 the header, row r + 1 row r).
struct ColumnMeasures {
  std::vector<double> natural, minimum, decimals;
  std::vector<bool> fixed;
  std::vector<std::size_t> widest_row;
  std::vector<std::vector<double>> cell_natural, cell_minimum;
  double pad = 0;  // a cell's padding on each side
  double em = 0;   // the table's font size: the steps width is moved in
};

// A fixed column (a short one, or numbers) below its natural width wraps its header: it counts
// as this many lines more than the height it costs.
inline constexpr long wrapped_fixed_lines = 2;

// Whether the columns fit the type area at their minimums (a hair's tolerance).
bool minimums_fit(const ColumnMeasures& m, double width);

// The widths of a first allocation when the naturals do not fit: the widest text columns
// shrunk to a common level, then the fixed ones, none below its minimum; nullopt when even
// the minimums do not fit.
std::optional<std::vector<double>> water_fill(const ColumnMeasures& m, double width);

// The table's estimated height in lines at these widths: over the rows (the header too) the
// most lines a cell of the row takes, a cell's lines its natural width over its column's
// inner width, rounded up.
long estimated_lines(const ColumnMeasures& m, const std::vector<double>& widths);

// The columns' widths: when the naturals fit, each column its natural width and an even share
// of the spare; when not, each between its minimum and its natural width, shared by need (the
// width goes where it saves the most lines); nullopt when even the minimums do not fit.
std::optional<std::vector<double>> column_widths(const ColumnMeasures& m, double width);

}  // namespace jb::layout::detail
