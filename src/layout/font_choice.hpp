// layout: which font sets a character. One rule for body text, tables and chart labels.
#pragma once

#include <optional>
#include <string>

#include "layout/text_measurer.hpp"

namespace jb::layout {

// The two roles a piece of text is set in: Han and punctuation, and Latin letters and digits.
struct FontPair {
  vocab::FontRole cjk = vocab::FontRole::song;
  vocab::FontRole latin = vocab::FontRole::latin;
};

// The role whose font sets `cp`: the pair's role for its script first, then that role's
// fallback chain (TextMeasurer::fallback), then the other role of the pair and its chain. A dash
// goes to the first font whose dash fills its cell, so that —— reads as one line. nullopt when
// no font has the character, and for any character outside the BMP.
std::optional<vocab::FontRole> choose_font(const TextMeasurer& m, FontPair pair, char32_t cp);

// "no font has the character '镕' (U+9555)".
std::string missing_character_message(char32_t cp);

}  // namespace jb::layout
