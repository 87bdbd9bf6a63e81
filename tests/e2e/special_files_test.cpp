// tests/e2e: inputs are regular files. A FIFO or a device named as data or as the spec is a
// located error at once (66), never a read that blocks for ever or has no end.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>

#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {
const std::string bin = test::jianbao;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }
}  // namespace

TEST_CASE("special files: a FIFO or a device as data or spec is 66 at once", "[e2e][special]") {
  test::TempDir tmp;
  REQUIRE(::mkfifo((tmp.path() / "fifo.csv").c_str(), 0600) == 0);
  std::ofstream(tmp.path() / "s.yaml") << "document: {title: t, date: 2025-11-20}\ndata:\n"
                                          "  d: fifo.csv\n  z: /dev/zero\nbody:\n"
                                          "  - paragraph: 正文。\n";
  const auto start = std::chrono::steady_clock::now();
  // `timeout` turns a hang into exit 124, which fails the test instead of stalling the suite.
  // /dev is allowed: the spec may name it, and the file's kind is what is refused.
  auto r =
      test::run("timeout 20 " + bin + " --allow-path /dev -q check " + q(tmp.path() / "s.yaml"));
  CHECK(r.exit_code == 66);
  CHECK(r.err.find("s.yaml:3:6: error: '" + (tmp.path() / "fifo.csv").string() +
                   "' is a FIFO (named pipe), expected a regular file") != std::string::npos);
  CHECK(r.err.find("s.yaml:4:6: error: '/dev/zero' is a character device, expected a regular "
                   "file") != std::string::npos);
  r = test::run("timeout 20 " + bin + " --allow-path /dev -q render " + q(tmp.path() / "s.yaml") +
                " -o " + q(tmp.path() / "out"));
  CHECK(r.exit_code == 66);
  r = test::run("timeout 20 " + bin + " -q render /dev/zero -o " + q(tmp.path() / "out"));
  CHECK(r.exit_code == 66);
  CHECK(r.err.find("/dev/zero: error: '/dev/zero' is a character device") != std::string::npos);
  r = test::run("timeout 20 " + bin + " -q render " + q(tmp.path() / "fifo.csv") + " -o " +
                q(tmp.path() / "out"));
  CHECK(r.exit_code == 66);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}
