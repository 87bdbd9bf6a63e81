#include "fonts/font_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>

#include "core/diagnostic.hpp"
#include "fonts/font_check.hpp"

namespace jb::fonts {

namespace {

// A file the system would not open for this run (no descriptor or memory left) is the run's
// resources, not the font's fault: 71, or out of memory.
[[noreturn]] void refuse(int err, const std::string& what) {
  if (err == ENOMEM) throw std::bad_alloc();
  if (err == EMFILE || err == ENFILE)
    throw core::UserError(
        core::ExitCode::os_error, {}, core::say("{}: {}", what, std::strerror(err)),
        core::say("the process may open too few files (ulimit -n); jianbao needs about 32"));
  throw std::runtime_error(what + ": " + std::strerror(err));
}

struct Fd {
  int fd;
  ~Fd() { ::close(fd); }
};

}  // namespace

std::shared_ptr<const FontFile> FontFile::open(const std::filesystem::path& file) {
  // Weak: a mapping lives while a font set, a subset or a chart's face holds it.
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const FontFile>> mapped;
  const std::lock_guard lock(mutex);
  auto& slot = mapped[file.string()];
  if (auto held = slot.lock()) return held;

  const std::string what = core::say("cannot open the font file '{}'", file.string()).str();
  // Without blocking: a FIFO named as a font would wait for a writer for ever.
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) refuse(errno, what);
  const Fd closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) refuse(errno, what);
  if (!S_ISREG(st.st_mode)) throw std::runtime_error(what + ": not a regular file");
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > max_font_bytes) throw std::runtime_error(what + ": larger than the limit");

  std::shared_ptr<FontFile> out(new FontFile);
  if (size > 0) {
    void* p = ::mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) refuse(errno, what);
    out->data_ = static_cast<const unsigned char*>(p);
    out->size_ = static_cast<std::size_t>(size);
  }
  slot = out;
  return out;
}

FontFile::~FontFile() {
  if (data_) ::munmap(const_cast<unsigned char*>(data_), size_);
}

}  // namespace jb::fonts
