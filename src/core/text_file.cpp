#include "core/text_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace jb::core {

std::string read_text_file(const std::filesystem::path& path, const SourceLocation& referenced_from,
                           std::size_t max_bytes, ExitCode limit_code) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw UserError(ExitCode::missing_input, referenced_from,
                    "'" + path.string() + "' is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw UserError(ExitCode::missing_input, referenced_from,
                    "cannot open '" + path.string() + "': " + std::strerror(err));
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes)
    throw UserError(limit_code, SourceLocation{path.string(), 0, 0},
                    "file is " + std::to_string(size) + " bytes, more than the limit of " +
                        std::to_string(max_bytes));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad())
    throw UserError(ExitCode::missing_input, referenced_from,
                    "cannot read '" + path.string() + "'");
  return std::move(ss).str();
}

}  // namespace jb::core
