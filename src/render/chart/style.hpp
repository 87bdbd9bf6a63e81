// render/chart: how series look. The default palette keeps series apart in grayscale (its
// fills step through clearly different lightness, and beyond four series hatching is added);
// the mono style uses black, white, grays and hatching only. Lines differ by dash and marker
// shape as well as colour, so they never depend on colour alone.
#pragma once

#include <cstddef>
#include <vector>

#include "vocab/chart_kind.hpp"

namespace jb::chart {

struct Color {
  double r = 0, g = 0, b = 0;
};

// Lightness as a black-and-white printer renders it (Rec. 709 luma), 0 black to 1 white.
double luma(const Color& c);

enum class Pattern { none, forward, backward, cross, horizontal, dots };
enum class Marker { circle, square, triangle, diamond, cross };

struct FillLook {
  Color fill;
  Pattern pattern = Pattern::none;
  Color pattern_color;
  Color edge;  // outline (mono: black; color: none drawn when equal to fill)
};

struct LineLook {
  Color color;
  double width_pt = 1.6;
  std::vector<double> dash;  // empty: solid
  Marker marker = Marker::circle;
};

FillLook fill_look(vocab::ChartStyle style, std::size_t series);
LineLook line_look(vocab::ChartStyle style, std::size_t series);

// A partial period (前三季度) is drawn light and hatched in its series' colour.
FillLook partial_look(const FillLook& base);
// A line's step into a partial period is dashed: this look (the first line's colour) is its
// legend entry, and its dash the step's.
LineLook partial_step_look(vocab::ChartStyle style);
// The light band under a partial period, so that lines and areas show it too.
FillLook partial_band_look();

inline constexpr Color ink{0.15, 0.15, 0.15};
inline constexpr Color grid_color{0.80, 0.80, 0.80};
inline constexpr Color white{1, 1, 1};

}  // namespace jb::chart
