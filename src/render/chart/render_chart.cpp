#include "render/chart/render_chart.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "render/chart/chart_plan.hpp"
#include "render/chart/draw.hpp"
#include "render/chart/labels.hpp"

namespace jb::chart {

namespace {

struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using Surface = std::unique_ptr<cairo_surface_t, CairoDeleter>;
using Context = std::unique_ptr<cairo_t, CairoDeleter>;

constexpr double png_dpi = 300;
constexpr int cairo_max_pixels = 32767;  // Cairo silently draws nothing on a wider surface

// Called from inside Cairo: nothing may be thrown through its C frames.
cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  } catch (const std::bad_alloc&) {
    return CAIRO_STATUS_NO_MEMORY;
  }
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t discard_bytes(void*, const unsigned char*, unsigned int) {
  return CAIRO_STATUS_SUCCESS;
}

void check(cairo_surface_t* s) {
  if (cairo_surface_status(s) == CAIRO_STATUS_NO_MEMORY) throw std::bad_alloc();
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cairo: ") +
                             cairo_status_to_string(cairo_surface_status(s)));
}

// Text measured as the painter draws it: cairo-ft's metrics on the painter's surface.
TextWidth width_of(Painter& p) {
  return [&p](const std::string& utf8, double size) { return p.text_width(utf8, size); };
}

// Throws the chart's refusals, measured on the surface it is about to be drawn on, as one
// UserError; otherwise draws it from its plan.
void draw(cairo_t* cr, const model::Chart& c, double w, double h, const fonts::FontSet& fonts,
          std::vector<std::string>* drawn = nullptr) {
  Painter p(cr, fonts, c, drawn);
  ChartPlan plan = plan_chart(c, w, h, fonts, width_of(p));
  if (!plan.refusals.empty())
    throw core::UserError(core::ExitCode::data_error, std::move(plan.refusals));
  if (plan.pie)
    draw_pie_chart(p, c, *plan.pie);
  else
    draw_axes_chart(p, c, plan.axes.value());
  p.check();
}

// Draws into a surface of the given format and returns its bytes. `paint(cr)` draws in points.
template <typename Paint>
std::string to_bytes(ChartFormat format, double w, double h, Paint paint) {
  std::string bytes;
  Surface surface;
  double scale = 1;
  if (format == ChartFormat::pdf)
    surface.reset(cairo_pdf_surface_create_for_stream(&append_bytes, &bytes, w, h));
  else if (format == ChartFormat::svg)
    surface.reset(cairo_svg_surface_create_for_stream(&append_bytes, &bytes, w, h));
  else {
    scale = png_dpi / 72.0;
    const double pw = std::ceil(w * scale), ph = std::ceil(h * scale);
    if (pw > cairo_max_pixels || ph > cairo_max_pixels)
      throw std::logic_error("render_chart: PNG wider than Cairo can draw");
    surface.reset(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(pw), static_cast<int>(ph)));
  }
  check(surface.get());
  {
    Context cr(cairo_create(surface.get()));
    cairo_scale(cr.get(), scale, scale);
    if (format == ChartFormat::png) {  // paper white, not transparent black
      cairo_set_source_rgb(cr.get(), 1, 1, 1);
      cairo_paint(cr.get());
    }
    paint(cr.get());
    if (cairo_status(cr.get()) == CAIRO_STATUS_NO_MEMORY) throw std::bad_alloc();
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(std::string("cairo: ") +
                               cairo_status_to_string(cairo_status(cr.get())));
  }
  if (format == ChartFormat::png) {
    cairo_surface_flush(surface.get());
    const cairo_status_t written =
        cairo_surface_write_to_png_stream(surface.get(), &append_bytes, &bytes);
    if (written == CAIRO_STATUS_NO_MEMORY) throw std::bad_alloc();
    if (written != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cairo: writing the PNG failed");
  }
  cairo_surface_finish(surface.get());
  check(surface.get());
  return bytes;
}

}  // namespace

