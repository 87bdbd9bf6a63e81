// model (internal): a figure as placeholders see it, exact from the data cell to the printed
// digits, with what is needed to blame it and to audit it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/decimal.hpp"
#include "core/diagnostic.hpp"
#include "core/trim.hpp"
#include "data/indicator_set.hpp"

namespace jb::model::detail {

using core::Decimal;
using core::SourceLocation;

// A compound annual growth rate in percent, (last/first)^(1/years) - 1, which no decimal holds
// exactly: it is rounded exactly when printed.
struct Cagr {
  Decimal ratio;  // last / first, above zero
  unsigned years = 1;
};

struct Value {
  std::string text;  // a data cell's published text, or a derived figure's text
  std::string what;  // "gdp.2024.gdp_yi_yuan" or "growth(...)"
  SourceLocation data_where;
  std::optional<Decimal> exact;  // a derived figure (a data cell is read from `text`)
  std::optional<Cagr> cagr;
  int decimals = 0;                    // what a derived figure shows without (n)
  std::string row_key;                 // the row's first cell, e.g. "2024" (for cagr's years)
  const data::Table* table = nullptr;  // a data cell's table and row (for its basis)
  const data::Row* row = nullptr;
  // diff(now, before): both operands, for wording that depends on their signs (pace).
  std::optional<Decimal> now, before;
  std::vector<SourceLocation> sources;  // every data cell read, file:line:column
  bool derived() const { return exact || cagr; }
};

// Without the blanks (spaces, tabs) around it (core::trim), as a string of its own.
inline std::string trim(std::string_view s) { return std::string(core::trim(s)); }

// Where evaluating one placeholder writes its problem: the first one found ends the evaluation,
// and the function that found it gives nothing.
using Problems = core::DiagnosticList;

// Records an error and gives nothing: `return fail(...)` from a function with an optional result.
std::nullopt_t fail(Problems& problems, core::ExitCode code, SourceLocation where,
                    const core::Text& message, const core::Text& hint = {});

// The value as an exact number; a data error at the data row when its text is not a figure.
std::optional<Decimal> number(const Value& v, const SourceLocation& where, Problems& problems);
// A data cell's digits as published, without a plus sign or the minus of a zero ("+5.4" -> "5.4",
// "-0.0" -> "0.0", as Excel exports -0.04 shown to one decimal); a text that is no figure as is.
std::string published_text(const Value& v);
// The value rounded half away from zero to `decimals` places.
std::optional<std::string> rounded_text(const Value& v, int decimals, const SourceLocation& where,
                                        Problems& problems);

// Applies one formatter ("change(1)", "word(高于, 低于)") to a value; the result's text.
// A plain number with its whole part grouped by thousands: 1234567.8 -> 1,234,567.8.
std::string with_thousands(const std::string& number);

std::optional<std::string> apply_formatter(const std::string& formatter, const Value& v,
                                           const SourceLocation& where, Problems& problems);

}  // namespace jb::model::detail
