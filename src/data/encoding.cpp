#include "data/encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <memory>

#include "core/utf8.hpp"

namespace jb::data {

namespace {

int line_of(std::string_view bytes, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i)
    line +=
        bytes[i] == '\n' || (bytes[i] == '\r' && !(i + 1 < bytes.size() && bytes[i + 1] == '\n'));
  return line;
}

std::string hex(unsigned char c) {
  static const char* d = "0123456789ABCDEF";
  return std::string("0x") + d[c >> 4] + d[c & 15];
}

// GB18030 -> UTF-8 with glibc's iconv; the offset of the first byte it cannot read otherwise.
bool from_gb18030(std::string_view in, std::string& out, std::size_t& bad) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv has no GB18030");
  const std::unique_ptr<void, int (*)(iconv_t)> closer(cd, iconv_close);
  out.assign(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        const std::size_t used = out.size() - dst_left;
        out.resize(out.size() * 2);
        dst = out.data() + used;
        dst_left = out.size() - used;
        continue;
      }
      bad = static_cast<std::size_t>(src - in.data());
      return false;
    }
  }
  out.resize(out.size() - dst_left);
  return true;
}

// A private-use character of planes 15 and 16 in a data file, refused at its line and column.
std::string refuse_private_plane(std::string text, const std::string& file) {
  const std::size_t at = core::find_private_plane(text);
  if (at == std::string::npos) return text;
  const std::size_t line_start =
      text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  const int column = static_cast<int>(core::count_code_points(
                         std::string_view(text).substr(line_start, at - line_start))) +
                     1;
  const auto cp = core::decode_utf8(std::string_view(text).substr(at, 4)).value_or(U"?");
  throw core::UserError(
      core::ExitCode::data_error, core::SourceLocation{file, line_of(text, at), column},
      core::say("the data holds the private-use character {}, which no font prints",
                core::code_point_name(cp[0])),
      core::say("leave it out of the data; a symbol font or an export may have put it there"));
}

// The bytes as UTF-8 text, from UTF-8 or GB18030 as declared or detected.
std::string decode_bytes(std::string_view bytes, spec::Encoding declared, const std::string& file,
                         std::string* note) {
  const bool bom = bytes.substr(0, 3) == "\xEF\xBB\xBF";
  if (bom) bytes.remove_prefix(3);
  std::size_t bad_utf8 = 0;
  const bool utf8 = core::valid_utf8(bytes, &bad_utf8);
  if (declared == spec::Encoding::utf8 || (declared == spec::Encoding::detect && (utf8 || bom))) {
    if (utf8) return std::string(bytes);
    throw core::UserError(
        core::ExitCode::data_error, core::SourceLocation{file, line_of(bytes, bad_utf8), 0},
        core::say("invalid UTF-8: byte {} at offset {}",
                  hex(static_cast<unsigned char>(bytes[bad_utf8])), bad_utf8 + (bom ? 3 : 0)),
        declared == spec::Encoding::utf8
            ? core::say("the spec declares this file UTF-8; if Excel saved it as plain 'CSV' on a "
                        "Chinese Windows, declare encoding: gb18030")
            : core::say(
                  "the file starts with a UTF-8 byte order mark but is not UTF-8 throughout"));
  }
  std::string out;
  std::size_t bad = 0;
  if (!from_gb18030(bytes, out, bad))
    throw core::UserError(
        core::ExitCode::data_error, core::SourceLocation{file, line_of(bytes, bad), 0},
        declared == spec::Encoding::gb18030
            ? core::say("invalid GB18030/GBK: byte {} at offset {}",
                        hex(static_cast<unsigned char>(bytes[bad])), bad)
            : core::say("neither UTF-8 (byte {} at offset {}) nor GB18030 (offset {})",
                        hex(static_cast<unsigned char>(bytes[bad_utf8])), bad_utf8, bad),
        core::say(
            "save the file as 'CSV UTF-8', or declare its encoding in the spec's data section"));
  if (note && declared == spec::Encoding::detect)
    *note = core::say("not valid UTF-8 (byte {} at line {}): read as GB18030",
                      hex(static_cast<unsigned char>(bytes[bad_utf8])), line_of(bytes, bad_utf8))
                .str();
  return out;
}

}  // namespace

std::string decode_text(std::string_view bytes, spec::Encoding declared, const std::string& file,
                        std::string* note) {
  return refuse_private_plane(decode_bytes(bytes, declared, file, note), file);
}

}  // namespace jb::data
