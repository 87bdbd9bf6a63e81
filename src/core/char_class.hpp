// core: character classes for Chinese line breaking and spacing (TYPOGRAPHY.md §1, §2).
#pragma once

namespace jb::core {

bool is_han(char32_t c);          // ideographs and other CJK letters
bool is_latin_alnum(char32_t c);  // Latin letters and digits (ASCII and Latin-1/Extended)
bool is_digit(char32_t c);
bool uses_latin_font(char32_t c);   // set in the Latin font role
bool never_line_start(char32_t c);  // B1: ，。、；：？！ closers ～ – · and friends
bool never_line_end(char32_t c);    // B1: openers
bool is_opener(char32_t c);
bool is_closer(char32_t c);
bool half_at_line_end(char32_t c);  // W3: closers and pause marks set in half width at line end
bool is_connector(char32_t c);      // no stretch next to it: ～ / ／ –
bool is_cjk_punct(char32_t c);
bool is_cjk_context(char32_t c);

// W1/F3: the cell a full-width mark occupies in CJK text whatever its glyph's advance, and
// where the glyph sits in it (openers flush right, closers and pause marks flush left, the
// ellipsis and the interpunct centred). width_em 0: the character keeps its font advance.
enum class CellPlacement { left, center, right };
struct PunctuationCell {
  double width_em = 0;
  CellPlacement place = CellPlacement::left;
};
PunctuationCell punctuation_cell(
    char32_t c);  // Han, CJK punctuation and full-width forms: no spaces around

}  // namespace jb::core
