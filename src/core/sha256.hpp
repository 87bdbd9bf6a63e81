// core: SHA-256 of a file (nettle, which uses the CPU's SHA instructions where it has them).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace jb::core {

// Lower-case hex digest. Throws std::runtime_error when the file cannot be read.
std::string sha256_file(const std::filesystem::path& file);
std::string sha256_bytes(std::string_view bytes);

}  // namespace jb::core
