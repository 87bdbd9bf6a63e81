#include "render/chart/render_chart.hpp"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "core/utf8.hpp"
#include "layout/font_choice.hpp"
#include "model/expression.hpp"
#include "render/chart/ticks.hpp"

namespace jb::chart {

namespace {

using spec::FontRole;

struct Color {
  double r, g, b;
};
// Palette chosen to stay apart in grayscale: bars mid-tone, line dark, partial bars light.
constexpr Color bar_colors[] = {{0.357, 0.490, 0.694}, {0.60, 0.60, 0.60}, {0.20, 0.29, 0.45}};
constexpr Color line_colors[] = {{0.60, 0.08, 0.08}, {0.0, 0.0, 0.0}, {0.35, 0.35, 0.35}};
constexpr Color partial_fill{0.80, 0.85, 0.93};
constexpr Color grid{0.82, 0.82, 0.82};
constexpr Color ink{0.15, 0.15, 0.15};

constexpr double label_size = 8.0;
constexpr double legend_size = 8.5;

struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};

// Cairo keeps font faces in process-wide caches beyond any one surface, so the FreeType faces
// it draws with must outlive every chart: they are opened once per file and never closed.
cairo_font_face_t* cairo_face(const model::FontFace& f) {
  static std::mutex mutex;
  static FT_Library library = nullptr;
  static std::vector<std::pair<std::string, cairo_font_face_t*>> faces;
  const std::lock_guard lock(mutex);
  const std::string key = f.file.string() + "#" + std::to_string(f.face_index);
  for (const auto& [k, face] : faces)
    if (k == key) return face;
  if (!library && FT_Init_FreeType(&library))
    throw std::runtime_error("FreeType initialisation failed");
  FT_Face ft = nullptr;
  if (FT_New_Face(library, f.file.c_str(), f.face_index, &ft))
    throw std::runtime_error("chart: cannot open font " + key);  // FontSet opened it already
  cairo_font_face_t* face = cairo_ft_font_face_create_for_ft_face(ft, 0);
  if (cairo_font_face_status(face) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error("chart: cairo-ft failed");
  faces.emplace_back(key, face);
  return face;
}

double finite(double v) {
  // Cairo hangs or draws nothing on absurd coordinates (an arc of radius 1e30): refuse them.
  if (!std::isfinite(v) || std::fabs(v) > 1e5)
    throw std::logic_error("render_chart: coordinate out of range");
  return v;
}

class Painter {
 public:
  Painter(cairo_t* cr, const pdf::FontSet& fonts, const model::Chart& chart)
      : cr_(cr), fonts_(fonts), chart_(chart) {}

  enum class Align { left, center, right };

  // Text in hei with Latin letters and digits in latin_sans; y is the baseline.
  double text_width(const std::string& utf8, double size) {
    return draw_text(utf8, 0, 0, size, Align::left, false);
  }
  double draw_text(const std::string& utf8, double x, double y, double size, Align align,
                   bool draw = true, bool halo = false) {
    const auto text = core::decode_utf8(utf8);
    if (!text) throw std::logic_error("chart text is not UTF-8");
    struct Run {
      FontRole role;
      std::string s;
    };
    std::vector<Run> runs;
    for (char32_t c : *text) {
      const auto chosen = layout::choose_font(fonts_, {FontRole::hei, FontRole::latin_sans}, c);
      if (!chosen)
        throw core::UserError(core::ExitCode::data_error, chart_.where,
                              layout::missing_character_message(c) + " in a chart label");
      const FontRole role = *chosen;
      if (runs.empty() || runs.back().role != role) runs.push_back({role, {}});
      core::append_utf8(runs.back().s, c);
    }
    double width = 0;
    std::vector<double> widths;
    for (const auto& r : runs) {
      select(r.role, size);
      cairo_text_extents_t ext;
      cairo_text_extents(cr_, r.s.c_str(), &ext);
      widths.push_back(ext.x_advance);
      width += ext.x_advance;
    }
    if (!draw) return width;
    double pen = align == Align::left ? x : align == Align::center ? x - width / 2 : x - width;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      select(runs[i].role, size);
      cairo_move_to(cr_, finite(pen), finite(y));
      if (halo) {  // a white outline keeps a label legible over bars and grid lines
        cairo_save(cr_);
        cairo_text_path(cr_, runs[i].s.c_str());
        cairo_set_source_rgb(cr_, 1, 1, 1);
        cairo_set_line_width(cr_, 2.0);
        cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr_);
        cairo_restore(cr_);
        cairo_move_to(cr_, finite(pen), finite(y));
      }
      cairo_show_text(cr_, runs[i].s.c_str());
      pen += widths[i];
    }
    return width;
  }

