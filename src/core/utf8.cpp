#include "core/utf8.hpp"

#include <cstdio>

namespace jb::core {

namespace {

// Reads the code points of `s` into `sink`; false, with *error_offset, at the first bad sequence
// (overlong forms, surrogates, bad continuation bytes, a truncated one).
template <typename Sink>
bool read_utf8(std::string_view s, std::size_t* error_offset, Sink&& sink) {
  std::size_t i = 0;
  auto fail = [&](std::size_t at) {
    if (error_offset) *error_offset = at;
    return false;
  };
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
      sink(b0);
      ++i;
      continue;
    }
    int extra = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
      extra = 1, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      extra = 2, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      extra = 3, cp = b0 & 0x07, min = 0x10000;
    } else {
      return fail(i);
    }
    if (i + static_cast<std::size_t>(extra) >= s.size()) return fail(i);  // truncated
    for (int k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((b & 0xC0) != 0x80) return fail(i);
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return fail(i);
    sink(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

}  // namespace

std::optional<std::u32string> decode_utf8(std::string_view s, std::size_t* error_offset) {
  std::u32string out;
  out.reserve(s.size());
  if (!read_utf8(s, error_offset, [&](char32_t cp) { out.push_back(cp); })) return std::nullopt;
  return out;
}

bool valid_utf8(std::string_view s, std::size_t* error_offset) {
  return read_utf8(s, error_offset, [](char32_t) {});
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string encode_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t cp : s) append_utf8(out, cp);
  return out;
}

std::string code_point_name(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::size_t find_private_plane(std::string_view s) {
  // U+F0000 to U+10FFFF: F3 B0–BF or F4 80–8F, then two continuation bytes.
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if ((a == 0xF3 && b >= 0xB0) || (a == 0xF4 && b <= 0x8F)) return i;
  }
  return std::string_view::npos;
}

}  // namespace jb::core
