// app (internal): the files of templates/init/, built into the program. The definitions are
// generated at build time (cmake/embed_files.cmake) into the build tree's init_files.cpp.
#pragma once

#include <span>
#include <string_view>

namespace jb::app::detail {

struct EmbeddedFile {
  std::string_view path;   // under templates/init/: "briefing/report.yaml"
  std::string_view bytes;  // its contents
};

std::span<const EmbeddedFile> embedded_init_files();

}  // namespace jb::app::detail