  void color(const Color& c) { cairo_set_source_rgb(cr_, c.r, c.g, c.b); }
  void line(double x1, double y1, double x2, double y2, double w, const Color& c) {
    color(c);
    cairo_set_line_width(cr_, w);
    cairo_move_to(cr_, finite(x1), finite(y1));
    cairo_line_to(cr_, finite(x2), finite(y2));
    cairo_stroke(cr_);
  }
  void rect(double x, double y, double w, double h) {
    cairo_rectangle(cr_, finite(x), finite(y), finite(w), finite(h));
  }
  // Diagonal hatching inside a rectangle: partial periods stay distinct without colour.
  void hatch(double x, double y, double w, double h, const Color& c) {
    cairo_save(cr_);
    rect(x, y, w, h);
    cairo_clip(cr_);
    color(c);
    cairo_set_line_width(cr_, 0.6);
    for (double d = -h; d < w; d += 3.5) {
      cairo_move_to(cr_, finite(x + d), finite(y + h));
      cairo_line_to(cr_, finite(x + d + h), finite(y));
    }
    cairo_stroke(cr_);
    cairo_restore(cr_);
  }
  void marker(double x, double y, const Color& c) {
    cairo_new_sub_path(cr_);
    cairo_arc(cr_, finite(x), finite(y), 2.4, 0, 2 * M_PI);
    cairo_set_source_rgb(cr_, 1, 1, 1);
    cairo_fill_preserve(cr_);
    color(c);
    cairo_set_line_width(cr_, 1.2);
    cairo_stroke(cr_);
  }

 private:
  void select(FontRole role, double size) {
    cairo_set_font_face(cr_, cairo_face(fonts_.face(role)));
    cairo_set_font_size(cr_, size);
  }
  cairo_t* cr_;
  const pdf::FontSet& fonts_;
  const model::Chart& chart_;
};

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string tick_label(double v, int decimals) { return model::format_fixed(v, decimals); }

