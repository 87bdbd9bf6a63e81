// data: JobSpec -> IndicatorSet. Loads every CSV file the spec names.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "data/indicator_set.hpp"
#include "spec/job_spec.hpp"

namespace jb::data {

// The bytes of a data source that names a file. Throws core::UserError as read_data_file does.
using ReadDataFile = std::function<std::string(const spec::DataSourceSpec&)>;

// Reads the source's file (at most 64 MiB). Throws core::UserError: missing_input (at the spec's
// line) when it cannot be read, data_error when it is larger.
std::string read_data_file(const spec::DataSourceSpec& source);

// Loads all data sources of the spec, each file's bytes from `read` (the fuzz target gives them
// from memory). Throws core::UserError: missing_input (at the spec's line) for a file that
// cannot be read, data_error for invalid CSV (all files are checked).
IndicatorSet load_indicators(const spec::JobSpec& spec, const ReadDataFile& read = read_data_file);

// The same, going on past a table that fails: its problems are written to `problems` (each
// table's already 100 of each kind: a list with no cap of its own reports them all) and its name
// to the set's `unavailable`.
IndicatorSet load_indicators(const spec::JobSpec& spec, core::DiagnosticList& problems,
                             const ReadDataFile& read = read_data_file);

// The same for a caller that keeps its own list: the problems are appended to `problems`, and
// `code` becomes the exit code they call for.
IndicatorSet load_indicators(const spec::JobSpec& spec, std::vector<core::Diagnostic>& problems,
                             core::ExitCode& code, const ReadDataFile& read = read_data_file);

// One source's table (a report's own file, its path filled in: spec::entity_file), or nothing
// with its problems in `problems`, as load_indicators reports them.
std::optional<Table> load_source(const spec::JobSpec& spec, const spec::DataSourceSpec& source,
                                 core::DiagnosticList& problems,
                                 const ReadDataFile& read = read_data_file);

}  // namespace jb::data
