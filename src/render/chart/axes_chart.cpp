// render/chart: charts on axes: bar (grouped), hbar (a ranking), stacked, stacked100, line,
// area (stacked) and bar_line (bars on the left axis, a line on an independent right axis whose
// zero lines up with the left one).
#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>

#include "model/expression.hpp"
#include "render/chart/draw.hpp"
#include "render/chart/labels.hpp"
#include "render/chart/ticks.hpp"

namespace jb::chart {

using vocab::ChartType;

std::string value_label(const model::ChartSeries& s, std::size_t i) {
  std::string t = s.labels[i];
  if (i < s.revised.size() && s.revised[i]) t += "＊";
  return t;
}

double draw_legend(Painter& p, const std::vector<LegendItem>& items, double width, double y) {
  // Rows of items that fit the width, each row centred.
  std::vector<std::vector<std::pair<const LegendItem*, double>>> rows(1);
  double row_w = 0;
  for (const auto& it : items) {
    const double swatches = it.kind == LegendItem::Kind::text ? 0
                            : it.kind == LegendItem::Kind::partial
                                ? 16.0 * (it.has_fill + it.has_line)
                                : 16;
    const double w = swatches + p.text_width(it.text, legend_size) + 12;
    if (row_w + w > width - 8 && !rows.back().empty()) rows.emplace_back(), row_w = 0;
    rows.back().push_back({&it, w});
    row_w += w;
  }
  for (const auto& row : rows) {
    double total = 0;
    for (const auto& [it, w] : row) total += w;
    double x = std::max(4.0, (width - total) / 2);
    for (const auto& [it, w] : row) {
      double tx = x;
      if (it->kind == LegendItem::Kind::fill) {
        p.rect(x, y - 7, 12, 8, it->fill);
        tx += 16;
      } else if (it->kind == LegendItem::Kind::line) {
        p.line(x, y - 3, x + 13, y - 3, it->line.width_pt, it->line.color, it->line.dash);
        p.marker(x + 6.5, y - 3, it->line.marker, it->line.color, 2.2);
        tx += 16;
      } else if (it->kind == LegendItem::Kind::partial) {
        if (it->has_fill) p.rect(tx, y - 7, 12, 8, it->fill), tx += 16;
        if (it->has_line) {  // on the band that the plot puts under a partial period
          p.rect(tx - 1, y - 8, 15, 10, partial_band_look());
          p.line(tx, y - 3, tx + 13, y - 3, it->line.width_pt, it->line.color, it->line.dash);
          tx += 16;
        }
      }
      p.text(it->text, tx, y, legend_size, Painter::Align::left, ink);
      x += w;
    }
    y += 13;
  }
  return y;
}

namespace {

struct Range {
  double lo = 0, hi = 0;
  bool any = false;
  void add(double v) {
    lo = any ? std::min(lo, v) : v, hi = any ? std::max(hi, v) : v;
    any = true;
  }
};

core::UserError chart_error(const model::Chart& c, std::string message, std::string hint = {}) {
  return core::UserError(core::ExitCode::data_error, c.where, std::move(message), std::move(hint));
}

}  // namespace

void draw_axes_chart(Painter& p, const model::Chart& c, double W, double H) {
  const std::size_t n = c.categories.size();
  const bool horizontal = vocab::is_horizontal(c.type);
  const bool stacked = vocab::is_stacked(c.type);
  const bool percent = vocab::is_percent(c.type);
  const bool dual = vocab::has_right_axis(c.type);

  // Which series are bars (or areas) and which are lines.
  std::vector<std::size_t> bars, lines;
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const bool is_line =
        c.type == ChartType::line || (dual && c.series[i].axis == vocab::Axis::right);
    (is_line ? lines : bars).push_back(i);
  }

