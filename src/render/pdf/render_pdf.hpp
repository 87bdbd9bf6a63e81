// render/pdf: PageLayout -> PDF bytes, through libharu 2.3.0. Chart boxes are left empty for
// the output stage to fill.
#pragma once

#include <string>
#include <vector>

#include "layout/page_layout.hpp"

namespace jb::pdf {

// Which code points were shown in one embedded font. libharu's CID codes are the Unicode
// code points themselves (BMP only), so this is all the output stage needs to write a correct
// ToUnicode map.
struct FontUsage {
  std::string base_font;       // libharu's name for the font, without the subset tag
  std::u32string code_points;  // sorted, unique
};

struct PdfDocument {
  std::string bytes;
  std::vector<FontUsage> fonts;
};

// Writes the pages. Throws std::runtime_error when libharu reports an error (a bug of ours:
// every value was validated before) and core::UserError when a font file cannot be embedded.
PdfDocument render_pdf(const layout::PageLayout& layout);

}  // namespace jb::pdf
