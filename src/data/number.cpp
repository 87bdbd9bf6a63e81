#include "data/number.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/message.hpp"
#include "core/utf8.hpp"

namespace jb::data {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// "13,500" or "1,234,567.89": groups of three after the first.
bool grouped_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  const std::size_t start = i;
  while (i < s.size() && digit(s[i])) ++i;
  if (i == start || i - start > 3 || i >= s.size() || s[i] != ',') return false;
  while (i < s.size() && s[i] == ',') {
    if (i + 4 > s.size() || !digit(s[i + 1]) || !digit(s[i + 2]) || !digit(s[i + 3])) return false;
    i += 4;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t frac = i;
    while (i < s.size() && digit(s[i])) ++i;
    if (i == frac) return false;
  }
  return i == s.size();
}

}  // namespace

std::optional<double> parse_number(std::string_view s, std::string* why) {
  auto fail = [&](const char* reason) -> std::optional<double> {
    if (why) *why = reason;
    return std::nullopt;
  };
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  // Significant digits: from the first that is not a zero (0.000000000000001 has one).
  std::size_t digits = 0, int_digits = 0;
  auto count = [&] { digits += digits > 0 || s[i] != '0'; };
  while (i < s.size() && digit(s[i])) count(), ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t frac = 0;
    while (i < s.size() && digit(s[i])) count(), ++i, ++frac;
    if (frac == 0) return fail(core::tr("a decimal point needs digits after it"));
  }
  if (int_digits == 0)
    return fail(core::tr("not a plain decimal number (digits, one point, a sign)"));
  if (int_digits > 1 && s[s[0] == '-' || s[0] == '+' ? 1 : 0] == '0')
    return fail(core::tr("a leading zero (YAML 1.1 and some tools read 010 as octal 8)"));
  if (i != s.size()) {
    const std::string_view rest = s.substr(i);
    if (rest.find_first_of("eE") == 0)
      return fail(core::tr("exponents (1e300) are not figures a briefing prints"));
    return fail(core::tr("not a plain decimal number (digits, one point, a sign)"));
  }
  if (digits > 15) return fail(core::tr("more than 15 significant digits"));
  double v = 0;
  const char* b = s.data() + (s[0] == '+' ? 1 : 0);
  const auto [p, ec] = std::from_chars(b, s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v))
    return fail(core::tr("not a plain decimal number (digits, one point, a sign)"));
  if (std::fabs(v) >= 1e15) return fail(core::tr("10^15 or more: beyond what a briefing prints"));
  return v;
}

std::string normalize_cell(std::string_view cell) {
  // ASCII without a comma or blanks around it is as published (most cells of a large table):
  // kept without decoding it.
  auto ascii_blank = [](char c) { return c == ' ' || c == '\t'; };
  if (std::none_of(cell.begin(), cell.end(),
                   [](char c) { return static_cast<unsigned char>(c) >= 0x80 || c == ','; }) &&
      (cell.empty() || (!ascii_blank(cell.front()) && !ascii_blank(cell.back()))))
    return std::string(cell);
  const auto decoded = core::decode_utf8(cell);
  if (!decoded) return std::string(cell);
  std::u32string t = *decoded;
  // Full-width forms of digits (Excel with a Chinese IME), and two look-alikes.
  bool full_width_digits = false;
  for (char32_t& c : t) {
    if (c >= 0xFF10 && c <= 0xFF19) c = U'0' + (c - 0xFF10), full_width_digits = true;
    if (c == 0x30FB) c = 0xB7;    // ・ -> ·
    if (c == 0x2015) c = 0x2014;  // ― -> —
  }
  // Blanks (ASCII and the ideographic space) around the value.
  auto blank = [](char32_t c) { return c == U' ' || c == U'\t' || c == 0x3000 || c == 0xA0; };
  std::size_t b = 0, e = t.size();
  while (b < e && blank(t[b])) ++b;
  while (e > b && blank(t[e - 1])) --e;
  t = t.substr(b, e - b);
  // Signs, points, separators and % of a figure written in full-width forms or with U+2212.
  auto is_digit = [&](std::size_t k) { return k < t.size() && t[k] >= U'0' && t[k] <= U'9'; };
  for (std::size_t k = 0; k < t.size(); ++k) {
    const bool before = k > 0 && is_digit(k - 1), after = is_digit(k + 1);
    if (k == 0 && after && (t[k] == 0x2212 || t[k] == 0xFF0D || t[k] == 0xFE63)) t[k] = U'-';
    if (k == 0 && after && t[k] == 0xFF0B) t[k] = U'+';
    if (t[k] == 0xFF05 && before && k + 1 == t.size()) t[k] = U'%';
    if (!full_width_digits) continue;  // ，and ． in text written with ASCII digits stay
    if (t[k] == 0xFF0E && before && after) t[k] = U'.';
    if (t[k] == 0xFF0C && before && after) t[k] = U',';
  }
  std::string out = core::encode_utf8(t);
  if (grouped_number(out)) std::erase(out, ',');
  return out;
}

bool is_missing_mark(std::string_view s) {
  static constexpr std::string_view marks[] = {"-", "--", "—", "——", "…",  "……", "...",
                                               "/", "x",  "X", "×",  "－", "–",  "−"};
  for (std::string_view m : marks)
    if (s == m) return true;
  return false;
}

std::optional<std::string> without_percent(std::string_view s) {
  if (s.size() < 2 || s.back() != '%') return std::nullopt;
  s.remove_suffix(1);
  if (!parse_number(s)) return std::nullopt;
  return std::string(s);
}

int indentation_level(std::string_view raw) {
  int ideographic = 0, ascii = 0;
  while (true) {
    if (raw.substr(0, 3) == "\xE3\x80\x80")
      ++ideographic, raw.remove_prefix(3);
    else if (!raw.empty() && raw[0] == ' ')
      ++ascii, raw.remove_prefix(1);
    else
      break;
  }
  return ideographic + ascii / 2;
}

}  // namespace jb::data
