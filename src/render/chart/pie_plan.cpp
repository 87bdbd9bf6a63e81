#include "render/chart/pie_plan.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "model/expression.hpp"

namespace jb::chart {

void pie_problems(const model::Chart& c, std::vector<core::Diagnostic>& out) {
  const model::ChartSeries& s = c.series.at(0);
  const std::size_t n = s.values.size();
  if (n > 12)
    out.push_back(core::make_diagnostic(
        core::Severity::error, c.where, core::say("a pie of {} slices cannot be read", n),
        core::say("show at most 12, or use type: hbar for a ranking")));
  double total = 0;
  bool gap = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!s.values[i]) {
      out.push_back(core::make_diagnostic(
          core::Severity::error, c.where,
          core::say("the pie's slice '{}' has no value", c.categories[i]),
          core::say("a pie cannot leave a gap; leave the slice out with rows: [...]")));
      gap = true;
      continue;
    }
    total += *s.values[i];
  }
  if (!gap && !(total > 0))
    out.push_back(core::make_diagnostic(
        core::Severity::error, c.where,
        core::say("the pie's values add up to {}: there is nothing to share out",
                  model::exact_sum(s.labels))));
}

namespace {

// Each slice's label: its name and its share, the shares from the published digits exactly
// (adding up to 100.0%); doubles only draw.
std::vector<std::string> label_texts(const model::Chart& c) {
  const model::ChartSeries& s = c.series.at(0);
  const auto tenths = model::shares_in_tenths(s.labels);
  if (tenths.size() != s.values.size())
    throw std::logic_error("pie: shares of figures that are not figures");
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < s.values.size(); ++i) {
    std::string name = c.categories[i];
    std::replace(name.begin(), name.end(), '\n', ' ');
    texts.push_back(name + " " + std::to_string(tenths[i] / 10) + "." +
                    std::to_string(tenths[i] % 10) + "%" +
                    (s.revised.size() > i && s.revised[i] ? "＊" : ""));
  }
  return texts;
}

// The places a label may take: the natural one beside the slice's middle, then nudged up and
// down, each moved out sideways until it clears the disc (labels near 12 and 6 o'clock go
// beside it).
std::vector<Box> label_candidates(const PiePlan& p, double mid, double w) {
  const double ex = p.cx + std::sin(mid) * (p.radius + 14);
  const double ey = p.cy - std::cos(mid) * (p.radius + 14);
  const bool right = std::sin(mid) >= 0;
  const double R = p.radius;
  std::vector<Box> cands;
  for (int k = 0; k < 15; ++k) {
    const double dy = (k % 2 ? 1 : -1) * ((k + 1) / 2) * (label_size + 2);
    const double y1 = ey + 5 + dy, y0 = y1 - label_size - 2;
    const double near = std::max({0.0, y0 - p.cy, p.cy - y1});
    const double clear = near >= R + 4 ? 0.0 : std::sqrt((R + 4) * (R + 4) - near * near);
    const double x = right ? std::max(ex, p.cx + clear) : std::min(ex, p.cx - clear);
    cands.push_back(right ? Box{x, y0, x + w, y1} : Box{x - w, y0, x, y1});
  }
  return cands;
}

}  // namespace

PiePlan plan_pie(const model::Chart& c, double W, double H, const TextWidth& width_of) {
  const model::ChartSeries& s = c.series.at(0);
  std::vector<double> values;
  for (const auto& v : s.values) values.push_back(v.value());  // pie_problems refused a gap
  const double total = std::accumulate(values.begin(), values.end(), 0.0);
  const std::vector<std::string> texts = label_texts(c);
  // The labels' widths decide how large the disc can be beside them.
  std::vector<double> widths;
  for (const auto& t : texts) widths.push_back(width_of(t, label_size));
  const double widest = widths.empty() ? 0.0 : *std::max_element(widths.begin(), widths.end());
  PiePlan p;
  const double legend_bottom = 6;
  p.radius = std::min({W * 0.24, (W - 2 * (widest + 24)) / 2, (H - legend_bottom - 24) / 2});
  if (p.radius < 20) {
    p.refusal = core::make_diagnostic(core::Severity::error, c.where,
                                      core::say("the chart is too small to draw"));
    return p;
  }
  p.cx = W / 2, p.cy = legend_bottom + (H - legend_bottom) / 2;
  p.inner = c.type == vocab::ChartType::donut ? p.radius * 0.58 : 0.0;
  std::vector<std::vector<Box>> candidates;
  double a = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double sweep = values[i] / total * 2 * M_PI;
    p.slices.push_back({a, sweep});
    const double mid = a + sweep / 2;
    a += sweep;
    candidates.push_back(label_candidates(p, mid, widths[i]));
    p.labels.push_back({texts[i],
                        {},
                        p.cx + std::sin(mid) * p.radius,
                        p.cy - std::cos(mid) * p.radius,
                        std::sin(mid) >= 0});
  }
  const auto chosen = place_labels(candidates, {}, Box{0, 0, W, H});
  for (std::size_t i = 0; i < p.labels.size(); ++i) {
    if (!chosen[i]) {
      p.refusal = core::make_diagnostic(
          core::Severity::error, c.where, core::say("the pie's labels do not fit beside it"),
          core::say("fewer slices, a taller chart (height_mm), or type: hbar"));
      return p;
    }
    p.labels[i].box = candidates[i][*chosen[i]];
  }
  return p;
}

}  // namespace jb::chart
