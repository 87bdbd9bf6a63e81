// tests/e2e: a spec reads only what it may. Data and fonts lie in the spec's own folder tree or
// the fonts folder, or in a folder the command line allows (--allow-path); anything else is 77,
// named at the spec line that asks for it, and nothing of the file is read, echoed or printed.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {
// The program itself, without the tests' --allow-path of the repository.
const std::string bin = JIANBAO_BINARY;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

// A secret elsewhere: another office's data, a key file.
struct Setting {
  test::TempDir office;  // the spec's folder
  test::TempDir elsewhere;
  fs::path secret = elsewhere.path() / "secret.csv";
  Setting() {
    std::ofstream(secret) << "key,v\na,SECRET-LINE-1\n";
    fs::create_directories(office.path() / "data");
    std::ofstream(office.path() / "data" / "d.csv") << "key,v\na,1\n";
  }
  fs::path spec(const std::string& data_line, const std::string& extra = "") {
    const auto p = office.path() / "s.yaml";
    std::ofstream(p) << "document: {title: t, date: 2025-11-20}\n"
                     << extra << "data:\n"
                     << data_line << "\nbody:\n  - paragraph: \"值{{ d.a.v }}。\"\n"
                     << "  - table: {data: d, columns: [{column: v, header: 值}]}\n";
    return p;
  }
};
}  // namespace

TEST_CASE("permissions: data outside the spec's folder tree is 77 naming the path",
          "[e2e][permissions]") {
  Setting s;
  for (const std::string& line :
       {"  d: " + s.secret.string(),                                          // absolute
        "  d: ../" + s.elsewhere.path().filename().string() + "/secret.csv",  // climbing out
        "  d: {file: " + s.secret.string() + "}"}) {
    INFO(line);
    const auto spec = s.spec(line);
    for (const std::string& cmd :
         {" check " + q(spec), " render " + q(spec) + " -o " + q(s.office.path() / "out")}) {
      const auto r = test::run(bin + " -q" + cmd);
      CHECK(r.exit_code == 77);
      CHECK(r.err.find(spec.string() + ":3:") != std::string::npos);
      CHECK(r.err.find("error: the spec may not read the data file '") != std::string::npos);
      CHECK(r.err.find("--allow-path DIR") != std::string::npos);
      CHECK(r.err.find("SECRET-LINE") == std::string::npos);
    }
  }
  // The manifest records the refusal, not the file.
  const std::string manifest = test::read_file(s.office.path() / "out" / "manifest.json");
  CHECK(manifest.find("\"exit_status\": 77") != std::string::npos);
  CHECK(manifest.find("SECRET-LINE") == std::string::npos);
  CHECK_FALSE(fs::exists(s.office.path() / "out" / "s.pdf"));
}

TEST_CASE("permissions: a link inside the spec's folder to a file outside it is 77",
          "[e2e][permissions]") {
  Setting s;
  fs::create_symlink(s.secret, s.office.path() / "data" / "innocent.csv");
  fs::create_directory_symlink(s.elsewhere.path(), s.office.path() / "shared");
  for (const std::string& line :
       {std::string("  d: data/innocent.csv"), std::string("  d: shared/secret.csv")}) {
    INFO(line);
    const auto r = test::run(bin + " -q check " + q(s.spec(line)));
    CHECK(r.exit_code == 77);
    CHECK(r.err.find("(it leads to '" + fs::canonical(s.secret).string() + "')") !=
          std::string::npos);
    CHECK(r.err.find("SECRET-LINE") == std::string::npos);
  }
  // A link that stays inside the tree is fine.
  fs::create_symlink(s.office.path() / "data" / "d.csv", s.office.path() / "alias.csv");
  CHECK(test::run(bin + " -q check " + q(s.spec("  d: alias.csv"))).exit_code == 0);
}

TEST_CASE("permissions: --allow-path DIR lets a spec read DIR, before or after the subcommand",
          "[e2e][permissions]") {
  Setting s;
  const auto spec = s.spec("  d: " + s.secret.string());
  auto r = test::run(bin + " -q render " + q(spec) + " --allow-path " + q(s.elsewhere.path()) +
                     " -o " + q(s.office.path() / "out"));
  CHECK(r.exit_code == 0);
  CHECK(test::run("pdftotext " + q(s.office.path() / "out" / "s.pdf") + " -")
            .out.find("SECRET-LINE-1") != std::string::npos);
  r = test::run(bin + " --allow-path " + q(s.elsewhere.path()) + " -q check " + q(spec));
  CHECK(r.exit_code == 0);
  // Allowing one folder does not allow its neighbour.
  r = test::run(bin + " --allow-path " + q(s.office.path() / "data") + " -q check " + q(spec));
  CHECK(r.exit_code == 77);
  // The spec's own subfolders need nothing.
  CHECK(test::run(bin + " -q check " + q(s.spec("  d: data/d.csv"))).exit_code == 0);
}

TEST_CASE("permissions: a font outside the allowed folders is 77, the shipped fonts are allowed",
          "[e2e][permissions]") {
  Setting s;
  fs::copy_file(test::font_dir / "JianbaoSerifSC-Regular.ttf", s.elsewhere.path() / "f.ttf");
  const auto spec = s.spec("  d: data/d.csv",
                           "fonts:\n  song: " + (s.elsewhere.path() / "f.ttf").string() + "\n");
  auto r = test::run(bin + " -q check " + q(spec));
  CHECK(r.exit_code == 77);
  CHECK(r.err.find(spec.string() + ":3:9: error: the spec may not read the song font '") !=
        std::string::npos);
  // A bare name resolves in the fonts folder, which every spec may read.
  const auto shipped = s.spec("  d: data/d.csv", "fonts:\n  song: JianbaoSerifSC-Regular.ttf\n");
  r = test::run(bin + " -q check " + q(shipped));
  CHECK(r.exit_code == 0);
}

TEST_CASE("permissions: a message quotes an excerpt of a cell, never the whole line",
          "[e2e][permissions]") {
  Setting s;
  std::string cell = "PUBLIC-START";
  for (int i = 0; i < 500; ++i) cell += "0123456789";
  cell += "\x1b]0;owned\x07SECRET-END";
  std::ofstream(s.office.path() / "data" / "d.csv") << "key,v\na," << cell << "\n";
  const auto spec = s.office.path() / "s.yaml";
  std::ofstream(spec) << "document: {title: t, date: 2025-11-20}\ndata:\n  d: data/d.csv\n"
                         "body:\n  - paragraph: \"值{{ d.a.v | fixed(1) }}。\"\n";
  const auto r = test::run(bin + " -q render " + q(spec) + " -o " + q(s.office.path() / "out"));
  CHECK(r.exit_code == 65);
  CHECK(r.err.find("error: value 'PUBLIC-START0123456789012345678901234567…' of d.a.v") !=
        std::string::npos);
  CHECK(r.err.find("SECRET-END") == std::string::npos);
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK(r.err.size() < 2000);
  const std::string manifest = test::read_file(s.office.path() / "out" / "manifest.json");
  CHECK(manifest.find("PUBLIC-START") != std::string::npos);
  CHECK(manifest.find("SECRET-END") == std::string::npos);
  CHECK(manifest.size() < 4000);
}
