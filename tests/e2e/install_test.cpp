// e2e: the program outside its build tree: copied into a prefix without fonts (one error that
// names every place it looked), installed with `cmake --install` into a prefix, and packed as
// a .deb by CPack and unpacked, each rendering a demo from another working directory.
#include <filesystem>
#include <regex>
#include <sstream>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace jb;

namespace {

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

const fs::path build_dir = JIANBAO_BUILD_DIR;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The ningbo demo rendered by `program` from the examples under `prefix`, with `cwd` as the
// working directory; checks the PDF: its fonts embedded and subset, its title in the text.
void renders_demo(const fs::path& program, const fs::path& prefix, const fs::path& cwd) {
  const fs::path examples = prefix / "share/doc/jianbao/examples";
  fs::create_directories(cwd);
  const auto r = test::run("cd " + q(cwd) + " && env -u JIANBAO_FONT_DIR " + q(program) +
                           " -q render " + q(examples / "templates/ningbo/briefing.yaml") +
                           " --allow-path " + q(examples / "data") + " -o out");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const fs::path pdf = cwd / "out/ningbo-briefing.pdf";
  REQUIRE(fs::is_regular_file(pdf));
  const auto fonts = test::run("pdffonts " + q(pdf));
  REQUIRE(fonts.exit_code == 0);
  std::istringstream lines(fonts.out);
  int n = 0;
  for (std::string line; std::getline(lines, line);) {
    if (++n <= 2) continue;
    INFO(line);
    CHECK(std::regex_search(line, std::regex(" yes +yes +yes +[0-9]+ +0$")));  // emb sub uni
  }
  CHECK(n >= 2 + 5);
  CHECK(fonts.out.find("JianbaoSerifSC") != std::string::npos);
  const auto text = test::run("pdftotext -enc UTF-8 " + q(pdf) + " -");
  CHECK(test::strip_whitespace(text.out).find("宁波市加快发展新质生产力情况分析") !=
        std::string::npos);
  // The manifest names the installed fonts, not the source tree's.
  const std::string manifest = test::read_file(cwd / "out/manifest.json");
  CHECK(manifest.find((prefix / "share/jianbao/fonts").string()) != std::string::npos);
  CHECK(manifest.find(test::font_dir.string()) == std::string::npos);
}

}  // namespace

TEST_CASE("install: a program without its fonts stops once naming every place it looked", "[e2e]") {
  test::TempDir tmp;
  const fs::path bin = tmp.path() / "prefix/bin";
  fs::create_directories(bin);
  fs::copy_file(JIANBAO_BINARY, bin / "jianbao");
  const auto r =
      test::run("cd " + q(tmp.path()) + " && env -u JIANBAO_FONT_DIR " + q(bin / "jianbao") +
                " render " + q(test::source_dir / "templates/ningbo/briefing.yaml") +
                " --allow-path " + q(test::source_dir / "data") + " -o out");
  INFO(r.err);
  CHECK(r.exit_code == 66);
  CHECK(count(r.err, "error:") == 1);
  CHECK(r.err.find("cannot open the") == std::string::npos);
  CHECK(r.err.find("--font-dir: error: cannot find jianbao's fonts folder") != std::string::npos);
  CHECK(r.err.find((tmp.path() / "prefix/share/jianbao/fonts").string()) != std::string::npos);
  CHECK(r.err.find("--font-dir DIR") != std::string::npos);
  CHECK(r.err.find("JIANBAO_FONT_DIR") != std::string::npos);
  // Recorded like any run that stops early.
  CHECK(test::read_file(tmp.path() / "out/manifest.json").find("cannot find jianbao's fonts") !=
        std::string::npos);

  // The same program with the fonts beside it (<prefix>/share/jianbao/fonts) needs nothing more.
  fs::create_directories(tmp.path() / "prefix/share/jianbao");
  fs::create_directory_symlink(test::font_dir, tmp.path() / "prefix/share/jianbao/fonts");
  const auto ok =
      test::run("cd " + q(tmp.path()) + " && env -u JIANBAO_FONT_DIR " + q(bin / "jianbao") +
                " -q check " + q(test::source_dir / "templates/ningbo/briefing.yaml") +
                " --allow-path " + q(test::source_dir / "data"));
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  // And JIANBAO_FONT_DIR, or --font-dir, wins over the place beside the program.
  const auto env =
      test::run("cd " + q(tmp.path()) + " && JIANBAO_FONT_DIR=/nonexistent " + q(bin / "jianbao") +
                " -q check " + q(test::source_dir / "templates/ningbo/briefing.yaml") +
                " --allow-path " + q(test::source_dir / "data"));
  CHECK(env.exit_code == 66);
  // One error, at the variable that named the folder.
  CHECK(env.err.find("JIANBAO_FONT_DIR: error: the fonts folder '/nonexistent' does not exist") !=
        std::string::npos);
  CHECK(env.err.find("cannot open the") == std::string::npos);
}

