#include "layout/font_choice.hpp"

#include "core/char_class.hpp"
#include "core/utf8.hpp"

namespace jb::layout {

using namespace core;  // character classes

using vocab::FontRole;

namespace {

bool dash_fills_cell(const TextMeasurer& m, FontRole r, char32_t c) {
  const auto ink = m.ink_extent_em(r, c);
  const auto adv = m.advance_em(r, c);
  return ink && adv && *adv >= 0.99 && ink->first <= 0.02 && ink->second >= *adv - 0.02;
}

}  // namespace

std::optional<FontRole> choose_font(const TextMeasurer& m, FontPair pair, char32_t cp) {
  if (cp > 0xFFFF) return std::nullopt;  // libharu 2.3.0 prints these as blanks
  const FontRole preferred = uses_latin_font(cp) ? pair.latin : pair.cjk;
  const FontRole heads[] = {preferred, pair.cjk, pair.latin};
  // Each head role, then its fallback chain; the first font with a glyph sets the character,
  // except that a dash goes to the first whose dash fills its cell, so that —— is one line.
  auto first = [&](auto&& usable) -> std::optional<FontRole> {
    for (const FontRole head : heads) {
      if (usable(head)) return head;
      for (const FontRole r : m.fallback(head))
        if (usable(r)) return r;
    }
    return std::nullopt;
  };
  if (cp == 0x2014 || cp == 0x2015)
    if (auto dash = first([&](FontRole r) { return dash_fills_cell(m, r, cp); })) return dash;
  return first([&](FontRole r) { return m.advance_em(r, cp).has_value(); });
}

namespace {

vocab::BoldFace default_han_bold(FontRole r) {
  switch (r) {
    case FontRole::song:
    case FontRole::fang:
      return {FontRole::hei, false};
    case FontRole::hei:
    case FontRole::hei_bold:
      return {FontRole::hei_bold, false};
    default:
      return {r, true};
  }
}

vocab::BoldFace default_latin_bold(FontRole r, FontRole han) {
  const bool sans_han = han == FontRole::hei || han == FontRole::hei_bold;
  if (r == FontRole::latin) return {sans_han ? FontRole::latin_sans_bold : FontRole::latin_bold};
  if (r == FontRole::latin_sans) return {FontRole::latin_sans_bold};
  return {r, r != FontRole::latin_bold && r != FontRole::latin_sans_bold};
}

}  // namespace

BoldPair bold_pair(const vocab::BoldSpec& spec, FontPair regular) {
  const vocab::BoldFace han = spec[regular.cjk].value_or(default_han_bold(regular.cjk));
  const vocab::BoldFace latin =
      spec[regular.latin].value_or(default_latin_bold(regular.latin, han.role));
  return {{han.role, latin.role}, han.stroked, latin.stroked};
}

core::Text missing_character_message(char32_t cp) {
  return core::say("no font has the character '{}' ({})", core::encode_utf8(std::u32string(1, cp)),
                   core::code_point_name(cp));
}

}  // namespace jb::layout
