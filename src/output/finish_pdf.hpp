// output: the finishing step (libqpdf). Places each chart's vector PDF on its page as a Form
// XObject, replaces libharu's malformed ToUnicode maps, writes the document information and a
// /ID derived from the content.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "layout/page_layout.hpp"
#include "render/pdf/render_pdf.hpp"

namespace jb::output {

// The finished PDF: the pages, with chart i's one-page PDF, asked of `chart_pdf(i)` when it is
// placed (in the order of the pages), in its box. A chart costs memory only until it is copied
// into the document: 9,000 charts are drawn and held one at a time. Throws std::runtime_error
// if qpdf finds anything wrong with the PDFs we produced.
using ChartSource = std::function<std::string(std::size_t chart_index)>;
std::string finish_pdf(const pdf::PdfDocument& pages, const ChartSource& chart_pdf,
                       const layout::PageLayout& layout);

// A ToUnicode CMap mapping each 2-byte code to the same BMP code point.
std::string identity_to_unicode_cmap(const std::u32string& code_points);

}  // namespace jb::output