void draw(cairo_t* cr, const model::Chart& c, double W, double H, const pdf::FontSet& fonts) {
  Painter p(cr, fonts, c);
  const std::size_t n = c.categories.size();
  std::vector<const model::ChartSeries*> bars, lines;
  for (const auto& s : c.series) {
    const bool is_line = c.type == spec::ChartType::line ||
                         (c.type == spec::ChartType::bar_line && s.axis == spec::Axis::right);
    (is_line ? lines : bars).push_back(&s);
  }
  const bool right_axis = c.type == spec::ChartType::bar_line;

  auto range_of = [](const std::vector<const model::ChartSeries*>& ss) {
    double lo = 0, hi = 0;
    bool any = false;
    for (const auto* s : ss)
      for (const auto& v : s->values)
        if (v) lo = any ? std::min(lo, *v) : *v, hi = any ? std::max(hi, *v) : *v, any = true;
    return std::tuple{lo, hi, any};
  };

  // Axes. The left axis carries bars (or lines on a line chart), from zero.
  const auto& left_series = c.type == spec::ChartType::line ? lines : bars;
  auto [llo, lhi, lany] = range_of(left_series);
  if (!lany)
    throw core::UserError(core::ExitCode::data_error, c.where, "the chart has no values to draw");
  if (c.type != spec::ChartType::line || llo > 0) llo = std::min(0.0, llo);
  const Ticks left = nice_ticks(llo, lhi * (bars.empty() ? 1.0 : 1.04), 5);
  Ticks right;
  if (right_axis) {
    auto [rlo, rhi, rany] = range_of(lines);
    if (!rany)
      throw core::UserError(core::ExitCode::data_error, c.where, "the line series has no values");
    right = ticks_with_intervals(std::min(0.0, rlo), rhi, static_cast<int>(left.values.size()) - 1);
  }

  // Frame: legend on top, units above the axes, two lines of category labels below.
  const double top = 44, bottom = H - 30;
  double left_w = 0, right_w = 0;
  for (double v : left.values)
    left_w = std::max(left_w, p.text_width(tick_label(v, left.decimals), label_size));
  for (double v : right.values)
    right_w = std::max(right_w, p.text_width(tick_label(v, right.decimals), label_size));
  const double x0 = 8 + left_w + 6, x1 = W - (right_axis ? 8 + right_w + 6 : 10);
  if (x1 - x0 < 40 || bottom - top < 40)
    throw core::UserError(core::ExitCode::data_error, c.where, "the chart is too small to draw");
  auto ly = [&](double v) {
    return bottom - (v - left.min) / (left.max - left.min) * (bottom - top);
  };
  auto ry = [&](double v) {
    return bottom - (v - right.min) / (right.max - right.min) * (bottom - top);
  };
  const double slot = (x1 - x0) / static_cast<double>(n);

  // Grid and axes.
  for (std::size_t i = 0; i < left.values.size(); ++i) {
    const double y = ly(left.values[i]);
    if (left.values[i] != 0) p.line(x0, y, x1, y, 0.4, grid);
    p.color(ink);
    p.draw_text(tick_label(left.values[i], left.decimals), x0 - 5, y + 2.8, label_size,
                Painter::Align::right);
    if (right_axis)
      p.draw_text(tick_label(right.values[i], right.decimals), x1 + 5, y + 2.8, label_size,
                  Painter::Align::left);
  }
  p.line(x0, ly(std::max(left.min, 0.0)), x1, ly(std::max(left.min, 0.0)), 0.8, ink);
  p.color(ink);
  auto unit_of = [](const std::vector<const model::ChartSeries*>& ss) {
    return ss.empty() ? std::string() : ss.front()->unit;
  };
  const std::string lunit = unit_of(left_series), runit = unit_of(lines);
  if (!lunit.empty()) p.draw_text(lunit, x0 - 5, top - 8, label_size, Painter::Align::right);
  if (right_axis && !runit.empty())
    p.draw_text(runit, x1 + 5, top - 8, label_size, Painter::Align::left);

  // Category labels (up to two lines).
  for (std::size_t i = 0; i < n; ++i) {
    const double cx = x0 + slot * (static_cast<double>(i) + 0.5);
    const std::string& label = c.categories[i];
    const auto nl = label.find('\n');
    p.color(ink);
    p.draw_text(label.substr(0, nl), cx, bottom + 12, label_size, Painter::Align::center);
    if (nl != std::string::npos)
      p.draw_text(label.substr(nl + 1), cx, bottom + 23, label_size, Painter::Align::center);
  }

  // Bars, grouped when there are several series. A partial period is light and hatched.
  const double group_w = slot * 0.62;
  const double bar_w = bars.empty() ? 0 : group_w / static_cast<double>(bars.size());
  for (std::size_t b = 0; b < bars.size(); ++b) {
    const Color col = bar_colors[b % 3];
    for (std::size_t i = 0; i < n; ++i) {
      const auto& v = bars[b]->values[i];
      if (!v) continue;  // missing: a gap, never a zero
      const double x = x0 + slot * static_cast<double>(i) + (slot - group_w) / 2 +
                       bar_w * static_cast<double>(b);
      const double y_top = ly(std::max(*v, 0.0)), y_bot = ly(std::min(*v, 0.0));
      p.rect(x, y_top, bar_w * 0.92, y_bot - y_top);
      if (c.partial[i]) {
        p.color(partial_fill);
        cairo_fill(cr);
        p.hatch(x, y_top, bar_w * 0.92, y_bot - y_top, col);
        p.rect(x, y_top, bar_w * 0.92, y_bot - y_top);
        p.color(col);
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
      } else {
        p.color(col);
        cairo_fill(cr);
      }
      p.color(ink);
      p.draw_text(bars[b]->labels[i], x + bar_w * 0.46, y_top - 3, label_size - 1,
                  Painter::Align::center, true, true);
    }
  }

  // Lines with markers and labels; a missing value breaks the line.
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const Color col = line_colors[l % 3];
    auto y_of = [&](double v) { return right_axis ? ry(v) : ly(v); };
    cairo_set_line_width(cr, 1.6);
    p.color(col);
    bool pen_down = false;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& v = lines[l]->values[i];
      const double cx = x0 + slot * (static_cast<double>(i) + 0.5);
      if (!v) {
        pen_down = false;
        continue;
      }
      if (pen_down)
        cairo_line_to(cr, finite(cx), finite(y_of(*v)));
      else
        cairo_move_to(cr, finite(cx), finite(y_of(*v)));
      pen_down = true;
    }
    cairo_stroke(cr);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& v = lines[l]->values[i];
      if (!v) continue;
      const double cx = x0 + slot * (static_cast<double>(i) + 0.5);
      p.marker(cx, y_of(*v), col);
      p.color(col);
      p.draw_text(lines[l]->labels[i], cx, y_of(*v) - 6, label_size - 0.5, Painter::Align::center,
                  true, true);
    }
  }

  // Legend, centred on the top line.
  struct Item {
    std::string text;
    int kind;  // 0 bar, 1 line, 2 partial
    Color color;
  };
  std::vector<Item> items;
  auto axis_note = [&](const model::ChartSeries& s, bool is_right) {
    std::string t = s.name;
    if (!s.unit.empty() || right_axis) {
      t += "（";
      t += s.unit;
      if (right_axis) t += std::string(s.unit.empty() ? "" : "，") + (is_right ? "右轴" : "左轴");
      t += "）";
    }
    return t;
  };
  for (std::size_t b = 0; b < bars.size(); ++b)
    items.push_back({axis_note(*bars[b], false), 0, bar_colors[b % 3]});
  for (std::size_t l = 0; l < lines.size(); ++l)
    items.push_back({axis_note(*lines[l], right_axis), 1, line_colors[l % 3]});
  if (!bars.empty() && std::find(c.partial.begin(), c.partial.end(), true) != c.partial.end())
    items.push_back({c.partial_label + "数据", 2, bar_colors[0]});
  double total = 0;
  for (const auto& it : items) total += 16 + p.text_width(it.text, legend_size) + 14;
  double x = std::max(4.0, (W - total) / 2);
  const double y = 14;
  for (const auto& it : items) {
    if (it.kind == 0) {
      p.rect(x, y - 7, 12, 8);
      p.color(it.color);
      cairo_fill(cr);
    } else if (it.kind == 1) {
      p.line(x, y - 3, x + 12, y - 3, 1.6, it.color);
      p.marker(x + 6, y - 3, it.color);
    } else {
      p.rect(x, y - 7, 12, 8);
      p.color(partial_fill);
      cairo_fill(cr);
      p.hatch(x, y - 7, 12, 8, it.color);
      p.rect(x, y - 7, 12, 8);
      p.color(it.color);
      cairo_set_line_width(cr, 0.8);
      cairo_stroke(cr);
    }
    p.color(ink);
    x += 16 + p.draw_text(it.text, x + 16, y, legend_size, Painter::Align::left) + 14;
  }
}

}  // namespace

