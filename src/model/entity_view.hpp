// model: what one report of a burst (each:) reads of a long table: its own entity's rows
// (where: this) and their pivot into the wide shape charts and tables use.
#pragma once

#include <optional>
#include <string>

#include "core/diagnostic.hpp"
#include "data/indicator_set.hpp"
#include "vocab/entity_filter.hpp"

namespace jb::model {

// The view of `src` that `filter` makes for the report of `entity`, named `name`:
// - where: this keeps the rows whose entity column (filter.entity, else `each_key` if src has
//   it) is the entity; the remaining key columns come first (so that the first cell names a
//   row again: {{ own.2024.gdp }}), the entity column last;
// - pivot then makes one row per value of pivot.rows and one column per value of
//   pivot.columns, in the order they first appear, each cell the pivot.value of its row; a
//   combination no row has is a missing value (— in a table, a gap in a chart), two rows of
//   one combination an error at the second.
// Problems go to `problems` (the spec's at the filter, the data's at the row); nullopt then.
std::optional<data::Table> entity_view(const data::Table& src, const vocab::EntityFilter& filter,
                                       const std::string& entity, const std::string& each_key,
                                       const std::string& name, core::DiagnosticList& problems);

}  // namespace jb::model
