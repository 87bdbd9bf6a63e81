// model: the values of a spec's parameters for one run: each from --set, its default, or (for a
// period's `latest: TABLE`) the data, checked against its type.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "data/indicator_set.hpp"
#include "spec/job_spec.hpp"

namespace jb::model {

// Where a parameter's value came from.
enum class ParamSource { set, default_value, data };

struct ParamValue {
  std::string name;
  spec::ParamType type = spec::ParamType::text;
  // As used: a period in its code form (2025M10, whether written 2025年10月 or found in the
  // data), a date YYYY-MM-DD, an integer's digits, a text as written.
  std::string value;
  ParamSource from = ParamSource::default_value;
  core::SourceLocation where;  // the parameter in the spec, or the data row it was found in
};

using Params = std::vector<ParamValue>;

// "set", "default" or "data": the manifest's word.
std::string_view param_source_name(ParamSource from);

// Every parameter of the spec with its value (spec::apply_settings gave the --set ones), or
// the problems to `problems`: a --set value not of its type (usage, at "--set name=value"), a
// default not of its type (invalid_spec, at the default), a `latest:` table that is unknown or
// has no period among its keys.
Params resolve_params(const spec::JobSpec& spec, const data::IndicatorSet& data,
                      core::DiagnosticList& problems);

// Fills the parameters a data path names ({{ params.NAME }}) with their values for this run, so
// that the data is read from the month's own folder: a --set value or a written default, checked
// against its type (a period in its code form: 2025M1-10, however it was written). Problems go
// to `problems`: an unknown parameter or one whose default comes from the data (`latest:`, which
// would need the file it names) at the path; a value not of its type, or one that cannot be
// part of a path ('/', '..'), at its --set or default.
// A query's parameters (:period) get their values for this run the same way, before any data is
// read (spec::DataSourceSpec::query_params); one whose value comes from the data is named in
// late_params, for the query to refuse if it binds it.
void fill_param_paths(spec::JobSpec& spec, core::DiagnosticList& problems);

// The parameter `name`, or nullptr.
const ParamValue* find_param(const Params& params, std::string_view name);

}  // namespace jb::model
