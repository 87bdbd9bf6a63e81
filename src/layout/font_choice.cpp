#include "layout/font_choice.hpp"

#include "core/char_class.hpp"
#include "core/utf8.hpp"

namespace jb::layout {

using namespace core;  // character classes

using spec::FontRole;

namespace {

bool dash_fills_cell(const TextMeasurer& m, FontRole r, char32_t c) {
  const auto ink = m.ink_extent_em(r, c);
  const auto adv = m.advance_em(r, c);
  return ink && adv && *adv >= 0.99 && ink->first <= 0.02 && ink->second >= *adv - 0.02;
}

}  // namespace

std::optional<FontRole> choose_font(const TextMeasurer& m, FontPair pair, char32_t cp) {
  const FontRole preferred = uses_latin_font(cp) ? pair.latin : pair.cjk;
  const FontRole chain[] = {preferred,     pair.cjk,      FontRole::song,
                            FontRole::hei, FontRole::kai, pair.latin};
  if (cp == 0x2014 || cp == 0x2015)
    for (FontRole r : chain)
      if (dash_fills_cell(m, r, cp)) return r;
  for (FontRole r : chain)
    if (m.advance_em(r, cp)) return r;
  return std::nullopt;
}

std::string missing_character_message(char32_t cp) {
  return "no font has the character '" + core::encode_utf8(std::u32string(1, cp)) + "' (" +
         core::code_point_name(cp) + ")";
}

}  // namespace jb::layout
