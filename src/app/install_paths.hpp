// app: where the program's own data is (the fonts, later the message catalogs): installed
// beside the program (<prefix>/bin/jianbao reads <prefix>/share/...), or, for a program that
// runs from its build tree, in the source tree it was built from.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"

namespace jb::app {

// One folder of installed data, by where each kind of tree holds it.
struct DataDir {
  std::filesystem::path installed;  // under <prefix>/share: "jianbao/fonts", "locale"
  std::filesystem::path in_source;  // under the source tree, for a build tree: "fonts"
};

struct DataDirSearch {
  std::optional<std::filesystem::path> found;  // the first place that holds the data
  std::vector<std::filesystem::path> tried;    // every place looked at, in order
};

// The folder the running program lies in (/proc/self/exe's); empty when it cannot be read.
std::filesystem::path program_dir();

// The places `dir` may be for a program in `program`'s folder, in order: relative to the
// program (<program>/../share/<installed>), then, when `program` is a build tree (it holds
// CMakeCache.txt), the source tree's folder it was built from (found relative to the build
// tree, so that a checkout moved with its build still finds it). An installed program never
// reads a source tree.
std::vector<std::filesystem::path> data_dir_candidates(const std::filesystem::path& program,
                                                       const DataDir& dir);

// The first of data_dir_candidates that `holds` accepts (a folder with the files wanted).
DataDirSearch find_data_dir(const std::filesystem::path& program, const DataDir& dir,
                            const std::function<bool(const std::filesystem::path&)>& holds);

// The fonts folder: --font-dir when given, else $JIANBAO_FONT_DIR (`env`, null or empty when
// unset), else the first place find_data_dir finds one (a folder holding SHA256SUMS). Throws a
// UserError for exit 66, at --font-dir, naming every place it looked, when there is none.
std::filesystem::path resolve_font_dir(const std::filesystem::path& option, const char* env,
                                       const std::filesystem::path& program = program_dir());

// The folder of the message catalogs (LANG/LC_MESSAGES/jianbao.mo): <program>/../share/locale
// for an installed program, the build tree's locale/ for one in its build tree; the installed
// place when neither has one (the messages are then English).
std::filesystem::path catalog_dir(const std::filesystem::path& program = program_dir());

}  // namespace jb::app
