#include "fonts/font_set.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include <new>
#include <stdexcept>

#include "core/text_file.hpp"
#include "fonts/font_check.hpp"
#include "fonts/font_file.hpp"

namespace jb::fonts {

using core::ExitCode;
using core::UserError;

struct FontSet::Impl {
  FT_Library library = nullptr;
  struct Entry {
    model::FontFace file;
    std::shared_ptr<const FontFile> bytes;  // what `face` reads; outlives it
    FT_Face face = nullptr;
    FT_UInt units_per_em = 1000;
  };
  std::vector<Entry> entries;

  ~Impl() {
    for (auto& e : entries)
      if (e.face) FT_Done_Face(e.face);
    if (library) FT_Done_FreeType(library);
  }

  const Entry& get(vocab::FontRole role) const {
    for (const auto& e : entries)
      if (e.file.role == role) return e;
    throw std::logic_error(std::string("FontSet: no font for role ") + vocab::font_role_name(role));
  }
};

namespace {

// The checks before a font file is read: within the size limit, a regular file that opens.
bool readable(const model::FontFace& f, const std::string& role,
              std::vector<core::Diagnostic>& problems, ExitCode& code) {
  if (std::uintmax_t bytes = 0; font_too_large(f.file, &bytes)) {
    problems.push_back(core::make_diagnostic(
        core::Severity::error, f.where,
        core::say("the {} font '{}' is {} bytes, more than the limit of {}", role, f.file.string(),
                  bytes, max_font_bytes),
        core::say("a font file is a few tens of MB at most; is this the right file?")));
    return false;
  }
  try {  // a regular file within bounds, before FreeType reads it
    core::check_input_file(f.file, f.where, max_font_bytes, ExitCode::invalid_spec);
  } catch (const UserError& e) {
    if (e.code() != ExitCode::invalid_spec) code = e.code();
    for (auto d : e.diagnostics()) {  // "cannot open the song font '…': …" (in English)
      d.message = d.message.starts_with("cannot open ")
                      ? core::say("cannot open the {} font {}", role, d.message.substr(12)).str()
                      : core::say("the {} font: {}", role, d.message).str();
      problems.push_back(std::move(d));
    }
    return false;
  }
  return true;
}

// The FreeType face of `f`, over its FontFile (kept in `bytes`); nullptr, its problem told,
// when FreeType cannot open it.
FT_Face open_face(FT_Library library, const model::FontFace& f, const std::string& role,
                  std::shared_ptr<const FontFile>& bytes, std::vector<core::Diagnostic>& problems,
                  ExitCode& code) {
  FT_Face face = nullptr;
  FT_Error err = FT_Err_Cannot_Open_Resource;
  try {
    bytes = FontFile::open(f.file);
    err = FT_New_Memory_Face(library, bytes->data(), static_cast<FT_Long>(bytes->size()),
                             f.face_index, &face);
  } catch (const UserError&) {
    throw;  // the run's resources (ulimit -n), said as such
  } catch (const std::runtime_error&) {
    // gone or changed since it was checked: reported as a file FreeType cannot open
  }
  if (err == FT_Err_Out_Of_Memory || (err && font_open_failed_for_memory(f.file)))
    throw std::bad_alloc();
  if (!err) return face;
  std::error_code ec;
  const bool exists = std::filesystem::exists(f.file, ec);
  if (!exists) code = ExitCode::missing_input;
  problems.push_back(core::make_diagnostic(
      core::Severity::error, f.where,
      exists ? core::say("cannot open the {} font '{}' (not a font, or no face {} in it)", role,
                         f.file.string(), f.face_index)
             : core::say("cannot open the {} font '{}': no such file", role, f.file.string())));
  return nullptr;
}

// Whether libharu 2.3.0 can embed the face: TrueType outlines, and (for a font outside the
// pinned folder) no composite glyph its subsetter would break.
bool embeddable(FT_Face face, const model::FontFace& f, const std::string& role,
                const std::filesystem::path& pinned_folder,
                std::vector<core::Diagnostic>& problems) {
  FT_ULong glyf_len = 0;
  const bool truetype =
      FT_IS_SFNT(face) && FT_Load_Sfnt_Table(face, TTAG_glyf, 0, nullptr, &glyf_len) == 0;
  if (!truetype) {
    problems.push_back(core::make_diagnostic(
        core::Severity::error, f.where,
        core::say("the {} font '{}' has no TrueType outlines", role, f.file.string()),
        core::say("libharu 2.3.0 embeds only TrueType (.ttf/.ttc) fonts, not CFF (.otf) ones")));
    return false;
  }
  if (!pinned_folder.empty() && inside_folder(f.file, pinned_folder)) return true;
  const CompositeCheck check = check_composites(face);
  if (check.ok()) return true;
  std::string detail = check.malformed;
  if (detail.empty()) {
    detail = core::say("{} characters would print wrong or partly: ", check.broken).str();
    for (std::size_t i = 0; i < check.examples.size(); ++i)
      detail += (i ? "; " : "") + check.examples[i];
  }
  problems.push_back(core::make_diagnostic(
      core::Severity::error, f.where,
      core::say("the {} font '{}' cannot be embedded safely: {}", role, f.file.string(), detail),
      core::say("libharu 2.3.0 breaks composite glyphs whose parts have ids >= 32768 or are "
                "composite themselves; use a font without them, or decompose its composites "
                "(fontTools)")));
  return false;
}

}  // namespace

FontSet::FontSet(const std::vector<model::FontFace>& faces,
                 const std::filesystem::path& pinned_folder)
    : impl_(std::make_unique<Impl>()) {
  if (FT_Init_FreeType(&impl_->library)) throw std::bad_alloc();  // its only failure
  std::vector<core::Diagnostic> problems;
  ExitCode code = ExitCode::invalid_spec;
  for (const model::FontFace& f : faces) {
    const std::string role = vocab::font_role_name(f.role);
    if (!readable(f, role, problems, code)) continue;
    std::shared_ptr<const FontFile> bytes;
    FT_Face face = open_face(impl_->library, f, role, bytes, problems, code);
    if (!face) continue;
    if (!embeddable(face, f, role, pinned_folder, problems)) {
      FT_Done_Face(face);
      continue;
    }
    impl_->entries.push_back(
        {f, std::move(bytes), face, face->units_per_EM ? face->units_per_EM : 1000u});
  }
  if (!problems.empty()) throw UserError(code, std::move(problems));
}

FontSet::~FontSet() = default;

std::optional<double> FontSet::advance_em(vocab::FontRole role, char32_t cp) const {
  const Impl::Entry& e = impl_->get(role);
  const FT_UInt gid = FT_Get_Char_Index(e.face, cp);
  if (gid == 0) return std::nullopt;
  FT_Fixed advance = 0;
  if (FT_Get_Advance(e.face, gid, FT_LOAD_NO_SCALE, &advance)) return std::nullopt;
  // libharu writes widths as advance * 1000 / unitsPerEm in integer arithmetic; so do we, so
  // that our positions and the PDF's own glyph widths agree to the unit.
  const auto width = static_cast<unsigned long>(advance) * 1000ul / e.units_per_em;
  return static_cast<double>(width) / 1000.0;
}

std::optional<std::pair<double, double>> FontSet::ink_extent_em(vocab::FontRole role,
                                                                char32_t cp) const {
  const Impl::Entry& e = impl_->get(role);
  const FT_UInt gid = FT_Get_Char_Index(e.face, cp);
  if (gid == 0 || FT_Load_Glyph(e.face, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING))
    return std::nullopt;
  const FT_Glyph_Metrics& m = e.face->glyph->metrics;
  const double upm = e.units_per_em;
  return std::pair{static_cast<double>(m.horiBearingX) / upm,
                   static_cast<double>(m.horiBearingX + m.width) / upm};
}

std::span<const vocab::FontRole> FontSet::fallback(vocab::FontRole role) const {
  return impl_->get(role).file.fallback;
}

const model::FontFace& FontSet::face(vocab::FontRole role) const { return impl_->get(role).file; }

}  // namespace jb::fonts
