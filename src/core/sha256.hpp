// core: SHA-256 of a file (nettle, which uses the CPU's SHA instructions where it has them).
#pragma once

#include <filesystem>
#include <string>

namespace jb::core {

// Lower-case hex digest. Throws std::runtime_error when the file cannot be read.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace jb::core
