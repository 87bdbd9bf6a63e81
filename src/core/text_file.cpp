#include "core/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jb::core {

namespace {

// Closes the descriptor however the read ends.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

// Opened without blocking (a FIFO would wait for a writer for ever), checked to be a regular
// file before any read, and read to at most max_bytes whatever its size claims (/proc files say
// 0 bytes, a device has no end).
std::string read_text_file(const std::filesystem::path& path, const SourceLocation& referenced_from,
                           std::size_t max_bytes, ExitCode limit_code) {
  const Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)};
  if (file.fd < 0) {
    const int err = errno;
    throw UserError(ExitCode::missing_input, referenced_from,
                    "cannot open '" + path.string() + "': " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(file.fd, &st) != 0)
    throw UserError(ExitCode::missing_input, referenced_from,
                    "cannot read '" + path.string() + "': " + std::strerror(errno));
  if (S_ISDIR(st.st_mode))
    throw UserError(ExitCode::missing_input, referenced_from,
                    "'" + path.string() + "' is a directory, expected a file");
  if (!S_ISREG(st.st_mode))
    throw UserError(ExitCode::missing_input, referenced_from,
                    "'" + path.string() + "' is " + kind_of(st.st_mode) +
                        ", expected a regular file",
                    "inputs are read from files; copy the data into one first");
  auto too_large = [&](const std::string& size) {
    return UserError(limit_code, SourceLocation{path.string(), 0, 0},
                     "file is " + size + " bytes, more than the limit of " +
                         std::to_string(max_bytes));
  };
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) throw too_large(std::to_string(st.st_size));
  std::string bytes;
  char buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(file.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw UserError(ExitCode::missing_input, referenced_from,
                      "cannot read '" + path.string() + "': " + std::strerror(errno));
    if (n == 0) break;
    bytes.append(buf, static_cast<std::size_t>(n));
    if (bytes.size() > max_bytes) throw too_large("more than " + std::to_string(max_bytes));
  }
  return bytes;
}

}  // namespace jb::core
