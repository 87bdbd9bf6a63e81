// data: reporting periods as statistics offices write them in CSV ("2024", "2025Q1-3").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jb::data {

struct Period {
  int year = 0;
  int first_quarter = 1;  // 1..4
  int last_quarter = 4;   // 1..4
  bool partial() const { return first_quarter != 1 || last_quarter != 4; }
  // Chinese statistical wording: "2024年", "2025年前三季度", "2025年一季度", "2025年上半年".
  std::string label_zh() const;
  // The part after the year ("前三季度"), empty for a full year.
  std::string span_zh() const;
};

// Parses "YYYY", "YYYYQn" and "YYYYQa-b"; nullopt for anything else.
std::optional<Period> parse_period(std::string_view s);

}  // namespace jb::data
