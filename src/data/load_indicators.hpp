// data: JobSpec -> IndicatorSet. Loads every CSV file the spec names.
#pragma once

#include "data/indicator_set.hpp"
#include "spec/job_spec.hpp"

namespace jb::data {

// Loads all data sources of the spec. Throws core::UserError: missing_input (at the spec's
// line) for a file that cannot be read, data_error for invalid CSV (all files are checked).
IndicatorSet load_indicators(const spec::JobSpec& spec);

// The same, going on past a table that fails: its problems are appended to `problems` (with
// the exit code they call for in `code`) and its name to the set's `unavailable`.
IndicatorSet load_indicators(const spec::JobSpec& spec, std::vector<core::Diagnostic>& problems,
                             core::ExitCode& code);

}  // namespace jb::data
