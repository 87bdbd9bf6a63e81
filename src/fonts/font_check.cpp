#include "fonts/font_check.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include <sys/mman.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "core/message.hpp"
#include "core/utf8.hpp"

namespace jb::fonts {

namespace {

std::optional<std::vector<unsigned char>> table(FT_Face face, FT_ULong tag) {
  FT_ULong length = 0;
  if (FT_Load_Sfnt_Table(face, tag, 0, nullptr, &length) || length == 0) return std::nullopt;
  std::vector<unsigned char> bytes(length);
  if (FT_Load_Sfnt_Table(face, tag, 0, bytes.data(), &length)) return std::nullopt;
  return bytes;
}

std::uint32_t u16(const std::vector<unsigned char>& b, std::size_t at) {
  return at + 2 <= b.size() ? (std::uint32_t{b[at]} << 8) | b[at + 1] : 0;
}
std::uint32_t u32(const std::vector<unsigned char>& b, std::size_t at) {
  return at + 4 <= b.size() ? (u16(b, at) << 16) | u16(b, at + 2) : 0;
}

// The glyf table's outline directory.
class Glyphs {
 public:
  Glyphs(std::vector<unsigned char> glyf, std::vector<unsigned char> loca, bool long_offsets,
         std::size_t count)
      : glyf_(std::move(glyf)), loca_(std::move(loca)), long_(long_offsets), count_(count) {}

  bool valid() const { return loca_.size() >= (count_ + 1) * (long_ ? 4 : 2); }
  std::size_t count() const { return count_; }

  // Byte range of glyph `gid` in glyf; empty for an empty glyph or a bad entry.
  std::pair<std::size_t, std::size_t> range(std::size_t gid) const {
    auto at = [&](std::size_t i) -> std::size_t {
      return long_ ? u32(loca_, 4 * i) : 2 * std::size_t{u16(loca_, 2 * i)};
    };
    const std::size_t begin = at(gid), end = at(gid + 1);
    if (end <= begin || end > glyf_.size()) return {0, 0};
    return {begin, end};
  }
  bool composite(std::size_t gid) const {
    const auto [b, e] = range(gid);
    return e - b >= 10 && (u16(glyf_, b) & 0x8000) != 0;  // numberOfContours < 0
  }
  // The part glyph ids of a composite glyph; nullopt when its record is cut short.
  std::optional<std::vector<std::uint32_t>> parts(std::size_t gid) const {
    const auto [b, e] = range(gid);
    std::vector<std::uint32_t> out;
    std::size_t at = b + 10;
    for (;;) {
      if (at + 4 > e) return std::nullopt;
      const std::uint32_t flags = u16(glyf_, at);
      out.push_back(u16(glyf_, at + 2));
      at += 4 + ((flags & 0x0001) ? 4 : 2);  // ARG_1_AND_2_ARE_WORDS
      if (flags & 0x0008)
        at += 2;  // WE_HAVE_A_SCALE
      else if (flags & 0x0040)
        at += 4;  // WE_HAVE_AN_X_AND_Y_SCALE
      else if (flags & 0x0080)
        at += 8;                          // WE_HAVE_A_TWO_BY_TWO
      if (!(flags & 0x0020)) return out;  // MORE_COMPONENTS
    }
  }

 private:
  std::vector<unsigned char> glyf_, loca_;
  bool long_;
  std::size_t count_;
};

}  // namespace

CompositeCheck check_composites(FT_Face face) {
  CompositeCheck out;
  const auto head = table(face, TTAG_head), maxp = table(face, TTAG_maxp);
  auto glyf = table(face, TTAG_glyf), loca = table(face, TTAG_loca);
  if (!head || !maxp || !glyf || !loca || head->size() < 54) {
    out.malformed = core::say("no readable TrueType glyf/loca/head/maxp tables").str();
    return out;
  }
  const Glyphs glyphs(std::move(*glyf), std::move(*loca), u16(*head, 50) != 0, u16(*maxp, 4));
  if (!glyphs.valid()) {
    out.malformed = core::say("its loca table is shorter than its glyph count").str();
    return out;
  }
  // 0: not seen, 1: fine, 2: broken; with the reason for broken glyphs.
  std::vector<unsigned char> state(glyphs.count(), 0);
  std::vector<std::string> reason(glyphs.count());
  auto verdict = [&](std::size_t gid) {
    if (state[gid]) return state[gid];
    state[gid] = 1;
    if (!glyphs.composite(gid)) return state[gid];
    ++out.composites;
    const auto parts = glyphs.parts(gid);
    if (!parts) {
      state[gid] = 2, reason[gid] = core::say("its composite record is cut short").str();
      return state[gid];
    }
    for (const std::uint32_t p : *parts) {
      if (p >= 32768) {
        state[gid] = 2, reason[gid] = core::say("part glyph {} >= 32768", p).str();
      } else if (p >= glyphs.count()) {
        state[gid] = 2, reason[gid] = core::say("part glyph {} does not exist", p).str();
      } else if (glyphs.composite(p)) {
        state[gid] = 2, reason[gid] = core::say("part glyph {} is itself composite", p).str();
      }
      if (state[gid] == 2) break;
    }
    return state[gid];
  };
  FT_UInt gid = 0;
  for (FT_ULong cp = FT_Get_First_Char(face, &gid); gid != 0;
       cp = FT_Get_Next_Char(face, cp, &gid)) {
    ++out.characters;
    if (gid >= glyphs.count()) continue;
    if (state[gid] == 0) ++out.glyphs;
    if (verdict(gid) == 2) {
      ++out.broken;
      if (out.examples.size() < 5)
        out.examples.push_back("'" + core::encode_utf8(std::u32string(1, char32_t(cp))) + "' (" +
                               core::code_point_name(char32_t(cp)) + "): " + reason[gid]);
    }
  }
  return out;
}

bool font_open_failed_for_memory(const std::filesystem::path& file) {
  char magic[4] = {};
  if (std::FILE* f = std::fopen(file.c_str(), "rb")) {
    const std::size_t n = std::fread(magic, 1, sizeof magic, f);
    std::fclose(f);
    if (n != sizeof magic) return false;
  } else {
    return errno == ENOMEM || errno == EMFILE || errno == ENFILE;
  }
  const std::string m(magic, sizeof magic);
  if (m != std::string("\0\1\0\0", 4) && m != "true" && m != "ttcf" && m != "OTTO") return false;
  // Mapped, not allocated: an allocation nothing uses may be optimised away.
  constexpr std::size_t probe = std::size_t{8} << 20;
  void* p = ::mmap(nullptr, probe, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return true;
  ::munmap(p, probe);
  return false;
}

bool font_too_large(const std::filesystem::path& file, std::uintmax_t* bytes) {
  std::error_code ec;
  const auto size =
      std::filesystem::is_regular_file(file, ec) ? std::filesystem::file_size(file, ec) : 0;
  if (bytes) *bytes = ec ? 0 : size;
  return !ec && size > max_font_bytes;
}

bool inside_folder(const std::filesystem::path& file, const std::filesystem::path& folder) {
  std::error_code ec1, ec2;
  const auto f = std::filesystem::weakly_canonical(file, ec1);
  const auto d = std::filesystem::weakly_canonical(folder, ec2);
  return !ec1 && !ec2 && f.parent_path() == d;
}

}  // namespace jb::fonts
