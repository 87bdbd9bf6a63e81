// fonts: whether libharu 2.3.0 can subset a TrueType font without breaking its glyphs.
// Its subsetter drops composite-glyph parts whose glyph id is 32768 or more and never follows a
// part that is itself composite (阿 printed as 可 in such fonts). Our shipped fonts have no such
// glyphs (tests/fonts check it); a font the spec names is checked when it is loaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

struct FT_FaceRec_;

namespace jb::fonts {

struct CompositeCheck {
  std::size_t characters = 0;         // code points in the cmap
  std::size_t glyphs = 0;             // distinct glyphs they reach
  std::size_t composites = 0;         // of which composite (all parts fine)
  std::size_t broken = 0;             // characters libharu would print wrong
  std::vector<std::string> examples;  // the first few: "'阿' (U+963F): part glyph 40123 >= 32768"
  std::string malformed;              // non-empty when the glyf/loca tables cannot be read
  bool ok() const { return broken == 0 && malformed.empty(); }
};

// Walks every glyph reachable from the face's cmap in its glyf table.
CompositeCheck check_composites(FT_FaceRec_* face);

// FreeType reports a face it could not allocate (a memory limit) as "unknown file format". True
// when that is the likelier story: the file starts as a TrueType font or collection does, and a
// few MiB cannot be had.
bool font_open_failed_for_memory(const std::filesystem::path& file);

// The largest font file jianbao opens: a whole CJK TrueType collection is a few tens of MB; a
// larger file is refused by its size before it is read or hashed (a 2 GB file named as a font
// would take seconds to hash only to be refused).
constexpr std::uintmax_t max_font_bytes = std::uintmax_t{256} << 20;

// True when `file` is a regular file larger than max_font_bytes; its size in `bytes`.
bool font_too_large(const std::filesystem::path& file, std::uintmax_t* bytes = nullptr);

// True when `file` lies directly in `folder` (both resolved; a missing path is never inside).
bool inside_folder(const std::filesystem::path& file, const std::filesystem::path& folder);

}  // namespace jb::fonts
