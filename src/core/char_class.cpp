#include "core/char_class.hpp"

#include <string_view>

namespace jb::core {

namespace {
bool in(std::u32string_view set, char32_t c) { return set.find(c) != std::u32string_view::npos; }

constexpr std::u32string_view openers = U"（《〈「『【〔〖［｛“‘(［";
constexpr std::u32string_view closers = U"）》〉」』】〕〗］｝”’)";
constexpr std::u32string_view pause_marks = U"，。、；：？！";
constexpr std::u32string_view other_no_start = U"～–·‧・/／%‰℃";
}  // namespace

bool is_han(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) ||
         (c >= 0x3040 && c <= 0x30FF) || c == 0x3007;
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

bool is_latin_alnum(char32_t c) {
  return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

bool uses_latin_font(char32_t c) {
  if (c == 0xB7 || c == 0xD7 || c == 0xF7) return false;  // · × ÷ follow the CJK font
  return c < 0x250 || (c >= 0x2000 && c <= 0x200F) || c == 0x2030 || c == 0x2013 || c == 0x20AC;
}

bool is_opener(char32_t c) { return in(openers, c); }
bool is_closer(char32_t c) { return in(closers, c); }

bool never_line_start(char32_t c) {
  return in(pause_marks, c) || in(closers, c) || in(other_no_start, c);
}
bool never_line_end(char32_t c) { return in(openers, c) || c == '/' || c == 0xFF0F; }

bool half_at_line_end(char32_t c) { return in(pause_marks, c) || (in(closers, c) && c != ')'); }

bool is_connector(char32_t c) { return c == 0xFF5E || c == '/' || c == 0xFF0F || c == 0x2013; }

bool is_cjk_punct(char32_t c) {
  return in(pause_marks, c) || in(openers, c) || in(closers, c) || c == 0x2014 || c == 0x2026 ||
         c == 0xB7;
}

bool is_cjk_context(char32_t c) {
  return is_han(c) || is_cjk_punct(c) || (c >= 0x2E80 && c <= 0x303F) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) || c == 0x2018 || c == 0x2019;
}

PunctuationCell punctuation_cell(char32_t c) {
  if (c == 0xB7 || c == 0x30FB) return {0.5, CellPlacement::center};    // · (GB/T 15834: half)
  if (c == 0x2026 || c == 0x203B) return {1.0, CellPlacement::center};  // … ※
  if (c == '(' || c == ')' || c == '[' || c == ']') return {};  // Latin brackets keep theirs
  const bool full_width_form = (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
                               (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
  const bool cjk_mark =
      (c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F);
  const bool quote = c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D;
  if (!full_width_form && !cjk_mark && !quote) return {};
  return {1.0, is_opener(c) ? CellPlacement::right : CellPlacement::left};
}

}  // namespace jb::core
