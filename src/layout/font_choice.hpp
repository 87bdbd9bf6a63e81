// layout: which font sets a character. One rule for body text, tables and chart labels.
#pragma once

#include <optional>
#include <string>

#include "core/message.hpp"
#include "layout/text_measurer.hpp"
#include "vocab/emphasis.hpp"

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

// The pair **bold** text of `regular` is set in, and which side is the regular face stroked.
struct BoldPair {
  FontPair pair;
  bool cjk_stroked = false, latin_stroked = false;
};
// typography.bold's face for each role of the pair, else the default: 黑体 for 宋体 and 仿宋
// (the lead sentences of Chinese briefings), hei_bold for hei, a stroked kai (no common kai has
// a bold), and beside them latin_sans_bold when the Han is in a hei, else latin_bold.
BoldPair bold_pair(const vocab::BoldSpec& spec, FontPair regular);

// "no font has the character '镕' (U+9555)".
core::Text missing_character_message(char32_t cp);

}  // namespace jb::layout
