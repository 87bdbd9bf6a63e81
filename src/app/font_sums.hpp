// app: the shipped fonts are exactly the files fonts/SHA256SUMS pins. A changed, truncated or
// swapped file there (a Git LFS pointer, a half-finished copy) stops the run before anything is
// written. Fonts the spec names elsewhere are checked structurally when they are loaded instead.
#pragma once

#include <filesystem>
#include <vector>

#include "core/diagnostic.hpp"
#include "spec/job_spec.hpp"

namespace jb::app {

// Checks each distinct font file of `fonts` that lies in `folder` against folder/SHA256SUMS.
// Returns the problems, each an error for exit code 78; empty when everything matches. A file
// that cannot be opened is left to the font loader, which reports it (66).
std::vector<core::Diagnostic> verify_font_sums(const std::vector<spec::FontSpec>& fonts,
                                               const std::filesystem::path& folder);

}  // namespace jb::app
