// vocab: the font roles every stage names (fonts/README.md) — the spec assigns files to them,
// layout chooses one per character, the renderers embed and draw them.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace jb::vocab {

// song 宋 (body), hei 黑 (headings, captions), kai 楷, fang 仿宋, and the Latin fonts that set
// letters and digits beside them.
enum class FontRole {
  song,
  hei,
  hei_bold,
  kai,
  fang,
  latin,
  latin_bold,
  latin_sans,
  latin_sans_bold
};
inline constexpr FontRole all_font_roles[] = {
    FontRole::song,       FontRole::hei,        FontRole::hei_bold,
    FontRole::kai,        FontRole::fang,       FontRole::latin,
    FontRole::latin_bold, FontRole::latin_sans, FontRole::latin_sans_bold};

// The role's name as a spec writes it: "song", "latin_sans_bold".
const char* font_role_name(FontRole role);
std::optional<FontRole> font_role_from_name(std::string_view name);
// The roles tried, in order, for a character the role's own font lacks: song -> hei -> kai ->
// fang, fang -> song -> ..., and a bold role falls back to its regular one first.
std::span<const FontRole> default_fallback(FontRole role);

}  // namespace jb::vocab
