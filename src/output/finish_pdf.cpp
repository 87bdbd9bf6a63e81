#include "output/finish_pdf.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "output/qpdf_finish.hpp"

namespace jb::output {

namespace {

std::string hex4(char32_t c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(c));
  return buf;
}

std::string pdf_date(const layout::PageLayout& l) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "D:%04d%02d%02d000000", l.year, l.month, l.day);
  return buf;
}

}  // namespace

std::string identity_to_unicode_cmap(const std::u32string& cps) {
  std::string body;
  // bfrange entries for runs of consecutive codes that share their high byte, bfchar for the
  // rest; at most 100 entries per block, as the CMap format requires.
  std::vector<std::pair<char32_t, char32_t>> ranges;
  for (char32_t c : cps) {
    if (c > 0xFFFF) throw std::logic_error("ToUnicode: code outside the BMP");
    if (!ranges.empty() && ranges.back().second + 1 == c && (ranges.back().first >> 8) == (c >> 8))
      ranges.back().second = c;
    else
      ranges.push_back({c, c});
  }
  std::vector<std::string> singles, spans;
  for (const auto& [a, b] : ranges) {
    if (a == b)
      singles.push_back("<" + hex4(a) + "> <" + hex4(a) + ">\n");
    else
      spans.push_back("<" + hex4(a) + "> <" + hex4(b) + "> <" + hex4(a) + ">\n");
  }
  auto blocks = [&](const std::vector<std::string>& items, const char* op) {
    for (std::size_t i = 0; i < items.size(); i += 100) {
      const std::size_t n = std::min<std::size_t>(100, items.size() - i);
      body += std::to_string(n) + " begin" + op + "\n";
      for (std::size_t k = i; k < i + n; ++k) body += items[k];
      body += std::string("end") + op + "\n";
    }
  };
  blocks(singles, "bfchar");
  blocks(spans, "bfrange");
  return "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
         "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
         "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" +
         body + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
}

std::string finish_pdf(const pdf::PdfDocument& rendered, const std::string& charts_pdf,
                       const layout::PageLayout& layout) {
  QpdfFinishing f;
  f.page_count = layout.pages.size();
  for (std::size_t i = 0; i < layout.pages.size(); ++i)
    for (const layout::ChartBox& box : layout.pages[i].charts)
      f.charts.push_back({i, box.chart_index, box.x_pt, box.y_pt, box.width_pt, box.height_pt});
  for (const pdf::FontUsage& u : rendered.fonts)
    f.to_unicode.push_back({u.base_font, identity_to_unicode_cmap(u.code_points)});
  f.title = layout.title;
  f.author = layout.author;
  f.creator = "jianbao " JIANBAO_VERSION;
  f.producer = "jianbao " JIANBAO_VERSION " (libharu, Cairo, qpdf)";
  f.date = pdf_date(layout);
  return qpdf_finish(rendered.bytes, charts_pdf, f);
}

}  // namespace jb::output
