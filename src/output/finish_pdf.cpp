#include "output/finish_pdf.hpp"

#include <cstdio>
#include <qpdf/Pl_Flate.hh>
#include <qpdf/Pl_String.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <set>
#include <stdexcept>

namespace jb::output {

namespace {

std::string hex4(char32_t c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(c));
  return buf;
}

void load(QPDF& q, const std::string& name, const std::string& bytes) {
  q.setSuppressWarnings(true);
  q.processMemoryFile(name.c_str(), bytes.data(), bytes.size());
  if (q.anyWarnings()) throw std::runtime_error("finishing: qpdf found problems in " + name);
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
  QPDF doc;
  load(doc, "rendered pages", rendered.bytes);
  auto pages = QPDFPageDocumentHelper(doc).getAllPages();
  if (pages.size() != layout.pages.size())
    throw std::logic_error("finish_pdf: page count differs from the layout");

  // Charts: each page of the charts' PDF becomes a Form XObject in the box the layout reserved.
  // Copied from one source document, the fonts they share are copied once. The source must
  // live until the writer has copied their objects.
  QPDF charts;
  std::vector<QPDFPageObjectHelper> chart_pages;
  if (!charts_pdf.empty()) {
    load(charts, "charts", charts_pdf);
    chart_pages = QPDFPageDocumentHelper(charts).getAllPages();
  }
  for (std::size_t i = 0; i < pages.size(); ++i) {
    std::string placements;
    for (const layout::ChartBox& box : layout.pages[i].charts) {
      if (box.chart_index >= chart_pages.size())
        throw std::logic_error("finish_pdf: a chart the charts' PDF does not have");
      QPDFObjectHandle form =
          doc.copyForeignObject(chart_pages[box.chart_index].getFormXObjectForPage());
      const std::string name = "/JbChart" + std::to_string(box.chart_index + 1);
      QPDFObjectHandle page = pages[i].getObjectHandle();
      QPDFObjectHandle resources = page.getKey("/Resources");
      if (!resources.isDictionary()) {
        resources = QPDFObjectHandle::newDictionary();
        page.replaceKey("/Resources", resources);
      }
      QPDFObjectHandle xobjects = resources.getKey("/XObject");
      if (!xobjects.isDictionary()) {
        xobjects = QPDFObjectHandle::newDictionary();
        resources.replaceKey("/XObject", xobjects);
      }
      xobjects.replaceKey(name, form);
      const std::string place = pages[i].placeFormXObject(
          form, name,
          QPDFObjectHandle::Rectangle(box.x_pt, box.y_pt, box.x_pt + box.width_pt,
                                      box.y_pt + box.height_pt),
          false, true, true);
      placements += place;
    }
    if (placements.empty()) continue;
    // libharu's content in q ... Q, so that the charts start from the default graphics state.
    pages[i].addPageContents(QPDFObjectHandle::newStream(&doc, "q\n"), true);
    pages[i].addPageContents(QPDFObjectHandle::newStream(&doc, "Q\n" + placements), false);
  }

  // ToUnicode: libharu 2.3.0 writes an invalid map (begincidrange); write a correct one for
  // every code shown in each font.
  std::set<QPDFObjGen> fixed;
  for (auto& ph : pages) {
    QPDFObjectHandle fonts = ph.getObjectHandle().getKey("/Resources").getKey("/Font");
    if (!fonts.isDictionary()) continue;
    for (const auto& key : fonts.getKeys()) {
      QPDFObjectHandle font = fonts.getKey(key);
      if (!font.isDictionary() || !font.getKey("/Subtype").isNameAndEquals("/Type0")) continue;
      if (!fixed.insert(font.getObjGen()).second) continue;
      const std::string base =
          font.getKey("/BaseFont").isName() ? font.getKey("/BaseFont").getName() : "";
      const pdf::FontUsage* usage = nullptr;
      for (const auto& u : rendered.fonts) {
        const std::string suffix = "+" + u.base_font;
        if (base.size() > suffix.size() &&
            base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0)
          usage = &u;
        if (base == "/" + u.base_font) usage = &u;
      }
      if (!usage) throw std::logic_error("finish_pdf: no usage recorded for font " + base);
      font.replaceKey("/ToUnicode", QPDFObjectHandle::newStream(
                                        &doc, identity_to_unicode_cmap(usage->code_points)));
    }
  }

  // Document information: from the spec, never the clock.
  QPDFObjectHandle info = QPDFObjectHandle::newDictionary();
  info.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(layout.title));
  if (!layout.author.empty())
    info.replaceKey("/Author", QPDFObjectHandle::newUnicodeString(layout.author));
  info.replaceKey("/Creator", QPDFObjectHandle::newString("jianbao " JIANBAO_VERSION));
  info.replaceKey("/Producer", QPDFObjectHandle::newString("jianbao " JIANBAO_VERSION
                                                           " (libharu, Cairo, qpdf)"));
  info.replaceKey("/CreationDate", QPDFObjectHandle::newString(pdf_date(layout)));
  info.replaceKey("/ModDate", QPDFObjectHandle::newString(pdf_date(layout)));
  doc.getTrailer().replaceKey("/Info", doc.makeIndirectObject(info));

  // Written straight into the string returned: no second and third copy of a large document.
  std::string out;
  Pl_String sink("finished PDF", nullptr, out);
  QPDFWriter w(doc);
  w.setOutputPipeline(&sink);
  w.setDeterministicID(true);      // /ID from the content: same inputs, same bytes
  w.setCompressStreams(true);      // libharu writes plain streams: compress each once here
  w.setDecodeLevel(qpdf_dl_none);  // and never inflate and deflate the charts again
  // zlib's fastest level: measured on the demo, 50 ms and 264 KB against 60 ms and 239 KB at
  // the default level. (A process-wide qpdf setting.)
  Pl_Flate::setCompressionLevel(1);
  w.setObjectStreamMode(qpdf_o_generate);
  w.write();
  return out;
}

}  // namespace jb::output
