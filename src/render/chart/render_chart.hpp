// render/chart: one chart of the document -> a one-page vector PDF in memory (Cairo), which
// the output stage places as a Form XObject in the box the layout reserved.
#pragma once

#include <string>

#include "model/document.hpp"
#include "render/pdf/font_set.hpp"

namespace jb::chart {

// Draws `chart` on a width_pt x height_pt page. Text uses the document's hei and latin_sans
// fonts through cairo-ft. Throws core::UserError(data_error) at the chart's spec location for
// data it cannot draw honestly (no categories, no values, a character no font has), and
// std::runtime_error when Cairo reports an error.
std::string render_chart(const model::Chart& chart, double width_pt, double height_pt,
                         const pdf::FontSet& fonts);

}  // namespace jb::chart
