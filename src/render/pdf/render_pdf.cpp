#include "render/pdf/render_pdf.hpp"

#include <hpdf.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>

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

}  // namespace

PdfDocument render_pdf(const layout::PageLayout& layout) {
  HaruDoc doc;
  HPDF_Doc d = doc.get();
  // Streams stay plain here; the output stage compresses each once (compressing twice cost
  // a quarter of the run time).
  HPDF_SetCompressionMode(d, HPDF_COMP_NONE);
  HPDF_UseUTFEncodings(d);
  doc.check("setting up the document");

  // Load the fonts the pages use, once each.
  std::map<vocab::FontRole, HPDF_Font> fonts;
  std::map<vocab::FontRole, std::string> names;
  std::map<vocab::FontRole, std::u32string> used;
  for (const auto& page : layout.pages)
    for (const auto& run : page.runs) used[run.font].append(run.text);
  std::vector<std::unique_ptr<fonts::FontSubset>> subsets;
  for (auto& [role, cps] : used) {
    std::sort(cps.begin(), cps.end());
    cps.erase(std::unique(cps.begin(), cps.end()), cps.end());
    // `r = role`: Debian's clang 14 (make fuzz) cannot capture a structured binding itself.
    const auto it = std::find_if(layout.fonts.begin(), layout.fonts.end(),
                                 [r = role](const model::FontFace& f) { return f.role == r; });
    if (it == layout.fonts.end())
      throw std::logic_error("render_pdf: a run uses a role with no font");
    // Embed only the glyphs this document shows (see font_subset.hpp). The subset must stay
    // open until the document is saved: libharu reads the font data then.
    try {
      subsets.push_back(std::make_unique<fonts::FontSubset>(it->file, it->face_index, cps));
    } catch (const core::UserError&) {
      throw;  // the run's resources, said as such
    } catch (const std::runtime_error& e) {
      throw core::UserError(core::ExitCode::invalid_spec, it->where,
                            "cannot embed the " + std::string(vocab::font_role_name(role)) +
                                " font '" + it->file.string() + "': " + e.what());
    }
    errno = 0;
    const char* name = HPDF_LoadTTFontFromFile(d, subsets.back()->path().c_str(), HPDF_TRUE);
    if (!name || doc.failed()) {
      const int err = errno;
      doc.reset();
      if (err == EMFILE || err == ENFILE)
        throw core::UserError(core::ExitCode::os_error, it->where,
                              "cannot open the " + std::string(vocab::font_role_name(role)) +
                                  " font's subset: " + std::strerror(err),
                              "the process may open too few files (ulimit -n); jianbao needs "
                              "about 32");
      throw core::UserError(core::ExitCode::invalid_spec, it->where,
                            "libharu cannot load the " + std::string(vocab::font_role_name(role)) +
                                " font '" + it->file.string() + "'");
    }
    fonts[role] = HPDF_GetFont(d, name, "UTF-8");
    doc.check("selecting a font");
    names[role] = name;
  }

  for (const auto& page : layout.pages) {
    HPDF_Page p = HPDF_AddPage(d);
    HPDF_Page_SetWidth(p, real(layout.width_pt, "page width"));
    HPDF_Page_SetHeight(p, real(layout.height_pt, "page height"));
    doc.check("adding a page");

    for (const auto& r : page.rules) {
      HPDF_Page_SetRGBStroke(p, real(r.color.r, "colour"), real(r.color.g, "colour"),
                             real(r.color.b, "colour"));
      HPDF_Page_SetLineWidth(p, real(r.width_pt, "rule width"));
      HPDF_Page_MoveTo(p, real(r.x1_pt, "rule x"), real(r.y1_pt, "rule y"));
      HPDF_Page_LineTo(p, real(r.x2_pt, "rule x"), real(r.y2_pt, "rule y"));
      HPDF_Page_Stroke(p);
    }
    doc.check("drawing rules");

    if (page.runs.empty()) continue;
    HPDF_Page_BeginText(p);
    std::optional<vocab::FontRole> font;
    double size = -1, char_space = 0, stroke = 0;
    layout::Rgb color{0, 0, 0};
    for (const auto& run : page.runs) {
      if (!font || *font != run.font || size != run.size_pt) {
        HPDF_Page_SetFontAndSize(p, fonts.at(run.font), real(run.size_pt, "font size"));
        font = run.font, size = run.size_pt;
      }
      for (char32_t c : run.text)
        if (c == 0 || c > 0xFFFF)
          throw std::logic_error("render_pdf: a code point the layout should have refused");
      const std::string utf8 = core::encode_utf8(run.text);
      // libharu's ShowText silently draws nothing when the text's width is zero: a run of only
      // combining marks (U+0301 alone) would vanish. A spacing of 1/1000 pt makes it draw; the
      // pen's move after the run does not matter, as every run is placed on its own.
      double spacing = run.char_space_pt;
      if (spacing == 0 &&
          HPDF_Font_TextWidth(fonts.at(run.font), reinterpret_cast<const HPDF_BYTE*>(utf8.data()),
                              static_cast<HPDF_UINT>(utf8.size()))
                  .width == 0)
        spacing = 0.001;
      if (spacing != char_space) {
        HPDF_Page_SetCharSpace(p, real(spacing, "character spacing"));
        char_space = spacing;
      }
      if (run.color.r != color.r || run.color.g != color.g || run.color.b != color.b) {
        HPDF_Page_SetRGBFill(p, real(run.color.r, "colour"), real(run.color.g, "colour"),
                             real(run.color.b, "colour"));
        color = run.color;
      }
      if (run.stroke_pt != stroke) {
        HPDF_Page_SetTextRenderingMode(p, run.stroke_pt > 0 ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
        if (run.stroke_pt > 0) {
          HPDF_Page_SetLineWidth(p, real(run.stroke_pt, "outline width"));
          HPDF_Page_SetRGBStroke(p, real(run.color.r, "colour"), real(run.color.g, "colour"),
                                 real(run.color.b, "colour"));
        }
        stroke = run.stroke_pt;
      }
      HPDF_Page_TextOut(p, real(run.x_pt, "text x"), real(run.y_pt, "text y"), utf8.c_str());
    }
    HPDF_Page_EndText(p);
    doc.check("setting text");
  }

  // Save to memory, never to a file: HPDF_SaveToFile can leave a truncated file behind.
  HPDF_SaveToStream(d);
  doc.check("saving the document");
  PdfDocument out;
  out.bytes.resize(HPDF_GetStreamSize(d));
  HPDF_UINT32 offset = 0;
  while (offset < out.bytes.size()) {
    HPDF_UINT32 len = static_cast<HPDF_UINT32>(out.bytes.size()) - offset;
    const HPDF_STATUS st =
        HPDF_ReadFromStream(d, reinterpret_cast<HPDF_BYTE*>(out.bytes.data()) + offset, &len);
    offset += len;
    if (st == HPDF_STREAM_EOF || len == 0) break;
    if (st != HPDF_OK) doc.check("reading the saved document");
  }
  if (offset != out.bytes.size())
    throw std::runtime_error("libharu: the saved document is truncated");
  doc.reset();  // HPDF_ReadFromStream reports the end of the stream as an error
  for (auto& [role, cps] : used) out.fonts.push_back({names[role], std::move(cps)});
  return out;
}

}  // namespace jb::pdf
