// tests/e2e: links planted in the output folder never make a run write or read someone else's
// file: a lock file that is a symbolic or a hard link is refused untouched, and a manifest.json
// that links to a private file is replaced, its content never copied into the public one.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {

const std::string bin = JIANBAO_BINARY;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

fs::path write_spec(const fs::path& dir) {
  std::ofstream(dir / "d.csv") << "a,b\n2024,1\n";
  std::ofstream(dir / "s.yaml") << "document: {title: t, date: 2025-11-20}\ndata:\n  d: d.csv\n"
                                   "body:\n  - paragraph: 值为{{ d.2024.b | yi }}。\n";
  return dir / "s.yaml";
}

}  // namespace

TEST_CASE("links: a lock file that is a link is refused, and what it points to is untouched",
          "[e2e][links]") {
  test::TempDir tmp;
  const fs::path spec = write_spec(tmp.path());
  const fs::path out = tmp.path() / "out";
  fs::create_directories(out);
  const std::string secret = "someone else's precious file\n";
  std::ofstream(tmp.path() / "victim") << secret;

  fs::create_symlink(tmp.path() / "victim", out / ".jianbao.lock");
  auto r = test::run(bin + " -q render " + q(spec) + " -o " + q(out));
  CHECK(r.exit_code == 73);
  CHECK(r.err.find(".jianbao.lock: error: the output folder's lock file is a symbolic link: it "
                   "is not followed") != std::string::npos);
  CHECK(test::read_file(tmp.path() / "victim") == secret);
  CHECK_FALSE(fs::exists(out / "s.pdf"));

  fs::remove(out / ".jianbao.lock");
  fs::create_hard_link(tmp.path() / "victim", out / ".jianbao.lock");
  r = test::run(bin + " -q render " + q(spec) + " -o " + q(out));
  CHECK(r.exit_code == 73);
  CHECK(r.err.find("the output folder's lock file is not a plain file of its own") !=
        std::string::npos);
  CHECK(test::read_file(tmp.path() / "victim") == secret);

  // Once it is gone, the run makes its own lock and writes the PDF.
  fs::remove(out / ".jianbao.lock");
  r = test::run(bin + " -q render " + q(spec) + " -o " + q(out));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(out / "s.pdf"));
  CHECK(test::read_file(tmp.path() / "victim") == secret);
}

TEST_CASE("links: a manifest.json that links to a private file is never read", "[e2e][links]") {
  test::TempDir tmp;
  const fs::path spec = write_spec(tmp.path());
  const fs::path out = tmp.path() / "out";
  fs::create_directories(out);
  const std::string secret =
      R"({"program": "jianbao", "runs": {"/private/spec.yaml": {"spec": "SECRET-ENTRY"}}})";
  std::ofstream(tmp.path() / "private.json") << secret;
  fs::create_symlink(tmp.path() / "private.json", out / "manifest.json");
  const auto r = test::run(bin + " -q render " + q(spec) + " -o " + q(out));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(fs::is_symlink(out / "manifest.json"));  // replaced by a file of its own
  const std::string manifest = test::read_file(out / "manifest.json");
  CHECK(manifest.find("SECRET-ENTRY") == std::string::npos);
  CHECK(manifest.find("\"exit_status\": 0") != std::string::npos);
  CHECK(test::read_file(tmp.path() / "private.json") == secret);
}
