// tests/e2e: batch runs through the binary, as cron runs them: a held output folder, a full
// disk, a kill -9, another time zone and clock, shards from the environment, --log FILE. What a
// batch does in itself (a failing row alone, skipped re-runs, --only, the manifest) is tested
// in process, in tests/app/run_job_test.cpp.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "batch_support.hpp"
#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {

const std::string bin = test::jianbao;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

using test::pdfs_in;
using test::write_batch;

std::vector<std::string> others_in(const fs::path& dir) {  // anything but PDFs, lock, manifest
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const auto n = e.path().filename().string();
    if (e.path().extension() != ".pdf" && n != ".jianbao.lock" && n.rfind("manifest", 0) != 0 &&
        n.rfind(".jianbao-", 0) != 0)
      out.push_back(n);
  }
  return out;
}

// Starts the binary in the background; returns its pid.
pid_t spawn(const std::string& command) {
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// Waits until the run has taken the folder (its pid is in the lock file).
bool wait_for_lock(const fs::path& lock) {
  for (int i = 0; i < 400; ++i) {
    if (fs::exists(lock) && fs::file_size(lock) > 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// A slow batch: the district demo with every chart exported (several seconds).
std::string slow_run(const fs::path& out, const fs::path& charts) {
  return bin + " -q render " + q(test::source_dir / "templates/districts/briefing.yaml") +
         " -j1 -o " + q(out) + " --charts " + q(charts);
}

}  // namespace

TEST_CASE("batch: a second run on a held folder exits 75 at once, naming the holder",
          "[e2e][batch]") {
  test::TempDir tmp;
  const pid_t first = spawn(slow_run(tmp.path() / "out", tmp.path() / "charts"));
  REQUIRE(wait_for_lock(tmp.path() / "out/.jianbao.lock"));
  const auto t0 = std::chrono::steady_clock::now();
  const auto second = test::run(slow_run(tmp.path() / "out", tmp.path() / "charts2"));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO(second.err);
  CHECK(second.exit_code == 75);
  CHECK(second.err.find("(pid " + std::to_string(first) + ") is writing to this folder") !=
        std::string::npos);
  CHECK(seconds < 2.0);  // at once, not after waiting
  CHECK(wait_for(first) == 0);
  CHECK(pdfs_in(tmp.path() / "out").size() == 10);
}

TEST_CASE("batch: a full disk leaves the earlier PDFs intact and no temporary file",
          "[e2e][batch]") {
  test::TempDir tmp;
  const auto spec = write_batch(tmp.path());
  const auto out = tmp.path() / "out";
  REQUIRE(test::run(bin + " -q render " + q(spec) + " -o " + q(out)).exit_code == 0);
  std::map<std::string, std::string> before;
  for (const auto& name : pdfs_in(out)) before[name] = test::read_file(out / name);
  // New figures, and a file size limit smaller than a PDF: every write fails (EFBIG).
  write_batch(tmp.path(), false, 6);
  std::ofstream(tmp.path() / "t.csv", std::ios::app) << "";
  std::string yaml = test::read_file(spec);
  yaml.replace(yaml.find("的值为"), 9, "的数值为");
  std::ofstream(spec) << yaml;
  const auto r = test::run("ulimit -f 8; " + bin + " -q render " + q(spec) + " -o " + q(out));
  INFO(r.err);
  CHECK(r.exit_code == 74);
  CHECK(r.err.find("writing failed") != std::string::npos);
  for (const auto& [name, bytes] : before) {
    INFO(name);
    CHECK(test::read_file(out / name) == bytes);
  }
  CHECK(others_in(out).empty());
}

TEST_CASE("batch: kill -9 mid-run leaves no partial file at any output path", "[e2e][batch]") {
  test::TempDir tmp;
  const auto out = tmp.path() / "out";
  const pid_t run = spawn(slow_run(out, tmp.path() / "charts"));
  REQUIRE(wait_for_lock(out / ".jianbao.lock"));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  kill(-run, SIGKILL);
  CHECK(wait_for(run) == -SIGKILL);
  // Every PDF there is whole: its own %%EOF at the end, and qpdf finds nothing wrong.
  for (const auto& name : pdfs_in(out)) {
    INFO(name);
    const std::string bytes = test::read_file(out / name);
    CHECK(bytes.rfind("%%EOF") + 8 >= bytes.size());
    CHECK(test::run("qpdf --check " + q(out / name)).exit_code == 0);
  }
  // The next run removes what the killed one left half-written beside the outputs.
  const auto again = test::run(slow_run(out, tmp.path() / "charts"));
  CHECK(again.exit_code == 0);
  CHECK(others_in(out).empty());
  CHECK(pdfs_in(out).size() == 10);
}

TEST_CASE("batch: the same inputs give byte-identical PDFs in any time zone at any time",
          "[e2e][batch]") {
  test::TempDir tmp;
  const auto spec = write_batch(tmp.path());
  REQUIRE(test::run("command -v faketime").exit_code == 0);  // scripts/deps.sh installs it
  const auto a =
      test::run("TZ=UTC " + bin + " -q render " + q(spec) + " -o " + q(tmp.path() / "a"));
  const auto b = test::run("TZ=Asia/Shanghai faketime '2031-07-04 23:59:30' " + bin +
                           " -q render " + q(spec) + " -j1 -o " + q(tmp.path() / "b"));
  INFO(a.err << b.err);
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  const auto names = pdfs_in(tmp.path() / "a");
  CHECK(names == pdfs_in(tmp.path() / "b"));
  for (const auto& n : names) {
    INFO(n);
    CHECK(test::read_file(tmp.path() / "a" / n) == test::read_file(tmp.path() / "b" / n));
  }
}

TEST_CASE("batch: shards cover every report exactly once", "[e2e][batch]") {
  test::TempDir tmp;
  const auto spec = write_batch(tmp.path(), false, 10);
  const auto out = tmp.path() / "out";
  std::multiset<std::string> made;
  for (int k = 0; k < 3; ++k) {
    // One shard by flag, one as a Kubernetes Indexed Job, one as a Slurm array task.
    const std::string env = k == 1   ? "JOB_COMPLETION_INDEX=1 JOB_COMPLETIONS=3 "
                            : k == 2 ? "SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=3 "
                                     : "";
    const std::string shard = k == 0 ? "--shard 0/3" : "--shard auto";
    const auto shard_out = tmp.path() / ("s" + std::to_string(k));
    const auto r =
        test::run(env + bin + " -q render " + q(spec) + " " + shard + " -o " + q(shard_out));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const auto& n : pdfs_in(shard_out)) made.insert(n);
    CHECK(fs::exists(shard_out / ("manifest-" + std::to_string(k) + "-of-3.json")));
  }
  CHECK(made.size() == 10);
  CHECK(std::set<std::string>(made.begin(), made.end()).size() == 10);
  CHECK(test::run(bin + " -q render " + q(spec) + " --shard 3/3 -o " + q(out)).exit_code == 64);
  CHECK(test::run(bin + " -q render " + q(spec) + " --shard auto -o " + q(out)).exit_code == 64);
  // Half of Kubernetes' pair: the one missing is named.
  const auto half = test::run("env -u JOB_COMPLETIONS JOB_COMPLETION_INDEX=1 " + bin +
                              " -q render " + q(spec) + " --shard auto -o " + q(out));
  CHECK(half.exit_code == 64);
  CHECK(half.err.find("--shard auto: JOB_COMPLETIONS is not set, or not a number") !=
        std::string::npos);
}

TEST_CASE("batch: --log FILE keeps every line and the diagnostics, no progress bar under cron",
          "[e2e][batch]") {
  test::TempDir tmp;
  const auto spec = write_batch(tmp.path(), true);
  const auto log = tmp.path() / "logs/jianbao.log";
  fs::create_directories(log.parent_path());
  const auto r = test::run(bin + " render " + q(spec) + " -o " + q(tmp.path() / "out") + " --log " +
                           q(log) + " < /dev/null");
  CHECK(r.exit_code == 65);
  const std::string text = test::read_file(log);
  CHECK(text.find("jianbao info: batch: 7 reports: 6 written, 0 skipped, 1 failed") !=
        std::string::npos);
  CHECK(text.find("t.csv:8: error: value 'abc' of t.坏.v is not a number") != std::string::npos);
  CHECK(text.find("jianbao error: failed: 坏") != std::string::npos);
  CHECK(r.err.find("\r[") == std::string::npos);  // stderr is not a terminal: no bar
}
