#include "data/period.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

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
      return p;
    }
    if (p.kind == Period::Kind::month_end) return std::nullopt;
    p.first = small_number(rest.substr(0, dash), max);
    p.last = small_number(rest.substr(dash + 1), max);
    if (!p.first || !p.last || p.first >= p.last) return std::nullopt;
    return p;  // M1-12 and Q1-4 too: a cumulation's last step, a whole year by whole_year()
  }
  return std::nullopt;
}

int quarter_number(std::u32string_view s) {
  static const std::u32string_view names[] = {U"一", U"二", U"三", U"四"};
  for (int q = 0; q < 4; ++q)
    if (s == names[q] || s == std::u32string(1, U'1' + q)) return q + 1;
  return 0;
}

bool is_dash(char32_t c) { return c == U'—' || c == U'-' || c == U'–' || c == U'～' || c == U'~'; }

// 一季度, 第一季度, 前三季度, 一至三季度, 1—3季度 (the part before 季度).
std::optional<Period> parse_quarters(int year, std::u32string_view t) {
  if (t.substr(0, 1) == U"第") t.remove_prefix(1);
  if (const int q = quarter_number(t)) return parse_code(year, "Q" + std::to_string(q));
  if (t.substr(0, 1) == U"前") {
    const int q = quarter_number(t.substr(1));
    if (q < 2) return std::nullopt;
    return parse_code(year, "Q1-" + std::to_string(q));
  }
  for (std::size_t i = 1; i + 1 < t.size(); ++i)
    if (t[i] == U'至' || is_dash(t[i])) {
      const int a = quarter_number(t.substr(0, i)), b = quarter_number(t.substr(i + 1));
      if (!a || !b) return std::nullopt;
      return parse_code(year, "Q" + std::to_string(a) + "-" + std::to_string(b));
    }
  return std::nullopt;
}

// 1—9月, 1-9月, 9月, 9月末 (with the 月).
std::optional<Period> parse_months(int year, std::u32string t) {
  std::string code = "M";
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
    else if (is_dash(c))
      code.push_back('-');
    else
      return std::nullopt;
  }
  if (end) code.push_back('E');
  return parse_code(year, code);
}

// "年前三季度", "年1—9月", "年9月末", "年一季度", "年上半年", "年" after the year; 年 may be left
// out before the span ("2025前三季度").
std::optional<Period> parse_chinese(int year, std::string_view rest) {
  const bool nian = rest.substr(0, 3) == "年";
  if (nian) rest.remove_prefix(3);
  Period p;
  p.year = year;
  if (rest.empty()) return nian ? std::optional(p) : std::nullopt;
  if (rest == "全年") return p;
  if (rest == "上半年") return parse_code(year, "Q1-2");
  if (rest == "下半年") return parse_code(year, "Q3-4");
  const auto decoded = core::decode_utf8(rest);
  if (!decoded) return std::nullopt;
  const std::u32string& t = *decoded;
  if (t.size() > 2 && t.substr(t.size() - 2) == U"季度")
    return parse_quarters(year, std::u32string_view(t).substr(0, t.size() - 2));
  return parse_months(year, t);
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
  if (whole_year()) return {};
  switch (kind) {
    case Kind::year:
      return {};
    case Kind::quarters:
      if (first == last) return std::string(quarter_zh[first]) + "季度";
      if (first == 1 && last == 2) return "上半年";
      if (first == 3 && last == 4) return "下半年";
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

std::string Period::code() const {
  const std::string y = std::to_string(year);
  const std::string span =
      first == last ? std::to_string(last) : std::to_string(first) + "-" + std::to_string(last);
  switch (kind) {
    case Kind::year:
      return y;
    case Kind::quarters:
      return y + "Q" + span;
    case Kind::months:
      return y + "M" + span;
    case Kind::month_end:
      return y + "M" + std::to_string(last) + "E";
  }
  return y;
}

namespace {

// A span of quarters or months `first..last` of `year`, of the kind it is written in.
Period span_of(Period::Kind kind, int year, int first, int last) {
  Period q;
  q.kind = kind;
  q.year = year, q.first = first, q.last = last;
  return q;
}

}  // namespace

std::optional<Period> previous_period(const Period& p) {
  if (p.kind == Period::Kind::year) return same_period_last_year(p);
  const int max = p.kind == Period::Kind::quarters ? 4 : 12;
  if (p.kind == Period::Kind::month_end) {
    Period q = p;
    q.first = q.last = p.last == 1 ? 12 : p.last - 1;
    q.year = p.last == 1 ? p.year - 1 : p.year;
    return q;
  }
  if (p.first == p.last) {  // one month or quarter: the one before, across the new year
    const int n = p.first == 1 ? max : p.first - 1;
    return span_of(p.kind, p.first == 1 ? p.year - 1 : p.year, n, n);
  }
  if (p.first == 1) return span_of(p.kind, p.year, 1, p.last - 1);  // a cumulation
  const int length = p.last - p.first + 1;
  if (p.first - length < 1) return std::nullopt;
  return span_of(p.kind, p.year, p.first - length, p.last - length);
}

Period same_period_last_year(const Period& p) {
  Period q = p;
  --q.year;
  return q;
}

std::string Period::label_zh() const { return std::to_string(year) + "年" + span_zh(); }

int Period::first_month() const {
  switch (kind) {
    case Kind::year:
    case Kind::month_end:
      return 1;
    case Kind::quarters:
      return (first - 1) * 3 + 1;
    case Kind::months:
      return first;
  }
  return 1;
}

int Period::last_month() const {
  switch (kind) {
    case Kind::year:
      return 12;
    case Kind::quarters:
      return last * 3;
    case Kind::months:
    case Kind::month_end:
      return last;
  }
  return 12;
}

namespace {

int span_months(const Period& p) { return p.last_month() - p.first_month() + 1; }

// Two or more different year-to-date spans shorter than a year within one year (1—2月, 1—3月 …
// of 2025): the categories are the steps of a cumulation, each one complete.
bool cumulation_series(const std::vector<std::optional<Period>>& periods) {
  std::map<int, std::set<int>> spans;  // year -> its year-to-date spans shorter than a year
  for (const auto& p : periods)
    if (p && p->first_month() == 1 && span_months(*p) < 12) spans[p->year].insert(span_months(*p));
  return std::any_of(spans.begin(), spans.end(), [](const auto& y) { return y.second.size() > 1; });
}

}  // namespace

std::vector<bool> partial_periods(const std::vector<std::string>& categories) {
  std::vector<std::optional<Period>> periods;
  int count = 0, full = 0;
  for (const std::string& c : categories) {
    periods.push_back(parse_period(c));
    if (periods.back()) ++count, full = std::max(full, span_months(*periods.back()));
  }
  std::vector<bool> partial(categories.size(), false);
  if (count < 2 || cumulation_series(periods)) return partial;
  for (std::size_t k = 0; k < periods.size(); ++k)
    partial[k] = periods[k] && span_months(*periods[k]) < full;
  return partial;
}

}  // namespace jb::data
