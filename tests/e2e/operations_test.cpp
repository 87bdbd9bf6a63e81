// tests/e2e: operations tell the truth, through the binary: every run that fails records its exit
// status and diagnostics in manifest.json (never in a folder another run holds), a --log FILE or
// an output folder that cannot be made says why, and the global options go on either side of
// the subcommand.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {

const std::string bin = test::jianbao;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

const std::string good_spec =
    "document: {title: t, date: 2025-11-20}\ndata:\n  d: d.csv\n"
    "body:\n  - paragraph: 值为{{ d.2024.b | yi }}。\n";

// A spec and its CSV in `dir`; returns the spec's path.
fs::path write_spec(const fs::path& dir, const std::string& yaml = good_spec) {
  std::ofstream(dir / "d.csv") << "a,b\n2024,1\n";
  std::ofstream(dir / "s.yaml") << yaml;
  return dir / "s.yaml";
}

// This spec's entry in the folder's manifest.json.
nlohmann::json manifest_entry(const fs::path& out, const fs::path& spec) {
  const auto file = nlohmann::json::parse(test::read_file(out / "manifest.json"));
  return file.at("runs").at(fs::weakly_canonical(spec).string());
}

test::CommandResult render(const fs::path& spec, const fs::path& out,
                           const std::string& extra = "") {
  return test::run(bin + " render " + q(spec) + " -o " + q(out) + extra);
}

// The first line of stderr that is a diagnostic (FILE:LINE:COL: error: ...).
std::string first_error(const std::string& err) {
  std::size_t start = 0;
  while (start < err.size()) {
    const std::size_t end = err.find('\n', start);
    const std::string line = err.substr(start, end - start);
    if (line.find(": error: ") != std::string::npos) return line;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return {};
}

// Runs `command` as an unprivileged user (root writes through any folder's permissions).
std::string unprivileged(const std::string& command) {
  return ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " + command
                          : command;
}

}  // namespace

TEST_CASE("ops: a run that fails before the batch records its status + diagnostics", "[e2e][ops]") {
  test::TempDir tmp;
  const auto spec = write_spec(tmp.path());
  const auto out = tmp.path() / "out";
  REQUIRE(render(spec, out).exit_code == 0);
  CHECK(manifest_entry(out, spec).at("exit_status") == 0);
  CHECK(manifest_entry(out, spec).at("errors").empty());

  // An invalid spec: the previous run's 0 gives way to this run's 78 and its message.
  std::ofstream(spec) << "document: {title: t, date: 2025-11-20}\nbody:\n  - paragraph: {{ x }\n";
  auto r = render(spec, out);
  CHECK(r.exit_code == 78);
  auto m = manifest_entry(out, spec);
  CHECK(m.at("exit_status") == 78);
  REQUIRE(m.at("errors").size() == 1);
  CHECK(first_error(r.err) ==
        spec.string() + ":3:17: error: invalid YAML: end of map flow not found");
  CHECK(m.at("errors")[0].get<std::string>().rfind(first_error(r.err), 0) == 0);
  CHECK(m.at("reports").empty());

  // A CSV that is missing: 66, at the spec line that names it.
  write_spec(tmp.path());
  fs::remove(tmp.path() / "d.csv");
  r = render(spec, out);
  CHECK(r.exit_code == 66);
  m = manifest_entry(out, spec);
  CHECK(m.at("exit_status") == 66);
  REQUIRE(m.at("errors").size() == 1);
  CHECK(m.at("errors")[0] == spec.string() + ":3:6: error: cannot open '" +
                                 (tmp.path() / "d.csv").string() + "': No such file or directory");
  CHECK(first_error(r.err) == m.at("errors")[0]);

  // `check` writes nothing, not even a failure.
  const std::string before = test::read_file(out / "manifest.json");
  CHECK(test::run(bin + " check " + q(spec)).exit_code == 66);
  CHECK(test::read_file(out / "manifest.json") == before);
}

