// fonts: the glyphs a document uses, cut out of a font file in memory with HarfBuzz's
// subsetter, for libharu to embed. libharu then builds its tables over a few hundred glyphs
// instead of tens of thousands, and its own subsetter never sees a glyph id >= 32768.
#pragma once

#include <filesystem>
#include <string>

namespace jb::fonts {

class FontSubset {
 public:
  // Subsets face `face_index` of `file` to `code_points` (and the glyphs they need), without
  // hinting, bitmaps or layout tables. Throws std::runtime_error when HarfBuzz cannot.
  FontSubset(const std::filesystem::path& file, int face_index, const std::u32string& code_points);
  ~FontSubset();
  FontSubset(const FontSubset&) = delete;
  FontSubset& operator=(const FontSubset&) = delete;

  // A path libharu can open (an anonymous in-memory file); valid while this object lives.
  const std::string& path() const { return path_; }
  std::size_t size_bytes() const { return size_; }

 private:
  int fd_ = -1;
  std::string path_;
  std::size_t size_ = 0;
};

}  // namespace jb::fonts
