// render/chart: pie and donut charts, drawn from their plan (pie_plan). Slices run clockwise from
// 12 o'clock in the data's order; each is labelled outside with its name and share (rounded so
// that the shares add up to exactly 100.0%), with a leader line; a donut shows the total in its
// middle.
#include "model/expression.hpp"
#include "render/chart/draw.hpp"

namespace jb::chart {

void draw_pie_chart(Painter& p, const model::Chart& c, const PiePlan& plan) {
  for (std::size_t i = 0; i < plan.slices.size(); ++i) {
    const PiePlan::Slice& s = plan.slices[i];
    if (s.sweep > 0)
      p.sector(plan.cx, plan.cy, plan.radius, plan.inner, s.a0, s.a0 + s.sweep,
               fill_look(c.style, i));
  }
  for (const auto& label : plan.labels) {
    const Box& b = label.box;
    const double ly = (b.y0 + b.y1) / 2;
    const double lx = label.right ? b.x0 - 2 : b.x1 + 2;
    p.line(label.ax, label.ay, lx, ly, 0.5, ink);
    p.text(label.text, b.x0, b.y1 - 2, label_size, Painter::Align::left, ink);
  }
  if (plan.inner > 0) {
    const model::ChartSeries& s = c.series.at(0);
    p.text("合计", plan.cx, plan.cy - 2, label_size, Painter::Align::center, ink);
    p.text(model::exact_sum(s.labels) + s.unit, plan.cx, plan.cy + label_size + 1, label_size + 1,
           Painter::Align::center, ink);
  }
}

}  // namespace jb::chart
