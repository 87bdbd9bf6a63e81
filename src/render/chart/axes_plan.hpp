// render/chart: the geometry of a chart on axes (bar, hbar, stacked, stacked100, line, area,
// bar_line), decided before anything is drawn and without Cairo: which series are bars and
// which lines, the value ranges and their ticks, the legend's rows, the plot box and the
// category slots. Text is measured through a TextWidth, so the plan is tested on its own; a
// chart the box cannot hold gets its refusal here, the one that check and render both give.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "model/document.hpp"
#include "render/chart/labels.hpp"
#include "render/chart/style.hpp"
#include "render/chart/ticks.hpp"

namespace jb::chart {

struct LegendItem {
  // partial: the marks of a partial period, a hatched swatch (bars) and/or a dashed step
  // (lines), whichever of the two the chart draws.
  enum class Kind { fill, line, text, partial } kind = Kind::fill;
  std::string text;
  FillLook fill;
  LineLook line;
  bool has_fill = false, has_line = false;  // Kind::partial
};

// The legend in rows that fit the width, each row centred.
struct LegendPlan {
  struct Entry {
    std::size_t item;  // index into the items
    double x, width;   // where the entry starts, and its width with its gap
  };
  std::vector<std::vector<Entry>> rows;
  double first_baseline = 0;
  double bottom = 0;  // the y under the last row
};
LegendPlan plan_legend(const std::vector<LegendItem>& items, double width, double first_baseline,
                       const TextWidth& width_of);

// The smallest and largest value an axis must show (any: there was a value at all).
struct ValueRange {
  double lo = 0, hi = 0;
  bool any = false;
  void add(double v);
};

struct AxesPlan {
  double width = 0, height = 0;  // the chart's box
  bool horizontal = false, stacked = false, percent = false, dual = false;
  std::vector<std::size_t> bars, lines;  // series indices: bars (or areas), and lines
  // Each series' values as drawn (stacked100: shares of the category's total in percent), and
  // stacked100's labels: shares exact from the published digits, adding up to 100.0%.
  std::vector<std::vector<std::optional<double>>> value;
  std::vector<std::vector<std::string>> share_text;
  ValueRange main_range, right_range;  // right: bar_line's line series
  Ticks axis, right;
  std::vector<LegendItem> legend_items;
  std::optional<LegendPlan> legend;  // none for a single series with nothing to explain
  double legend_bottom = 0;
  std::string unit_left, unit_right;
  double x0 = 0, x1 = 0, top = 0, bottom = 0;  // the plot box
  AxisLabels categories;                       // the category labels of a vertical chart
  double slot = 0;                             // each category's share of the category axis
  bool room_for_labels = false;                // data labels asked for, and slots wide enough
  // Why the chart cannot be drawn in its box; when set, the fields after it may be unset.
  std::optional<core::Diagnostic> refusal;

  // A value's position along the value axis of `ticks`; category k's slot centre.
  double pos(double v, const Ticks& ticks) const;
  double centre(std::size_t k) const;
};

// Everything about the chart's geometry in a width x height box (y downwards), text measured
// by `width_of`. Expects a chart check_chart's rules on data passed (one series length per
// category, at least one category).
AxesPlan plan_axes(const model::Chart& c, double width, double height, const TextWidth& width_of);

// A value's label: as published, with ＊ for a revised value.
std::string value_label(const model::ChartSeries& s, std::size_t i);

}  // namespace jb::chart
