#include "output/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <string>
#include <tuple>

#include "core/diagnostic.hpp"
#include "core/file_name.hpp"

namespace jb::output {

namespace {

constexpr std::string_view temporary_prefix = ".jianbao.tmp.";
constexpr std::size_t random_length = 6;  // mkostemps' XXXXXX

[[noreturn]] void fail(core::ExitCode code, const std::filesystem::path& path,
                       const std::string& what, int err) {
  throw core::UserError(code, core::SourceLocation{path.string(), 0, 0},
                        core::say("{}: {}", what, std::strerror(err)));
}

// A call retried for as long as a signal interrupts it (EINTR): it did nothing, so again.
template <typename Call>
auto retried(Call call) {
  for (;;) {
    const auto r = call();
    if (r >= 0 || errno != EINTR) return r;
  }
}

// The longest file name the folder's file system takes.
std::size_t name_max(const std::filesystem::path& dir) {
  const long n = ::pathconf(dir.c_str(), _PC_NAME_MAX);
  return n > 0 ? static_cast<std::size_t>(n) : core::fallback_name_max;
}

// `text` cut to at most `bytes` bytes, never inside a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

// mkostemps' template: ".jianbao.tmp.PID.SCOPE.XXXXXX.NAME", within the folder's name limit.
// The target's name is there for whoever lists the folder, not for finding the file again (the
// random part makes it unique): a name that would push the temporary past the limit is cut, so
// that every name the file system takes can be written. Returns the template and the length of
// what follows XXXXXX.
std::pair<std::string, int> temporary_template(const std::filesystem::path& dir,
                                               const std::string& name, std::string_view scope,
                                               std::size_t limit) {
  const std::string head = std::string(temporary_prefix) + std::to_string(::getpid()) + "." +
                           std::string(scope) + "." + std::string(random_length, 'X');
  const std::size_t room = limit > head.size() + 1 ? limit - head.size() - 1 : 0;
  const std::string tail = "." + std::string(utf8_prefix(name, room));
  return {(dir / (head + tail)).string(), static_cast<int>(tail.size())};
}

// The folder's descriptor, for making the rename durable; -1 when the folder cannot be read
// (write and search permission only: the rename still happens, it just cannot be synced).
int open_folder(const std::filesystem::path& dir, const std::filesystem::path& path) {
  const int dfd = retried([&] { return ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); });
  if (dfd < 0 && errno != EACCES && errno != EPERM)
    fail(core::ExitCode::cant_create, path,
         core::say("cannot open the output folder '{}'", dir.string()).str(), errno);
  return dfd;
}

}  // namespace

std::optional<TemporaryOwner> temporary_owner(std::string_view name) {
  if (!name.starts_with(temporary_prefix)) return std::nullopt;
  name.remove_prefix(temporary_prefix.size());
  TemporaryOwner owner;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), owner.pid);
  if (ec != std::errc() || owner.pid <= 0 || end == name.data() + name.size() || *end != '.')
    return std::nullopt;
  name.remove_prefix(static_cast<std::size_t>(end - name.data()) + 1);
  const auto dot = name.find('.');
  if (dot == 0 || dot == std::string_view::npos) return std::nullopt;
  owner.scope = std::string(name.substr(0, dot));
  for (const char c : owner.scope)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-')) return std::nullopt;
  name.remove_prefix(dot + 1);
  if (name.size() < random_length + 1 || name[random_length] != '.') return std::nullopt;
  for (const char c : name.substr(0, random_length))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
      return std::nullopt;
  return owner;
}

void write_atomically(const std::filesystem::path& path, std::string_view bytes,
                      std::string_view scope) {
  const std::filesystem::path dir =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    fail(core::ExitCode::cant_create, dir, core::tr("cannot create the output folder"), ec.value());

  const std::string name = path.filename().string();
  const std::size_t limit = name_max(dir);
  if (!core::fits_name_max(name, limit))
    throw core::UserError(core::ExitCode::cant_create, core::SourceLocation{path.string(), 0, 0},
                          core::say("the file name is {} bytes long: this file system takes at "
                                    "most {} bytes in a name",
                                    name.size(), limit),
                          core::say("shorten the name (a Chinese character takes 3 bytes)"));

  const int dfd = open_folder(dir, path);
  auto close_folder = [&] {
    if (dfd >= 0) ::close(dfd);  // read-only: nothing of ours is lost if it fails
  };
  std::string tmp;
  int after_random = 0;  // the length of ".NAME"
  std::tie(tmp, after_random) = temporary_template(dir, name, scope, limit);
  const int fd = retried([&] { return ::mkostemps(tmp.data(), after_random, O_CLOEXEC); });
  if (fd < 0) {
    const int err = errno;
    close_folder();
    fail(core::ExitCode::cant_create, path,
         core::say("cannot create a file in '{}'", dir.string()).str(), err);
  }

  bool open = true;
  auto abandon = [&](core::ExitCode code, const std::string& what, int err) {
    if (open) ::close(fd);
    ::unlink(tmp.c_str());  // if this fails too, the next run removes it (its pid is gone)
    close_folder();
    fail(code, path, what, err);
  };
  // mkostemps makes the file 0600; an output is for others to read, whatever the umask.
  if (retried([&] { return ::fchmod(fd, 0644); }) != 0)
    abandon(core::ExitCode::cant_create, core::tr("cannot set permissions"), errno);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        retried([&] { return ::write(fd, bytes.data() + done, bytes.size() - done); });
    if (n < 0) abandon(core::ExitCode::io_error, core::tr("writing failed"), errno);
    if (n == 0)
      abandon(core::ExitCode::io_error, core::tr("writing failed"), ENOSPC);  // never progresses
    done += static_cast<std::size_t>(n);
  }
  if (retried([&] { return ::fsync(fd); }) != 0)
    abandon(core::ExitCode::io_error, core::tr("writing failed (fsync)"), errno);
  // Linux releases the descriptor whatever close returns; EINTR leaves nothing unwritten, the
  // data being synced already. Any other error (NFS reports a failed write here) is a failure.
  open = false;
  if (::close(fd) != 0 && errno != EINTR)
    abandon(core::ExitCode::io_error, core::tr("writing failed (close)"), errno);
  if (retried([&] { return ::rename(tmp.c_str(), path.c_str()); }) != 0)
    abandon(core::ExitCode::cant_create, core::tr("cannot replace the output file"), errno);
  // The rename itself made durable. A file system that cannot sync a folder says EINVAL; any
  // other failure means the new file may not survive a power cut, and the run says so.
  if (dfd >= 0 && retried([&] { return ::fsync(dfd); }) != 0 && errno != EINVAL) {
    const int err = errno;
    close_folder();
    fail(core::ExitCode::io_error, path, core::tr("writing failed (fsync of the folder)"), err);
  }
  close_folder();
}

}  // namespace jb::output
