// layout: the product of the layout stage: every glyph run, rule and chart box at its position.
#pragma once

#include <string>
#include <vector>

#include "model/document.hpp"

namespace jb::layout {

struct Rgb {
  double r = 0, g = 0, b = 0;
};

// A run of glyphs in one font. Coordinates are PDF points from the page's bottom-left corner;
// y is the baseline. After each glyph the pen moves by its advance plus char_space_pt.
struct GlyphRun {
  double x_pt = 0, y_pt = 0;
  vocab::FontRole font = vocab::FontRole::song;
  double size_pt = 12;
  std::u32string text;
  double char_space_pt = 0;
  Rgb color;
  // > 0: the glyphs are also outlined with a line this wide in their colour, so that a heavy
  // mark (the red issuer mark of an official document) can be set in a regular font.
  double stroke_pt = 0;
};

struct Rule {
  double x1_pt = 0, y1_pt = 0, x2_pt = 0, y2_pt = 0;
  double width_pt = 0.5;
  Rgb color;
};

// A box the layout reserved for chart `chart_index` of the document (bottom-left corner).
struct ChartBox {
  std::size_t chart_index = 0;
  double x_pt = 0, y_pt = 0, width_pt = 0, height_pt = 0;
};

// Text drawn behind everything else on its page (a watermark): its runs are placed in a frame
// turned by angle_deg (counter-clockwise) about the point (x_pt, y_pt), their coordinates
// relative to that point.
struct Underlay {
  double x_pt = 0, y_pt = 0, angle_deg = 0;
  std::vector<GlyphRun> runs;
};

struct Page {
  bool landscape = false;           // turned: PageLayout's height wide and its width tall
  std::vector<Underlay> underlays;  // drawn first
  std::vector<GlyphRun> runs;
  std::vector<Rule> rules;
  std::vector<ChartBox> charts;
};

struct PageLayout {
  double width_pt = 0, height_pt = 0;  // of a portrait page
  std::vector<Page> pages;
  std::vector<model::FontFace> fonts;  // the document's font roles
  std::string title, author;           // for the PDF's info dictionary
  int year = 0, month = 0, day = 0;    // creation date (from the spec, never the clock)
  // The pages (0-based, first and last) each of the document's blocks was set on; a heading is
  // counted with the block it keeps with.
  std::vector<std::pair<std::size_t, std::size_t>> block_pages;
  std::vector<core::Diagnostic> warnings;  // e.g. long words left unhyphenated: no dictionary
};

}  // namespace jb::layout
