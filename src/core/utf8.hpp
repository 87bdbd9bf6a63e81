// core: strict UTF-8 decoding and encoding. Invalid input is reported, never dropped.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jb::core {

// Decodes UTF-8. Returns nullopt for invalid input (overlong forms, surrogates, bad
// continuation bytes); *error_offset then holds the byte offset of the first bad sequence.
std::optional<std::u32string> decode_utf8(std::string_view s, std::size_t* error_offset = nullptr);

// Whether `s` is valid UTF-8, by the same rules, without decoding it (a 64 MiB file would take
// 256 MiB as UTF-32); *error_offset as above.
bool valid_utf8(std::string_view s, std::size_t* error_offset = nullptr);

// Encodes one code point or a whole string as UTF-8.
void append_utf8(std::string& out, char32_t cp);
std::string encode_utf8(std::u32string_view s);

// The number of code points in valid UTF-8 (lead bytes counted).
std::size_t count_code_points(std::string_view s);

// The byte offset of the first code point of the private-use planes 15 and 16 (U+F0000 up) in
// valid UTF-8, or npos. No font prints them, and the model marks footnotes with them: an input
// holding one is refused where it holds it.
std::size_t find_private_plane(std::string_view s);

// "U+4E2D" style name of a code point.
std::string code_point_name(char32_t cp);

}  // namespace jb::core
