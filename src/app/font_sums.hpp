// app: the shipped fonts are exactly the files fonts/SHA256SUMS pins. A changed, truncated or
// swapped file there (a Git LFS pointer, a half-finished copy) stops the run before anything is
// written. Fonts the spec names elsewhere are checked structurally when they are loaded instead.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "spec/job_spec.hpp"

namespace jb::app {

// Checks each distinct font file of `fonts` that lies in `folder` against folder/SHA256SUMS.
// Returns the problems, each an error for exit code 78; empty when everything matches. A file
// that cannot be opened is left to the font loader, which reports it (66). `digests`, when
// given, receives the SHA-256 of every distinct font file (pinned or not), hashed once, for
// the manifest.
std::vector<core::Diagnostic> verify_font_sums(
    const std::vector<spec::FontSpec>& fonts, const std::filesystem::path& folder,
    std::vector<std::pair<std::filesystem::path, std::string>>* digests = nullptr);

}  // namespace jb::app