std::string render_chart(const model::Chart& c, double width_pt, double height_pt,
                         const pdf::FontSet& fonts) {
  if (c.categories.empty())
    throw core::UserError(core::ExitCode::data_error, c.where, "the chart has no categories");
  if (c.categories.size() > 60)
    throw core::UserError(core::ExitCode::data_error, c.where,
                          "the chart has " + std::to_string(c.categories.size()) +
                              " categories; at most 60 stay legible");
  for (const auto& s : c.series)
    if (s.values.size() != c.categories.size() || s.labels.size() != c.categories.size())
      throw std::logic_error("render_chart: series length mismatch");
  if (!(width_pt > 50 && width_pt < 5000 && height_pt > 50 && height_pt < 5000))
    throw std::logic_error("render_chart: bad chart size");

  std::string bytes;
  std::unique_ptr<cairo_surface_t, CairoDeleter> surface(
      cairo_pdf_surface_create_for_stream(&append_bytes, &bytes, width_pt, height_pt));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cairo: ") +
                             cairo_status_to_string(cairo_surface_status(surface.get())));
  {
    std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));
    draw(cr.get(), c, width_pt, height_pt, fonts);
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(std::string("cairo: ") +
                               cairo_status_to_string(cairo_status(cr.get())));
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cairo: ") +
                             cairo_status_to_string(cairo_surface_status(surface.get())));
  return bytes;
}

}  // namespace jb::chart
