// render/chart (internal): drawing each kind of chart on a width x height box, y downwards.
#pragma once

#include <string>
#include <vector>

#include "model/document.hpp"
#include "render/chart/painter.hpp"
#include "render/chart/style.hpp"

namespace jb::chart {

inline constexpr double label_size = 8.0;
inline constexpr double legend_size = 8.5;

struct LegendItem {
  // partial: the marks of a partial period, a hatched swatch (bars) and/or a dashed step
  // (lines), whichever of the two the chart draws.
  enum class Kind { fill, line, text, partial } kind = Kind::fill;
  std::string text;
  FillLook fill;
  LineLook line;
  bool has_fill = false, has_line = false;  // Kind::partial
};

// The legend centred in rows under `y` (the first baseline); returns the y under it.
double draw_legend(Painter& p, const std::vector<LegendItem>& items, double width, double y);

// bar, hbar, stacked, stacked100, line, area, bar_line.
void draw_axes_chart(Painter& p, const model::Chart& c, double width, double height);
// pie, donut. pie_problems: what a pie refuses before it is drawn (more than 12 slices, a
// missing slice, values that add up to nothing).
void pie_problems(const model::Chart& c, std::vector<core::Diagnostic>& out);
void draw_pie_chart(Painter& p, const model::Chart& c, double width, double height);

// A value's label: as published, with ＊ for a revised value.
std::string value_label(const model::ChartSeries& s, std::size_t i);

}  // namespace jb::chart
