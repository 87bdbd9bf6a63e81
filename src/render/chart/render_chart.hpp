// render/chart: one chart of the document -> a vector PDF page (which the output stage places
// as a Form XObject in the box the layout reserved), or, for `render --charts DIR`, an SVG or
// a 300 dpi PNG of it with its caption and note.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "fonts/font_set.hpp"
#include "model/document.hpp"

namespace jb::chart {

enum class ChartFormat { pdf, svg, png };

// Every refusal render_chart gives for `chart` in a width_pt x height_pt box, without drawing
// anything: the rules on its data, its size and its characters, then what its geometry finds (a
// plot too narrow, pie labels that do not fit beside it). Both come from plan_chart
// (chart_plan.hpp), which render_chart calls too, with text measured as the chart's PDF page
// measures it. `jianbao check` calls it for every chart; empty when it can be drawn.
std::vector<core::Diagnostic> check_chart(const model::Chart& chart, double width_pt,
                                          double height_pt, const fonts::FontSet& fonts);

// Draws `chart` on a width_pt x height_pt page. Text uses the document's hei and latin_sans
// fonts through cairo-ft, the same files as the body. Throws core::UserError(data_error) at the
// chart's spec location for data it cannot draw honestly or legibly (no values, a pie of
// negative or missing parts, more categories than fit, a character no font has: every such
// problem of the chart at once, the same list check_chart gives), and
// std::runtime_error when Cairo reports an error.
// `drawn_texts`, when given, receives every text the chart draws (tick labels, shares…), for the
// audit trail.
std::string render_chart(const model::Chart& chart, double width_pt, double height_pt,
                         const fonts::FontSet& fonts, ChartFormat format = ChartFormat::pdf,
                         std::vector<std::string>* drawn_texts = nullptr);

// Every chart of a document in one PDF, page i + 1 being chart i in a sizes[i] (width, height)
// box, each drawn as render_chart draws it. The charts share one embedded subset of each font
// (a PDF per chart embedded its own, and 9,000 charts held 9,000 of each in the finished
// document), and each page's drawing is freed once the page is written: what the charts hold
// is their share of the output. Throws as render_chart does, at the first chart that cannot be
// drawn. `drawn_texts`, when given, receives each chart's texts (see render_chart).
std::string render_charts(const std::vector<model::Chart>& charts,
                          const std::vector<std::pair<double, double>>& sizes,
                          const fonts::FontSet& fonts,
                          std::vector<std::vector<std::string>>* drawn_texts = nullptr);

// The chart as a file of its own (SVG, or PNG at 300 dpi): the caption above it and the note
// below it, as in the document.
std::string export_chart(const model::Chart& chart, double width_pt, double height_pt,
                         const fonts::FontSet& fonts, ChartFormat format);

}  // namespace jb::chart
