// output: the finishing step (libqpdf). Places each chart's vector PDF on its page as a Form
// XObject, replaces libharu's malformed ToUnicode maps, writes the document information and a
// /ID derived from the content.
#pragma once

#include <string>
#include <vector>

#include "layout/page_layout.hpp"
#include "render/pdf/render_pdf.hpp"

namespace jb::output {

// chart_pdfs[i] is the one-page PDF of chart i of the document. Returns the finished PDF.
// Throws std::runtime_error if qpdf finds anything wrong with the PDFs we produced.
std::string finish_pdf(const pdf::PdfDocument& pages, const std::vector<std::string>& chart_pdfs,
                       const layout::PageLayout& layout);

// A ToUnicode CMap mapping each 2-byte code to the same BMP code point.
std::string identity_to_unicode_cmap(const std::u32string& code_points);

}  // namespace jb::output
