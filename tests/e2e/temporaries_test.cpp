// tests/e2e: the temporary files a run writes its outputs through, through the binary. They are
// named ".jianbao.tmp.PID.SCOPE.RANDOM.NAME"; a run removes only those of its own scope (all, or
// its shard) whose process is gone, beside the outputs and in --charts DIR, and never anyone
// else's file, however it is named. An output name as long as the file system takes is written.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>

#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {

const std::string bin = JIANBAO_BINARY;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

// A batch of `names` (one report each, with a chart of the names unless `chart` is false) in
// `dir`; returns the spec.
fs::path write_batch(const fs::path& dir, const std::vector<std::string>& names = {"甲", "乙"},
                     bool chart = true) {
  std::ofstream csv(dir / "t.csv");
  csv << "name,v\n";
  for (std::size_t i = 0; i < names.size(); ++i) csv << names[i] << "," << 100 + i << "\n";
  csv.close();
  std::ofstream(dir / "b.yaml")
      << "document: {title: 简况, date: 2026-01-12}\n"
         "page: {size: A5}\n"
         "each: {data: t, output: '{{ t.this.name }}.pdf'}\n"
         "data:\n  t: t.csv\n"
         "body:\n"
         "  - paragraph: '值为{{ t.this.v | yi }}。'\n"
      << (chart ? "  - chart: {type: bar, data: t, x: name, height_mm: 30, series: [{column: v}]}\n"
                : "");
  return dir / "b.yaml";
}

test::CommandResult render(const fs::path& spec, const fs::path& out,
                           const std::string& extra = "") {
  return test::run(bin + " render " + q(spec) + " -o " + q(out) + " --charts " + q(out / "charts") +
                   extra);
}

// A pid no process has: a child's, once it has exited and been reaped.
pid_t dead_pid() {
  const pid_t pid = fork();
  if (pid == 0) _exit(0);
  int status = 0;
  waitpid(pid, &status, 0);
  return pid;
}

// A temporary of jianbao's, as write_atomically names it, holding `text`.
fs::path plant(const fs::path& dir, long pid, const std::string& scope, const std::string& name,
               const std::string& text = "half a PDF") {
  fs::create_directories(dir);
  const auto path = dir / (".jianbao.tmp." + std::to_string(pid) + "." + scope + ".Ab12Cd." + name);
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("temporaries: another program's .X.YYYYYY.tmp and look-alikes of ours survive a run",
          "[e2e][temporaries]") {
  test::TempDir tmp;
  const auto spec = write_batch(tmp.path());
  const auto out = tmp.path() / "out";
  REQUIRE(render(spec, out).exit_code == 0);
  const long dead = dead_pid();
  // The shape jianbao's temporaries had before, beside its outputs and elsewhere; names that
  // start as ours do but are not ours; a link named exactly as ours.
  const std::vector<fs::path> others{
      out / ".X.YYYYYY.tmp",
      out / ".甲.pdf.k3J9aQ.tmp",
      out / "charts" / ".甲-figure-1.svg.k3J9aQ.tmp",
      out / ".jianbao.tmp.notes",
      out / (".jianbao.tmp." + std::to_string(dead) + ".all.short.甲.pdf"),
      out / (".jianbao.tmp." + std::to_string(dead) + ".ALL.Ab12Cd.甲.pdf"),
      out / (".jianbao.tmp.x" + std::to_string(dead) + ".all.Ab12Cd.甲.pdf"),
  };
  for (const auto& p : others) std::ofstream(p) << "someone else's";
  std::ofstream(tmp.path() / "target") << "the link's target";
  const auto link = out / (".jianbao.tmp." + std::to_string(dead) + ".all.Zz99Yy.甲.pdf");
  fs::create_symlink(tmp.path() / "target", link);

  const auto r = render(spec, out);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("temporary files") == std::string::npos);
  for (const auto& p : others) {
    INFO(p);
    CHECK(test::read_file(p) == "someone else's");
  }
  CHECK(fs::is_symlink(link));
  CHECK(test::read_file(tmp.path() / "target") == "the link's target");
}

