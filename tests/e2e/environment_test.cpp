// tests/e2e: the environment cron gives a run. A closed stderr pipe, a thread the system will not
// start, a memory limit or too few file descriptors never crash a run or blame a font: a batch
// goes on where it can, and a run that cannot is 71 (EX_OSERR) with its real cause.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {
const std::string bin = test::jianbao;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }
const fs::path districts = test::source_dir / "templates/districts/briefing.yaml";
const fs::path ningbo = test::source_dir / "templates/ningbo/briefing.yaml";

// The reports manifest.json says were written, each checked to be on disk.
std::size_t written_in(const fs::path& out) {
  const auto m = nlohmann::json::parse(test::read_file(out / "manifest.json"));
  std::size_t n = 0;
  for (const auto& [spec, run] : m.at("runs").items())
    for (const auto& r : run.at("reports"))
      if (r.at("status") == "written" && fs::exists(out / r.at("path").get<std::string>())) ++n;
  return n;
}

// Runs `command` in bash with `limits` set first; the exit code of jianbao itself.
test::CommandResult limited(const std::string& limits, const std::string& command) {
  return test::run("bash -c " + q(limits + "; exec " + command));
}
}  // namespace

TEST_CASE("environment: a closed stderr pipe does not stop a batch", "[e2e][environment]") {
  test::TempDir tmp;
  // head takes the first 100 bytes of the log and goes: every later write to stderr fails.
  const auto r =
      test::run("bash -c " + q(bin + " render " + q(districts) + " -j2 -o " + q(tmp.path()) +
                               " 2>&1 | head -c 100 >/dev/null; exit ${PIPESTATUS[0]}"));
  CHECK(r.exit_code == 0);
  CHECK(written_in(tmp.path()) == 10);
}

TEST_CASE("environment: workers the system will not start leave the work to the others",
          "[e2e][environment]") {
  // A 1 GB stack for every thread in 1.5 GB (2.6 GB) of address space: no worker (one worker)
  // can start; the font check's thread cannot either.
  for (const std::string& limits : {std::string("ulimit -s 1000000; ulimit -v 1500000"),
                                    std::string("ulimit -s 1000000; ulimit -v 2600000")}) {
    INFO(limits);
    test::TempDir tmp;
    const auto r = limited(limits, bin + " render " + q(districts) + " -j2 -o " + q(tmp.path()));
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("warning: could start only ") != std::string::npos);
    CHECK(written_in(tmp.path()) == 10);
  }
}

TEST_CASE("environment: a memory limit is 71 'out of memory', never a bad font or a crash",
          "[e2e][environment]") {
  int out_of_memory = 0;
  // From 80 MB of address space: below some 75 MB the loader cannot map the program's shared
  // libraries (libzip's libcrypto among them) and it never starts (exit 127).
  for (int kb = 80000; kb <= 160000; kb += 10000) {
    INFO(kb << " KiB");
    test::TempDir tmp;
    const auto r = limited("ulimit -v " + std::to_string(kb),
                           bin + " -q render " + q(ningbo) + " -o " + q(tmp.path()));
    INFO(r.err);
    CHECK((r.exit_code == 0 || r.exit_code == 71));
    CHECK(r.err.find("font") == std::string::npos);
    CHECK(r.err.find("internal error") == std::string::npos);
    if (r.exit_code == 71) {
      ++out_of_memory;
      CHECK(r.err.find("error: out of memory") != std::string::npos);
      if (fs::exists(tmp.path() / "manifest.json"))
        CHECK(test::read_file(tmp.path() / "manifest.json").find("\"exit_status\": 71") !=
              std::string::npos);
    }
  }
  CHECK(out_of_memory > 0);  // the limits reached the run itself, not only its start
}

TEST_CASE("environment: too few file descriptors is 71 naming them, never a bad font",
          "[e2e][environment]") {
  int refused = 0;
  for (int n = 8; n <= 16; ++n) {
    INFO("ulimit -n " << n);
    test::TempDir tmp;
    const auto r = limited("ulimit -n " + std::to_string(n),
                           bin + " -q render " + q(ningbo) + " -o " + q(tmp.path()));
    INFO(r.err);
    CHECK((r.exit_code == 0 || r.exit_code == 71));
    CHECK(r.err.find("not a font") == std::string::npos);
    CHECK(r.err.find("cannot embed") == std::string::npos);
    if (r.exit_code == 71) {
      ++refused;
      CHECK(r.err.find("Too many open files") != std::string::npos);
      CHECK(r.err.find("ulimit -n") != std::string::npos);
    }
  }
  CHECK(refused > 0);
}

