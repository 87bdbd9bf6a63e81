// render/chart: pie and donut charts. Slices run clockwise from 12 o'clock in the data's order;
// each is labelled outside with its name and share (rounded so that the shares add up to
// exactly 100.0%), with a leader line; a donut shows the total in its middle.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "model/expression.hpp"
#include "render/chart/draw.hpp"
#include "render/chart/labels.hpp"

namespace jb::chart {

void pie_problems(const model::Chart& c, std::vector<core::Diagnostic>& out) {
  const model::ChartSeries& s = c.series.at(0);
  const std::size_t n = s.values.size();
  if (n > 12)
    out.push_back({core::Severity::error, c.where,
                   "a pie of " + std::to_string(n) + " slices cannot be read",
                   "show at most 12, or use type: hbar for a ranking"});
  double total = 0;
  bool gap = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!s.values[i]) {
      out.push_back({core::Severity::error, c.where,
                     "the pie's slice '" + c.categories[i] + "' has no value",
                     "a pie cannot leave a gap; leave the slice out with rows: [...]"});
      gap = true;
      continue;
    }
    total += *s.values[i];
  }
  if (!gap && !(total > 0))
    out.push_back({core::Severity::error, c.where,
                   "the pie's values add up to " + model::exact_sum(s.labels) +
                       ": there is nothing to share out",
                   ""});
}

void draw_pie_chart(Painter& p, const model::Chart& c, double W, double H) {
  const model::ChartSeries& s = c.series.at(0);
  const std::size_t n = s.values.size();
  std::vector<double> values;
  for (std::size_t i = 0; i < n; ++i)
    values.push_back(s.values[i].value());  // pie_problems refused a gap
  const double total = std::accumulate(values.begin(), values.end(), 0.0);
  // The printed shares and total come from the published digits, exactly; doubles only draw.
  const auto tenths = model::shares_in_tenths(s.labels);
  if (tenths.size() != n) throw std::logic_error("pie: shares of figures that are not figures");

  // The labels' widths decide how large the disc can be beside them.
  std::vector<std::string> texts;
  double widest = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::string name = c.categories[i];
    std::replace(name.begin(), name.end(), '\n', ' ');
    texts.push_back(name + " " + std::to_string(tenths[i] / 10) + "." +
                    std::to_string(tenths[i] % 10) + "%" +
                    (s.revised.size() > i && s.revised[i] ? "＊" : ""));
    widest = std::max(widest, p.text_width(texts.back(), label_size));
  }
  const double legend_bottom = 6;
  const double R = std::min({W * 0.24, (W - 2 * (widest + 24)) / 2, (H - legend_bottom - 24) / 2});
  if (R < 20)
    throw core::UserError(core::ExitCode::data_error, c.where, "the chart is too small to draw");
  const double cx = W / 2, cy = legend_bottom + (H - legend_bottom) / 2;
  const double inner = c.type == vocab::ChartType::donut ? R * 0.58 : 0.0;

  struct Label {
    std::string text;
    std::vector<Box> candidates;
    double ax, ay;  // the leader line's start on the rim
    bool right;
  };
  std::vector<Label> labels;
  double a = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double sweep = values[i] / total * 2 * M_PI;
    if (sweep > 0) p.sector(cx, cy, R, inner, a, a + sweep, fill_look(c.style, i));
    const double mid = a + sweep / 2;
    a += sweep;
    const std::string& text = texts[i];
    const double ex = cx + std::sin(mid) * (R + 14), ey = cy - std::cos(mid) * (R + 14);
    const bool right = std::sin(mid) >= 0;
    const double w = p.text_width(text, label_size);
    // The natural place, then nudged up and down, each moved out sideways until it clears the
    // disc (labels near 12 and 6 o'clock go beside it).
    std::vector<Box> cands;
    for (int k = 0; k < 15; ++k) {
      const double dy = (k % 2 ? 1 : -1) * ((k + 1) / 2) * (label_size + 2);
      const double y1 = ey + 5 + dy, y0 = y1 - label_size - 2;
      const double near = std::max({0.0, y0 - cy, cy - y1});
      const double clear = near >= R + 4 ? 0.0 : std::sqrt((R + 4) * (R + 4) - near * near);
      const double x = right ? std::max(ex, cx + clear) : std::min(ex, cx - clear);
      cands.push_back(right ? Box{x, y0, x + w, y1} : Box{x - w, y0, x, y1});
    }
    labels.push_back({text, cands, cx + std::sin(mid) * R, cy - std::cos(mid) * R, right});
  }
  std::vector<std::vector<Box>> candidates;
  for (const auto& l : labels) candidates.push_back(l.candidates);
  const auto chosen = place_labels(candidates, {}, Box{0, 0, W, H});
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!chosen[i])
      throw core::UserError(core::ExitCode::data_error, c.where,
                            "the pie's labels do not fit beside it",
                            "fewer slices, a taller chart (height_mm), or type: hbar");
    const Box& b = labels[i].candidates[*chosen[i]];
    const double ly = (b.y0 + b.y1) / 2;
    const double lx = labels[i].right ? b.x0 - 2 : b.x1 + 2;
    p.line(labels[i].ax, labels[i].ay, lx, ly, 0.5, ink);
    p.text(labels[i].text, b.x0, b.y1 - 2, label_size, Painter::Align::left, ink);
  }
  if (inner > 0) {
    std::string sum = model::exact_sum(s.labels);
    p.text("合计", cx, cy - 2, label_size, Painter::Align::center, ink);
    p.text(sum + s.unit, cx, cy + label_size + 1, label_size + 1, Painter::Align::center, ink);
  }
}

}  // namespace jb::chart
