#include "render/pdf/render_pdf.hpp"

#include <hpdf.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>

#include "core/char_class.hpp"
#include "core/diagnostic.hpp"
#include "core/utf8.hpp"
#include "fonts/font_subset.hpp"

namespace jb::pdf {

namespace {

// Owns an HPDF_Doc. libharu's error callback only records; check() throws afterwards, never
// through C frames, and resets libharu's error state (after an error every later call fails).
class HaruDoc {
 public:
  HaruDoc() : doc_(HPDF_New(&HaruDoc::on_error, &error_), &HPDF_Free) {
    if (!doc_) throw std::bad_alloc();  // HPDF_New fails only when it cannot allocate
  }
  HPDF_Doc get() const { return doc_.get(); }

  void check(const char* what) {
    if (error_.status == HPDF_OK) return;
    if (error_.status == HPDF_FAILD_TO_ALLOC_MEM) {  // the run's memory, not a bug: exit 71
      reset();
      throw std::bad_alloc();
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "libharu: %s failed (error 0x%04X, detail %u)", what,
                  static_cast<unsigned>(error_.status), static_cast<unsigned>(error_.detail));
    error_ = {};
    HPDF_ResetError(doc_.get());
    throw std::runtime_error(buf);
  }
  bool failed() const { return error_.status != HPDF_OK; }
  void reset() {
    error_ = {};
    HPDF_ResetError(doc_.get());
  }

 private:
  struct Error {
    HPDF_STATUS status = HPDF_OK;
    HPDF_STATUS detail = 0;
  };
  static void on_error(HPDF_STATUS status, HPDF_STATUS detail, void* user) {
    auto* e = static_cast<Error*>(user);
    if (e->status == HPDF_OK) *e = Error{status, detail};
  }
  Error error_;
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, void (*)(HPDF_Doc)> doc_;
};

HPDF_REAL real(double v, const char* what) {
  // NaN or infinite coordinates corrupt a libharu page silently: refuse them here.
  if (!std::isfinite(v) || std::fabs(v) > 1e6)
    throw std::logic_error(std::string("render_pdf: bad ") + what);
  return static_cast<HPDF_REAL>(v);
}

// The fonts the pages use, each loaded once, as a subset of the glyphs the document shows (see
// font_subset.hpp). The subsets must stay open until the document is saved: libharu reads
// the font data then.
struct LoadedFonts {
  std::map<vocab::FontRole, HPDF_Font> fonts;
  std::map<vocab::FontRole, std::string> names;
  std::map<vocab::FontRole, std::u32string> used;  // each role's characters, sorted, once each
  std::vector<std::unique_ptr<fonts::FontSubset>> subsets;
};

// Embeds the subset of `face` holding `cps` and returns libharu's name for it.
const char* load_font(HaruDoc& doc, vocab::FontRole role, const model::FontFace& face,
                      const std::u32string& cps, LoadedFonts& loaded) {
  try {
    loaded.subsets.push_back(std::make_unique<fonts::FontSubset>(face.file, face.face_index, cps));
  } catch (const core::UserError&) {
    throw;  // the run's resources, said as such
  } catch (const std::runtime_error& e) {
    throw core::UserError(core::ExitCode::invalid_spec, face.where,
                          core::say("cannot embed the {} font '{}': {}",
                                    vocab::font_role_name(role), face.file.string(), e.what()));
  }
  errno = 0;
  const char* name =
      HPDF_LoadTTFontFromFile(doc.get(), loaded.subsets.back()->path().c_str(), HPDF_TRUE);
  if (!name || doc.failed()) {
    const int err = errno;
    doc.reset();
    if (err == EMFILE || err == ENFILE)
      throw core::UserError(core::ExitCode::os_error, face.where,
                            core::say("cannot open the {} font's subset: {}",
                                      vocab::font_role_name(role), std::strerror(err)),
                            core::say("the process may open too few files (ulimit -n); jianbao "
                                      "needs about 32"));
    throw core::UserError(core::ExitCode::invalid_spec, face.where,
                          core::say("libharu cannot load the {} font '{}'",
                                    vocab::font_role_name(role), face.file.string()));
  }
  return name;
}

LoadedFonts load_fonts(HaruDoc& doc, const layout::PageLayout& layout) {
  LoadedFonts loaded;
  for (const auto& page : layout.pages) {
    for (const auto& run : page.runs) loaded.used[run.font].append(run.text);
    for (const auto& under : page.underlays)
      for (const auto& run : under.runs) loaded.used[run.font].append(run.text);
  }
  for (auto& [role, cps] : loaded.used) {
    std::sort(cps.begin(), cps.end());
    cps.erase(std::unique(cps.begin(), cps.end()), cps.end());
    // `r = role`: Debian's clang 14 (make fuzz) cannot capture a structured binding itself.
    const auto it = std::find_if(layout.fonts.begin(), layout.fonts.end(),
                                 [r = role](const model::FontFace& f) { return f.role == r; });
    if (it == layout.fonts.end())
      throw std::logic_error("render_pdf: a run uses a role with no font");
    const char* name = load_font(doc, role, *it, cps, loaded);
    loaded.fonts[role] = HPDF_GetFont(doc.get(), name, "UTF-8");
    doc.check("selecting a font");
    loaded.names[role] = name;
  }
  return loaded;
}

void draw_rules(HPDF_Page p, const layout::Page& page) {
  for (const auto& r : page.rules) {
    HPDF_Page_SetRGBStroke(p, real(r.color.r, "colour"), real(r.color.g, "colour"),
                           real(r.color.b, "colour"));
    HPDF_Page_SetLineWidth(p, real(r.width_pt, "rule width"));
    HPDF_Page_MoveTo(p, real(r.x1_pt, "rule x"), real(r.y1_pt, "rule y"));
    HPDF_Page_LineTo(p, real(r.x2_pt, "rule x"), real(r.y2_pt, "rule y"));
    HPDF_Page_Stroke(p);
  }
}

// The text state of a page's content stream: each setting is written only when a run changes it.
class TextState {
 public:
  TextState(HPDF_Page p, const LoadedFonts& fonts) : p_(p), fonts_(fonts) {}

