// render/chart: where labels go, as geometry only (tested without Cairo): data labels placed
// so that none overlaps another, a marker or a bar; category labels kept straight, wrapped,
// turned 45° or thinned, whichever keeps them apart.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace jb::chart {

inline constexpr double label_size = 8.0;  // tick, category and data labels
inline constexpr double legend_size = 8.5;

// The width in points of UTF-8 text at `size` points, as the chart draws it.
using TextWidth = std::function<double(const std::string& utf8, double size)>;

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // y grows downwards
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  bool inside(const Box& o) const { return x0 >= o.x0 && x1 <= o.x1 && y0 >= o.y0 && y1 <= o.y1; }
};

// For each label, in order (earlier labels win), the first of its candidate boxes that stays
// inside `bounds` and overlaps neither an obstacle nor a label placed before it; nullopt when
// no candidate fits (the label is left out rather than drawn over something).
std::vector<std::optional<std::size_t>> place_labels(
    const std::vector<std::vector<Box>>& candidates, const std::vector<Box>& obstacles,
    const Box& bounds);

struct AxisLabels {
  bool rotated = false;                         // turned 45° (one line each)
  std::size_t every = 1;                        // only every k-th label is shown
  std::vector<std::vector<std::string>> lines;  // the lines of each label
  double height = 0;                            // the band the labels need under the axis
};

// Lines of `text` no wider than `width`, broken only where Chinese line breaking allows (the
// layout stage's breaker: no 、 or ） at a line start, numbers kept whole).
std::vector<std::string> wrap_text(const std::string& text, double width, double size,
                                   const std::function<double(const std::string&)>& width_of);

// Category labels along an axis of slots `slot` wide. A label may hold "\n" (2025\n前三季度).
AxisLabels plan_axis_labels(const std::vector<std::string>& labels, double slot, double size,
                            const std::function<double(const std::string&)>& width);

}  // namespace jb::chart
