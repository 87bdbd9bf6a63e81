// render/chart (internal): drawing each kind of chart from its plan on a Cairo painter, y
// downwards. The plans (axes_plan, pie_plan) decide every position and every refusal; these
// functions only draw what a plan without a refusal holds.
#pragma once

#include <vector>

#include "model/document.hpp"
#include "render/chart/axes_plan.hpp"
#include "render/chart/painter.hpp"
#include "render/chart/pie_plan.hpp"
#include "render/chart/style.hpp"

namespace jb::chart {

void draw_legend(Painter& p, const std::vector<LegendItem>& items, const LegendPlan& plan);

// bar, hbar, stacked, stacked100, line, area, bar_line.
void draw_axes_chart(Painter& p, const model::Chart& c, const AxesPlan& plan);
// pie, donut.
void draw_pie_chart(Painter& p, const model::Chart& c, const PiePlan& plan);

}  // namespace jb::chart
