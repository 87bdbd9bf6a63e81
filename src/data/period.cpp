#include "data/period.hpp"

#include <cctype>

#include "core/utf8.hpp"

namespace jb::data {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// A whole number 1..max written in ASCII digits, or 0.
int small_number(std::string_view s, int max) {
  if (s.empty() || s.size() > 2 || !all_digits(s) || (s.size() == 2 && s[0] == '0')) return 0;
  const int v = std::stoi(std::string(s));
  return v >= 1 && v <= max ? v : 0;
}

const char* const quarter_zh[] = {"", "一", "二", "三", "四"};

std::optional<Period> parse_code(int year, std::string_view rest) {
  Period p;
  p.year = year;
  if (rest.empty()) return p;
  const char kind = rest[0];
  rest.remove_prefix(1);
  if (kind == 'Q' || kind == 'M') {
    const int max = kind == 'Q' ? 4 : 12;
    p.kind = kind == 'Q' ? Period::Kind::quarters : Period::Kind::months;
    if (kind == 'M' && !rest.empty() && rest.back() == 'E') {
      p.kind = Period::Kind::month_end;
      rest.remove_suffix(1);
    }
    const auto dash = rest.find('-');
    if (dash == std::string_view::npos) {
      p.first = p.last = small_number(rest, max);
      if (p.first == 0) return std::nullopt;
      if (kind == 'Q' && p.first == 1 && p.last == 4) p.kind = Period::Kind::year;
      return p;
    }
    if (p.kind == Period::Kind::month_end) return std::nullopt;
    p.first = small_number(rest.substr(0, dash), max);
    p.last = small_number(rest.substr(dash + 1), max);
    if (!p.first || !p.last || p.first >= p.last) return std::nullopt;
    if (p.first == 1 && p.last == max) p.kind = Period::Kind::year;
    return p;
  }
  return std::nullopt;
}

// "年前三季度", "年1—9月", "年9月末", "年一季度", "年上半年", "年" after the year.
std::optional<Period> parse_chinese(int year, std::string_view rest) {
  if (rest.substr(0, 3) != "年") return std::nullopt;
  rest.remove_prefix(3);
  Period p;
  p.year = year;
  if (rest.empty() || rest == "全年") return p;
  if (rest == "上半年") return parse_code(year, "Q1-2");
  for (int q = 1; q <= 4; ++q) {
    if (rest == std::string(quarter_zh[q]) + "季度")
      return parse_code(year, "Q" + std::to_string(q));
    if (q > 1 && rest == std::string("前") + quarter_zh[q] + "季度")
      return parse_code(year, "Q1-" + std::to_string(q));
  }
  // 1—9月, 1-9月, 9月, 9月末
  const auto decoded = core::decode_utf8(rest);
  if (!decoded) return std::nullopt;
  std::string code = "M";
  std::u32string t = *decoded;
  bool end = false;
  if (t.size() >= 2 && t.substr(t.size() - 2) == U"月末")
    t.resize(t.size() - 2), end = true;
  else if (!t.empty() && t.back() == U'月')
    t.pop_back();
  else
    return std::nullopt;
  for (char32_t c : t) {
    if (c >= U'0' && c <= U'9')
      code.push_back(static_cast<char>(c));
    else if (c == U'—' || c == U'-' || c == U'–' || c == U'～' || c == U'~')
      code.push_back('-');
    else
      return std::nullopt;
  }
  if (end) code.push_back('E');
  return parse_code(year, code);
}

}  // namespace

std::optional<Period> parse_period(std::string_view s) {
  if (s.size() < 4 || !all_digits(s.substr(0, 4))) return std::nullopt;
  const int year = std::stoi(std::string(s.substr(0, 4)));
  if (year < 1900 || year > 2999) return std::nullopt;
  const std::string_view rest = s.substr(4);
  if (!rest.empty() && static_cast<unsigned char>(rest[0]) >= 0x80)
    return parse_chinese(year, rest);
  return parse_code(year, rest);
}

std::string Period::span_zh() const {
  switch (kind) {
    case Kind::year:
      return {};
    case Kind::quarters:
      if (first == last) return std::string(quarter_zh[first]) + "季度";
      if (first == 1 && last == 2) return "上半年";
      if (first == 1) return std::string("前") + quarter_zh[last] + "季度";
      return std::string(quarter_zh[first]) + "至" + quarter_zh[last] + "季度";
    case Kind::months:
      if (first == last) return std::to_string(first) + "月";
      return std::to_string(first) + "—" + std::to_string(last) + "月";
    case Kind::month_end:
      return std::to_string(last) + "月末";
  }
  return {};
}

std::string Period::label_zh() const { return std::to_string(year) + "年" + span_zh(); }

}  // namespace jb::data
