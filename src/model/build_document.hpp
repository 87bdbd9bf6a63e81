// model: JobSpec + IndicatorSet -> Document. Pure: reads no files.
#pragma once

#include "data/indicator_set.hpp"
#include "model/document.hpp"
#include "spec/job_spec.hpp"

namespace jb::model {

// Binds every placeholder, table and chart to data, writing every problem to one list; at the
// end throws core::UserError with all of them: invalid_spec when the spec gets a name wrong,
// else data_error for values the data gets wrong. When the only problem is data that failed to
// load (and was reported then), the error has no diagnostics of its own.
// `entity`: for a spec that renders one report per row (`each:`), the key of this report's row;
// `this` in placeholders and chart rows stands for it, and the file name comes from each.output.
Document build_document(const spec::JobSpec& spec, const data::IndicatorSet& data,
                        const std::string& entity = {});

// The file name of the report for `entity` (each.output filled in; the spec's output name
// without `each:`). Throws core::UserError as build_document would.
std::string report_file_name(const spec::JobSpec& spec, const data::IndicatorSet& data,
                             const std::string& entity);

// The entities of a spec with `each:`, in the table's order (its key column's values).
// Throws core::UserError for an unknown table or key column, an empty table, or a key that
// appears twice (every such key); with no diagnostics when the table failed to load.
std::vector<std::string> list_entities(const spec::JobSpec& spec, const data::IndicatorSet& data);

// Joins lines of CJK prose: drops white space next to a CJK character, collapses other runs
// of white space to one space, trims the ends (a full-width space U+3000 is white space only
// there). `origin`, `emphasis` and `tags`, when given, describe `text` code point by code point
// and are filtered the same way.
std::string normalize_prose(const std::string& text, core::Provenance* origin = nullptr,
                            std::vector<vocab::Emphasis>* emphasis = nullptr,
                            std::vector<int>* tags = nullptr);

}  // namespace jb::model
