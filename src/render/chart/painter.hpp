// render/chart (internal): drawing on a Cairo context with the document's fonts. Every
// coordinate is checked before Cairo sees it (Cairo 1.16 hangs on an arc of radius 1e30 and
// draws nothing on absurd values), and the context's status is checked after each figure.
#pragma once

#include <cairo.h>

#include <string>

#include "fonts/font_set.hpp"
#include "model/document.hpp"
#include "render/chart/style.hpp"

namespace jb::chart {

class Painter {
 public:
  // `drawn`, when given, receives every text drawn (for the audit trail).
  Painter(cairo_t* cr, const fonts::FontSet& fonts, const model::Chart& chart,
          std::vector<std::string>* drawn = nullptr)
      : cr_(cr), fonts_(fonts), chart_(chart), drawn_(drawn) {}

  enum class Align { left, center, right };

  // Text in hei with Latin letters and digits in latin_sans; y is the baseline. Returns the
  // width. A character no font has is a UserError at the chart's spec location.
  double text_width(const std::string& utf8, double size);
  double text(const std::string& utf8, double x, double y, double size, Align align,
              const Color& color, bool halo = false, bool bold = false);
  // Text turned by `degrees` (negative: counter-clockwise) about (x, y), ending there.
  void rotated_text(const std::string& utf8, double x, double y, double size, double degrees,
                    const Color& color);

  void line(double x1, double y1, double x2, double y2, double width, const Color& c,
            const std::vector<double>& dash = {});
  void rect(double x, double y, double w, double h, const FillLook& look);
  // A ring sector (inner 0: a pie slice), angles in radians clockwise from 12 o'clock.
  void sector(double cx, double cy, double r_outer, double r_inner, double a0, double a1,
              const FillLook& look);
  void marker(double x, double y, Marker m, const Color& c, double size = 2.6, bool hollow = true);
  void polyline(const std::vector<std::pair<double, double>>& pts, const LineLook& look,
                const std::vector<double>& dash);
  void polygon(const std::vector<std::pair<double, double>>& pts, const FillLook& look);

  // Throws std::runtime_error when Cairo has failed (it stops drawing once in error).
  void check() const;

 private:
  struct Run {
    vocab::FontRole role;
    std::string s;
    double width;
  };
  std::vector<Run> runs_of(const std::string& utf8, double size);
  void fill_path(const FillLook& look);  // fills the current path with its look, keeps it
  void select(vocab::FontRole role, double size);
  cairo_t* cr_;
  const fonts::FontSet& fonts_;
  const model::Chart& chart_;
  std::vector<std::string>* drawn_;
};

// Refuses a coordinate Cairo could not draw (non-finite or far off any page).
double finite(double v);

}  // namespace jb::chart