  void show(const layout::GlyphRun& run) {
    if (!has_font_ || font_ != run.font || size_ != run.size_pt) {
      HPDF_Page_SetFontAndSize(p_, fonts_.fonts.at(run.font), real(run.size_pt, "font size"));
      has_font_ = true, font_ = run.font, size_ = run.size_pt;
    }
    for (char32_t c : run.text)
      if (c == 0 || c > 0xFFFF)
        throw std::logic_error("render_pdf: a code point the layout should have refused");
    const std::string utf8 = core::encode_utf8(run.text);
    // libharu's ShowText silently draws nothing when the text's width is zero: a run of only
    // combining marks (U+0301 alone) would vanish. A spacing of 1/1000 pt makes it draw; the
    // pen's move after the run does not matter, as every run is placed on its own.
    double spacing = run.char_space_pt;
    if (spacing == 0 && HPDF_Font_TextWidth(fonts_.fonts.at(run.font),
                                            reinterpret_cast<const HPDF_BYTE*>(utf8.data()),
                                            static_cast<HPDF_UINT>(utf8.size()))
                                .width == 0)
      spacing = 0.001;
    if (spacing != char_space_) {
      HPDF_Page_SetCharSpace(p_, real(spacing, "character spacing"));
      char_space_ = spacing;
    }
    if (run.color.r != color_.r || run.color.g != color_.g || run.color.b != color_.b) {
      HPDF_Page_SetRGBFill(p_, real(run.color.r, "colour"), real(run.color.g, "colour"),
                           real(run.color.b, "colour"));
      color_ = run.color;
    }
    if (run.stroke_pt != stroke_) set_stroke(run);
    HPDF_Page_TextOut(p_, real(run.x_pt, "text x"), real(run.y_pt, "text y"), utf8.c_str());
  }

