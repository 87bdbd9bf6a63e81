#include "output/qpdf_finish.hpp"

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

void load(QPDF& q, const std::string& name, const std::string& bytes) {
  q.setSuppressWarnings(true);
  q.processMemoryFile(name.c_str(), bytes.data(), bytes.size());
  if (q.anyWarnings()) throw std::runtime_error("finishing: qpdf found problems in " + name);
}

}  // namespace

std::string qpdf_finish(const std::string& pages_pdf, const std::string& charts_pdf,
                        const QpdfFinishing& f) {
  QPDF doc;
  load(doc, "rendered pages", pages_pdf);
  auto pages = QPDFPageDocumentHelper(doc).getAllPages();
  if (pages.size() != f.page_count)
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
    for (const QpdfFinishing::Chart& box : f.charts) {
      if (box.page != i) continue;
      if (box.index >= chart_pages.size())
        throw std::logic_error("finish_pdf: a chart the charts' PDF does not have");
      QPDFObjectHandle form = doc.copyForeignObject(chart_pages[box.index].getFormXObjectForPage());
      const std::string name = "/JbChart" + std::to_string(box.index + 1);
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
      placements += pages[i].placeFormXObject(
          form, name,
          QPDFObjectHandle::Rectangle(box.x_pt, box.y_pt, box.x_pt + box.width_pt,
                                      box.y_pt + box.height_pt),
          false, true, true);
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
      const QpdfFinishing::ToUnicode* usage = nullptr;
      for (const auto& u : f.to_unicode) {
        const std::string suffix = "+" + u.base_font;
        if (base.size() > suffix.size() &&
            base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0)
          usage = &u;
        if (base == "/" + u.base_font) usage = &u;
      }
      if (!usage) throw std::logic_error("finish_pdf: no usage recorded for font " + base);
      font.replaceKey("/ToUnicode", QPDFObjectHandle::newStream(&doc, usage->cmap));
    }
  }

  // Document information: from the spec, never the clock.
  QPDFObjectHandle info = QPDFObjectHandle::newDictionary();
  info.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(f.title));
  if (!f.author.empty()) info.replaceKey("/Author", QPDFObjectHandle::newUnicodeString(f.author));
  info.replaceKey("/Creator", QPDFObjectHandle::newString(f.creator));
  info.replaceKey("/Producer", QPDFObjectHandle::newString(f.producer));
  info.replaceKey("/CreationDate", QPDFObjectHandle::newString(f.date));
  info.replaceKey("/ModDate", QPDFObjectHandle::newString(f.date));
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
