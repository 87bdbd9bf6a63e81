// model: conditions (`when:` on a block) and loops over a table's rows (names(...), count(...,
// where: ...), a list over rows), on top of the placeholder expressions of expression.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "data/indicator_set.hpp"
#include "model/expression.hpp"
#include "model/figure.hpp"

namespace jb::model {

// A condition: comparisons (< <= > >= == !=) of figures, exactly, or of texts ('海曙区', for ==
// and != only), joined by and, or, not and parentheses; exists(table.row.column) is true when
// the cell is there and holds a value. False or true, or nothing with the problem written to
// `problems`, each at its own column of the condition when `locate` (a `when:` text; inside a
// placeholder every problem is at the placeholder). The right side of an `and` whose left is
// false (of an `or` whose left is true) is checked but its missing data is no problem.
std::optional<bool> evaluate_condition(
    const std::string& condition, const core::SourceLocation& where, const data::IndicatorSet& data,
    core::DiagnosticList& problems, std::string_view this_key = {}, const RowBinding* row = nullptr,
    bool locate = true, const Params* params = nullptr);

// A list over rows as the spec gives it (spec::RowLoop): the table, the condition each row
// must meet, the figure the rows are sorted by, how many are kept (0: all).
struct RowSelection {
  std::string data;
  core::SourceLocation data_where;
  std::string where;
  core::SourceLocation where_where;
  std::string sort;
  core::SourceLocation sort_where;
  bool descending = true;
  int top = 0;
};

// The rows of a list over rows, in order (never none: an empty selection is a data error at
// the list's `each:`).
std::optional<std::vector<const data::Row*>> select_rows(const RowSelection& loop,
                                                         const data::IndicatorSet& data,
                                                         core::DiagnosticList& problems,
                                                         std::string_view this_key = {},
                                                         const Params* params = nullptr);

// What the data decides, as opposed to the spec: a missing or non-figure value (data_error),
// and a row the data does not have (yet: next month's), which a printed block calls a wrong
// name. The side of a condition that does not decide it, and a block its when: leaves out, may
// have such problems; every other problem of theirs stands.
bool decided_by_data(const core::Diagnostic& d);

namespace detail {

// What an expression sees: the data, the report's entity and the row of a loop.
struct Context {
  const data::IndicatorSet& data;
  std::string_view this_key;
  const RowBinding* row = nullptr;
  const Params* params = nullptr;  // the run's parameters (params.NAME, table[params.period])
};

// (expression.cpp) A reference, a figure written in the spec or a function's value.
std::optional<Value> value_of(const std::string& formula, const SourceLocation& where,
                              const Context& context, Problems& problems);
// (expression.cpp) exists(ref): whether the cell is there with a value; an unknown table or
// column is an error (a typo must not hide a paragraph), a missing row or cell is false.
std::optional<bool> cell_exists(const std::string& ref, const SourceLocation& where,
                                const Context& context, Problems& problems);
// (expression.cpp) The table named, or the problem (an unknown name, data that failed to load).
const data::Table* table_named(const std::string& name, const SourceLocation& where,
                               const Context& context, Problems& problems);
// (expression.cpp) The table of `TABLE.*.COLUMN` and the column's index, or the problem.
std::optional<std::pair<const data::Table*, std::size_t>> every_row_column(
    const std::string& ref, const SourceLocation& where, const Context& context,
    Problems& problems);

// Whether name(inside) is a loop over rows: names(...), or count(...) with where:.
bool is_loop_call(const std::string& name, std::string_view inside);
// names(TABLE.*.COLUMN[, where: ...][, sort: ...][, order: ...][, top: N]) -> "甲、乙和丙";
// count(TABLE.*.COLUMN, where: ...) -> how many rows the condition keeps.
std::optional<Value> loop_call(const std::string& name, const std::string& expr,
                               std::string_view inside, const SourceLocation& where,
                               const Context& context, Problems& problems);

}  // namespace detail

}  // namespace jb::model