TEST_CASE("ops: a folder another run holds keeps that run's manifest", "[e2e][ops]") {
  test::TempDir tmp;
  const auto spec = write_spec(tmp.path());
  const auto out = tmp.path() / "out";
  REQUIRE(render(spec, out).exit_code == 0);
  const std::string before = test::read_file(out / "manifest.json");
  const int fd = ::open((out / ".jianbao.lock").c_str(), O_RDWR);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);  // another run, as far as jianbao can tell

  auto r = render(spec, out);
  CHECK(r.exit_code == 75);
  CHECK(first_error(r.err) ==
        out.string() + ": error: another jianbao run is writing to this folder");
  std::ofstream(spec) << "document: {title: t, date: 2025-11-20}\nbody: 7\n";
  r = render(spec, out);
  CHECK(r.exit_code == 78);  // the spec's own problem, and a word that it is not recorded
  CHECK(r.err.find("warning: this run is not recorded in " + (out / "manifest.json").string() +
                   ": another jianbao run is writing to this folder") != std::string::npos);
  CHECK(test::read_file(out / "manifest.json") == before);
  ::close(fd);
}

TEST_CASE("ops: --log FILE that cannot be opened is exit 73 with its reason", "[e2e][ops]") {
  test::TempDir tmp;
  const auto spec = write_spec(tmp.path());
  const auto log = tmp.path() / "no/such/folder/run.log";
  auto r = render(spec, tmp.path() / "out", " --log " + q(log));
  CHECK(r.exit_code == 73);
  CHECK(first_error(r.err) ==
        log.string() + ": error: cannot open the log file (--log): No such file or directory");
  CHECK(r.err.find("hint: its folder must exist and be writable") != std::string::npos);
  CHECK(r.err.find("terminate") == std::string::npos);
  const auto m = manifest_entry(tmp.path() / "out", spec);  // recorded as well
  CHECK(m.at("exit_status") == 73);
  CHECK(m.at("errors")[0].get<std::string>().rfind(first_error(r.err), 0) == 0);

  r = render(spec, tmp.path() / "out", " --log " + q(tmp.path()));  // a folder, not a file
  CHECK(r.exit_code == 73);
  CHECK(first_error(r.err) ==
        tmp.path().string() + ": error: cannot open the log file (--log): Is a directory");
}

TEST_CASE("ops: an output folder that cannot be created says why", "[e2e][ops]") {
  test::TempDir tmp;
  const auto spec = write_spec(tmp.path());
  std::ofstream(tmp.path() / "a-file") << "x";
  auto r = render(spec, tmp.path() / "a-file/out");
  CHECK(r.exit_code == 73);
  CHECK(first_error(r.err) == (tmp.path() / "a-file/out").string() +
                                  ": error: cannot create the output folder: '" +
                                  (tmp.path() / "a-file").string() + "' is a file, not a folder");
  r = render(spec, tmp.path() / "a-file");
  CHECK(r.exit_code == 73);
  CHECK(first_error(r.err).find("'" + (tmp.path() / "a-file").string() +
                                "' is a file, not a folder") != std::string::npos);

  // Permission denied: a folder this user cannot write in.
  const auto locked = tmp.path() / "locked";
  fs::create_directory(locked);
  ::chmod(tmp.path().c_str(), 0755);
  ::chmod(locked.c_str(), 0555);
  r = test::run(unprivileged(bin + " render " + q(spec) + " -o " + q(locked / "out")));
  CHECK(r.exit_code == 73);
  CHECK(first_error(r.err) ==
        (locked / "out").string() + ": error: cannot create the output folder: Permission denied");
  // The folder exists but cannot be written in: the lock file cannot be made.
  r = test::run(unprivileged(bin + " render " + q(spec) + " -o " + q(locked)));
  CHECK(r.exit_code == 73);
  CHECK(first_error(r.err) == locked.string() +
                                  ": error: cannot write in the output folder (its lock file "
                                  ".jianbao.lock): Permission denied");

  // A read-only file system (a tmpfs mounted read-only in a namespace of this command's own).
  const auto ro = tmp.path() / "ro";
  fs::create_directory(ro);
  r = test::run("unshare -rm sh -c " +
                q("mount -t tmpfs -o ro tmpfs " + ro.string() + " && exec " + bin + " render " +
                  spec.string() + " -o " + (ro / "out").string()));
  CHECK(r.exit_code == 73);
  CHECK(first_error(r.err) ==
        (ro / "out").string() + ": error: cannot create the output folder: Read-only file system");
}

