// tests/e2e: inputs large enough that a cost growing faster than the input shows, through the
// binary: a 1 MB paragraph on one line, a CSV with a trailing comma on every row, 90,000
// unknown keys, --only among 100,000 rows, a 32 MiB CSV, 2,000 charts, a 4 GiB font.
// Each took minutes or gigabytes before its cost was made linear (each case says how much);
// each run is a child process whose CPU time and peak memory (wait4's rusage) are bounded
// generously, 10 s and 1 GB, with tighter bounds where memory is the point. Tagged [slow] and
// labelled slow in ctest (ctest -L slow, ctest -LE slow); the normal ctest runs them.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support.hpp"

extern char** environ;

namespace jb {
namespace {

namespace fs = std::filesystem;

constexpr double max_seconds = 10;
constexpr long max_rss_kb = 1L << 20;  // 1 GB

struct Run {
  int exit_code = -1;
  double seconds = 0;      // wall time
  double cpu_seconds = 0;  // the child's user and system time: what the bound checks
  long max_rss_kb = 0;     // the child's peak resident memory
  std::string out, err;
};

// Runs jianbao with `args` in a child of its own, its stdout and stderr in files of `dir`, and
// measures it: wall time around the child, CPU time and peak memory from wait4. That peak also
// counts what the spawning process held (the child's memory before exec is ours), so the tests keep
// theirs small: a large input is written in pieces, never held whole.
Run run_jianbao(const std::vector<std::string>& args, const fs::path& dir) {
  const fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&files, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> all{JIANBAO_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  Run r;
  const auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, JIANBAO_BINARY, &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  REQUIRE(spawned == 0);
  // A run far over its bound is ended, so that a regression fails in a minute, not an hour.
  int status = 0;
  rusage usage{};
  pid_t waited = 0;
  while ((waited = wait4(pid, &status, WNOHANG, &usage)) == 0) {
    if (std::chrono::steady_clock::now() - t0 > std::chrono::duration<double>(6 * max_seconds)) {
      ::kill(pid, SIGKILL);
      waited = wait4(pid, &status, 0, &usage);
      break;
    }
    ::usleep(10000);
  }
  REQUIRE(waited == pid);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                  static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  r.max_rss_kb = usage.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = test::read_file(out);
  r.err = test::read_file(err);
  return r;
}

// The generous bounds every case meets. Time is the child's CPU time, not the wall clock: on a
// shared machine a busy neighbour stretches the wall time several times over, while a cost of
// the wrong order (seconds per row) still shows as CPU time far over the bound.
void check_bounds(const Run& r) {
  INFO("CPU " << r.cpu_seconds << " s, wall " << r.seconds << " s, peak " << r.max_rss_kb / 1024
              << " MB");
  CHECK(r.cpu_seconds < max_seconds);
  CHECK(r.max_rss_kb < max_rss_kb);
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const std::string document = "document: {title: 测试, date: 2025-11-20}\n";

TEST_CASE("scale: each character of a 1 MB paragraph on one line is located in linear time",
          "[e2e][slow]") {
  test::TempDir tmp;  // 207 s before: each character located from the start of its line
  std::string paragraph;
  for (int i = 0; i < 333000; ++i) paragraph += "经";
  // A character the PDF cannot print, at the end of the line: its column proves where it is.
  write(tmp.path() / "s.yaml", document + "body:\n  - paragraph: " + paragraph + "😀\n");
  const Run r = run_jianbao({"check", (tmp.path() / "s.yaml").string()}, tmp.path());
  check_bounds(r);
  CHECK(r.exit_code == 65);
  // "  - paragraph: " is 15 characters, then 333,000 of 经.
  CHECK(r.err.find("s.yaml:3:333016: error: the character '😀' (U+1F600) is outside the Basic "
                   "Multilingual Plane") != std::string::npos);
}

TEST_CASE("scale: a CSV with a trailing comma on every row shows 100 errors and counts the rest",
          "[e2e][slow]") {
  test::TempDir tmp;
  // Excel's trailing comma on each of 100,000 rows, and a stray figure in that column once:
  // every row is one field longer than the header. 54 s before: each error compared with all
  // the earlier ones, and every one printed.
  std::string csv = "k,v\nr0,0,x\n";
  for (int i = 1; i < 100000; ++i) csv += "r" + std::to_string(i) + "," + std::to_string(i) + ",\n";
  write(tmp.path() / "d.csv", csv);
  write(tmp.path() / "s.yaml", document + "data: {d: d.csv}\nbody:\n  - paragraph: 一\n");
  const fs::path out = tmp.path() / "out";
  const Run r =
      run_jianbao({"render", (tmp.path() / "s.yaml").string(), "-o", out.string()}, tmp.path());
  check_bounds(r);
  CHECK(r.exit_code == 65);
  CHECK(count(r.err, ": error: row has 3 fields, the header has 2") == 100);
  const std::string rest =
      "d.csv:102: error: 99900 more errors of this kind not shown (after "
      "100), the first of them: row has 3 fields, the header has 2";
  CHECK(r.err.find(rest) != std::string::npos);
  // The manifest says the same: 100 errors and the line that counts the others.
  const auto manifest = nlohmann::json::parse(test::read_file(out / "manifest.json"));
  const auto& run = manifest["runs"].begin().value();
  CHECK(run["exit_status"] == 65);
  REQUIRE(run["errors"].size() == 101);
  const std::string file = (tmp.path() / "d.csv").string();
  CHECK(run["errors"][0] == file +
                                ":2: error: row has 3 fields, the header has 2\n  hint: a comma "
                                "inside a value splits it: write the value in double quotes "
                                "(\"1,234.5\", \"城东区, 城西区\") or the comma full-width (，)");
  CHECK(run["errors"][100] == file + ":" + rest.substr(rest.find(':') + 1) + "\n  hint: a comma " +
                                  "inside a value splits it: write the value in double quotes " +
                                  "(\"1,234.5\", \"城东区, 城西区\") or the comma full-width " +
                                  "(，)");
}

TEST_CASE("scale: 90,000 unknown keys are reported in linear time, 100 of them", "[e2e][slow]") {
  test::TempDir tmp;  // 22 s and more before: each error compared with all the earlier ones
  std::string spec = "document:\n  title: 测试\n  date: 2025-11-20\n";
  for (int i = 0; i < 90000; ++i) spec += "  k" + std::to_string(i) + ":\n";
  write(tmp.path() / "s.yaml", spec + "body:\n  - paragraph: 一\n");
  const Run r = run_jianbao({"check", (tmp.path() / "s.yaml").string()}, tmp.path());
  check_bounds(r);
  CHECK(r.exit_code == 78);
  CHECK(count(r.err, ": error: unknown key 'k") == 100);
  CHECK(r.err.find("s.yaml:4:3: error: unknown key 'k0' in 'document'") != std::string::npos);
  CHECK(r.err.find("s.yaml:104:3: error: 89900 more errors of this kind not shown (after 100), "
                   "the first of them: unknown key 'k100' in 'document'") != std::string::npos);
}

TEST_CASE("scale: --only picks one report among 100,000 rows in linear time", "[e2e][slow]") {
  test::TempDir tmp;  // 21-53 s before: each row's name compared with every earlier one
  std::string csv = "name,v\n";
  for (int i = 0; i < 100000; ++i) csv += "r" + std::to_string(i) + "," + std::to_string(i) + "\n";
  write(tmp.path() / "d.csv", csv);
  write(tmp.path() / "s.yaml",
        "document: {title: \"{{ d.this.name }}\", date: 2025-11-20}\n"
        "each: {data: d, output: \"{{ d.this.name }}.pdf\"}\n"
        "data: {d: d.csv}\nbody:\n  - paragraph: \"{{ d.this.v }}\"\n");
  const fs::path out = tmp.path() / "out";
  const Run r = run_jianbao(
      {"render", (tmp.path() / "s.yaml").string(), "-o", out.string(), "--only", "r5"}, tmp.path());
  check_bounds(r);
  CHECK(r.exit_code == 0);
  CHECK(fs::is_regular_file(out / "r5.pdf"));
  const auto manifest = nlohmann::json::parse(test::read_file(out / "manifest.json"));
  const auto& reports = manifest["runs"].begin().value()["reports"];
  REQUIRE(reports.size() == 1);
  CHECK(reports[0]["path"] == "r5.pdf");
  CHECK(reports[0]["status"] == "written");
}

TEST_CASE("scale: a 32 MiB CSV costs a few times its size in memory", "[e2e][slow]") {
  test::TempDir tmp;
  // Rows as a statistics office publishes them: a code, a name, figures with one decimal;
  // written in pieces (see run_jianbao).
  std::ofstream csv(tmp.path() / "d.csv", std::ios::binary);
  csv << "code,name,gdp,growth,industry,investment,retail,retail_growth,income,income_growth,"
         "firms\n";
  std::string last;
  for (int i = 0; csv.tellp() < std::streampos(32 << 20); ++i) {
    last = std::to_string(330200 + i);
    const std::string n = std::to_string(i % 1000);
    csv << last << ",区" << n << "," << n << "1.5,5.6,-2.1,4." << i % 10
        << ",812.3,5.0,78210,5.2,980\n";
  }
  const auto size_kb = static_cast<long>(csv.tellp() / 1024);
  csv.close();
  write(tmp.path() / "s.yaml",
        document + "data: {d: d.csv}\nbody:\n  - paragraph: \"{{ d." + last + ".gdp }}\"\n");
  const Run r = run_jianbao({"check", (tmp.path() / "s.yaml").string()}, tmp.path());
  check_bounds(r);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("no problems: 1 data sources") != std::string::npos);
  // 20 times its size before (1.2 GB for 60 MiB): a std::string per cell, two vectors per row.
  INFO("peak " << r.max_rss_kb / 1024 << " MB for a " << size_kb / 1024 << " MB file");
  CHECK(r.max_rss_kb < 6 * size_kb);
}

TEST_CASE("scale: thousands of charts are drawn a page at a time and share their fonts",
          "[e2e][slow]") {
  test::TempDir tmp;
  constexpr int charts = 2000;
  std::string spec = document + "data: {d: d.csv}\nbody:\n" +
                     "  - chart: &c {type: bar, data: d, x: k, series: [{column: v, name: 值}], "
                     "height_mm: 40}\n";
  for (int i = 1; i < charts; ++i) spec += "  - chart: *c\n";
  write(tmp.path() / "s.yaml", spec);
  write(tmp.path() / "d.csv", "k,v\n甲,1\n乙,2\n");
  const fs::path out = tmp.path() / "out";
  const Run r =
      run_jianbao({"render", (tmp.path() / "s.yaml").string(), "-o", out.string()}, tmp.path());
  check_bounds(r);
  REQUIRE(r.exit_code == 0);
  const auto manifest = nlohmann::json::parse(test::read_file(out / "manifest.json"));
  const auto& report = manifest["runs"].begin().value()["reports"][0];
  CHECK(report["charts"] == charts);
  CHECK(report["pages"] == charts / 5 + 1);
  // A PDF per chart, each with its own fonts and each held to the end, made 5.3 KB of output
  // and 125 KB of memory per chart: now one subset of each font for all of them, and the
  // memory of the finished document's objects (qpdf), about 30 KB a chart.
  const auto bytes = fs::file_size(out / "s.pdf");
  INFO("PDF " << bytes << " bytes, peak " << r.max_rss_kb / 1024 << " MB");
  CHECK(bytes < 2500u * charts);
  CHECK(r.max_rss_kb < 32 * 1024 + 40L * charts);
}

TEST_CASE("scale: a 4 GiB font file is refused by its size before it is read", "[e2e][slow]") {
  test::TempDir tmp;  // hashed whole before (seconds per GB), then refused as not a font
  {                   // sparse: it takes no room on the disk
    const int fd = ::open((tmp.path() / "big.ttf").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, off_t{4} << 30) == 0);
    ::close(fd);
  }
  write(tmp.path() / "s.yaml", document + "fonts: {song: ./big.ttf}\nbody:\n  - paragraph: 一\n");
  const Run r = run_jianbao({"check", (tmp.path() / "s.yaml").string()}, tmp.path());
  check_bounds(r);
  CHECK(r.exit_code == 78);
  CHECK(r.err.find("s.yaml:2:15: error: the song font '" + (tmp.path() / "./big.ttf").string() +
                   "' is 4294967296 bytes, more than the limit of 268435456") != std::string::npos);
}

}  // namespace
}  // namespace jb