TEST_CASE("environment: messages name the real cause", "[e2e][environment]") {
  test::TempDir tmp;
  const auto spec = [&](const std::string& name, const std::string& text) {
    std::ofstream(tmp.path() / name) << text;
    return tmp.path() / name;
  };
  std::ofstream(tmp.path() / "d.csv", std::ios::binary)
      << "key,v\na," << std::string("1\0x", 3) << "\nb,2\n";
  const std::string body = "data:\n  d: d.csv\nbody:\n  - paragraph: 值{{ d.a.v }}。\n";
  // A NUL in a cell is named as such, at its cell, and the message goes on past it.
  auto r = test::run(bin + " -q check " +
                     q(spec("nul.yaml", "document: {title: t, date: 2025-11-20}\n" + body)));
  CHECK(r.exit_code == 65);
  CHECK(r.err.find("d.csv:2: error: the value of {{ d.a.v }} holds the control character '\\x00' "
                   "(U+0000), which cannot be printed") != std::string::npos);
  CHECK(r.err.find("hint: remove it from the data; used at ") != std::string::npos);

  // Line ends of a lone CR (classic Mac OS) are line ends.
  std::ofstream(tmp.path() / "d.csv", std::ios::binary) << "key,v\na,1\nb,2\n";
  std::string cr = "document: {title: t, date: 2025-11-20}\n" + body;
  for (auto& c : cr)
    if (c == '\n') c = '\r';
  r = test::run(bin + " -q check " + q(spec("cr.yaml", cr)));
  CHECK(r.exit_code == 0);
  INFO(r.err);

  // Many values without an alias (400 KB, under the spec's 1 MiB) are not "aliases repeating
  // aliases".
  std::string many = "document: {title: t, date: 2025-11-20}\n" + body + "rows: [1";
  for (int i = 0; i < 200000; ++i) many += ",1";
  many += "]\n";
  r = test::run(bin + " -q check " + q(spec("many.yaml", many)));
  CHECK(r.exit_code == 78);
  CHECK(r.err.find("error: the spec holds more than 200000 values") != std::string::npos);
  CHECK(r.err.find("aliases") == std::string::npos);

  // /proc/self/mem cannot be read from its start: it is not called empty.
  r = test::run(bin + " --allow-path /proc -q check " +
                q(spec("mem.yaml",
                       "document: {title: t, date: 2025-11-20}\ndata:\n  d: /proc/self/mem\n"
                       "body:\n  - paragraph: 正文。\n")));
  CHECK(r.exit_code == 66);
  CHECK(r.err.find("mem.yaml:3:6: error: cannot read '/proc/self/mem': Input/output error") !=
        std::string::npos);
  CHECK(r.err.find("empty") == std::string::npos);
}

TEST_CASE("environment: a missing data file and a folder named manifest.json say so",
          "[e2e][environment]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml") << "document: {title: t, date: 2025-11-20}\ndata:\n"
                                          "  d: d.csv\nbody:\n  - paragraph: 值{{ d.a.v }}。\n";
  // check on a data file that is not there: not "was it replaced while jianbao ran?"
  for (const std::string& cmd :
       {" -q check " + q(tmp.path() / "s.yaml"),
        " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "o")}) {
    const auto r = test::run(bin + cmd);
    CHECK(r.exit_code == 66);
    CHECK(r.err.find("s.yaml:3:6: error: cannot open '" + (tmp.path() / "d.csv").string() +
                     "': No such file or directory") != std::string::npos);
    CHECK(r.err.find("replaced") == std::string::npos);
  }
  // manifest.json as a folder: 73 before any PDF is written, not an internal error after.
  std::ofstream(tmp.path() / "d.csv") << "key,v\na,1\n";
  fs::create_directories(tmp.path() / "out" / "manifest.json");
  const auto r =
      test::run(bin + " -q render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  CHECK(r.exit_code == 73);
  CHECK(
      r.err.find(
          "manifest.json: error: the manifest is a folder: this run could not be recorded in it") !=
      std::string::npos);
  CHECK_FALSE(fs::exists(tmp.path() / "out" / "s.pdf"));
}