TEST_CASE("install: cmake --install into a prefix renders a demo from another folder", "[e2e]") {
  test::TempDir tmp;
  const fs::path prefix = tmp.path() / "p";
  const auto install =
      test::run("cmake --install " + q(build_dir) + " --prefix " + q(prefix) + " >/dev/null");
  INFO(install.err);
  REQUIRE(install.exit_code == 0);
  for (const char* file :
       {"bin/jianbao", "share/jianbao/fonts/SHA256SUMS", "share/jianbao/fonts/README.md",
        "share/jianbao/fonts/JianbaoSerifSC-Regular.ttf",
        "share/jianbao/fonts/licenses/noto-cjk-copyright.txt", "share/man/man1/jianbao.1",
        "share/bash-completion/completions/jianbao",
        "share/doc/jianbao/examples/templates/ningbo/briefing.yaml",
        "share/doc/jianbao/examples/data/ningbo/gdp.csv"}) {
    INFO(file);
    CHECK(fs::is_regular_file(prefix / file));
  }
  // Only what the source holds: not a file a demo step makes.
  CHECK_FALSE(fs::exists(prefix / "share/doc/jianbao/examples/data/jiankuang/jiankuang.db"));
  renders_demo(prefix / "bin/jianbao", prefix, tmp.path() / "elsewhere");
}

TEST_CASE("package: the .deb unpacked renders a demo and depends on the libraries it links",
          "[e2e]") {
  test::TempDir tmp;
  const auto pack = test::run("cpack -G DEB --config " + q(build_dir / "CPackConfig.cmake") +
                              " -B " + q(tmp.path() / "pack") + " >/dev/null");
  INFO(pack.err);
  REQUIRE(pack.exit_code == 0);
  fs::path deb;
  for (const auto& e : fs::directory_iterator(tmp.path() / "pack"))
    if (e.path().extension() == ".deb") deb = e.path();
  REQUIRE(!deb.empty());
  CHECK(
      std::regex_match(deb.filename().string(), std::regex(R"(jianbao_[0-9.]+-1_[a-z0-9]+\.deb)")));

  const auto info = test::run("dpkg-deb -I " + q(deb));
  INFO(info.out);
  std::smatch depends;
  REQUIRE(std::regex_search(info.out, depends, std::regex(" Depends: ([^\n]*)")));
  for (const char* lib :
       {"libhpdf", "libqpdf", "libcairo2", "libfreetype6", "libharfbuzz", "libicu72", "libyaml-cpp",
        "libpq5", "libsqlite3", "libhyphen0", "libfreexl", "libzip4", "libgmp", "libc6"}) {
    INFO(lib);
    CHECK(depends.str(1).find(lib) != std::string::npos);
  }
  CHECK(info.out.find(" Section: text") != std::string::npos);
  CHECK(info.out.find(" Priority: optional") != std::string::npos);

  // Every folder 0755, every file 0644 but the program, owned by root.
  const auto list = test::run("dpkg-deb -c " + q(deb));
  std::istringstream lines(list.out);
  int entries = 0;
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    ++entries;
    CHECK(line.find(" root/root ") != std::string::npos);
    if (line.find("./usr/bin/jianbao") != std::string::npos)
      CHECK(line.rfind("-rwxr-xr-x", 0) == 0);
    else
      CHECK((line.rfind("drwxr-xr-x", 0) == 0 || line.rfind("-rw-r--r--", 0) == 0));
  }
  CHECK(entries > 30);
  for (const char* file :
       {"./usr/share/doc/jianbao/copyright", "./usr/share/doc/jianbao/changelog.Debian.gz",
        "./usr/share/man/man1/jianbao.1.gz", "./usr/share/bash-completion/completions/jianbao",
        "./usr/share/jianbao/fonts/SHA256SUMS"}) {
    INFO(file);
    CHECK(list.out.find(std::string(file) + "\n") != std::string::npos);
  }

  // Debian's checks: no error and no warning that is not overridden with its reason
  // (cmake/deb/lintian-overrides).
  const auto lintian = test::run("lintian --fail-on error,warning " + q(deb));
  INFO(lintian.out << lintian.err);
  CHECK(lintian.exit_code == 0);
  CHECK(lintian.out.find("E: ") == std::string::npos);
  CHECK(lintian.out.find("W: ") == std::string::npos);

  const fs::path root = tmp.path() / "root";
  REQUIRE(test::run("dpkg-deb -x " + q(deb) + " " + q(root)).exit_code == 0);
  // Stripped: no debugging sections in the packed program.
  CHECK(test::run("readelf -S " + q(root / "usr/bin/jianbao")).out.find(".debug_info") ==
        std::string::npos);
  renders_demo(root / "usr/bin/jianbao", root / "usr", tmp.path() / "elsewhere");
}