std::vector<core::Diagnostic> check_chart(const model::Chart& c, double width_pt, double height_pt,
                                          const fonts::FontSet& fonts) {
  // Measured as the chart's PDF page measures its text (cairo-ft's metrics on a PDF surface,
  // which never hints them); nothing is drawn, and the empty document is discarded.
  const Surface scratch(cairo_pdf_surface_create_for_stream(&discard_bytes, nullptr, 1, 1));
  check(scratch.get());
  const Context cr(cairo_create(scratch.get()));
  Painter p(cr.get(), fonts, c);
  return plan_chart(c, width_pt, height_pt, fonts, width_of(p)).refusals;
}

std::string render_chart(const model::Chart& c, double width_pt, double height_pt,
                         const fonts::FontSet& fonts, ChartFormat format,
                         std::vector<std::string>* drawn_texts) {
  return to_bytes(format, width_pt, height_pt,
                  [&](cairo_t* cr) { draw(cr, c, width_pt, height_pt, fonts, drawn_texts); });
}

std::string render_charts(const std::vector<model::Chart>& charts,
                          const std::vector<std::pair<double, double>>& sizes,
                          const fonts::FontSet& fonts,
                          std::vector<std::vector<std::string>>* drawn_texts) {
  if (charts.empty()) return {};
  if (sizes.size() != charts.size() || (drawn_texts && drawn_texts->size() != charts.size()))
    throw std::logic_error("render_charts: a size and a text list per chart");
  std::string bytes;
  const Surface surface(
      cairo_pdf_surface_create_for_stream(&append_bytes, &bytes, sizes[0].first, sizes[0].second));
  check(surface.get());
  for (std::size_t i = 0; i < charts.size(); ++i) {
    const auto [w, h] = sizes[i];
    cairo_pdf_surface_set_size(surface.get(), w, h);
    const Context cr(cairo_create(surface.get()));
    draw(cr.get(), charts[i], w, h, fonts, drawn_texts ? &(*drawn_texts)[i] : nullptr);
    cairo_show_page(cr.get());
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(std::string("cairo: ") +
                               cairo_status_to_string(cairo_status(cr.get())));
  }
  cairo_surface_finish(surface.get());
  check(surface.get());
  return bytes;
}

std::string export_chart(const model::Chart& c, double width_pt, double height_pt,
                         const fonts::FontSet& fonts, ChartFormat format) {
  if (auto refusals = check_chart(c, width_pt, height_pt, fonts); !refusals.empty())
    throw core::UserError(core::ExitCode::data_error, std::move(refusals));
  constexpr double margin = 10, caption_size = 10.5, note_size = 7.5;
  // Measure the caption and note on a scratch surface first.
  std::vector<std::string> note_lines;
  {
    Surface scratch(cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1));
    Context cr(cairo_create(scratch.get()));
    Painter p(cr.get(), fonts, c);
    if (!c.note.empty())
      note_lines = wrap_text(c.note, width_pt - 2 * margin, note_size,
                             [&](const std::string& t) { return p.text_width(t, note_size); });
  }
  const double caption_h = c.caption.empty() ? margin : margin + caption_size * 1.8;
  const double note_h = static_cast<double>(note_lines.size()) * note_size * 1.5 + margin;
  const double total_h = caption_h + height_pt + note_h;
  return to_bytes(format, width_pt, total_h, [&](cairo_t* cr) {
    Painter p(cr, fonts, c);
    if (!c.caption.empty())
      p.text(c.caption, width_pt / 2, margin + caption_size, caption_size, Painter::Align::center,
             ink);
    cairo_save(cr);
    cairo_translate(cr, 0, caption_h);
    draw(cr, c, width_pt, height_pt, fonts);
    cairo_restore(cr);
    double y = caption_h + height_pt + note_size * 1.3;
    for (const auto& line : note_lines) {
      p.text(line, margin, y, note_size, Painter::Align::left, ink);
      y += note_size * 1.5;
    }
    p.check();
  });
}

}  // namespace jb::chart
