// data: reporting periods as statistics offices write them in CSV: a year ("2024"), quarters
// ("2025Q1-3"), months cumulated from January or a single month ("2025M1-9", "2025M9"), a
// month's end ("2025M9E"), or the same in Chinese ("2025年前三季度", "2025年1—9月", "2025年9月末").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jb::data {

struct Period {
  // How it is written: a year (2025, 2025年, 2025全年), quarters or months (2025M1-12 and
  // 2025Q1-4 too: the steps of a cumulation, whose period before is 2025M1-11 or 2025Q1-3), or
  // a month's end.
  enum class Kind { year, quarters, months, month_end };
  Kind kind = Kind::year;
  int year = 0;
  int first = 1;  // first quarter or month
  int last = 4;   // last quarter or month (quarters: 1..4, months: 1..12)
  // The twelve months of its year: a year, 2025M1-12 or 2025Q1-4 (same_as one another).
  bool whole_year() const {
    return kind != Kind::month_end && first_month() == 1 && last_month() == 12;
  }
  // Anything but a whole year (a month's end is a point in time). Whether a chart draws it as a
  // partial period is a comparison with the chart's other periods: partial_periods().
  bool partial() const { return !whole_year(); }
  // The months it covers, 1..12 (a month's end: the months of the year up to that end).
  int first_month() const;
  int last_month() const;
  // The same span of the same year, however written: 2025M1-9, 2025年1—9月, 2025Q1-3.
  bool same_as(const Period& o) const {
    return year == o.year && (kind == Kind::month_end) == (o.kind == Kind::month_end) &&
           first_month() == o.first_month() && last_month() == o.last_month();
  }
  // A text equal for two periods exactly when same_as holds: a key that finds one period
  // however it is written (a long table's key check, a pivot's rows).
  std::string same_key() const {
    return std::to_string(year) + (kind == Kind::month_end ? "E" : "") + ":" +
           std::to_string(first_month()) + "-" + std::to_string(last_month());
  }
  // Chinese statistical wording: "2024年", "2025年前三季度", "2025年1—9月", "2025年9月",
  // "2025年9月末", "2025年上半年". A whole year is "2025年" however written (1—12月 too, as an
  // office's 公报 and its December releases write the year's cumulation: "2025年，全市…").
  std::string label_zh() const;
  // The part after the year ("前三季度", "1—9月"), empty for a whole year.
  std::string span_zh() const;
  // The code form parse_period reads back, of the same kind: "2025", "2025Q3", "2025Q1-3",
  // "2025M1-10", "2025M1-12", "2025M10E".
  std::string code() const;
};

// The period before, of the same kind: 2025M10 -> 2025M9, 2025M1 -> 2024M12, a cumulation one
// month or quarter shorter (2025M1-10 -> 2025M1-9, 2025M1-12 -> 2025M1-11, 2025M1-2 -> 2025M1,
// 2025Q1-4 -> 2025Q1-3), 2025Q1 -> 2024Q4, 2025M1E -> 2024M12E, 2025 -> 2024. A span that starts
// later than the first month or quarter moves back by its own length within its year (2025M4-6 ->
// 2025M1-3); nullopt when that would leave the year.
std::optional<Period> previous_period(const Period& p);
// The same span a year earlier, of the same kind: 2025M1-10 -> 2024M1-10, 2025M1-12 ->
// 2024M1-12 (which finds a row keyed 2024).
Period same_period_last_year(const Period& p);

// nullopt for anything else. The Chinese forms may leave out 年: 2025前三季度, 2025上半年.
std::optional<Period> parse_period(std::string_view s);

// Which chart categories are partial periods: those whose span is shorter than the full span
// of the chart's other periods (2025前三季度 or 2025M1-9 among whole years). A series of single
// months or quarters, or of year-to-date cumulations (1—2月 … 1—10月, two or more of them in one
// year), is complete. Categories that are not periods are never partial, and neither is
// anything in a chart with fewer than two periods.
std::vector<bool> partial_periods(const std::vector<std::string>& categories);

}  // namespace jb::data
