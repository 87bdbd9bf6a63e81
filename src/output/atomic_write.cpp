#include "output/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/diagnostic.hpp"

namespace jb::output {

namespace {

[[noreturn]] void fail(core::ExitCode code, const std::filesystem::path& path,
                       const std::string& what, int err) {
  throw core::UserError(code, core::SourceLocation{path.string(), 0, 0},
                        what + ": " + std::strerror(err));
}

}  // namespace

void write_atomically(const std::filesystem::path& path, std::string_view bytes) {
  const std::filesystem::path dir =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) fail(core::ExitCode::cant_create, dir, "cannot create the output folder", ec.value());

  std::string tmp = (dir / ("." + path.filename().string() + ".XXXXXX.tmp")).string();
  const int fd = mkstemps(tmp.data(), 4);
  if (fd < 0)
    fail(core::ExitCode::cant_create, path, "cannot create a file in '" + dir.string() + "'",
         errno);

  auto abandon = [&](core::ExitCode code, const std::string& what, int err) {
    ::close(fd);
    ::unlink(tmp.c_str());
    fail(code, path, what, err);
  };
  if (::fchmod(fd, 0644) != 0)
    abandon(core::ExitCode::cant_create, "cannot set permissions", errno);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      abandon(core::ExitCode::io_error, "writing failed", errno);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) abandon(core::ExitCode::io_error, "writing failed (fsync)", errno);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(core::ExitCode::io_error, path, "writing failed (close)", err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(core::ExitCode::cant_create, path, "cannot replace the output file", err);
  }
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {  // make the rename itself durable
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace jb::output
