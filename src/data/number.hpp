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
// Signs before a figure: U+2212 (−) and the full-width －, ＋ become - and +; ％ after a figure
// becomes %.
std::string normalize_cell(std::string_view cell);

// A cell that says "no figure" the way statistical tables do: -, --, —, ——, …, ……, ..., /, x,
// X, ×. The data stage reads it as a missing value (outside the key column).
bool is_missing_mark(std::string_view normalized);

// A rate as Excel formats it, "6.1%": the figure without its % ("6.1"); nullopt otherwise.
std::optional<std::string> without_percent(std::string_view normalized);

// The indentation of a raw key cell, in levels: one per leading U+3000 (ideographic space),
// one per two leading ASCII spaces. "　　其中：工业" is level 2.
int indentation_level(std::string_view raw);

}  // namespace jb::data
