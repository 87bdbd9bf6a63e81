// layout: how the layout stage measures text. fonts/ implements it from the font files;
// tests use a fixed-width fake.
#pragma once

#include <optional>
#include <span>
#include <utility>

#include "vocab/font_role.hpp"

namespace jb::layout {

class TextMeasurer {
 public:
  virtual ~TextMeasurer() = default;
  // Advance width of `cp` in the font of `role`, in em, exactly as the PDF will record it;
  // nullopt when that font has no glyph for it.
  virtual std::optional<double> advance_em(vocab::FontRole role, char32_t cp) const = 0;

  // Horizontal extent of the glyph's ink (left, right), in em from its origin; nullopt when
  // unknown. Used to set dashes in a font whose dash fills its cell, so that —— is one line.
  virtual std::optional<std::pair<double, double>> ink_extent_em(vocab::FontRole, char32_t) const {
    return std::nullopt;
  }

  // The roles tried, in order, for a character the role's font lacks.
  virtual std::span<const vocab::FontRole> fallback(vocab::FontRole role) const {
    return vocab::default_fallback(role);
  }
};

}  // namespace jb::layout
