// spec: which files a spec may name. A server runs specs written by several offices; a spec that
// names /etc/shadow or another office's data must not have it read, echoed or printed.
#pragma once

#include <filesystem>
#include <vector>

#include "spec/job_spec.hpp"

namespace jb::spec {

// Throws core::UserError(no_permission) naming every data and font file of `spec` that does not
// lie, after its links are followed, inside one of `allowed` (each also taken with its links
// followed). Nothing is read: a file that does not exist yet is judged by the path it would have.
void confine_inputs(const JobSpec& spec, const std::vector<std::filesystem::path>& allowed);

}  // namespace jb::spec
