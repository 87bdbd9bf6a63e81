// app: one report's bytes from its laid-out document: the PDF, its exported charts and its
// audit trail, or, for `check`, what drawing would refuse. Pure: no file is read or written
// and nothing is logged; app/record.hpp writes what these return.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "fonts/font_set.hpp"
#include "layout/page_layout.hpp"
#include "model/document.hpp"

namespace jb::app {

// Each chart's box (width, height in pt), as the layout placed it.
std::vector<std::pair<double, double>> chart_sizes(const model::Document& doc,
                                                   const layout::PageLayout& pages);

// `check`: what render refuses while drawing, with nothing written: every chart's refusals
// (chart::check_chart, the rules render_chart applies), then the PDF with its fonts embedded.
// Throws core::UserError.
void check_drawing(const model::Document& doc, const layout::PageLayout& pages,
                   const fonts::FontSet& fonts);

struct NamedBytes {
  std::string name;  // a file name, without its folder
  std::string bytes;
};

// A document's charts, drawn.
struct DrawnCharts {
  std::string pdf;                              // one PDF, a page per chart
  std::vector<std::vector<std::string>> texts;  // each chart's drawn texts, for --audit
  std::vector<NamedBytes> exports;              // --charts: each chart as SVG and PNG
};

// Every chart as a page of one PDF, sharing its fonts; with `exports`, each chart also as
// figure-N.svg and figure-N.png (a batch's report's prefixed with its PDF's stem).
DrawnCharts draw_charts(const model::Document& doc, const layout::PageLayout& pages,
                        const fonts::FontSet& fonts, bool exports);

// The finished PDF: the pages drawn by libharu, the charts placed in their boxes by qpdf.
std::string finish_report(const layout::PageLayout& pages, const DrawnCharts& charts);

}  // namespace jb::app
