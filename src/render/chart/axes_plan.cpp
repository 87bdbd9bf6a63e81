#include "render/chart/axes_plan.hpp"

#include <algorithm>
#include <tuple>

#include "model/expression.hpp"

namespace jb::chart {

using vocab::ChartType;

void ValueRange::add(double v) {
  lo = any ? std::min(lo, v) : v, hi = any ? std::max(hi, v) : v;
  any = true;
}

double AxesPlan::pos(double v, const Ticks& t) const {
  const double span = horizontal ? x1 - x0 : bottom - top;
  const double f = (v - t.min) / (t.max - t.min);
  return horizontal ? x0 + f * span : bottom - f * span;
}

double AxesPlan::centre(std::size_t k) const {
  return (horizontal ? top : x0) + slot * (static_cast<double>(k) + 0.5);
}

std::string value_label(const model::ChartSeries& s, std::size_t i) {
  std::string t = s.labels[i];
  if (i < s.revised.size() && s.revised[i]) t += "＊";
  return t;
}

LegendPlan plan_legend(const std::vector<LegendItem>& items, double width, double first_baseline,
                       const TextWidth& width_of) {
  LegendPlan plan;
  plan.first_baseline = first_baseline;
  plan.rows.resize(1);
  double row_w = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const LegendItem& it = items[i];
    const double swatches = it.kind == LegendItem::Kind::text ? 0
                            : it.kind == LegendItem::Kind::partial
                                ? 16.0 * (it.has_fill + it.has_line)
                                : 16;
    const double w = swatches + width_of(it.text, legend_size) + 12;
    if (row_w + w > width - 8 && !plan.rows.back().empty()) plan.rows.emplace_back(), row_w = 0;
    plan.rows.back().push_back({i, 0, w});
    row_w += w;
  }
  double y = first_baseline;
  for (auto& row : plan.rows) {
    double total = 0;
    for (const auto& e : row) total += e.width;
    double x = std::max(4.0, (width - total) / 2);
    for (auto& e : row) e.x = x, x += e.width;
    y += 13;
  }
  plan.bottom = y;
  return plan;
}

namespace {

core::Diagnostic refusal(const model::Chart& c, const core::Text& message,
                         const core::Text& hint = {}) {
  return core::make_diagnostic(core::Severity::error, c.where, message, hint);
}

// Which series are bars (or areas) and which are lines.
void sort_series(const model::Chart& c, AxesPlan& p) {
  p.horizontal = vocab::is_horizontal(c.type);
  p.stacked = vocab::is_stacked(c.type);
  p.percent = vocab::is_percent(c.type);
  p.dual = vocab::has_right_axis(c.type);
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const bool is_line =
        c.type == ChartType::line || (p.dual && c.series[i].axis == vocab::Axis::right);
    (is_line ? p.lines : p.bars).push_back(i);
  }
}

// The values as drawn: stacked100's parts as shares of 100.
void drawn_values(const model::Chart& c, AxesPlan& p) {
  const std::size_t n = c.categories.size();
  p.value.resize(c.series.size());
  for (std::size_t s = 0; s < c.series.size(); ++s) p.value[s] = c.series[s].values;
  if (!p.percent) return;
  std::vector<double> totals(n, 0.0);
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t s : p.bars) totals[k] += p.value[s][k].value_or(0.0);
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t s : p.bars)
      if (p.value[s][k]) p.value[s][k] = totals[k] > 0 ? *p.value[s][k] / totals[k] * 100 : 0.0;
}

// stacked100's labels: each category's shares exact from the published digits, to 100.0% in
// all (largest remainder, as a pie's), never a double's rounding of them.
void share_texts(const model::Chart& c, AxesPlan& p) {
  const std::size_t n = c.categories.size();
  p.share_text.assign(c.series.size(), std::vector<std::string>(n));
  if (!p.percent) return;
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<std::size_t> parts;
    std::vector<std::string> published;
    for (std::size_t s : p.bars)
      if (p.value[s][k]) parts.push_back(s), published.push_back(c.series[s].labels[k]);
    const auto tenths = model::shares_in_tenths(published);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      std::string& t = p.share_text[parts[i]][k];
      t = tenths.size() == parts.size()
              ? std::to_string(tenths[i] / 10) + "." + std::to_string(tenths[i] % 10) + "%"
              : model::format_fixed(*p.value[parts[i]][k], 1) + "%";
      const auto& revised = c.series[parts[i]].revised;
      if (k < revised.size() && revised[k]) t += "＊";
    }
  }
}

// The ranges the axes must show (a stack's sums), then their ticks.
std::optional<core::Diagnostic> ranges_and_ticks(const model::Chart& c, AxesPlan& p) {
  for (std::size_t k = 0; k < c.categories.size(); ++k) {
    if (p.stacked) {
      double sum = 0;
      for (std::size_t s : p.bars) sum += p.value[s][k].value_or(0.0);
      p.main_range.add(sum);
    } else {
      for (std::size_t s : p.bars)
        if (p.value[s][k]) p.main_range.add(*p.value[s][k]);
    }
    for (std::size_t s : p.lines)
      if (p.value[s][k]) (p.dual ? p.right_range : p.main_range).add(*p.value[s][k]);
  }
  if (!p.main_range.any) return refusal(c, core::say("the chart has no values to draw"));
  if (p.dual && !p.right_range.any) return refusal(c, core::say("the line series has no values"));
  const ValueRange& m = p.main_range;
  if (p.percent) {
    p.axis = nice_ticks(0, 100, 5);
  } else if (p.dual) {
    std::tie(p.axis, p.right) =
        dual_axis_ticks(m.lo, m.hi * 1.04, p.right_range.lo, p.right_range.hi * 1.04);
  } else {
    const double pad = p.bars.empty() ? 1.0 : 1.04;
    p.axis = nice_ticks(std::min(0.0, m.lo), std::max(0.0, m.hi * pad), 5);
  }
  return std::nullopt;
}

