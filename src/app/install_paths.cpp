#include "app/install_paths.hpp"

#include <system_error>

#ifndef JIANBAO_BUILD_TO_SOURCE
#define JIANBAO_BUILD_TO_SOURCE ".."
#endif

namespace fs = std::filesystem;

namespace jb::app {

fs::path program_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

std::vector<fs::path> data_dir_candidates(const fs::path& program, const DataDir& dir) {
  std::vector<fs::path> out;
  if (program.empty()) return out;
  out.push_back((program / ".." / "share" / dir.installed).lexically_normal());
  std::error_code ec;
  // JIANBAO_BUILD_TO_SOURCE: the source tree, relative to the build tree (src/CMakeLists.txt).
  if (!dir.in_source.empty() && fs::is_regular_file(program / "CMakeCache.txt", ec))
    out.push_back((program / JIANBAO_BUILD_TO_SOURCE / dir.in_source).lexically_normal());
  return out;
}

DataDirSearch find_data_dir(const fs::path& program, const DataDir& dir,
                            const std::function<bool(const fs::path&)>& holds) {
  DataDirSearch out;
  for (const fs::path& p : data_dir_candidates(program, dir)) {
    out.tried.push_back(p);
    if (holds(p)) {
      out.found = p;
      break;
    }
  }
  return out;
}

namespace {

// A fonts folder the user named: a folder, or one error for every font it was to hold.
fs::path named_font_dir(const fs::path& dir, const char* where) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return dir;
  throw core::UserError(
      core::ExitCode::missing_input, core::SourceLocation{where},
      core::say("the fonts folder '{}' does not exist or is not a folder", dir.string()),
      core::say("name the folder that holds the fonts (an installed jianbao "
                "has it in <prefix>/share/jianbao/fonts), or leave {} out",
                where));
}

}  // namespace

fs::path resolve_font_dir(const fs::path& option, const char* env, const fs::path& program) {
  if (!option.empty()) return named_font_dir(option, "--font-dir");
  if (env && *env) return named_font_dir(env, "JIANBAO_FONT_DIR");
  const DataDirSearch search =
      find_data_dir(program, {"jianbao/fonts", "fonts"}, [](const fs::path& p) {
        std::error_code ec;
        return fs::is_regular_file(p / "SHA256SUMS", ec);
      });
  if (search.found) return *search.found;
  std::string places;
  for (const fs::path& p : search.tried) places += (places.empty() ? "" : ", ") + p.string();
  if (places.empty()) places = core::tr("nowhere (the program's own location cannot be read)");
  throw core::UserError(core::ExitCode::missing_input, core::SourceLocation{"--font-dir"},
                        core::say("cannot find jianbao's fonts folder (one holding SHA256SUMS "
                                  "and the fonts): looked in {} (JIANBAO_FONT_DIR is not set)",
                                  places),
                        core::say("name it with --font-dir DIR or the environment variable "
                                  "JIANBAO_FONT_DIR=DIR (an installed jianbao has it in "
                                  "<prefix>/share/jianbao/fonts)"));
}

fs::path catalog_dir(const fs::path& program) {
  const auto holds = [](const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p / "zh_CN" / "LC_MESSAGES" / "jianbao.mo", ec);
  };
  if (program.empty()) return {};
  const fs::path installed = (program / ".." / "share" / "locale").lexically_normal();
  if (holds(installed)) return installed;
  // A build tree compiles its catalogs into its own locale/ folder (src/CMakeLists.txt).
  std::error_code ec;
  if (fs::is_regular_file(program / "CMakeCache.txt", ec) && holds(program / "locale"))
    return program / "locale";
  return installed;
}

}  // namespace jb::app