TEST_CASE("temporaries: a killed run's are removed by the next run, in --charts DIR too",
          "[e2e][temporaries]") {
  test::TempDir tmp;
  const auto spec = write_batch(tmp.path());
  const auto out = tmp.path() / "out";
  const long dead = dead_pid();
  const auto a = plant(out, dead, "all", "甲.pdf");
  const auto b = plant(out, dead, "all", "manifest.json");
  const auto c = plant(out / "charts", dead, "all", "甲-figure-1.png");
  const auto r = render(spec, out);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("removed 3 temporary files an interrupted run left") != std::string::npos);
  CHECK_FALSE(fs::exists(a));
  CHECK_FALSE(fs::exists(b));
  CHECK_FALSE(fs::exists(c));
  CHECK(fs::exists(out / "甲.pdf"));
  CHECK(fs::exists(out / "charts" / "甲-figure-1.png"));
}

TEST_CASE("temporaries: a live process's are kept, whoever runs next", "[e2e][temporaries]") {
  test::TempDir tmp;
  const auto spec = write_batch(tmp.path());
  const auto out = tmp.path() / "out";
  // This test's own pid, and a sleeping child's: processes that are alive, as a run writing
  // into the folder from another container (another pid namespace, another lock) would be.
  const pid_t sleeper = fork();
  if (sleeper == 0) {
    execl("/bin/sleep", "sleep", "60", static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto mine = plant(out, ::getpid(), "all", "甲.pdf", "in flight");
  const auto theirs = plant(out / "charts", sleeper, "all", "乙-figure-1.svg", "in flight");
  const auto r = render(spec, out);
  kill(sleeper, SIGKILL);
  waitpid(sleeper, nullptr, 0);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(test::read_file(mine) == "in flight");
  CHECK(test::read_file(theirs) == "in flight");
  // Once that process is gone, the next run removes its temporary.
  CHECK(render(spec, out).exit_code == 0);
  CHECK_FALSE(fs::exists(theirs));
  CHECK(fs::exists(mine));
}

TEST_CASE("temporaries: a shard removes only its own shard's, an unsharded run only its own",
          "[e2e][temporaries]") {
  test::TempDir tmp;
  const auto spec = write_batch(tmp.path());
  const auto out = tmp.path() / "out";
  const long dead = dead_pid();
  const auto all = plant(out, dead, "all", "甲.pdf");
  const auto zero = plant(out, dead, "0-of-2", "甲.pdf");
  const auto one = plant(out, dead, "1-of-2", "乙.pdf");
  const auto one_chart = plant(out / "charts", dead, "1-of-2", "乙-figure-1.png");

  auto r = render(spec, out, " --shard 0/2");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("removed 1 temporary files") != std::string::npos);
  CHECK_FALSE(fs::exists(zero));
  CHECK(fs::exists(all));
  CHECK(fs::exists(one));
  CHECK(fs::exists(one_chart));

  r = render(spec, out);  // unsharded: never a shard's, which may be running beside it
  CHECK(r.exit_code == 0);
  CHECK_FALSE(fs::exists(all));
  CHECK(fs::exists(one));
  CHECK(fs::exists(one_chart));

  r = render(spec, out, " --shard 1/2");
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("removed 2 temporary files") != std::string::npos);
  CHECK_FALSE(fs::exists(one));
  CHECK_FALSE(fs::exists(one_chart));
}

TEST_CASE(
    "temporaries: output names of 254 and 255 bytes are written, 256 is refused with the limit",
    "[e2e][temporaries]") {
  test::TempDir tmp;
  const auto out = tmp.path() / "out";
  // 250 + 4 (".pdf") = 254 bytes, 255, and 256: one more than ext4, tmpfs and most others take.
  const std::string n254(250, 'a'), n255(251, 'b'), n256(252, 'c');
  const auto spec = write_batch(tmp.path(), {n254, n255, n256}, false);
  const auto r = test::run(bin + " -q render " + q(spec) + " -o " + q(out));
  INFO(r.err);
  CHECK(r.exit_code == 73);
  CHECK(fs::exists(out / (n254 + ".pdf")));
  CHECK(fs::exists(out / (n255 + ".pdf")));
  CHECK(r.err.find((out / (n256 + ".pdf")).string() +
                   ": error: the file name is 256 bytes long: this file system takes at most 255 "
                   "bytes in a name") != std::string::npos);
  CHECK(r.err.find("File name too long") == std::string::npos);
  for (const auto& e : fs::directory_iterator(out)) {
    INFO(e.path());
    CHECK(e.path().filename().string().rfind(".jianbao.tmp.", 0) != 0);
  }
}
