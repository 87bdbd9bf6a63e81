// data: the text a workbook cell's stored value is shown as, and cell references.
#include <algorithm>
#include <cstdint>

#include "core/diagnostic.hpp"
#include "data/workbook_cells.hpp"

namespace jb::data::workbook {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view s, std::size_t i, std::string_view word) {
  if (s.size() - i < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k)
    if (lower(s[i + k]) != word[k]) return false;
  return true;
}

// A decimal number as digits × 10^exponent: digits without leading zeros ("" is zero).
struct Decimal {
  bool negative = false;
  std::string digits;
  long exponent = 0;
};

constexpr std::size_t max_digits = 400;
constexpr long max_exponent = 400;  // a double is below 1.8e308 and above 4.9e-324

// Reads [+-]digits[.digits][E[+-]digits] exactly.
std::optional<Decimal> parse_decimal(std::string_view s) {
  Decimal d;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  bool any = false, point = false;
  for (; i < s.size(); ++i) {
    if (digit(s[i])) {
      any = true;
      if (!d.digits.empty() || s[i] != '0') d.digits.push_back(s[i]);
      if (point) --d.exponent;
      if (d.digits.size() > max_digits) return std::nullopt;
    } else if (s[i] == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool minus = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) minus = s[i++] == '-';
    if (i == s.size()) return std::nullopt;
    long e = 0;
    for (; i < s.size() && digit(s[i]); ++i)
      if ((e = e * 10 + (s[i] - '0')) > 100'000) return std::nullopt;
    d.exponent += minus ? -e : e;
  }
  if (i != s.size()) return std::nullopt;
  if (d.digits.empty()) d.exponent = 0;
  return d;
}

// At most 15 significant digits, as Excel shows a number (half up), trailing zeros dropped.
void round15(Decimal& d) {
  constexpr std::size_t keep = 15;
  if (d.digits.size() > keep) {
    const bool up = d.digits[keep] >= '5';
    d.exponent += static_cast<long>(d.digits.size() - keep);
    d.digits.resize(keep);
    std::size_t i = keep;
    while (up && i > 0) {
      if (d.digits[i - 1] != '9') {
        ++d.digits[i - 1];
        break;
      }
      d.digits[--i] = '0';
    }
    if (up && i == 0) d.digits.insert(d.digits.begin(), '1');
  }
  while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back(), ++d.exponent;
  if (d.digits.empty()) d.exponent = 0, d.negative = false;
}

std::string plain(const Decimal& d) {
  if (d.digits.empty()) return "0";
  std::string out = d.negative ? "-" : "";
  const long point = static_cast<long>(d.digits.size()) + d.exponent;  // digits before the point
  if (d.exponent >= 0)
    out += d.digits + std::string(static_cast<std::size_t>(d.exponent), '0');
  else if (point > 0)
    out += d.digits.substr(0, static_cast<std::size_t>(point)) + "." +
           d.digits.substr(static_cast<std::size_t>(point));
  else
    out += "0." + std::string(static_cast<std::size_t>(-point), '0') + d.digits;
  return out;
}

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).
long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(long z, int& y, int& m, int& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

std::optional<CellRef> parse_cell_ref(std::string_view ref) {
  CellRef r;
  std::size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  const std::size_t letters = i;
  for (; i < ref.size() && lower(ref[i]) >= 'a' && lower(ref[i]) <= 'z'; ++i)
    if ((r.col = r.col * 26 + (lower(ref[i]) - 'a' + 1)) > excel_columns) return std::nullopt;
  if (i == letters) return std::nullopt;
  if (i < ref.size() && ref[i] == '$') ++i;
  const std::size_t digits = i;
  for (; i < ref.size() && digit(ref[i]); ++i)
    if ((r.row = r.row * 10 + (ref[i] - '0')) > excel_rows) return std::nullopt;
  if (i == digits || i != ref.size() || r.row == 0) return std::nullopt;
  return r;
}

std::optional<Area> parse_area(std::string_view text) {
  const std::size_t colon = text.find(':');
  const std::string_view a = text.substr(0, colon);
  const std::string_view b = colon == std::string_view::npos ? a : text.substr(colon + 1);
  Area area;
  area.given = true;
  if (const auto from = parse_cell_ref(a), to = parse_cell_ref(b); from && to) {
    area.row1 = std::min(from->row, to->row), area.row2 = std::max(from->row, to->row);
    area.col1 = std::min(from->col, to->col), area.col2 = std::max(from->col, to->col);
    return area;
  }
  // Whole columns: A:H.
  auto letters = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
      return (lower(c) >= 'a' && lower(c) <= 'z') || c == '$';
    });
  };
  if (!letters(a) || !letters(b)) return std::nullopt;
  const auto from = parse_cell_ref(std::string(a) + "1"), to = parse_cell_ref(std::string(b) + "1");
  if (colon == std::string_view::npos || !from || !to) return std::nullopt;
  area.col1 = std::min(from->col, to->col), area.col2 = std::max(from->col, to->col);
  return area;
}

std::string cell_name(int row, int col) { return core::column_letters(col) + std::to_string(row); }

