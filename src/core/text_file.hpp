// core: reading whole input files, with a size limit and a user-facing error when missing.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "core/diagnostic.hpp"

namespace jb::core {

// Reads a file into memory. Throws UserError(missing_input) naming `referenced_from` (where
// the file was asked for) when it cannot be opened, and UserError(limit_code) when it is larger
// than max_bytes.
std::string read_text_file(const std::filesystem::path& path, const SourceLocation& referenced_from,
                           std::size_t max_bytes, ExitCode limit_code);

// The same checks without the read, for a file a library reads itself (a font): it can be
// opened, is a regular file and holds at most max_bytes. A file that cannot be opened for lack
// of descriptors (ulimit -n) is UserError(os_error), for lack of memory std::bad_alloc.
void check_input_file(const std::filesystem::path& path, const SourceLocation& referenced_from,
                      std::size_t max_bytes, ExitCode limit_code);

}  // namespace jb::core
