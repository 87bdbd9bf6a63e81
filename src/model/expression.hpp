// model: evaluating `{{ table.row.column | formatter(args) }}` placeholders against data.
#pragma once

#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "data/indicator_set.hpp"

namespace jb::model {

// Evaluates one placeholder expression. Throws core::UserError: invalid_spec for an unknown
// table, row, column or formatter (at `where`), data_error for a missing or non-numeric value
// that the expression needs (naming both the data line and `where`). `value_where`, when
// given, receives the data row the value came from.
// `this_key`: the entity of the report being made when the spec renders one per row (`each:`);
// the row `this` of any table is the row with that key.
std::string evaluate_placeholder(const std::string& expression, const core::SourceLocation& where,
                                 const data::IndicatorSet& data,
                                 core::SourceLocation* value_where = nullptr,
                                 std::string_view this_key = {});

// Number formatting in the classic locale with a fixed count of decimals ("13500.0", "1.35").
std::string format_fixed(double value, int decimals);

// Chinese numerals for heading numbers: 1 -> 一, 12 -> 十二, 20 -> 二十.
std::string chinese_number(int n);

}  // namespace jb::model
