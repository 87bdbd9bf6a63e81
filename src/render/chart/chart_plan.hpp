// render/chart: a chart's refusals and its plan, from the one function that decides them,
// without Cairo. `check` (check_chart) and `render` (render_chart) both call it, so that render
// refuses exactly what check reports: the rules on the chart's data, its size and its
// characters first, then what its geometry finds (a plot too narrow or too low, a pie too small,
// pie labels that do not fit beside it).
#pragma once

#include <optional>
#include <vector>

#include "core/diagnostic.hpp"
#include "fonts/font_set.hpp"
#include "model/document.hpp"
#include "render/chart/axes_plan.hpp"
#include "render/chart/pie_plan.hpp"

namespace jb::chart {

struct ChartPlan {
  std::vector<core::Diagnostic> refusals;  // empty: the chart can be drawn from its plan
  std::optional<AxesPlan> axes;            // bar, hbar, stacked, stacked100, line, area, bar_line
  std::optional<PiePlan> pie;              // pie, donut
};

// The chart in a width_pt x height_pt box, its text measured by `width_of`. The plan is left
// out when the data, size or character rules refuse the chart (its geometry would measure
// characters no font has). Throws std::logic_error for what the model never makes (series of
// another length than the categories, a box of absurd size).
ChartPlan plan_chart(const model::Chart& chart, double width_pt, double height_pt,
                     const fonts::FontSet& fonts, const TextWidth& width_of);

}  // namespace jb::chart
