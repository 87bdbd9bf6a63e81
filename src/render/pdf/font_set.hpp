// render/pdf: the document's fonts, opened once. Gives the layout stage glyph coverage and
// advance widths exactly as libharu will write them (1/1000 em, truncated), and gives the
// chart renderer FreeType faces of the same files.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "layout/text_measurer.hpp"
#include "model/document.hpp"

struct FT_FaceRec_;

namespace jb::pdf {

class FontSet final : public layout::TextMeasurer {
 public:
  // Opens every face. Throws core::UserError: missing_input when a file cannot be read,
  // invalid_spec when it is not a TrueType-outline font libharu 2.3.0 can embed (CFF .otf), or
  // one whose composite glyphs libharu's subsetter would break. That glyph check runs on every
  // font outside `pinned_folder` (the project's fonts/, pinned by SHA256SUMS and checked in CI).
  explicit FontSet(const std::vector<model::FontFace>& faces,
                   const std::filesystem::path& pinned_folder = {});
  ~FontSet() override;
  FontSet(const FontSet&) = delete;
  FontSet& operator=(const FontSet&) = delete;

  std::optional<double> advance_em(spec::FontRole role, char32_t cp) const override;
  std::optional<std::pair<double, double>> ink_extent_em(spec::FontRole role,
                                                         char32_t cp) const override;
  std::span<const spec::FontRole> fallback(spec::FontRole role) const override;

  // The FreeType face of a role (owned by this set; valid while it lives).
  FT_FaceRec_* ft_face(spec::FontRole role) const;
  const model::FontFace& face(spec::FontRole role) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jb::pdf
