// vocab: what a burst's report keeps of a long table (where: this, pivot), as the spec says it
// and the model applies it.
#pragma once

#include <optional>
#include <string>

#include "core/diagnostic.hpp"

namespace jb::vocab {

// A long table's rows pivoted into the wide shape charts and tables read: one row per value
// of `rows` (a period), one column per value of `columns` (an indicator), cells from `value`.
struct PivotSpec {
  std::string rows, columns, value;
  core::SourceLocation where;
};

// What a data source, table or chart keeps of a long table: the report's own entity's rows
// (`where: this`, in the column `entity`), then optionally pivoted.
struct EntityFilter {
  bool this_only = false;      // where: this
  core::SourceLocation where;  // of 'where: this'
  std::string entity;          // the entity column; default: each's key column, if the table has it
  core::SourceLocation entity_where;
  std::optional<PivotSpec> pivot;
  bool empty() const { return !this_only && !pivot; }
};

}  // namespace jb::vocab
