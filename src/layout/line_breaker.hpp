// layout: where a line may break (UAX #14 via ICU, tailored for Chinese per TYPOGRAPHY.md §1)
// and how a paragraph's glyphs are set into justified lines (§2).
#pragma once

#include <string_view>
#include <vector>

#include "vocab/font_role.hpp"

namespace jb::layout {

// breaks[i] is true when a line may end before text[i]; size n + 1, breaks[n] is true.
// strict (B1 option): —— may not start a line either.
std::vector<bool> find_breaks(std::u32string_view text, bool strict = false);

// Word boundaries: true before text[i] when a word starts there. ICU's dictionary-based word
// breaker for Chinese, with the terms and names it cuts joined again (words.hpp).
std::vector<bool> word_starts(std::u32string_view text);

// Breaks (as find_breaks gives them) kept only where a word starts and never between a number
// and its unit (2025年): for the texts that break only between words (titles, 主送, headings,
// table headers, chart labels). A word wider than its line still breaks (set_lines).
void keep_words(std::u32string_view text, std::vector<bool>& breaks);

// A character with its font and measured advance, ready to be set.
struct ShapedGlyph {
  char32_t cp = 0;
  vocab::FontRole font = vocab::FontRole::song;
  double advance_pt = 0;       // the cell: what the line advances by (W1)
  double gap_before_pt = 0;    // Han–Latin gap (W5); dropped at a line start
  double pen_offset_pt = 0;    // where the glyph is drawn inside its cell (F3)
  double font_advance_pt = 0;  // what the PDF font advances by; advance_pt unless placed (F3)
  double stroke_pt = 0;        // > 0: a stroked bold (the regular face, outlined this wide)
  // A hyphenation point after this glyph (a long Latin word): the hyphen drawn when a line
  // ends here, and its advance; hyphen 0 when there is none.
  char32_t hyphen = 0;
  double hyphen_pt = 0;
  // A narrow quotation mark centred in its cell (F3): its ink's centre from its pen, > 0; set
  // in half a cell (at a line's edge) it is centred in the half by the text it quotes.
  double ink_centre_pt = 0;
};

struct LineGlyph {
  char32_t cp = 0;
  vocab::FontRole font = vocab::FontRole::song;
  double x_pt = 0;  // from the left edge of the text column
  double advance_pt = 0;
  double pen_offset_pt = 0;    // the glyph is drawn at x_pt + pen_offset_pt
  double font_advance_pt = 0;  // and advances the PDF's pen by this much
  double stroke_pt = 0;        // its outline (a stroked bold), or 0
};

struct SetLine {
  std::vector<LineGlyph> glyphs;
  double natural_width_pt = 0;  // before justification, with the line-end mark in half width
};

enum class LineAlign { justify, left, center, right };

struct LineStyle {
  double size_pt = 12;         // the em
  double width_pt = 0;         // column width
  double first_indent_pt = 0;  // P1: 2 em on paragraphs
  LineAlign align = LineAlign::justify;
  bool trim_opener_at_start = true;  // W3: an opening bracket starting a line drops half an em
  // W4: a line may be squeezed by setting its marks (，。（ …) narrower. Off on a character grid
  // (gbt9704): there a mark keeps its cell, and a line that cannot take the mark after it
  // pushes its last character down instead.
  bool squeeze_marks = true;
};

// Breaks `glyphs` into lines no wider than the column (greedy, never at a forbidden place
// unless a single unbreakable run is wider than the column) and positions every glyph.
// Every line but the last is justified to both edges when align is justify; a line that would
// be spread beyond max_spread_em per gap ends with the hyphenated part of the next word when
// that word has a hyphenation point that fits (its hyphen is the line's last glyph).
constexpr double max_spread_em = 0.1;
std::vector<SetLine> set_lines(const std::vector<ShapedGlyph>& glyphs,
                               const std::vector<bool>& breaks, const LineStyle& style);

}  // namespace jb::layout
