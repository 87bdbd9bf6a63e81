#include "model/notes.hpp"

#include "core/utf8.hpp"

namespace jb::model::detail {

namespace {

bool starts_with(const std::u32string& s, std::u32string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

// The length of a leading item number: 1. 1． 1、 （1） (1), with the blanks after it; 0: none.
std::size_t number_length(const std::u32string& s) {
  std::size_t i = 0;
  const bool bracketed = !s.empty() && (s[0] == U'（' || s[0] == U'(');
  if (bracketed) ++i;
  const std::size_t digits = i;
  while (i < s.size() && is_ascii_digit(s[i])) ++i;
  if (i == digits || i >= s.size()) return 0;
  if (bracketed ? (s[i] != U'）' && s[i] != U')')
                : (s[i] != U'.' && s[i] != U'．' && s[i] != U'、' && s[i] != U'：' && s[i] != U':'))
    return 0;
  // 12.8%… is a figure, not item 12: a point with a digit after it is a decimal point.
  if ((s[i] == U'.' || s[i] == U'．') && i + 1 < s.size() && is_ascii_digit(s[i + 1])) return 0;
  ++i;
  while (i < s.size() && (s[i] == U' ' || s[i] == U'\u3000')) ++i;
  return i < s.size() ? i : 0;
}

}  // namespace

DataNote data_note(const std::string& row) {
  std::u32string s = core::decode_utf8(row).value_or(U"");
  DataNote out;
  if (starts_with(s, U"资料来源") || starts_with(s, U"数据来源") || starts_with(s, U"来源") ||
      starts_with(s, U"说明")) {
    out.text = row;
    out.source = true;
    return out;
  }
  std::size_t drop = 0;
  if (starts_with(s, U"备注：") || starts_with(s, U"备注:"))
    drop = 3;
  else if (starts_with(s, U"注：") || starts_with(s, U"注:"))
    drop = 2;
  else if (starts_with(s, U"注") && s.size() > 1 && is_ascii_digit(s[1]))  // 注1：…
    drop = 1;
  while (drop < s.size() && (s[drop] == U' ' || s[drop] == U'\u3000')) ++drop;
  drop += number_length(s.substr(drop));
  out.text = core::encode_utf8(s.substr(drop));
  out.dropped = drop;
  return out;
}

}  // namespace jb::model::detail