// A series' legend text: its name with its unit (and, on two axes, its side).
std::string legend_name(const model::ChartSeries& s, const AxesPlan& p, bool right_side) {
  std::string t = s.name;
  std::string unit = p.percent ? "%" : s.unit;
  if (!unit.empty() || p.dual) {
    t += "（" + unit;
    if (p.dual) t += std::string(unit.empty() ? "" : "，") + (right_side ? "右轴" : "左轴");
    t += "）";
  }
  return t;
}

// The legend's items, and whether a legend is drawn at all (not for one series alone with
// nothing else to explain). Also the axes' units.
bool legend_and_units(const model::Chart& c, AxesPlan& p) {
  auto& items = p.legend_items;
  for (std::size_t b = 0; b < p.bars.size(); ++b)
    items.push_back({LegendItem::Kind::fill,
                     legend_name(c.series[p.bars[b]], p, false),
                     fill_look(c.style, b),
                     {}});
  for (std::size_t l = 0; l < p.lines.size(); ++l)
    items.push_back({LegendItem::Kind::line,
                     legend_name(c.series[p.lines[l]], p, p.dual),
                     {},
                     line_look(c.style, l)});
  const bool any_partial = std::find(c.partial.begin(), c.partial.end(), true) != c.partial.end();
  bool any_revised = false;
  for (const auto& s : c.series)
    for (bool r : s.revised) any_revised = any_revised || r;
  if (any_partial)  // the hatched bar and the dashed step into it, as drawn
    items.push_back({LegendItem::Kind::partial, c.partial_label + "数据",
                     partial_look(fill_look(c.style, 0)), partial_step_look(c.style),
                     !p.bars.empty(), !p.lines.empty()});
  if (any_revised) items.push_back({LegendItem::Kind::text, "＊修订数", {}, {}});
  p.unit_left =
      p.percent ? "%" : (p.bars.empty() ? c.series[p.lines[0]].unit : c.series[p.bars[0]].unit);
  p.unit_right = p.dual ? c.series[p.lines[0]].unit : "";
  return !(c.series.size() == 1 && !any_partial && !any_revised);
}

double widest_tick(const Ticks& t, const TextWidth& width_of) {
  double w = 0;
  for (double v : t.values) w = std::max(w, width_of(tick_label(v, t), label_size));
  return w;
}

// A vertical chart's plot box: tick labels left (and right, on two axes), category labels
// under it.
void vertical_box(const model::Chart& c, double W, double H, const TextWidth& width_of,
                  AxesPlan& p) {
  auto measure = [&](const std::string& s) { return width_of(s, label_size); };
  p.x0 = 8 + std::max(widest_tick(p.axis, width_of), measure(p.unit_left) * 0.5) + 6;
  p.x1 = W - (p.dual ? 8 + std::max(widest_tick(p.right, width_of), measure(p.unit_right) * 0.5) + 6
                     : 10);
  if (p.x1 - p.x0 < 60) return;
  p.categories = plan_axis_labels(
      c.categories, (p.x1 - p.x0) / static_cast<double>(c.categories.size()), label_size, measure);
  p.bottom = H - p.categories.height - 2;
}

// A horizontal chart's plot box: category names on the left, at most 38% of the width.
void horizontal_box(const model::Chart& c, double W, double H, const TextWidth& width_of,
                    AxesPlan& p) {
  auto measure = [&](const std::string& s) { return width_of(s, label_size); };
  double name_w = 0;
  for (const auto& cat : c.categories) {
    std::string joined = cat;
    std::replace(joined.begin(), joined.end(), '\n', ' ');
    name_w = std::max(name_w, measure(joined));
  }
  name_w = std::min(name_w, W * 0.38);
  p.x0 = 8 + name_w + 6;
  p.x1 = W - 12 - measure(tick_label(p.axis.max, p.axis)) / 2 - measure(p.unit_left) - 4;
  p.bottom = H - 16;
}

}  // namespace

AxesPlan plan_axes(const model::Chart& c, double W, double H, const TextWidth& width_of) {
  AxesPlan p;
  p.width = W, p.height = H;
  sort_series(c, p);
  drawn_values(c, p);
  share_texts(c, p);
  if ((p.refusal = ranges_and_ticks(c, p))) return p;
  if (legend_and_units(c, p)) p.legend = plan_legend(p.legend_items, W, 14, width_of);
  p.legend_bottom = p.legend ? p.legend->bottom : 4;
  p.top = p.legend_bottom + 14;
  (p.horizontal ? horizontal_box : vertical_box)(c, W, H, width_of, p);
  if (p.x1 - p.x0 < 60) {
    p.refusal = refusal(c, core::say("the chart is too narrow to draw"));
    return p;
  }
  if (p.bottom - p.top < 40) {
    p.refusal =
        refusal(c, core::say("the chart is too low to draw"), core::say("raise its height_mm"));
    return p;
  }
  p.slot =
      (p.horizontal ? p.bottom - p.top : p.x1 - p.x0) / static_cast<double>(c.categories.size());
  p.room_for_labels = c.labels && p.slot >= (p.horizontal ? label_size * 1.1 : 12.0);
  return p;
}

}  // namespace jb::chart
