// fonts: a font file's bytes, the one way a font is read. FreeType (coverage and widths, the
// charts' faces) and HarfBuzz (the subset libharu embeds) all read a font from here, so that a
// file is opened in one place, with one set of errors, and mapped once however many read it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>

namespace jb::fonts {

class FontFile {
 public:
  // The file's bytes, mapped read-only: the same mapping for every caller while one holds it.
  // Throws core::UserError(os_error) when the process has no file descriptor left (ulimit -n),
  // std::bad_alloc when there is no memory to map it, std::runtime_error when it cannot be read
  // otherwise (missing, not a regular file, larger than max_font_bytes).
  static std::shared_ptr<const FontFile> open(const std::filesystem::path& file);

  ~FontFile();
  FontFile(const FontFile&) = delete;
  FontFile& operator=(const FontFile&) = delete;

  const unsigned char* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  FontFile() = default;
  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace jb::fonts
