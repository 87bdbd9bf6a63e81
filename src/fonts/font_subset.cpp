#include "fonts/font_subset.hpp"

#include <hb-subset.h>
#include <hb.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "core/diagnostic.hpp"
#include "fonts/font_check.hpp"
#include "fonts/font_file.hpp"

namespace jb::fonts {

namespace {

template <typename T, void (*Destroy)(T*)>
struct HbDeleter {
  void operator()(T* p) const { Destroy(p); }
};
using Blob = std::unique_ptr<hb_blob_t, HbDeleter<hb_blob_t, hb_blob_destroy>>;
using Face = std::unique_ptr<hb_face_t, HbDeleter<hb_face_t, hb_face_destroy>>;
using Input =
    std::unique_ptr<hb_subset_input_t, HbDeleter<hb_subset_input_t, hb_subset_input_destroy>>;

// Tables a PDF viewer never reads from an embedded TrueType font.
constexpr hb_tag_t dropped_tables[] = {
    HB_TAG('E', 'B', 'D', 'T'), HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'),
    HB_TAG('b', 'd', 'a', 't'), HB_TAG('b', 'l', 'o', 'c'), HB_TAG('G', 'S', 'U', 'B'),
    HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'),
    HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'), HB_TAG('m', 'o', 'r', 'x'),
    HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'),
    HB_TAG('D', 'S', 'I', 'G'), HB_TAG('B', 'D', 'F', ' '), HB_TAG('F', 'F', 'T', 'M'),
    HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'), HB_TAG('V', 'D', 'M', 'X'),
    HB_TAG('g', 'a', 's', 'p'), HB_TAG('k', 'e', 'r', 'n'), HB_TAG('P', 'C', 'L', 'T')};

// A file the system would not open for this run (no descriptor or memory left) is the run's
// resources, not the font's fault: 71, or out of memory.
void refuse_for_resources(int err, const std::string& what) {
  if (err == ENOMEM) throw std::bad_alloc();
  if (err == EMFILE || err == ENFILE)
    throw core::UserError(
        core::ExitCode::os_error, {}, core::say("{}: {}", what, std::strerror(err)),
        core::say("the process may open too few files (ulimit -n); jianbao needs about 32"));
}

}  // namespace

FontSubset::FontSubset(const std::filesystem::path& file, int face_index,
                       const std::u32string& code_points) {
  const std::string name = file.string() + "#" + std::to_string(face_index);
  std::shared_ptr<const FontFile> font;  // outlives every HarfBuzz object below
  try {
    font = FontFile::open(file);
  } catch (const core::UserError&) {
    throw;  // the run's resources (ulimit -n), said as such
  } catch (const std::runtime_error&) {
    throw std::runtime_error("font subset: cannot read " + name);
  }
  if (font->size() == 0) throw std::runtime_error("font subset: cannot read " + name);
  Blob blob(hb_blob_create_or_fail(reinterpret_cast<const char*>(font->data()),
                                   static_cast<unsigned>(font->size()), HB_MEMORY_MODE_READONLY,
                                   nullptr, nullptr));
  if (!blob) throw std::bad_alloc();  // its only failure with bytes to hold
  Face face(hb_face_create(blob.get(), static_cast<unsigned>(face_index)));
  Input input(hb_subset_input_create_or_fail());
  if (!face || !input) throw std::bad_alloc();
  if (hb_face_get_glyph_count(face.get()) == 0)
    throw std::runtime_error("font subset: no glyphs in " + name);

  hb_set_t* unicodes = hb_subset_input_unicode_set(input.get());
  for (char32_t c : code_points) hb_set_add(unicodes, c);
  hb_set_t* drop = hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (hb_tag_t t : dropped_tables) hb_set_add(drop, t);
  // Keep the legacy (Macintosh) name records too: libharu may read its font name from them.
  hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING |
                                             HB_SUBSET_FLAGS_NOTDEF_OUTLINE |
                                             HB_SUBSET_FLAGS_NAME_LEGACY);

  Face subset(hb_subset_or_fail(face.get(), input.get()));
  if (!subset && font_open_failed_for_memory(file)) throw std::bad_alloc();  // says nothing else
  if (!subset) throw std::runtime_error("font subset: HarfBuzz cannot subset " + name);
  Blob data(hb_face_reference_blob(subset.get()));
  unsigned length = 0;
  const char* bytes = hb_blob_get_data(data.get(), &length);
  if (!bytes || length == 0) throw std::runtime_error("font subset: empty subset of " + name);

  fd_ = memfd_create("jianbao-font", MFD_CLOEXEC);
  if (fd_ < 0) refuse_for_resources(errno, "cannot make a font subset");
  if (fd_ < 0)
    throw std::runtime_error(std::string("font subset: memfd_create: ") + std::strerror(errno));
  std::size_t done = 0;
  while (done < length) {
    const ssize_t n = ::write(fd_, bytes + done, length - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd_);
      throw std::runtime_error(std::string("font subset: write: ") + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  size_ = length;
  path_ = "/proc/self/fd/" + std::to_string(fd_);
}

FontSubset::~FontSubset() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace jb::fonts
