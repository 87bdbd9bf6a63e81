#include "render/chart/style.hpp"

#include <array>

namespace jb::chart {

double luma(const Color& c) { return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b; }

namespace {

// Lightness 0.46, 0.21, 0.66, 0.86: at least 0.2 apart, so that grayscale keeps them apart;
// a single series gets the mid tone (a dark one prints heavy).
constexpr std::array<Color, 4> fills{
    {{0.35, 0.48, 0.68}, {0.12, 0.23, 0.42}, {0.91, 0.62, 0.22}, {0.80, 0.87, 0.95}}};
constexpr std::array<Pattern, 4> extra_patterns{Pattern::forward, Pattern::backward, Pattern::cross,
                                                Pattern::dots};
constexpr std::array<Color, 4> line_colors{
    {{0.72, 0.10, 0.10}, {0.05, 0.05, 0.05}, {0.45, 0.45, 0.45}, {0.12, 0.23, 0.42}}};
constexpr std::array<Marker, 5> markers{Marker::circle, Marker::square, Marker::triangle,
                                        Marker::diamond, Marker::cross};
const std::array<std::vector<double>, 4> dashes{{{}, {5.0, 2.5}, {1.2, 2.0}, {6.0, 2.0, 1.2, 2.0}}};

}  // namespace

FillLook fill_look(vocab::ChartStyle style, std::size_t i) {
  if (style == vocab::ChartStyle::mono) {
    // Mean grays (of 255) as printed: 51, 187 (hatched), 140, 231 (dotted): 40 or more apart.
    static constexpr std::array<FillLook, 6> mono{{
        {{0.20, 0.20, 0.20}, Pattern::none, {}, {0, 0, 0}},
        {{1, 1, 1}, Pattern::forward, {0, 0, 0}, {0, 0, 0}},
        {{0.55, 0.55, 0.55}, Pattern::none, {}, {0, 0, 0}},
        {{1, 1, 1}, Pattern::dots, {0, 0, 0}, {0, 0, 0}},
        {{1, 1, 1}, Pattern::cross, {0, 0, 0}, {0, 0, 0}},
        {{1, 1, 1}, Pattern::horizontal, {0, 0, 0}, {0, 0, 0}},
    }};
    return mono[i % mono.size()];
  }
  const Color c = fills[i % fills.size()];
  FillLook look{c, Pattern::none, {}, c};
  if (i >= fills.size()) {  // a fifth series and beyond: the palette again, hatched
    look.pattern = extra_patterns[(i / fills.size() - 1) % extra_patterns.size()];
    look.pattern_color = luma(c) > 0.5 ? Color{0.1, 0.1, 0.1} : Color{1, 1, 1};
  }
  return look;
}

LineLook line_look(vocab::ChartStyle style, std::size_t i) {
  LineLook look;
  look.color =
      style == vocab::ChartStyle::mono ? Color{0, 0, 0} : line_colors[i % line_colors.size()];
  look.dash = dashes[i % dashes.size()];
  look.marker = markers[i % markers.size()];
  return look;
}

FillLook partial_look(const FillLook& base) {
  FillLook p;
  p.fill = {0.55 + 0.45 * base.fill.r, 0.55 + 0.45 * base.fill.g, 0.55 + 0.45 * base.fill.b};
  if (luma(base.fill) > 0.8) p.fill = {1, 1, 1};
  p.pattern = Pattern::forward;
  p.pattern_color = luma(base.fill) > 0.8 ? Color{0.3, 0.3, 0.3} : base.fill;
  p.edge = luma(base.fill) > 0.8 ? Color{0.3, 0.3, 0.3} : base.fill;
  return p;
}

FillLook partial_band_look() { return {{0.94, 0.94, 0.94}, Pattern::none, {}, {0.94, 0.94, 0.94}}; }

LineLook partial_step_look(vocab::ChartStyle style) {
  LineLook look = line_look(style, 0);
  look.dash = {2.0, 2.0};
  return look;
}

}  // namespace jb::chart
