// render/chart: charts on axes, drawn from their plan (axes_plan): bar (grouped), hbar (a
// ranking), stacked, stacked100, line, area (stacked) and bar_line (bars on the left axis, a line
// on an independent right axis whose zero lines up with the left one). Data labels are collected
// while the marks are drawn and placed last, where they overlap nothing.
#include <algorithm>
#include <cmath>

#include "render/chart/draw.hpp"

namespace jb::chart {

using vocab::ChartType;

void draw_legend(Painter& p, const std::vector<LegendItem>& items, const LegendPlan& plan) {
  double y = plan.first_baseline;
  for (const auto& row : plan.rows) {
    for (const auto& entry : row) {
      const LegendItem& it = items[entry.item];
      const double x = entry.x;
      double tx = x;
      if (it.kind == LegendItem::Kind::fill) {
        p.rect(x, y - 7, 12, 8, it.fill);
        tx += 16;
      } else if (it.kind == LegendItem::Kind::line) {
        p.line(x, y - 3, x + 13, y - 3, it.line.width_pt, it.line.color, it.line.dash);
        p.marker(x + 6.5, y - 3, it.line.marker, it.line.color, 2.2);
        tx += 16;
      } else if (it.kind == LegendItem::Kind::partial) {
        if (it.has_fill) p.rect(tx, y - 7, 12, 8, it.fill), tx += 16;
        if (it.has_line) {  // on the band that the plot puts under a partial period
          p.rect(tx - 1, y - 8, 15, 10, partial_band_look());
          p.line(tx, y - 3, tx + 13, y - 3, it.line.width_pt, it.line.color, it.line.dash);
          tx += 16;
        }
      }
      p.text(it.text, tx, y, legend_size, Painter::Align::left, ink);
    }
    y += 13;
  }
}

namespace {

// A data label and the places it may go, first choice first.
struct DataLabel {
  std::string text;
  std::vector<Box> candidates;
  Color color;
};

// What the marks leave for the labels placed last: the labels, and the markers they must avoid.
struct Labels {
  std::vector<DataLabel> labels;
  std::vector<Box> obstacles;
};

// The box of a label of `t` at (x, baseline), aligned at x as `a` says.
Box box_at(Painter& p, const std::string& t, double x, double baseline, Painter::Align a) {
  const double w = p.text_width(t, label_size);
  const double left = a == Painter::Align::center ? x - w / 2
                      : a == Painter::Align::left ? x
                                                  : x - w;
  return Box{left, baseline - label_size * 0.8, left + w, baseline + label_size * 0.25};
}

// Partial periods sit on a light band, so that lines and areas show them too.
void draw_partial_bands(Painter& p, const model::Chart& c, const AxesPlan& a) {
  const double slot = a.slot;
  for (std::size_t k = 0; k < c.categories.size(); ++k)
    if (c.partial[k]) {
      const FillLook band = partial_band_look();
      if (a.horizontal)
        p.rect(a.x0, a.centre(k) - slot / 2, a.x1 - a.x0, slot, band);
      else
        p.rect(a.centre(k) - slot / 2, a.top, slot, a.bottom - a.top, band);
    }
}

// Grid lines and tick labels, the zero line, the units.
void draw_value_axes(Painter& p, const AxesPlan& a) {
  const Ticks& axis = a.axis;
  for (std::size_t i = 0; i < axis.values.size(); ++i) {
    const double v = axis.values[i], q = a.pos(v, axis);
    if (a.horizontal) {
      if (v != 0) p.line(q, a.top, q, a.bottom, 0.4, grid_color);
      p.text(tick_label(v, axis), q, a.bottom + 11, label_size, Painter::Align::center, ink);
    } else {
      if (v != 0) p.line(a.x0, q, a.x1, q, 0.4, grid_color);
      p.text(tick_label(v, axis), a.x0 - 5, q + 2.8, label_size, Painter::Align::right, ink);
      if (a.dual)
        p.text(tick_label(a.right.values[i], a.right), a.x1 + 5, q + 2.8, label_size,
               Painter::Align::left, ink);
    }
  }
  const double zero = a.pos(std::clamp(0.0, axis.min, axis.max), axis);
  if (a.horizontal) {
    p.line(zero, a.top, zero, a.bottom, 0.8, ink);
    if (!a.unit_left.empty())
      p.text(a.unit_left, a.x1 + p.text_width(tick_label(axis.max, axis), label_size) / 2 + 3,
             a.bottom + 11, label_size, Painter::Align::left, ink);
  } else {
    p.line(a.x0, zero, a.x1, zero, 0.8, ink);
    if (!a.unit_left.empty())
      p.text(a.unit_left, a.x0 - 5, a.top - 7, label_size, Painter::Align::right, ink);
    if (!a.unit_right.empty())
      p.text(a.unit_right, a.x1 + 5, a.top - 7, label_size, Painter::Align::left, ink);
  }
}

// Category labels: under a vertical chart as planned (straight, wrapped, turned or thinned),
// left of a horizontal one, the highlighted category in bold.
void draw_category_labels(Painter& p, const model::Chart& c, const AxesPlan& a) {
  const std::size_t n = c.categories.size();
  if (!a.horizontal) {
    const AxisLabels& cats = a.categories;
    for (std::size_t k = 0; k < n; ++k) {
      if (k % cats.every) continue;
      if (cats.rotated) {
        p.rotated_text(cats.lines[k][0], a.centre(k) + 3, a.bottom + 10, label_size, -45, ink);
        continue;
      }
      double y = a.bottom + 12;
      for (const auto& line : cats.lines[k]) {
        p.text(line, a.centre(k), y, label_size, Painter::Align::center, ink);
        y += label_size * 1.3;
      }
    }
    return;
  }
  const std::size_t every =
      static_cast<std::size_t>(std::max(1.0, std::ceil(label_size * 1.25 / a.slot)));
  for (std::size_t k = 0; k < n; k += every) {
    std::string name = c.categories[k];
    std::replace(name.begin(), name.end(), '\n', ' ');
    const bool hl = c.highlight && *c.highlight == k;
    p.text(name, a.x0 - 6, a.centre(k) + 2.8, label_size, Painter::Align::right, ink, false, hl);
  }
}

// Stacked areas; a category where any series is missing breaks them all (a gap).
void draw_areas(Painter& p, const model::Chart& c, const AxesPlan& a) {
  const std::size_t n = c.categories.size();
  std::vector<double> base(n, 0.0);
  for (std::size_t b = 0; b < a.bars.size(); ++b) {
    const auto& v = a.value[a.bars[b]];
    std::size_t k = 0;
    while (k < n) {
      std::vector<std::size_t> run;
      while (k < n && std::all_of(a.bars.begin(), a.bars.end(),
                                  [&](std::size_t s) { return a.value[s][k].has_value(); }))
        run.push_back(k++);
      if (run.size() >= 2) {
        std::vector<std::pair<double, double>> poly;
        for (std::size_t i : run) poly.push_back({a.centre(i), a.pos(base[i] + *v[i], a.axis)});
        for (auto it = run.rbegin(); it != run.rend(); ++it)
          poly.push_back({a.centre(*it), a.pos(base[*it], a.axis)});
        p.polygon(poly, fill_look(c.style, b));
      }
      ++k;
    }
    for (std::size_t i = 0; i < n; ++i) base[i] += v[i].value_or(0.0);
  }
}

// One drawn bar: its value's ends along the value axis, its band across it, its look.
struct BarMark {
  double from, to;       // positions along the value axis
  double across, width;  // where the bar starts across the category axis, and its thickness
  FillLook look;
  bool negative;
};

// A bar's label: inside a stacked segment where it fits (light on a dark fill), past the end of
// any other bar (the far side of zero for a negative one), or a line higher.
DataLabel bar_label(Painter& p, const AxesPlan& a, const BarMark& m, const std::string& t) {
  const double mid = m.across + m.width / 2, lh = label_size;
  DataLabel label{t, {}, ink};
  if (a.stacked) {
    const double seg = std::fabs(m.to - m.from), w = p.text_width(t, label_size);
    if ((a.horizontal ? seg > w + 4 && m.width > lh + 2 : seg > lh + 3 && m.width > w + 2))
      label.candidates.push_back(
          a.horizontal ? box_at(p, t, (m.from + m.to) / 2, mid + 2.8, Painter::Align::center)
                       : box_at(p, t, mid, (m.from + m.to) / 2 + 2.8, Painter::Align::center));
    label.color = luma(m.look.fill) < 0.5 ? white : ink;
  } else if (a.horizontal) {
    label.candidates.push_back(box_at(p, t, m.negative ? m.to - 3 : m.to + 3, mid + 2.8,
                                      m.negative ? Painter::Align::right : Painter::Align::left));
  } else {
    const double z = m.to;
    label.candidates.push_back(
        box_at(p, t, mid, m.negative ? z + lh + 1 : z - 3, Painter::Align::center));
    label.candidates.push_back(
        box_at(p, t, mid, m.negative ? z + lh * 2 + 2 : z - lh - 4, Painter::Align::center));
  }
  return label;
}

// Bars, grouped or stacked; a missing value is a gap, never a zero.
void draw_bars(Painter& p, const model::Chart& c, const AxesPlan& a, Labels& out) {
  const double group = a.slot * (a.stacked ? 0.56 : 0.66);
  const double thick = a.stacked ? group : group / static_cast<double>(a.bars.size());
  std::vector<double> base(c.categories.size(), 0.0);
  for (std::size_t b = 0; b < a.bars.size(); ++b) {
    const auto& s = c.series[a.bars[b]];
    for (std::size_t k = 0; k < c.categories.size(); ++k) {
      const auto& v = a.value[a.bars[b]][k];
      if (!v) continue;
      const double from = a.stacked ? base[k] : 0.0, to = from + *v;
      if (a.stacked) base[k] = to;
      const double offset = a.stacked ? -group / 2 : -group / 2 + thick * static_cast<double>(b);
      BarMark m{a.pos(from, a.axis),
                a.pos(to, a.axis),
                a.centre(k) + offset,
                thick * (a.stacked ? 1.0 : 0.9),
                c.partial[k] ? partial_look(fill_look(c.style, b)) : fill_look(c.style, b),
                *v < 0};
      if (c.highlight && *c.highlight == k && a.bars.size() == 1)
        m.look = fill_look(c.style, 1);  // the highlighted category: the palette's dark tone
      if (a.horizontal)
        p.rect(std::min(m.from, m.to), m.across, std::fabs(m.to - m.from), m.width, m.look);
      else
        p.rect(m.across, std::min(m.from, m.to), m.width, std::fabs(m.to - m.from), m.look);
      if (a.room_for_labels)
        out.labels.push_back(
            bar_label(p, a, m, a.percent ? a.share_text[a.bars[b]][k] : value_label(s, k)));
    }
  }
}

// One line series: a missing value breaks the line; the step into a partial period is dashed.
// Its markers and labels when the slots leave room for them.
void draw_line(Painter& p, const model::Chart& c, const AxesPlan& a, std::size_t l, Labels& out) {
  const std::size_t n = c.categories.size(), series = a.lines[l];
  const auto& values = a.value[series];
  const LineLook look = line_look(c.style, l);
  const Ticks& t = a.dual ? a.right : a.axis;
  auto at = [&](std::size_t k) { return std::pair{a.centre(k), a.pos(*values[k], t)}; };
  std::vector<std::pair<double, double>> run;
  for (std::size_t k = 0; k < n; ++k) {
    if (!values[k]) {
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
  for (std::size_t k = 0; k < n && a.slot >= 6; ++k) {
    if (!values[k]) continue;
    const auto [x, y] = at(k);
    p.marker(x, y, look.marker, look.color, 2.4, true);
    out.obstacles.push_back({x - 3.5, y - 3.5, x + 3.5, y + 3.5});
  }
  if (!c.labels || a.slot < 16) return;
  for (std::size_t k = 0; k < n; ++k) {
    if (!values[k]) continue;
    const auto [x, y] = at(k);
    const std::string txt = value_label(c.series[series], k);
    out.labels.push_back({txt,
                          {box_at(p, txt, x, y - 6, Painter::Align::center),
                           box_at(p, txt, x, y + label_size + 4, Painter::Align::center),
                           box_at(p, txt, x + 6, y + 2.8, Painter::Align::left),
                           box_at(p, txt, x - 6, y + 2.8, Painter::Align::right)},
                          look.color});
  }
}

// Every data label where it overlaps nothing; a label with no room is left out.
void draw_data_labels(Painter& p, const AxesPlan& a, const Labels& in) {
  std::vector<std::vector<Box>> candidates;
  for (const auto& l : in.labels) candidates.push_back(l.candidates);
  const Box bounds{0, a.legend_bottom, a.width, a.horizontal ? a.bottom : a.bottom + 2};
  const auto chosen = place_labels(candidates, in.obstacles, bounds);
  for (std::size_t i = 0; i < in.labels.size(); ++i) {
    if (!chosen[i]) continue;
    const DataLabel& l = in.labels[i];
    const Box& b = l.candidates[*chosen[i]];
    p.text(l.text, b.x0, b.y1 - label_size * 0.25, label_size - 0.5, Painter::Align::left, l.color,
           l.color.r != 1.0);
  }
}

}  // namespace

void draw_axes_chart(Painter& p, const model::Chart& c, const AxesPlan& a) {
  if (a.legend) draw_legend(p, a.legend_items, *a.legend);
  draw_partial_bands(p, c, a);
  draw_value_axes(p, a);
  draw_category_labels(p, c, a);
  Labels labels;
  if (c.type == ChartType::area)
    draw_areas(p, c, a);
  else if (!a.bars.empty())
    draw_bars(p, c, a, labels);
  for (std::size_t l = 0; l < a.lines.size(); ++l) draw_line(p, c, a, l, labels);
  draw_data_labels(p, a, labels);
}

}  // namespace jb::chart
