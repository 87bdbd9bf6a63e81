// output: writing a file so that readers see the old content or the whole new one, never a
// partial file.
#pragma once

#include <filesystem>
#include <string_view>

namespace jb::output {

// Writes `bytes` to a temporary file in the target's folder, fsyncs it, renames it over
// `path` and fsyncs the folder. On failure the temporary file is removed and `path` is left
// as it was. Throws core::UserError: cant_create when the folder or file cannot be created,
// io_error when writing fails part-way (disk full).
void write_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace jb::output
