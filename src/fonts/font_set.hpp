// fonts: the document's fonts, opened once (each file's bytes a FontFile). Implements layout's
// TextMeasurer: glyph coverage and advance widths exactly as libharu will write them (1/1000
// em, truncated); and gives the chart renderer each role's FreeType face and file.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "layout/text_measurer.hpp"
#include "model/document.hpp"

namespace jb::fonts {

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

  std::optional<double> advance_em(vocab::FontRole role, char32_t cp) const override;
  std::optional<std::pair<double, double>> ink_extent_em(vocab::FontRole role,
                                                         char32_t cp) const override;
  std::span<const vocab::FontRole> fallback(vocab::FontRole role) const override;

  const model::FontFace& face(vocab::FontRole role) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jb::fonts
