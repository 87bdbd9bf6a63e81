// output: the finishing step (libqpdf). Places each chart's vector PDF on its page as a Form
// XObject, replaces libharu's malformed ToUnicode maps, writes the document information and a
// /ID derived from the content.
#pragma once

#include <string>
#include <vector>

#include "layout/page_layout.hpp"
#include "render/pdf/render_pdf.hpp"

namespace jb::output {

// The finished PDF: the pages, with page i + 1 of `charts_pdf` (chart::render_charts: every
// chart of the document in one PDF, sharing its fonts) placed in chart i's box. Throws
// std::runtime_error if qpdf finds anything wrong with the PDFs we produced.
std::string finish_pdf(const pdf::PdfDocument& pages, const std::string& charts_pdf,
                       const layout::PageLayout& layout);

// A ToUnicode CMap mapping each 2-byte code to the same BMP code point.
std::string identity_to_unicode_cmap(const std::u32string& code_points);

}  // namespace jb::output