Shown shown_by_id(int id) {
  switch (id) {
    case 9:
    case 10:
      return Shown::percent;
    case 14:
    case 15:
    case 16:
    case 28:
    case 29:
    case 30:
    case 31:
    case 51:
    case 53:
    case 54:
    case 58:
      return Shown::date;
    case 17:
    case 27:
    case 36:
    case 50:
    case 52:
    case 57:
      return Shown::year_month;
    case 22:
      return Shown::date_time;
    case 18:
    case 19:
    case 20:
    case 21:
    case 32:
    case 33:
    case 34:
    case 35:
    case 45:
    case 46:
    case 47:
    case 55:
    case 56:
      return Shown::time;
    default:
      return Shown::number;
  }
}

// The first section of the code (up to ';'), its quoted text, escaped characters, [colours] and
// [$-804] locales skipped: y, m, d, h and s make a date or time (m is minutes after h or before
// s), AM/PM a time, and % outside them a percent.
Shown shown_by_code(std::string_view code) {
  std::string tokens;  // one letter per run: "ymdhms"
  bool percent = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = lower(code[i]);
    if (c == ';') break;
    if (c == '"') {
      const std::size_t end = code.find('"', i + 1);
      i = end == std::string_view::npos ? code.size() : end;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      const std::size_t end = code.find(']', i);
      // [h], [mm], [ss]: elapsed time.
      if (i + 1 < code.size() &&
          std::string_view("hms").find(lower(code[i + 1])) != std::string_view::npos)
        tokens.push_back(lower(code[i + 1]));
      i = end == std::string_view::npos ? code.size() : end;
    } else if (c == '%') {
      percent = true;
    } else if (starts_with_nocase(code, i, "am/pm") || starts_with_nocase(code, i, "a/p")) {
      tokens.push_back('h');
      i += starts_with_nocase(code, i, "am/pm") ? 4 : 2;
    } else if (starts_with_nocase(code, i, "general")) {
      i += 6;
    } else if (std::string_view("ymdhs").find(c) != std::string_view::npos) {
      if (i == 0 || lower(code[i - 1]) != c) tokens.push_back(c);
    }
  }
  bool year = false, month = false, day = false, time = false;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const char t = tokens[k];
    if (t == 'm') {
      const bool minute =
          (k > 0 && tokens[k - 1] == 'h') || (k + 1 < tokens.size() && tokens[k + 1] == 's');
      (minute ? time : month) = true;
    }
    year |= t == 'y', day |= t == 'd', time |= t == 'h' || t == 's';
  }
  if (time) return year || month || day ? Shown::date_time : Shown::time;
  if (day) return Shown::date;
  if (month) return Shown::year_month;
  if (year) return Shown::year;
  return percent ? Shown::percent : Shown::number;
}

std::optional<std::string> decimal_text(std::string_view number, int shift) {
  auto d = parse_decimal(number);
  if (!d) return std::nullopt;
  round15(*d);
  d->exponent += shift;
  const long magnitude = static_cast<long>(d->digits.size()) + d->exponent;
  if (magnitude > max_exponent || magnitude < -max_exponent) return std::nullopt;
  return plain(*d);
}

std::optional<std::string> serial_text(std::string_view serial, Shown shown, bool date1904) {
  auto d = parse_decimal(serial);
  if (!d || d->negative) return std::nullopt;
  round15(*d);
  // The whole days and the fraction's digits.
  std::string whole, fraction;
  const long point = static_cast<long>(d->digits.size()) + d->exponent;
  if (d->exponent >= 0) {
    whole = d->digits + std::string(static_cast<std::size_t>(d->exponent), '0');
  } else if (point > 0) {
    whole = d->digits.substr(0, static_cast<std::size_t>(point));
    fraction = d->digits.substr(static_cast<std::size_t>(point));
  } else {
    fraction = std::string(static_cast<std::size_t>(std::min(-point, 20L)), '0') + d->digits;
  }
  if (whole.size() > 7) return std::nullopt;
  long days = whole.empty() ? 0 : std::stol(whole);
  // The fraction of a day to the nearest second, from its first 14 digits (8.64e-10 s).
  constexpr std::uint64_t scale = 100'000'000'000'000ull;
  fraction.resize(14, '0');
  const std::uint64_t f = std::stoull(fraction);
  int seconds = static_cast<int>((f * 86400 + scale / 2) / scale);
  if (seconds == 86400) ++days, seconds = 0;
  constexpr long last_day = 2'958'465;  // 9999-12-31
  if (days > last_day) return std::nullopt;
  int y = 1900, m = 1, day = 0;
  if (date1904)
    civil_from_days(days_from_civil(1904, 1, 1) + days, y, m, day);
  else if (days == 60)  // Lotus 1-2-3's 1900-02-29, which Excel keeps
    y = 1900, m = 2, day = 29;
  else if (days > 0)
    civil_from_days(days_from_civil(1899, 12, days < 60 ? 31 : 30) + days, y, m, day);
  return date_text(y, m, day, seconds, shown);
}

std::string date_text(int year, int month, int day, int seconds, Shown shown) {
  const std::string time =
      two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60);
  const std::string date = std::to_string(year) + "-" + two(month) + "-" + two(day);
  switch (shown) {
    case Shown::year:
      return std::to_string(year);
    case Shown::year_month:
      return std::to_string(year) + "年" + std::to_string(month) + "月";
    case Shown::time:
      return time;
    case Shown::date_time:
      return date + " " + time;
    default:
      return date;
  }
}

}  // namespace jb::data::workbook
