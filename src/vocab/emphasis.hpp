// vocab: emphasis inside prose (**bold**, ~~kai~~): what the spec marks, the model carries per
// character and layout sets in a face; and the face a role's bold is set in.
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "vocab/font_role.hpp"

namespace jb::vocab {

// The emphasis of a character of prose. Both may hold: bold inside a kai span.
struct Emphasis {
  bool bold = false;
  bool kai = false;
  bool any() const { return bold || kai; }
  friend bool operator==(const Emphasis&, const Emphasis&) = default;
};

// How a role's bold is set: in another role's font (song -> hei), or the role's own font
// stroked around its outline (`fake`), as a word processor bolds a font that has no bold.
struct BoldFace {
  FontRole role = FontRole::song;
  bool stroked = false;
};

// typography.bold: a face per role the spec chose; a role without one takes layout's default.
struct BoldSpec {
  std::array<std::optional<BoldFace>, std::size(all_font_roles)> face;
  std::optional<BoldFace>& operator[](FontRole r) { return face[static_cast<std::size_t>(r)]; }
  const std::optional<BoldFace>& operator[](FontRole r) const {
    return face[static_cast<std::size_t>(r)];
  }
};

// The outline a stroked bold is drawn with, in ems of its size: fill, then stroke this wide.
inline constexpr double fake_bold_stroke_em = 0.035;

}  // namespace jb::vocab