TEST_CASE("ops: -q, -v and the other global options go before or after the subcommand",
          "[e2e][ops]") {
  test::TempDir tmp;
  const auto spec = write_spec(tmp.path());
  for (const std::string& args : {" -q render " + q(spec), " render -q " + q(spec),
                                  " render " + q(spec) + " -q", " render --quiet " + q(spec)}) {
    INFO(args);
    const auto r = test::run(bin + args + " -o " + q(tmp.path() / "out"));
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());  // quiet: no info lines
  }
  for (const std::string& args :
       {" -v check " + q(spec), " check " + q(spec) + " -v", " check --verbose " + q(spec)}) {
    INFO(args);
    const auto r = test::run(bin + args);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("debug: layout: 1 pages") != std::string::npos);
  }
  const auto version = test::run(bin + " render --version");
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("jianbao ", 0) == 0);
  const auto both = test::run(bin + " check --strict --lenient " + q(spec));
  CHECK(both.exit_code == 64);
  CHECK(both.err.find("--lenient excludes --strict") != std::string::npos);
}

TEST_CASE("ops: unknown keys are errors by default, warnings with --lenient, --strict accepted",
          "[e2e][ops]") {
  test::TempDir tmp;
  const auto spec = write_spec(
      tmp.path(),
      "document: {title: t, date: 2025-11-20, titel: x}\nbody:\n  - paragraph: 正文。\n");
  const std::string error = spec.string() + ":1:40: error: unknown key 'titel' in 'document'";
  const std::string hint =
      "  hint: did you mean 'title'? expected one of: title, subtitle, "
      "issuer, date, output, header, mark";
  for (const std::string& command : {" render " + q(spec) + " -o " + q(tmp.path() / "out"),
                                     " check " + q(spec), " check --strict " + q(spec)}) {
    INFO(command);
    const auto r = test::run(bin + command);
    CHECK(r.exit_code == 78);
    CHECK(first_error(r.err) == error);
    CHECK(r.err.find(error + "\n" + hint + "\n") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(tmp.path() / "out/s.pdf"));
  for (const std::string& command :
       {" render --lenient " + q(spec) + " -o " + q(tmp.path() / "out"),
        " check " + q(spec) + " --lenient"}) {
    INFO(command);
    const auto r = test::run(bin + command);
    CHECK(r.exit_code == 0);
    CHECK(first_error(r.err).empty());
    CHECK(r.err.find(spec.string() + ":1:40: warning: unknown key 'titel' in 'document'\n" +
                     hint) != std::string::npos);
  }
  CHECK(fs::exists(tmp.path() / "out/s.pdf"));
}

TEST_CASE("ops: the manifest records each report's warnings, the spec's and the data's too",
          "[e2e][ops]") {
  test::TempDir tmp;
  // A title row above the header (data), an unknown key under --lenient (spec), and parts that
  // miss their total (the report's own): the report's "warnings" listed none of them before.
  std::ofstream(tmp.path() / "d.csv") << "2025年主要指标\n项,值\n甲,1\n乙,2\n合计,5\n";
  std::ofstream(tmp.path() / "s.yaml")
      << "document: {title: t, date: 2025-11-20, colour: red}\ndata:\n  d: d.csv\n"
         "checks:\n  - sum: [d.甲.值, d.乙.值]\n    total: d.合计.值\n"
         "body:\n  - paragraph: 值为{{ d.甲.值 }}。\n";
  const auto r = test::run(bin + " -q render --lenient " + q(tmp.path() / "s.yaml") + " -o " +
                           q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto manifest =
      nlohmann::json::parse(test::read_file(tmp.path() / "out" / "manifest.json"));
  const auto& warnings = manifest["runs"].begin().value()["reports"][0]["warnings"];
  REQUIRE(warnings.size() == 3);
  CHECK(warnings[0].get<std::string>().find("unknown key 'colour'") != std::string::npos);
  CHECK(warnings[1].get<std::string>().find("d.csv:1:1: warning:") != std::string::npos);
  CHECK(warnings[2].get<std::string>().find("the parts add up to 3") != std::string::npos);
}