  // Stacked values: each category's parts from zero up (shares of 100 for stacked100).
  std::vector<std::vector<std::optional<double>>> value(c.series.size());
  for (std::size_t s = 0; s < c.series.size(); ++s) value[s] = c.series[s].values;
  std::vector<double> totals(n, 0.0);
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t s : bars) totals[k] += value[s][k].value_or(0.0);
  if (percent)
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t s : bars)
        if (value[s][k]) value[s][k] = totals[k] > 0 ? *value[s][k] / totals[k] * 100 : 0.0;
  // stacked100's labels: each category's shares exact from the published digits, to 100.0% in
  // all (largest remainder, as a pie's), never a double's rounding of them.
  std::vector<std::vector<std::string>> share_text(c.series.size(), std::vector<std::string>(n));
  if (percent)
    for (std::size_t k = 0; k < n; ++k) {
      std::vector<std::size_t> parts;
      std::vector<std::string> published;
      for (std::size_t s : bars)
        if (value[s][k]) parts.push_back(s), published.push_back(c.series[s].labels[k]);
      const auto tenths = model::shares_in_tenths(published);
      for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string& t = share_text[parts[i]][k];
        t = tenths.size() == parts.size()
                ? std::to_string(tenths[i] / 10) + "." + std::to_string(tenths[i] % 10) + "%"
                : model::format_fixed(*value[parts[i]][k], 1) + "%";
        const auto& revised = c.series[parts[i]].revised;
        if (k < revised.size() && revised[k]) t += "＊";
      }
    }

  Range main_range, right_range;
  for (std::size_t k = 0; k < n; ++k) {
    if (stacked) {
      double sum = 0;
      for (std::size_t s : bars) sum += value[s][k].value_or(0.0);
      main_range.add(sum);
    } else {
      for (std::size_t s : bars)
        if (value[s][k]) main_range.add(*value[s][k]);
    }
    for (std::size_t s : lines)
      if (value[s][k]) (dual ? right_range : main_range).add(*value[s][k]);
  }
  if (!main_range.any) throw chart_error(c, "the chart has no values to draw");
  if (dual && !right_range.any) throw chart_error(c, "the line series has no values");

  Ticks axis, right;
  if (percent) {
    axis = nice_ticks(0, 100, 5);
  } else if (dual) {
    std::tie(axis, right) =
        dual_axis_ticks(main_range.lo, main_range.hi * 1.04, right_range.lo, right_range.hi * 1.04);
  } else {
    const double pad = bars.empty() ? 1.0 : 1.04;
    axis = nice_ticks(std::min(0.0, main_range.lo), std::max(0.0, main_range.hi * pad), 5);
  }

  // The legend and the units, then the plot box.
  const bool any_partial = std::find(c.partial.begin(), c.partial.end(), true) != c.partial.end();
  bool any_revised = false;
  std::vector<LegendItem> legend;
  auto name_of = [&](const model::ChartSeries& s, bool right_side) {
    std::string t = s.name;
    std::string unit = percent ? "%" : s.unit;
    if (!unit.empty() || dual) {
      t += "（" + unit;
      if (dual) t += std::string(unit.empty() ? "" : "，") + (right_side ? "右轴" : "左轴");
      t += "）";
    }
    return t;
  };
  for (std::size_t b = 0; b < bars.size(); ++b)
    legend.push_back(
        {LegendItem::Kind::fill, name_of(c.series[bars[b]], false), fill_look(c.style, b), {}});
  for (std::size_t l = 0; l < lines.size(); ++l)
    legend.push_back(
        {LegendItem::Kind::line, name_of(c.series[lines[l]], dual), {}, line_look(c.style, l)});
  for (const auto& s : c.series)
    for (bool r : s.revised) any_revised = any_revised || r;
  if (any_partial)  // the hatched bar and the dashed step into it, as drawn
    legend.push_back({LegendItem::Kind::partial, c.partial_label + "数据",
                      partial_look(fill_look(c.style, 0)), partial_step_look(c.style),
                      !bars.empty(), !lines.empty()});
  if (any_revised) legend.push_back({LegendItem::Kind::text, "＊修订数", {}, {}});
  const bool single = c.series.size() == 1 && !any_partial && !any_revised;
  const double legend_bottom = single ? 4 : draw_legend(p, legend, W, 14);

  auto tick_w = [&](const Ticks& t) {
    double w = 0;
    for (double v : t.values) w = std::max(w, p.text_width(tick_label(v, t), label_size));
    return w;
  };
  const auto measure = [&](const std::string& s) { return p.text_width(s, label_size); };
  const std::string unit_left =
      percent ? "%" : (bars.empty() ? c.series[lines[0]].unit : c.series[bars[0]].unit);
  const std::string unit_right = dual ? c.series[lines[0]].unit : "";

  double x0, x1, top = legend_bottom + 14, bottom;
  AxisLabels cats;
  if (!horizontal) {
    x0 = 8 + std::max(tick_w(axis), measure(unit_left) * 0.5) + 6;
    x1 = W - (dual ? 8 + std::max(tick_w(right), measure(unit_right) * 0.5) + 6 : 10);
    if (x1 - x0 < 60) throw chart_error(c, "the chart is too narrow to draw");
    cats = plan_axis_labels(c.categories, (x1 - x0) / static_cast<double>(n), label_size, measure);
    bottom = H - cats.height - 2;
  } else {
    // Category names on the left, at most 38% of the width (wrapped onto two lines).
    double name_w = 0;
    for (const auto& cat : c.categories) {
      std::string joined = cat;
      std::replace(joined.begin(), joined.end(), '\n', ' ');
      name_w = std::max(name_w, measure(joined));
    }
    name_w = std::min(name_w, W * 0.38);
    x0 = 8 + name_w + 6;
    x1 = W - 12 - measure(tick_label(axis.max, axis)) / 2 - measure(unit_left) - 4;
    bottom = H - 16;
    if (x1 - x0 < 60) throw chart_error(c, "the chart is too narrow to draw");
  }
  if (bottom - top < 40)
    throw chart_error(c, "the chart is too low to draw", "raise its height_mm");

  // Value -> position along the value axis; category k -> the centre of its slot.
  const double span = horizontal ? x1 - x0 : bottom - top;
  auto pos = [&](double v, const Ticks& t) {
    const double f = (v - t.min) / (t.max - t.min);
    return horizontal ? x0 + f * span : bottom - f * span;
  };
  const double slot = (horizontal ? bottom - top : x1 - x0) / static_cast<double>(n);
  auto centre = [&](std::size_t k) {
    return (horizontal ? top : x0) + slot * (static_cast<double>(k) + 0.5);
  };

  // Partial periods sit on a light band, so that lines and areas show them too.
  for (std::size_t k = 0; k < n; ++k)
    if (c.partial[k]) {
      const FillLook band = partial_band_look();
      if (horizontal)
        p.rect(x0, centre(k) - slot / 2, x1 - x0, slot, band);
      else
        p.rect(centre(k) - slot / 2, top, slot, bottom - top, band);
    }

  // Grid, tick labels, units.
  for (std::size_t i = 0; i < axis.values.size(); ++i) {
    const double v = axis.values[i], q = pos(v, axis);
    if (horizontal) {
      if (v != 0) p.line(q, top, q, bottom, 0.4, grid_color);
      p.text(tick_label(v, axis), q, bottom + 11, label_size, Painter::Align::center, ink);
    } else {
      if (v != 0) p.line(x0, q, x1, q, 0.4, grid_color);
      p.text(tick_label(v, axis), x0 - 5, q + 2.8, label_size, Painter::Align::right, ink);
      if (dual)
        p.text(tick_label(right.values[i], right), x1 + 5, q + 2.8, label_size,
               Painter::Align::left, ink);
    }
  }
  const double zero = pos(std::clamp(0.0, axis.min, axis.max), axis);
  if (horizontal) {
    p.line(zero, top, zero, bottom, 0.8, ink);
    if (!unit_left.empty())
      p.text(unit_left, x1 + measure(tick_label(axis.max, axis)) / 2 + 3, bottom + 11, label_size,
             Painter::Align::left, ink);
  } else {
    p.line(x0, zero, x1, zero, 0.8, ink);
    if (!unit_left.empty())
      p.text(unit_left, x0 - 5, top - 7, label_size, Painter::Align::right, ink);
    if (!unit_right.empty())
      p.text(unit_right, x1 + 5, top - 7, label_size, Painter::Align::left, ink);
  }

  // Category labels.
  if (!horizontal) {
    for (std::size_t k = 0; k < n; ++k) {
      if (k % cats.every) continue;
      if (cats.rotated) {
        p.rotated_text(cats.lines[k][0], centre(k) + 3, bottom + 10, label_size, -45, ink);
        continue;
      }
      double y = bottom + 12;
      for (const auto& line : cats.lines[k]) {
        p.text(line, centre(k), y, label_size, Painter::Align::center, ink);
        y += label_size * 1.3;
      }
    }
  } else {
    const std::size_t every =
        static_cast<std::size_t>(std::max(1.0, std::ceil(label_size * 1.25 / slot)));
    for (std::size_t k = 0; k < n; k += every) {
      std::string name = c.categories[k];
      std::replace(name.begin(), name.end(), '\n', ' ');
      const bool hl = c.highlight && *c.highlight == k;
      p.text(name, x0 - 6, centre(k) + 2.8, label_size, Painter::Align::right, ink, false, hl);
    }
  }

  // Marks: bars (grouped or stacked), areas, lines. Labels are collected and placed last.
  struct Label {
    std::string text;
    std::vector<Box> candidates;
    Color color;
  };
  std::vector<Label> labels;
  std::vector<Box> obstacles;
  const double label_h = label_size;
  auto box_at = [&](const std::string& t, double cx, double baseline, Painter::Align a) {
    const double w = measure(t);
    const double left = a == Painter::Align::center ? cx - w / 2
                        : a == Painter::Align::left ? cx
                                                    : cx - w;
    return Box{left, baseline - label_h * 0.8, left + w, baseline + label_h * 0.25};
  };
  const bool room_for_labels = c.labels && slot >= (horizontal ? label_size * 1.1 : 12.0);

  if (c.type == ChartType::area) {
    // Stacked areas; a category where any series is missing breaks them all (a gap).
    std::vector<double> base(n, 0.0);
    for (std::size_t b = 0; b < bars.size(); ++b) {
      const auto& v = value[bars[b]];
      std::size_t k = 0;
      while (k < n) {
        std::vector<std::size_t> run;
        while (k < n && std::all_of(bars.begin(), bars.end(),
                                    [&](std::size_t s) { return value[s][k].has_value(); }))
          run.push_back(k++);
        if (run.size() >= 2) {
          std::vector<std::pair<double, double>> poly;
          for (std::size_t i : run) poly.push_back({centre(i), pos(base[i] + *v[i], axis)});
          for (auto it = run.rbegin(); it != run.rend(); ++it)
            poly.push_back({centre(*it), pos(base[*it], axis)});
          p.polygon(poly, fill_look(c.style, b));
        }
        ++k;
      }
      for (std::size_t i = 0; i < n; ++i) base[i] += v[i].value_or(0.0);
    }
  } else if (!bars.empty()) {
    const double group = slot * (stacked ? 0.56 : 0.66);
    const double thick = stacked ? group : group / static_cast<double>(bars.size());
    std::vector<double> base(n, 0.0);
    for (std::size_t b = 0; b < bars.size(); ++b) {
      const auto& s = c.series[bars[b]];
      for (std::size_t k = 0; k < n; ++k) {
        const auto& v = value[bars[b]][k];
        if (!v) continue;  // missing: a gap, never a zero
        const double from = stacked ? base[k] : 0.0, to = from + *v;
        if (stacked) base[k] = to;
        const double a = pos(from, axis), z = pos(to, axis);
        const double offset = stacked ? -group / 2 : -group / 2 + thick * static_cast<double>(b);
        const double across = centre(k) + offset, width = thick * (stacked ? 1.0 : 0.9);
        FillLook look = c.partial[k] ? partial_look(fill_look(c.style, b)) : fill_look(c.style, b);
        if (c.highlight && *c.highlight == k && bars.size() == 1)
          look = fill_look(c.style, 1);  // the highlighted category: the palette's dark tone
        if (horizontal)
          p.rect(std::min(a, z), across, std::fabs(z - a), width, look);
        else
          p.rect(across, std::min(a, z), width, std::fabs(z - a), look);
        if (!room_for_labels) continue;
        const std::string t = percent ? share_text[bars[b]][k] : value_label(s, k);
        const double mid = across + width / 2;
        Label label{t, {}, ink};
        if (stacked) {  // inside its segment, only where it fits
          const double seg = std::fabs(z - a), w = measure(t);
          if ((horizontal ? seg > w + 4 && width > label_h + 2
                          : seg > label_h + 3 && width > w + 2))
            label.candidates.push_back(
                horizontal ? box_at(t, (a + z) / 2, mid + 2.8, Painter::Align::center)
                           : box_at(t, mid, (a + z) / 2 + 2.8, Painter::Align::center));
          label.color = luma(look.fill) < 0.5 ? white : ink;
        } else if (horizontal) {
          const bool neg = *v < 0;
          label.candidates.push_back(box_at(t, neg ? z - 3 : z + 3, mid + 2.8,
                                            neg ? Painter::Align::right : Painter::Align::left));
        } else {
          const bool neg = *v < 0;
          label.candidates.push_back(
              box_at(t, mid, neg ? z + label_h + 1 : z - 3, Painter::Align::center));
          label.candidates.push_back(
              box_at(t, mid, neg ? z + label_h * 2 + 2 : z - label_h - 4, Painter::Align::center));
        }
        labels.push_back(std::move(label));
      }
    }
  }

  // Lines: a missing value breaks the line; the step into a partial period is dashed.
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const auto& s = c.series[lines[l]];
    const LineLook look = line_look(c.style, l);
    const Ticks& t = dual ? right : axis;
    auto at = [&](std::size_t k) { return std::pair{centre(k), pos(*value[lines[l]][k], t)}; };
    std::vector<std::pair<double, double>> run;
    for (std::size_t k = 0; k < n; ++k) {
      if (!value[lines[l]][k]) {
        p.polyline(run, look, look.dash);
        run.clear();
        continue;
      }
      if (c.partial[k] && !run.empty()) {
        p.polyline(run, look, look.dash);
        p.polyline({run.back(), at(k)}, look, partial_step_look(c.style).dash);
        run.clear();
      }
      run.push_back(at(k));
    }
    p.polyline(run, look, look.dash);
    const bool markers = slot >= 6;
    for (std::size_t k = 0; k < n; ++k) {
      if (!value[lines[l]][k]) continue;
      const auto [x, y] = at(k);
      if (markers) {
        p.marker(x, y, look.marker, look.color, 2.4, true);
        obstacles.push_back({x - 3.5, y - 3.5, x + 3.5, y + 3.5});
      }
    }
    if (!c.labels || slot < 16) continue;
    for (std::size_t k = 0; k < n; ++k) {
      if (!value[lines[l]][k]) continue;
      const auto [x, y] = at(k);
      const std::string txt = value_label(s, k);
      labels.push_back({txt,
                        {box_at(txt, x, y - 6, Painter::Align::center),
                         box_at(txt, x, y + label_h + 4, Painter::Align::center),
                         box_at(txt, x + 6, y + 2.8, Painter::Align::left),
                         box_at(txt, x - 6, y + 2.8, Painter::Align::right)},
                        look.color});
    }
  }

  // Place every data label where it overlaps nothing; a label with no room is left out.
  std::vector<std::vector<Box>> candidates;
  for (const auto& l : labels) candidates.push_back(l.candidates);
  const Box bounds{0, legend_bottom, W, horizontal ? bottom : bottom + 2};
  const auto chosen = place_labels(candidates, obstacles, bounds);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!chosen[i]) continue;
    const Box& b = labels[i].candidates[*chosen[i]];
    p.text(labels[i].text, b.x0, b.y1 - label_h * 0.25, label_size - 0.5, Painter::Align::left,
           labels[i].color, labels[i].color.r != 1.0);
  }
}

}  // namespace jb::chart
