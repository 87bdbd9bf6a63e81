#include "core/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

namespace jb::core {

namespace {

// Closes the descriptor however the read ends.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

UserError too_large(const std::filesystem::path& path, const std::string& size,
                    std::size_t max_bytes, ExitCode limit_code) {
  return UserError(limit_code, SourceLocation{path.string(), 0, 0},
                   say("file is {} bytes, more than the limit of {}", size, max_bytes));
}

std::string kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return tr("a FIFO (named pipe)");
  if (S_ISCHR(mode)) return tr("a character device");
  if (S_ISBLK(mode)) return tr("a block device");
  if (S_ISSOCK(mode)) return tr("a socket");
  return tr("not a regular file");
}

// Opens an input without blocking (a FIFO would wait for a writer for ever) and checks that it
// is a regular file of at most max_bytes, before anything is read.
int open_input(const std::filesystem::path& path, const SourceLocation& referenced_from,
               std::size_t max_bytes, ExitCode limit_code) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOMEM) throw std::bad_alloc();
    if (err == EMFILE || err == ENFILE)
      throw UserError(
          ExitCode::os_error, referenced_from,
          say("cannot open '{}': {}", path.string(), std::strerror(err)),
          say("the process may open too few files (ulimit -n); jianbao needs about 32"));
    throw UserError(ExitCode::missing_input, referenced_from,
                    say("cannot open '{}': {}", path.string(), std::strerror(err)));
  }
  Fd file{fd};
  struct stat st {};
  if (::fstat(file.fd, &st) != 0)
    throw UserError(ExitCode::missing_input, referenced_from,
                    say("cannot read '{}': {}", path.string(), std::strerror(errno)));
  if (S_ISDIR(st.st_mode))
    throw UserError(ExitCode::missing_input, referenced_from,
                    say("'{}' is a directory, expected a file", path.string()));
  if (!S_ISREG(st.st_mode))
    throw UserError(ExitCode::missing_input, referenced_from,
                    say("'{}' is {}, expected a regular file", path.string(), kind_of(st.st_mode)),
                    say("inputs are read from files; copy the data into one first"));
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes)
    throw too_large(path, std::to_string(st.st_size), max_bytes, limit_code);
  file.fd = -1;
  return fd;
}

}  // namespace

void check_input_file(const std::filesystem::path& path, const SourceLocation& referenced_from,
                      std::size_t max_bytes, ExitCode limit_code) {
  const Fd file{open_input(path, referenced_from, max_bytes, limit_code)};
}

// Opened without blocking (a FIFO would wait for a writer for ever), checked to be a regular
// file before any read, and read to at most max_bytes whatever its size claims (/proc files say
// 0 bytes, a device has no end).
std::string read_text_file(const std::filesystem::path& path, const SourceLocation& referenced_from,
                           std::size_t max_bytes, ExitCode limit_code) {
  const Fd file{open_input(path, referenced_from, max_bytes, limit_code)};
  std::string bytes;
  char buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(file.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw UserError(ExitCode::missing_input, referenced_from,
                      say("cannot read '{}': {}", path.string(), std::strerror(errno)));
    if (n == 0) break;
    bytes.append(buf, static_cast<std::size_t>(n));
    if (bytes.size() > max_bytes)
      throw too_large(path, say("more than {}", max_bytes).str(), max_bytes, limit_code);
  }
  return bytes;
}

}  // namespace jb::core
