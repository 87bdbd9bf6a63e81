// layout (internal): where a long Latin word may be hyphenated at a line's end: libhyphen with
// the system's American English patterns (Debian's hyphen-en-us), found at run time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jb::layout::detail {

// Words shorter than this are never hyphenated.
constexpr std::size_t min_hyphenated_word = 7;

// The hyphenation points of `word` (ASCII letters): out[i] is true when a hyphen may follow
// word[i]. All false when the word is not hyphenated (too short, capitals inside, or no
// dictionary).
std::vector<bool> hyphenation_points(std::u32string_view word);

// Why no word is hyphenated: "" when the dictionary was loaded, else the files looked for.
const std::string& hyphenation_problem();

}  // namespace jb::layout::detail
