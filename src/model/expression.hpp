// model: evaluating `{{ table.row.column | formatter(args) }}` placeholders against data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "data/indicator_set.hpp"
#include "model/params.hpp"

namespace jb::model {

// What one placeholder printed and what it was computed from: the audit trail of a figure.
struct Evaluation {
  std::string text;
  std::string formula;     // the value part: "gdp.2024.gdp" or "growth(gdp.2024.gdp, ...)"
  std::string formatters;  // "change(1)", "fixed(2) | yi", or empty
  std::vector<core::SourceLocation> sources;  // every data cell read (file:line:column)
  core::SourceLocation value_where;           // the data row a lone cell came from
  // When the last formatter is abs: the sign it dropped (0 when the magnitude prints as zero),
  // so that a direction word written before it can be checked against the figure.
  int dropped_sign = 0;
  bool abs_zero = false;    // the last formatter is abs and it printed zero ("0.0")
  bool chose_word = false;  // the last formatter is word(...): the text is a word it chose
};

// The current row of a loop over a table's rows (a list over rows, the where: and sort: of
// names(...)): `row.COLUMN`, and `TABLE.*.COLUMN` of its own table, name its cell.
struct RowBinding {
  const data::Table* table = nullptr;
  const data::Row* row = nullptr;
};

// Evaluates one placeholder expression, or writes the first problem it finds to `problems` and
// gives nothing: invalid_spec for an unknown table, row, column or formatter (at `where`),
// data_error for a missing or non-numeric value that the expression needs (naming both the data
// line and `where`); a table that failed to load is an error reported before.
// `this_key`: the entity of the report being made when the spec renders one per row (`each:`);
// the row `this` of any table is the row with that key.
// `params`: the run's parameters, `params.NAME` in a placeholder, and the periods that select
// a row: `table[params.period].column`, `table[prev(params.period)].column`,
// `table[same_period_last_year(params.period)].column` (or a period written out, table[2025M10]).
std::optional<Evaluation> evaluate(const std::string& expression, const core::SourceLocation& where,
                                   const data::IndicatorSet& data, core::DiagnosticList& problems,
                                   std::string_view this_key = {}, const Params* params = nullptr,
                                   const RowBinding* row = nullptr);

// The text of evaluate(), or core::UserError with its problem; `value_where`, when given,
// receives the data row the value came from.
std::string evaluate_placeholder(const std::string& expression, const core::SourceLocation& where,
                                 const data::IndicatorSet& data,
                                 core::SourceLocation* value_where = nullptr,
                                 std::string_view this_key = {});

// Rows that stand for a whole or a remainder (合计, 总计, 全市, 全省, 其他, 其中…): left out of
// rankings and aggregates over `table.*.column` unless named with among:.
bool is_total_key(std::string_view key);

// A pie's shares of its total, exact from the published figures, in tenths of a percent that
// add up to exactly 1000 (largest remainder first, ties in order). Empty when a figure is not
// one or the total is not above zero.
std::vector<long> shares_in_tenths(const std::vector<std::string>& published);
// The exact sum of published figures, with the most decimals any of them shows.
std::string exact_sum(const std::vector<std::string>& published);

// Number formatting in the classic locale with a fixed count of decimals ("13500.0", "1.35"),
// for what is drawn (chart ticks), never for a figure from the data.
std::string format_fixed(double value, int decimals);

// Chinese numerals for heading numbers: 1 -> 一, 12 -> 十二, 20 -> 二十.
std::string chinese_number(int n);

}  // namespace jb::model
