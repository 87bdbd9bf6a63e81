// data: reporting periods as statistics offices write them in CSV: a year ("2024"), quarters
// ("2025Q1-3"), months cumulated from January or a single month ("2025M1-9", "2025M9"), a
// month's end ("2025M9E"), or the same in Chinese ("2025年前三季度", "2025年1—9月", "2025年9月末").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jb::data {

struct Period {
  enum class Kind { year, quarters, months, month_end };
  Kind kind = Kind::year;
  int year = 0;
  int first = 1;  // first quarter or month
  int last = 4;   // last quarter or month (quarters: 1..4, months: 1..12)
  // A partial year: anything but a whole year (a month's end is a point in time, drawn distinct
  // as well).
  bool partial() const { return kind != Kind::year; }
  // Chinese statistical wording: "2024年", "2025年前三季度", "2025年1—9月", "2025年9月",
  // "2025年9月末", "2025年上半年".
  std::string label_zh() const;
  // The part after the year ("前三季度", "1—9月"), empty for a full year.
  std::string span_zh() const;
};

// nullopt for anything else.
std::optional<Period> parse_period(std::string_view s);

}  // namespace jb::data
