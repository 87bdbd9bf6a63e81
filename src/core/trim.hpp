// core: white space at the ends of a text, in the two senses the stages mean by it.
#pragma once

#include <string_view>

namespace jb::core {

// Spaces and tabs: the blanks inside one line (a CSV cell, a formatter's argument). A line end
// there is content, and an expression that holds one is refused rather than read.
inline constexpr std::string_view blanks = " \t";
// Blanks and line ends: the white space of a YAML scalar, which may span lines (a placeholder in
// a literal block, a value that is only white space).
inline constexpr std::string_view white_space = " \t\r\n";

// `s` without the characters of `set` at either end: a view into `s`.
constexpr std::string_view trim(std::string_view s, std::string_view set = blanks) {
  const auto b = s.find_first_not_of(set);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(set) - b + 1);
}

// Nothing but characters of `set` (or nothing at all).
constexpr bool is_blank(std::string_view s, std::string_view set = blanks) {
  return s.find_first_not_of(set) == std::string_view::npos;
}

}  // namespace jb::core
