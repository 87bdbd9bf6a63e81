#include "render/chart/painter.hpp"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <cmath>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "core/utf8.hpp"
#include "fonts/font_check.hpp"
#include "fonts/font_file.hpp"
#include "layout/font_choice.hpp"

namespace jb::chart {

using vocab::FontRole;

namespace {

// Cairo keeps font faces in process-wide caches beyond any one surface, so the FreeType faces
// it draws with (and the font bytes they read) must outlive every chart: they are made once
// per file and never closed.
cairo_font_face_t* cairo_face(const model::FontFace& f) {
  struct Cached {
    std::string key;
    std::shared_ptr<const fonts::FontFile> bytes;
    cairo_font_face_t* face;
  };
  static std::mutex mutex;
  static FT_Library library = nullptr;
  static std::vector<Cached> faces;
  const std::lock_guard lock(mutex);
  const std::string key = f.file.string() + "#" + std::to_string(f.face_index);
  for (const auto& c : faces)
    if (c.key == key) return c.face;
  if (!library && FT_Init_FreeType(&library))
    throw std::runtime_error("FreeType initialisation failed");
  auto bytes = fonts::FontFile::open(f.file);  // the font set's own bytes, while it is open
  FT_Face ft = nullptr;
  if (const FT_Error err = FT_New_Memory_Face(
          library, bytes->data(), static_cast<FT_Long>(bytes->size()), f.face_index, &ft)) {
    // FontSet opened it already: what fails now is the run's memory, or a bug.
    if (err == FT_Err_Out_Of_Memory || fonts::font_open_failed_for_memory(f.file))
      throw std::bad_alloc();
    throw std::runtime_error("chart: cannot open font " + key);
  }
  cairo_font_face_t* face = cairo_ft_font_face_create_for_ft_face(ft, 0);
  if (cairo_font_face_status(face) == CAIRO_STATUS_NO_MEMORY) throw std::bad_alloc();
  if (cairo_font_face_status(face) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error("chart: cairo-ft failed");
  faces.push_back({key, std::move(bytes), face});
  return face;
}

void set_color(cairo_t* cr, const Color& c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

}  // namespace

double finite(double v) {
  if (!std::isfinite(v) || std::fabs(v) > 1e5)
    throw std::logic_error("render_chart: coordinate out of range");
  return v;
}

void Painter::check() const {
  if (cairo_status(cr_) == CAIRO_STATUS_NO_MEMORY) throw std::bad_alloc();
  if (cairo_status(cr_) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(cairo_status(cr_)));
}

void Painter::select(FontRole role, double size) {
  cairo_set_font_face(cr_, cairo_face(fonts_.face(role)));
  cairo_set_font_size(cr_, size);
}

// The text in runs of one font each (hei, or latin_sans for letters and digits, each with its
// fallback chain), measured at `size`.
std::vector<Painter::Run> Painter::runs_of(const std::string& utf8, double size) {
  const auto t = core::decode_utf8(utf8);
  if (!t) throw std::logic_error("chart text is not UTF-8");
  std::vector<Run> runs;
  for (char32_t c : *t) {
    const auto role = layout::choose_font(fonts_, {FontRole::hei, FontRole::latin_sans}, c);
    if (!role)
      throw core::UserError(
          core::ExitCode::data_error, chart_.where,
          core::say("{} in a chart label", layout::missing_character_message(c).str()));
    if (runs.empty() || runs.back().role != *role) runs.push_back({*role, {}, 0.0});
    core::append_utf8(runs.back().s, c);
  }
  for (auto& r : runs) {
    select(r.role, size);
    cairo_text_extents_t ext;
    cairo_text_extents(cr_, r.s.c_str(), &ext);
    r.width = ext.x_advance;
  }
  return runs;
}

double Painter::text_width(const std::string& utf8, double size) {
  double width = 0;
  for (const auto& r : runs_of(utf8, size)) width += r.width;
  return width;
}

double Painter::text(const std::string& utf8, double x, double y, double size, Align align,
                     const Color& color, bool halo, bool bold) {
  if (drawn_) drawn_->push_back(utf8);
  const std::vector<Run> runs = runs_of(utf8, size);
  double width = 0;
  for (const auto& r : runs) width += r.width;
  double pen = align == Align::left ? x : align == Align::center ? x - width / 2 : x - width;
  for (const auto& r : runs) {
    select(r.role, size);
    if (halo) {  // a white outline keeps a label legible over bars and grid lines
      cairo_move_to(cr_, finite(pen), finite(y));
      cairo_text_path(cr_, r.s.c_str());
      set_color(cr_, white);
      cairo_set_line_width(cr_, 2.2);
      cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke(cr_);
    }
    cairo_move_to(cr_, finite(pen), finite(y));
    set_color(cr_, color);
    cairo_show_text(cr_, r.s.c_str());  // text, so that the PDF can be searched and copied
    if (bold) {  // the fonts have no bold face here: the outline thickened over the text
      cairo_move_to(cr_, finite(pen), finite(y));
      cairo_text_path(cr_, r.s.c_str());
      cairo_set_line_width(cr_, size * 0.05);
      cairo_stroke(cr_);
    }
    pen += r.width;
  }
  check();
  return width;
}

void Painter::rotated_text(const std::string& utf8, double x, double y, double size, double degrees,
                           const Color& color) {
  if (drawn_) drawn_->push_back(utf8);
  cairo_save(cr_);
  cairo_translate(cr_, finite(x), finite(y));
  cairo_rotate(cr_, degrees * M_PI / 180.0);
  text(utf8, 0, 0, size, Align::right, color);
  cairo_restore(cr_);
}

void Painter::line(double x1, double y1, double x2, double y2, double width, const Color& c,
                   const std::vector<double>& dash) {
  set_color(cr_, c);
  cairo_set_line_width(cr_, width);
  cairo_set_dash(cr_, dash.data(), static_cast<int>(dash.size()), 0);
  cairo_move_to(cr_, finite(x1), finite(y1));
  cairo_line_to(cr_, finite(x2), finite(y2));
  cairo_stroke(cr_);
  cairo_set_dash(cr_, nullptr, 0, 0);
  check();
}

namespace {

// The strokes of a hatching pattern over the box (x0, y0)-(x1, y1), as the current path (dots
// are filled at once).
void pattern_path(cairo_t* cr, Pattern pattern, double x0, double y0, double x1, double y1) {
  const double w = x1 - x0, h = y1 - y0, gap = 3.2;
  cairo_new_path(cr);
  auto diagonal = [&](bool forward) {
    for (double d = -h; d < w + h; d += gap) {
      cairo_move_to(cr, finite(x0 + d), finite(forward ? y1 : y0));
      cairo_line_to(cr, finite(x0 + d + h), finite(forward ? y0 : y1));
    }
  };
  switch (pattern) {
    case Pattern::forward:
      diagonal(true);
      break;
    case Pattern::backward:
      diagonal(false);
      break;
    case Pattern::cross:
      diagonal(true), diagonal(false);
      break;
    case Pattern::horizontal:
      for (double y = y0 + gap / 2; y < y1; y += gap) {
        cairo_move_to(cr, finite(x0), finite(y));
        cairo_line_to(cr, finite(x1), finite(y));
      }
      break;
    case Pattern::dots:
      for (double y = y0 + 1.6; y < y1; y += gap)
        for (double x = x0 + 1.6; x < x1; x += gap) {
          cairo_new_sub_path(cr);
          cairo_arc(cr, finite(x), finite(y), 0.55, 0, 2 * M_PI);
        }
      cairo_fill(cr);
      break;
    case Pattern::none:
      break;
  }
}

}  // namespace

void Painter::fill_path(const FillLook& look) {
  set_color(cr_, look.fill);
  cairo_fill_preserve(cr_);
  if (look.pattern != Pattern::none) {
    double x0, y0, x1, y1;
    cairo_path_extents(cr_, &x0, &y0, &x1, &y1);
    cairo_path_t* shape = cairo_copy_path(cr_);  // the pattern's strokes replace the path
    cairo_save(cr_);
    cairo_clip_preserve(cr_);
    set_color(cr_, look.pattern_color);
    cairo_set_line_width(cr_, 0.6);
    pattern_path(cr_, look.pattern, x0, y0, x1, y1);
    cairo_stroke(cr_);
    cairo_restore(cr_);
    cairo_new_path(cr_);
    cairo_append_path(cr_, shape);
    cairo_path_destroy(shape);
  }
  const bool edge = look.edge.r != look.fill.r || look.edge.g != look.fill.g ||
                    look.edge.b != look.fill.b || look.pattern != Pattern::none;
  if (edge) {
    set_color(cr_, look.edge);
    cairo_set_line_width(cr_, 0.6);
    cairo_stroke_preserve(cr_);
  }
  cairo_new_path(cr_);
  check();
}

void Painter::rect(double x, double y, double w, double h, const FillLook& look) {
  if (w < 0) x += w, w = -w;
  if (h < 0) y += h, h = -h;
  cairo_rectangle(cr_, finite(x), finite(y), finite(w), finite(h));
  fill_path(look);
}

void Painter::sector(double cx, double cy, double ro, double ri, double a0, double a1,
                     const FillLook& look) {
  if (!(ro > 0 && ro < 1e4 && ri >= 0 && ri < ro))
    throw std::logic_error("render_chart: bad sector radius");  // Cairo hangs on huge arcs
  // Cairo's angles run clockwise from 3 o'clock in its y-down space.
  const double b0 = finite(a0) - M_PI / 2, b1 = finite(a1) - M_PI / 2;
  cairo_new_path(cr_);
  cairo_arc(cr_, finite(cx), finite(cy), ro, b0, b1);
  if (ri > 0)
    cairo_arc_negative(cr_, cx, cy, ri, b1, b0);
  else
    cairo_line_to(cr_, cx, cy);
  cairo_close_path(cr_);
  fill_path(look);
  // White separators between slices.
  cairo_arc(cr_, cx, cy, ro, b0, b1);
  if (ri > 0)
    cairo_arc_negative(cr_, cx, cy, ri, b1, b0);
  else
    cairo_line_to(cr_, cx, cy);
  cairo_close_path(cr_);
  set_color(cr_, white);
  cairo_set_line_width(cr_, 1.0);
  cairo_stroke(cr_);
  check();
}

void Painter::marker(double x, double y, Marker m, const Color& c, double s, bool hollow) {
  x = finite(x), y = finite(y);
  cairo_new_path(cr_);
  switch (m) {
    case Marker::circle:
      cairo_arc(cr_, x, y, s, 0, 2 * M_PI);
      break;
    case Marker::square:
      cairo_rectangle(cr_, x - s * 0.9, y - s * 0.9, s * 1.8, s * 1.8);
      break;
    case Marker::triangle:
      cairo_move_to(cr_, x, y - s * 1.2);
      cairo_line_to(cr_, x + s * 1.1, y + s * 0.8);
      cairo_line_to(cr_, x - s * 1.1, y + s * 0.8);
      cairo_close_path(cr_);
      break;
    case Marker::diamond:
      cairo_move_to(cr_, x, y - s * 1.25);
      cairo_line_to(cr_, x + s * 1.1, y);
      cairo_line_to(cr_, x, y + s * 1.25);
      cairo_line_to(cr_, x - s * 1.1, y);
      cairo_close_path(cr_);
      break;
    case Marker::cross:
      cairo_move_to(cr_, x - s, y - s);
      cairo_line_to(cr_, x + s, y + s);
      cairo_move_to(cr_, x + s, y - s);
      cairo_line_to(cr_, x - s, y + s);
      set_color(cr_, c);
      cairo_set_line_width(cr_, 1.4);
      cairo_stroke(cr_);
      check();
      return;
  }
  set_color(cr_, hollow ? white : c);
  cairo_fill_preserve(cr_);
  set_color(cr_, c);
  cairo_set_line_width(cr_, 1.2);
  cairo_stroke(cr_);
  check();
}

void Painter::polyline(const std::vector<std::pair<double, double>>& pts, const LineLook& look,
                       const std::vector<double>& dash) {
  if (pts.size() < 2) return;
  set_color(cr_, look.color);
  cairo_set_line_width(cr_, look.width_pt);
  cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
  cairo_set_dash(cr_, dash.data(), static_cast<int>(dash.size()), 0);
  cairo_move_to(cr_, finite(pts[0].first), finite(pts[0].second));
  for (std::size_t i = 1; i < pts.size(); ++i)
    cairo_line_to(cr_, finite(pts[i].first), finite(pts[i].second));
  cairo_stroke(cr_);
  cairo_set_dash(cr_, nullptr, 0, 0);
  check();
}

void Painter::polygon(const std::vector<std::pair<double, double>>& pts, const FillLook& look) {
  if (pts.size() < 3) return;
  cairo_new_path(cr_);
  cairo_move_to(cr_, finite(pts[0].first), finite(pts[0].second));
  for (std::size_t i = 1; i < pts.size(); ++i)
    cairo_line_to(cr_, finite(pts[i].first), finite(pts[i].second));
  cairo_close_path(cr_);
  fill_path(look);
}

}  // namespace jb::chart