 private:
  void set_stroke(const layout::GlyphRun& run) {
    HPDF_Page_SetTextRenderingMode(p_, run.stroke_pt > 0 ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
    if (run.stroke_pt > 0) {
      HPDF_Page_SetLineWidth(p_, real(run.stroke_pt, "outline width"));
      HPDF_Page_SetRGBStroke(p_, real(run.color.r, "colour"), real(run.color.g, "colour"),
                             real(run.color.b, "colour"));
    }
    stroke_ = run.stroke_pt;
  }

  HPDF_Page p_;
  const LoadedFonts& fonts_;
  bool has_font_ = false;  // (a std::optional here makes GCC 12 warn, wrongly, at -O2)
  vocab::FontRole font_ = vocab::FontRole::song;
  double size_ = -1, char_space_ = 0, stroke_ = 0;
  layout::Rgb color_{0, 0, 0};
};

// Text under everything else (a watermark), in its own turned frame: saved and restored
// around it, so that the page's own text starts from the default state.
void draw_underlays(HaruDoc& doc, HPDF_Page p, const layout::Page& page, const LoadedFonts& fonts) {
  for (const auto& under : page.underlays) {
    const double a = under.angle_deg * M_PI / 180.0;
    const double c = std::cos(a), s = std::sin(a);
    HPDF_Page_GSave(p);
    HPDF_Page_Concat(p, real(c, "angle"), real(s, "angle"), real(-s, "angle"), real(c, "angle"),
                     real(under.x_pt, "underlay x"), real(under.y_pt, "underlay y"));
    HPDF_Page_BeginText(p);
    TextState text(p, fonts);
    for (const auto& run : under.runs) text.show(run);
    HPDF_Page_EndText(p);
    HPDF_Page_GRestore(p);
    doc.check("drawing a watermark");
  }
}

// Text extractors (pdftotext, Acrobat, a viewer's search) read a gap between two glyphs as a
// space. The Han–Latin gap (W5) and a mark placed inside its cell are spacing, not a space: the
// runs a line sets across such gaps are marked as one span whose /ActualText is their text as
// written, so that 第4章 and 5.4%的 are found as they were typed. For each run: the last run of
// its span (itself when it joins none).
std::vector<std::size_t> text_spans(const std::vector<layout::GlyphRun>& runs,
                                    const LoadedFonts& fonts) {
  auto end_x = [&](const layout::GlyphRun& r) {
    const std::string utf8 = core::encode_utf8(r.text);
    const HPDF_TextWidth w =
        HPDF_Font_TextWidth(fonts.fonts.at(r.font), reinterpret_cast<const HPDF_BYTE*>(utf8.data()),
                            static_cast<HPDF_UINT>(utf8.size()));
    return r.x_pt + w.width / 1000.0 * r.size_pt +
           r.char_space_pt * static_cast<double>(r.text.size());
  };
  auto joins = [&](const layout::GlyphRun& a, const layout::GlyphRun& b) {
    if (a.text.empty() || b.text.empty() || std::fabs(a.y_pt - b.y_pt) > 0.01 ||
        std::fabs(a.size_pt - b.size_pt) > 0.01 || b.x_pt <= a.x_pt)
      return false;
    const char32_t x = a.text.back(), y = b.text.front();
    if (x == ' ' || y == ' ' || (core::uses_latin_font(x) && core::uses_latin_font(y)))
      return false;  // a word space, or two Latin words: a space indeed
    const double gap = b.x_pt - end_x(a);
    return gap > -0.25 * a.size_pt && gap < 0.6 * a.size_pt;  // never across a table's columns
  };
  std::vector<std::size_t> last(runs.size());
  for (std::size_t i = runs.size(); i-- > 0;)
    last[i] = i + 1 < runs.size() && joins(runs[i], runs[i + 1]) ? last[i + 1] : i;
  return last;
}

// `/Span <</ActualText (…)>> BDC`, the text in UTF-16BE with its byte order mark.
std::string actual_text_span(const std::vector<layout::GlyphRun>& runs, std::size_t from,
                             std::size_t to) {
  std::string hex = "FEFF";
  char buf[8];
  for (std::size_t i = from; i <= to; ++i)
    for (char32_t c : runs[i].text) {  // the layout refuses code points beyond the BMP
      std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(c & 0xFFFF));
      hex += buf;
    }
  return "/Span <</ActualText <" + hex + ">>> BDC\n";
}

void write_content(HPDF_Page p, const std::string& ops) {
  auto* attr = static_cast<HPDF_PageAttr>(p->attr);
  if (HPDF_Stream_WriteStr(attr->stream, ops.c_str()) != HPDF_OK)
    throw std::runtime_error("render_pdf: cannot write a page's content");
}

void draw_page(HaruDoc& doc, const layout::PageLayout& layout, const layout::Page& page,
               const LoadedFonts& fonts) {
  HPDF_Page p = HPDF_AddPage(doc.get());
  const double w = page.landscape ? layout.height_pt : layout.width_pt;
  const double h = page.landscape ? layout.width_pt : layout.height_pt;
  HPDF_Page_SetWidth(p, real(w, "page width"));
  HPDF_Page_SetHeight(p, real(h, "page height"));
  doc.check("adding a page");
  draw_underlays(doc, p, page, fonts);
  draw_rules(p, page);
  doc.check("drawing rules");
  if (page.runs.empty()) return;
  HPDF_Page_BeginText(p);
  TextState text(p, fonts);
  const std::vector<std::size_t> span_end = text_spans(page.runs, fonts);
  for (std::size_t i = 0; i < page.runs.size(); ++i) {
    const bool opens = span_end[i] > i && (i == 0 || span_end[i - 1] != span_end[i]);
    if (opens) write_content(p, actual_text_span(page.runs, i, span_end[i]));
    text.show(page.runs[i]);
    if (span_end[i] == i && i > 0 && span_end[i - 1] == i) write_content(p, "EMC\n");
  }
  HPDF_Page_EndText(p);
  doc.check("setting text");
}

// Saved to memory, never to a file: HPDF_SaveToFile can leave a truncated file behind.
std::string save(HaruDoc& doc) {
  HPDF_Doc d = doc.get();
  HPDF_SaveToStream(d);
  doc.check("saving the document");
  std::string bytes(HPDF_GetStreamSize(d), '\0');
  HPDF_UINT32 offset = 0;
  while (offset < bytes.size()) {
    HPDF_UINT32 len = static_cast<HPDF_UINT32>(bytes.size()) - offset;
    const HPDF_STATUS st =
        HPDF_ReadFromStream(d, reinterpret_cast<HPDF_BYTE*>(bytes.data()) + offset, &len);
    offset += len;
    if (st == HPDF_STREAM_EOF || len == 0) break;
    if (st != HPDF_OK) doc.check("reading the saved document");
  }
  if (offset != bytes.size()) throw std::runtime_error("libharu: the saved document is truncated");
  doc.reset();  // HPDF_ReadFromStream reports the end of the stream as an error
  return bytes;
}

}  // namespace

PdfDocument render_pdf(const layout::PageLayout& layout) {
  HaruDoc doc;
  // Streams stay plain here; the output stage compresses each once (compressing twice cost
  // a quarter of the run time).
  HPDF_SetCompressionMode(doc.get(), HPDF_COMP_NONE);
  HPDF_UseUTFEncodings(doc.get());
  doc.check("setting up the document");
  LoadedFonts fonts = load_fonts(doc, layout);
  for (const auto& page : layout.pages) draw_page(doc, layout, page, fonts);
  PdfDocument out;
  out.bytes = save(doc);
  for (auto& [role, cps] : fonts.used) out.fonts.push_back({fonts.names[role], std::move(cps)});
  return out;
}

}  // namespace jb::pdf
