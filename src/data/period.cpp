#include "data/period.hpp"

#include <cctype>

namespace jb::data {

namespace {
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}
}  // namespace

std::optional<Period> parse_period(std::string_view s) {
  if (s.size() < 4 || !all_digits(s.substr(0, 4))) return std::nullopt;
  Period p;
  p.year = std::stoi(std::string(s.substr(0, 4)));
  const std::string_view rest = s.substr(4);
  if (rest.empty()) return p;
  auto quarter = [](char c) { return c >= '1' && c <= '4' ? c - '0' : 0; };
  if (rest.size() == 2 && rest[0] == 'Q' && quarter(rest[1])) {
    p.first_quarter = p.last_quarter = quarter(rest[1]);
    return p;
  }
  if (rest.size() == 4 && rest[0] == 'Q' && rest[2] == '-' && quarter(rest[1]) &&
      quarter(rest[3]) && rest[1] < rest[3]) {
    p.first_quarter = quarter(rest[1]);
    p.last_quarter = quarter(rest[3]);
    return p;
  }
  return std::nullopt;
}

std::string Period::span_zh() const {
  static const char* const ordinal[] = {"", "一", "二", "三", "四"};
  if (!partial()) return {};
  if (first_quarter == last_quarter) return std::string(ordinal[first_quarter]) + "季度";
  if (first_quarter == 1 && last_quarter == 2) return "上半年";
  if (first_quarter == 1) return std::string("前") + ordinal[last_quarter] + "季度";
  return std::string(ordinal[first_quarter]) + "至" + ordinal[last_quarter] + "季度";
}

std::string Period::label_zh() const { return std::to_string(year) + "年" + span_zh(); }

}  // namespace jb::data
