// data: the numbers a statistical table publishes, and the normalisation of its cells.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jb::data {

// A figure as a briefing prints it: a plain decimal ("13500", "-2.1", "+5.0", "0.35"), at most
// 15 significant digits and below 10^15 in magnitude. NaN, inf, exponents (1e300), hex, a bare
// sign or point are refused; `why` then says what is wrong.
std::optional<double> parse_number(std::string_view text, std::string* why = nullptr);

// What the data stage does to every cell: blanks trimmed; full-width digits and signs in a
// number made ASCII (１３５００．５ -> 13500.5); thousands separators dropped from a number written
// with them (13,500.5 -> 13500.5); U+30FB (・) -> U+00B7 (·) and U+2015 (―) -> U+2014 (—).
std::string normalize_cell(std::string_view cell);

}  // namespace jb::data
