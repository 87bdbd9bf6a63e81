// vocab: what kind of chart a chart is, and the questions every stage asks of its kind (the
// model binds and checks its data by them, render/chart draws and refuses by them) — answered
// here once, so that a new kind is added in one place.
#pragma once

namespace jb::vocab {

// bar: vertical bars (several series: grouped); hbar: horizontal bars, a ranking; stacked and
// stacked100 (shares of 100%); line; area (stacked areas); bar_line: bars on the left axis and a
// line on an independent right axis; pie and donut (shares, with their labels).
enum class ChartType { bar, hbar, stacked, stacked100, line, area, bar_line, pie, donut };
// color: the default palette, distinct in grayscale too; mono: black and white only, series
// told apart by hatching and marker shapes.
enum class ChartStyle { color, mono };
enum class ChartSort { none, descending, ascending };
enum class Axis { left, right };

// Slices of a circle (pie, donut), not marks on axes.
constexpr bool is_pie(ChartType t) { return t == ChartType::pie || t == ChartType::donut; }
// A category's series are stacked as its parts (stacked, stacked100, area).
constexpr bool is_stacked(ChartType t) {
  return t == ChartType::stacked || t == ChartType::stacked100 || t == ChartType::area;
}
// Parts of a whole (slices or stacked parts): a negative value cannot be drawn honestly.
constexpr bool shows_parts(ChartType t) { return is_pie(t) || is_stacked(t); }
// The value axis runs 0–100%: each category's parts as shares of their sum.
constexpr bool is_percent(ChartType t) { return t == ChartType::stacked100; }
// The data labels print shares (a slice's or a stacked100 part's), not the values published.
constexpr bool labels_are_shares(ChartType t) { return is_pie(t) || is_percent(t); }
// Some series are drawn as bars.
constexpr bool has_bars(ChartType t) {
  return t == ChartType::bar || t == ChartType::hbar || t == ChartType::stacked ||
         t == ChartType::stacked100 || t == ChartType::bar_line;
}
// Categories run down the page, values across (a ranking).
constexpr bool is_horizontal(ChartType t) { return t == ChartType::hbar; }
// A second, independent value axis on the right (bar_line).
constexpr bool has_right_axis(ChartType t) { return t == ChartType::bar_line; }
// The order of the categories when the spec gives none: a ranking reads from the top.
constexpr ChartSort default_sort(ChartType t) {
  return is_horizontal(t) ? ChartSort::descending : ChartSort::none;
}

}  // namespace jb::vocab
