// spec: which files a spec may name. A server runs specs written by several offices; a spec that
// names /etc/shadow or another office's data must not have it read, echoed or printed.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "spec/job_spec.hpp"

namespace jb::spec {

// Throws core::UserError(no_permission) naming every data and font file of `spec` that does not
// lie, after its links are followed, inside one of `allowed` (each also taken with its links
// followed). Nothing is read: a file that does not exist yet is judged by the path it would have.
void confine_inputs(const JobSpec& spec, const std::vector<std::filesystem::path>& allowed);

// Whether `name` can be put into a path as (part of) one folder's or file's name: not empty, `.`
// or `..`, with no `/`, `\` or control character. A report's entity and a parameter's value
// are, before a data path names them: anything else would leave the folder the spec names.
bool path_safe(const std::string& name);

// `path` with each `{{ NAME }}` in it (NAME trimmed of blanks) replaced by what `fill` gives for
// NAME, or kept as written where it gives nothing.
std::string fill_path(const std::string& path,
                      const std::function<std::optional<std::string>(const std::string&)>& fill);

// The file one report of a burst reads for a data source whose path names `{{ this }}`: the
// entity put in its place. nullopt when the entity's name cannot be part of a path (empty, `.`
// or `..`, a `/` or `\`, a control character): it would leave the folder the spec names.
std::optional<std::filesystem::path> entity_file(const DataSourceSpec& source,
                                                 const std::string& entity);

// confine_inputs for one file found later (a report's own data file): its refusal, or nothing.
std::optional<core::Diagnostic> confine_file(const std::filesystem::path& file,
                                             const core::SourceLocation& where,
                                             const std::vector<std::filesystem::path>& allowed);

}  // namespace jb::spec
