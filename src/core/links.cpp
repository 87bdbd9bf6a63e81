#include "core/links.hpp"

namespace jb::core {

namespace {

bool ascii_alnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
// What an address may hold: printable ASCII but for the space and the quotes and brackets that
// enclose one in prose.
bool address_char(char32_t c) {
  return c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '`';
}
bool email_local(char32_t c) {
  return ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool host_char(char32_t c) { return ascii_alnum(c) || c == '.' || c == '-'; }

// The end of an address starting at `b` that may run to `e`: trailing sentence punctuation and a
// closing parenthesis the address did not open are left out.
std::size_t trim_end(std::u32string_view t, std::size_t b, std::size_t e) {
  while (e > b) {
    const char32_t c = t[e - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'') {
      --e;
      continue;
    }
    if (c == ')') {
      int depth = 0;
      for (std::size_t k = b; k < e; ++k) depth += t[k] == '(' ? 1 : t[k] == ')' ? -1 : 0;
      if (depth < 0) {
        --e;
        continue;
      }
    }
    break;
  }
  return e;
}

bool starts_with(std::u32string_view t, std::size_t at, std::u32string_view what) {
  if (at + what.size() > t.size()) return false;
  for (std::size_t k = 0; k < what.size(); ++k) {
    char32_t c = t[at + k];
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    if (c != what[k]) return false;
  }
  return true;
}

// A web address at `i` (scheme://… or www.…): its end, or i when none starts there.
std::size_t url_at(std::u32string_view t, std::size_t i) {
  if (i > 0 && (ascii_alnum(t[i - 1]) || t[i - 1] == '.')) return i;
  std::size_t k = i;
  if (starts_with(t, i, U"www.")) {
    k = i + 4;
  } else {
    while (k < t.size() && (ascii_alnum(t[k]) || t[k] == '+' || t[k] == '-' || t[k] == '.')) ++k;
    if (k == i || !(t[i] >= 'A' && t[i] <= 'z') || !starts_with(t, k, U"://")) return i;
    k += 3;
  }
  if (k >= t.size() || !ascii_alnum(t[k])) return i;
  while (k < t.size() && address_char(t[k])) ++k;
  return trim_end(t, i, k);
}

// An e-mail address around the @ at `at`: [begin, end), or nullopt-like {at, at}.
LinkSpan email_at(std::u32string_view t, std::size_t at) {
  std::size_t b = at, e = at + 1;
  while (b > 0 && email_local(t[b - 1])) --b;
  while (b < at && t[b] == '.') ++b;
  while (e < t.size() && host_char(t[e])) ++e;
  while (e > at + 1 && (t[e - 1] == '.' || t[e - 1] == '-')) --e;
  bool dot = false;
  for (std::size_t k = at + 2; k + 1 < e; ++k) dot = dot || t[k] == '.';
  if (b == at || !dot) return {at, at, LinkKind::email};
  return {b, e, LinkKind::email};
}

}  // namespace

std::vector<LinkSpan> find_links(std::u32string_view t) {
  std::vector<LinkSpan> out;
  std::size_t i = 0;
  while (i < t.size()) {
    if (const std::size_t e = url_at(t, i); e > i) {
      out.push_back({i, e, LinkKind::url});
      i = e;
      continue;
    }
    if (t[i] == '@') {
      const LinkSpan m = email_at(t, i);
      if (m.end > m.begin) {
        if (!out.empty() && out.back().end > m.begin) out.pop_back();  // a user@ URL prefix
        out.push_back(m);
        i = m.end;
        continue;
      }
    }
    ++i;
  }
  return out;
}

}  // namespace jb::core
