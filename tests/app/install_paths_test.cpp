// app: where an installed program (and one in its build tree) finds its data folders.
#include "app/install_paths.hpp"

#include <fstream>
#include <tuple>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace jb;

TEST_CASE("install paths: relative to the program and only a build tree reads a source tree",
          "[app]") {
  test::TempDir tmp;
  const fs::path bin = tmp.path() / "usr/bin";
  fs::create_directories(bin);
  const app::DataDir fonts{"jianbao/fonts", "fonts"};
  CHECK(app::data_dir_candidates(bin, fonts) ==
        std::vector<fs::path>{tmp.path() / "usr/share/jianbao/fonts"});
  // A build tree holds CMakeCache.txt: then its source tree's folder comes second.
  test::TempDir build;
  { std::ofstream(build.path() / "CMakeCache.txt") << "\n"; }
  const auto in_build = app::data_dir_candidates(build.path(), fonts);
  REQUIRE(in_build.size() == 2);
  CHECK(in_build[1].filename() == "fonts");
  CHECK(in_build[1] != build.path() / "fonts");

  const auto search = app::find_data_dir(bin, fonts, [](const fs::path&) { return false; });
  CHECK_FALSE(search.found);
  CHECK(search.tried.size() == 1);
  const auto found =
      app::find_data_dir(build.path(), fonts, [&](const fs::path& p) { return p == in_build[1]; });
  CHECK(found.found == in_build[1]);
  CHECK(found.tried == in_build);
}

TEST_CASE("install paths: --font-dir then JIANBAO_FONT_DIR then the installed fonts", "[app]") {
  test::TempDir tmp;
  const fs::path bin = tmp.path() / "bin";
  fs::create_directories(bin);
  const fs::path given = tmp.path() / "given", env = tmp.path() / "env";
  fs::create_directories(given);
  fs::create_directories(env);
  CHECK(app::resolve_font_dir(given, env.c_str(), bin) == given);
  CHECK(app::resolve_font_dir("", env.c_str(), bin) == env);
  // A folder named that is not there: one error at the name, not one per font.
  for (const auto& [option, var, where] :
       {std::tuple{fs::path("/nonexist"), "", "--font-dir"},
        std::tuple{fs::path(), "/nonexist", "JIANBAO_FONT_DIR"}}) {
    const auto named = test::user_error_of([&] { app::resolve_font_dir(option, var, bin); });
    CHECK(named.code() == core::ExitCode::missing_input);
    REQUIRE(named.diagnostics().size() == 1);
    CHECK(named.diagnostics()[0].where.file == where);
    CHECK(named.diagnostics()[0].message ==
          "the fonts folder '/nonexist' does not exist or is not a folder");
  }
  const auto e = test::user_error_of([&] { app::resolve_font_dir("", "", bin); });
  CHECK(e.code() == core::ExitCode::missing_input);
  REQUIRE(e.diagnostics().size() == 1);
  CHECK(e.diagnostics()[0].where.file == "--font-dir");
  CHECK(e.diagnostics()[0].message.find((tmp.path() / "share/jianbao/fonts").string()) !=
        std::string::npos);
  CHECK(e.diagnostics()[0].hint.find("--font-dir DIR") != std::string::npos);
  fs::create_directories(tmp.path() / "share/jianbao/fonts");
  { std::ofstream(tmp.path() / "share/jianbao/fonts/SHA256SUMS") << "\n"; }
  CHECK(app::resolve_font_dir("", nullptr, bin) == tmp.path() / "share/jianbao/fonts");
}
