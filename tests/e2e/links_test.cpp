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

const std::string bin = test::jianbao;
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

TEST_CASE("escapes: a control sequence in the data reaches no terminal, log or manifest raw",
          "[e2e][links]") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "out";
  // A figure with an OSC sequence (set the terminal's title) and a key with ESC [2J (clear it).
  std::ofstream(tmp.path() / "d.csv") << "a,b\n2024,1\x1b]0;pwned\x07\n";
  std::ofstream(tmp.path() / "s.yaml")
      << "document: {title: t, date: 2025-11-20}\ndata:\n  d: d.csv\n"
         "body:\n  - paragraph: 值为{{ d.2024.b | yi }}。\n";
  auto r = test::run(bin + " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(out) + " --log " +
                     q(tmp.path() / "run.log"));
  CHECK(r.exit_code == 65);
  CHECK(r.err.find("value '1\\x1b]0;pwned\\x07' of d.2024.b is not a number") != std::string::npos);
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK(r.err.find('\x07') == std::string::npos);
  const std::string log = test::read_file(tmp.path() / "run.log");
  CHECK(log.find("\\x1b]0;pwned") != std::string::npos);
  CHECK(log.find('\x1b') == std::string::npos);
  const std::string manifest = test::read_file(out / "manifest.json");
  CHECK(manifest.find("pwned") != std::string::npos);
  CHECK(manifest.find("\\u001b") == std::string::npos);  // JSON would escape a raw ESC so
  CHECK(manifest.find("\\\\x1b") != std::string::npos);  // the message's own \x1b, in JSON

  // A burst whose row names a file with ESC in it is refused at each.output.
  std::ofstream(tmp.path() / "e.csv") << "k,v\n\x1b[2J甲,1\n乙,2\n";
  std::ofstream(tmp.path() / "b.yaml")
      << "document: {title: t, date: 2025-11-20}\ndata:\n  e: e.csv\neach:\n  data: e\n"
         "  output: \"{{ e.this.k }}.pdf\"\nbody:\n  - paragraph: 值为{{ e.this.v }}。\n";
  r = test::run(bin + " -q render " + q(tmp.path() / "b.yaml") + " -o " + q(out / "b"));
  CHECK(r.exit_code == 65);
  CHECK(r.err.find("e.csv:2: error: the value of {{ e.this.k }} holds the control character "
                   "'\\x1b' (U+001B), which cannot be printed") != std::string::npos);
  CHECK(r.err.find("would be named") == std::string::npos);  // said once, at its cause
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK(fs::exists(out / "b" / "乙.pdf"));
  for (const auto& entry : fs::directory_iterator(out / "b"))
    CHECK(entry.path().filename().string().find('\x1b') == std::string::npos);
}
