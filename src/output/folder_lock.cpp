#include "output/folder_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "core/diagnostic.hpp"
#include "output/atomic_write.hpp"

namespace jb::output {

namespace fs = std::filesystem;

namespace {

// The nearest of `folder` and its parents that exists but is not a folder, if any.
std::optional<fs::path> file_in_the_way(const fs::path& folder) {
  std::error_code ec;
  for (fs::path p = folder; !p.empty(); p = p.parent_path()) {
    const auto status = fs::status(p, ec);
    if (fs::exists(status) && !fs::is_directory(status)) return p;
    if (p == p.parent_path()) break;
  }
  return std::nullopt;
}

// Creates `folder` and its parents, or says why it cannot (from errno: permission denied, a
// read-only file system, a file in the way).
void create_folder(const fs::path& folder) {
  const core::SourceLocation where{folder.string(), 0, 0};
  if (const auto file = file_in_the_way(folder))
    throw core::UserError(
        core::ExitCode::cant_create, where,
        core::say("cannot create the output folder: '{}' is a file, not a folder", file->string()),
        core::say("move the file away, or choose another folder with -o"));
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    throw core::UserError(core::ExitCode::cant_create, where,
                          core::say("cannot create the output folder: {}", ec.message()),
                          core::say("choose a folder this user can write to with -o"));
}

// A pid (0: none) as the lock file holds it: 20 characters, space-padded, and a newline.
std::string pid_field(long pid) {
  std::string s = pid ? std::to_string(pid) : std::string();
  s.resize(20, ' ');
  return s + "\n";
}

// Whether a process of this pid exists (EPERM: it does, another user's).
bool process_alive(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

}  // namespace

FolderLock::FolderLock(const std::filesystem::path& folder, const std::string& name) {
  create_folder(folder);
  const auto path = folder / name;
  // Never through a symbolic link, never a file that is also someone else's (a hard link): the
  // lock is written to, and a link would make the run overwrite whatever it points to.
  do  // an interrupted call (EINTR) did nothing: again
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
  while (fd_ < 0 && errno == EINTR);
  if (fd_ < 0 && errno == ELOOP)
    throw core::UserError(core::ExitCode::cant_create, core::SourceLocation{path.string(), 0, 0},
                          core::say("the output folder's lock file is a symbolic link: it is not "
                                    "followed"),
                          core::say("remove it; jianbao creates the lock file itself"));
  if (fd_ < 0)
    throw core::UserError(core::ExitCode::cant_create, core::SourceLocation{folder.string(), 0, 0},
                          core::say("cannot write in the output folder (its lock file {}): {}",
                                    name, std::strerror(errno)),
                          core::say("choose a folder this user can write to with -o"));
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
    ::close(fd_);
    fd_ = -1;
    throw core::UserError(core::ExitCode::cant_create, core::SourceLocation{path.string(), 0, 0},
                          core::say("the output folder's lock file is not a plain file of its own "
                                    "(a device, a folder or a hard link to another file)"),
                          core::say("remove it; jianbao creates the lock file itself"));
  }
  int locked = 0;
  do locked = ::flock(fd_, LOCK_EX | LOCK_NB);
  while (locked != 0 && errno == EINTR);
  if (locked != 0) {
    const int err = errno;
    char buf[32] = {};
    const ssize_t n = ::pread(fd_, buf, sizeof buf - 1, 0);
    ::close(fd_);
    fd_ = -1;
    std::string holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    if (err == EWOULDBLOCK)
      throw core::UserError(
          core::ExitCode::busy, core::SourceLocation{folder.string(), 0, 0},
          holder.empty()
              ? core::say("another jianbao run is writing to this folder")
              : core::say("another jianbao run (pid {}) is writing to this folder", holder),
          core::say("this run stops without touching it; cron will try again "
                    "next time"));
    throw core::UserError(core::ExitCode::cant_create, core::SourceLocation{path.string(), 0, 0},
                          core::say("cannot lock the output folder: {}", std::strerror(err)));
  }
  // The holder's pid, in a fixed width: written over the last one, never truncating.
  [[maybe_unused]] const ssize_t written = ::pwrite(fd_, pid_field(::getpid()).data(), 21, 0);
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) {
    [[maybe_unused]] const ssize_t blanked = ::pwrite(fd_, pid_field(0).data(), 21, 0);
    ::close(fd_);  // releases the lock
  }
}

int remove_stale_temporaries(const std::filesystem::path& folder, std::string_view scope) {
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    const auto owner = temporary_owner(entry.path().filename().string());
    if (!owner || owner->scope != scope || owner->pid == ::getpid() || process_alive(owner->pid))
      continue;
    if (!entry.is_regular_file(ec) || entry.is_symlink(ec)) continue;  // not one we made
    if (std::filesystem::remove(entry.path(), ec)) ++removed;
  }
  return removed;
}

}  // namespace jb::output
