// tests/faults: every I/O call a run makes on its outputs, failed one at a time, as SQLite tests
// its I/O. A small batch (two reports, each with a chart, --charts, --audit and --log) is made
// once with the old figures; then, for every kind of call (open, write, fsync, rename, close,
// ...), every N from 1 to the number of such calls a run makes and every errno that call can
// give, the batch is made again with new figures while the LD_PRELOAD library of
// fault_shim.c fails that one call. After each run: the exit code is one the README documents
// for it (0, 73 or 74; an interrupted call, EINTR, is retried and the run succeeds); no signal;
// every file is byte for byte the old one or the new one; manifest.json parses and keeps the
// other spec's record; a run that exits 0 made everything, log lines included; a temporary
// file left behind is removed by the next run.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "core/sha256.hpp"
#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {

const std::string bin = JIANBAO_BINARY;
const std::string shim = JIANBAO_FAULT_SHIM;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

using Files = std::map<std::string, std::string>;  // file name -> bytes

// Every file of `dir` (not its lock), or none when it does not exist.
Files files_of(const fs::path& dir) {
  Files out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name != ".jianbao.lock") out[name] = test::read_file(e.path());
  }
  return out;
}

bool is_temporary(const std::string& name) { return name.rfind(".jianbao.tmp.", 0) == 0; }

// The errnos each kind of call can give in jianbao's use of it (from its man page): EINTR where
// a signal can interrupt it, "short" for a write that writes part of its bytes. Errnos that
// take the same way through the program at every call (EDQUOT as ENOSPC when a file is created,
// ENOSPC or EDQUOT as EIO when a descriptor is closed) are given where they are first reported.
std::vector<std::string> errnos_of(const std::string& kind) {
  static const std::map<std::string, std::vector<std::string>> table{
      {"open", {"ENOSPC", "EACCES", "EMFILE", "EINTR"}},
      {"fopen", {"EACCES", "EMFILE"}},
      {"read", {"EIO", "EINTR"}},
      {"fread", {"EIO"}},
      {"write", {"ENOSPC", "EDQUOT", "EIO", "EINTR", "short"}},
      {"pwrite", {"ENOSPC", "EINTR"}},
      {"fwrite", {"ENOSPC"}},
      {"fflush", {"ENOSPC", "EIO"}},
      {"fsync", {"EIO", "ENOSPC", "EINTR"}},
      {"close", {"EIO", "EINTR"}},
      {"fclose", {"EIO"}},
      {"fchmod", {"EPERM", "EINTR"}},
      {"rename", {"EACCES", "ENOSPC", "EINTR"}},
      {"unlink", {"EACCES", "EIO"}},
      {"mkdir", {"EACCES", "ENOSPC"}},
      {"flock", {"ENOLCK", "EINTR"}},
  };
  const auto it = table.find(kind);
  return it == table.end() ? std::vector<std::string>{} : it->second;
}

struct Fault {
  std::string kind;
  long n = 0;
  std::string error;          // an errno's name, or "short"
  bool onwards = false;       // this call and every later one of its kind (a disk that stays full)
  bool unlink_fails = false;  // every unlink fails too: the temporary stays behind

  std::string name() const {
    return kind + " #" + std::to_string(n) + (onwards ? "+" : "") + " " + error +
           (unlink_fails ? " (unlink fails too)" : "");
  }
};

struct Outcome {
  Fault fault;
  int exit_code = 0;
  std::vector<std::string> problems;
  std::string first_error;
};

// One way of running the batch: what it makes, and whose calls count and fail. The 300 dpi PNG
// of --charts is half of a run's time, so that its folder has runs of its own, of one report.
struct Config {
  std::string name;
  bool charts = false, audit = false;
  std::string only;                  // --only: one report of the two
  std::vector<std::string> targets;  // the slot's folders whose calls are counted and failed
};

const std::vector<Config> configs{
    {"outputs", false, true, "", {"out", "logs"}},  // the PDFs, their trails, manifest, log
    {"charts", true, false, "甲", {"charts"}},      // the exported charts
};

// A quick run: a small page (a small PNG to draw) and every role in one Chinese font and one
// Latin font (the shipped fonts are hashed on every run: two files, not six).
const std::string one_font_each =
    "fonts: {song: JianbaoSansSC-Regular.ttf, hei: JianbaoSansSC-Regular.ttf,\n"
    "  hei_bold: JianbaoSansSC-Regular.ttf, kai: JianbaoSansSC-Regular.ttf,\n"
    "  fang: JianbaoSansSC-Regular.ttf, latin: LiberationSans-Regular.ttf,\n"
    "  latin_bold: LiberationSans-Regular.ttf, latin_sans: LiberationSans-Regular.ttf,\n"
    "  latin_sans_bold: LiberationSans-Regular.ttf}\n";

// The batch: its spec and data in `dir`, and a second spec whose record in the same folder's
// manifest every run must keep.
struct Batch {
  fs::path dir;

  explicit Batch(const fs::path& d) : dir(d) {
    std::ofstream(dir / "b.yaml")
        << "document: {title: '{{ t.this.name }}简况', date: 2026-01-12}\n"
           "page: {size: A5}\n" +
               one_font_each +
               "each: {data: t, output: '{{ t.this.name }}.pdf'}\n"
               "data:\n  t: t.csv\n"
               "body:\n"
               "  - paragraph: '{{ t.this.name }}的值为{{ t.this.v | yi }}。'\n"
               "  - chart: {type: bar, data: t, x: name, height_mm: 30, series: [{column: v}]}\n";
    std::ofstream(dir / "other.yaml") << "document: {title: 另一份, date: 2026-01-12}\n"
                                         "page: {size: A5}\n" +
                                             one_font_each + "body:\n  - paragraph: 正文。\n";
    set_figures(100);
  }

  void set_figures(int base) const {
    std::ofstream(dir / "t.csv") << "name,v\n甲," << base << "\n乙," << base + 1 << "\n";
  }

  // The command line of one run into `slot`'s folders; with the shim when `report` is given.
  std::string command(const Config& c, const fs::path& slot, const Fault* fault,
                      const fs::path& report) const {
    std::string env;
    if (!report.empty()) {
      std::string dirs;
      for (const auto& t : c.targets) dirs += (dirs.empty() ? "" : ":") + (slot / t).string();
      env = "JB_FAULT_DIRS=" + q(dirs) + " JB_FAULT_REPORT=" + q(report) +
            " LD_PRELOAD=" + q(shim) + " ";
      if (fault) {
        env += "JB_FAULT_CALL=" + fault->kind + " JB_FAULT_N=" + std::to_string(fault->n) +
               " JB_FAULT_ERRNO=" + fault->error + " ";
        if (fault->onwards) env += "JB_FAULT_FROM_N=1 ";
        if (fault->unlink_fails) env += "JB_FAULT_UNLINK=EACCES ";
      }
    }
    return env + bin + " -q render " + q(dir / "b.yaml") + " -j1 -o " + q(slot / "out") +
           (c.charts ? " --charts " + q(slot / "charts") : "") + (c.audit ? " --audit" : "") +
           (c.only.empty() ? "" : " --only " + c.only) + " --log " + q(slot / "logs/run.log");
  }
};

// "KIND COUNT" lines and whether the fault was made, from the shim's report.
std::map<std::string, long> read_counts(const fs::path& report, bool* injected = nullptr) {
  std::map<std::string, long> counts;
  std::istringstream in(test::read_file(report));
  std::string word;
  while (in >> word) {
    if (word == "injected") {
      if (injected) *injected = true;
      std::string rest;
      std::getline(in, rest);
      continue;
    }
    long n = 0;
    in >> n;
    counts[word] = n;
  }
  return counts;
}

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string first_error(const std::string& err) {
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);)
    if (line.find(": error: ") != std::string::npos) return line;
  return {};
}

// What every run of a config must leave, and what a successful one must have made.
struct Expect {
  Config config;
  fs::path old_out;  // the old folder, copied into each slot before a run
  Files old_files, new_files, new_charts;
  std::string spec_key, other_key;  // the two specs' keys in manifest.json
  nlohmann::json other_record;      // the other spec's entry, kept by every run
  std::size_t log_lines = 0;        // what a whole run logs
};

// The checks after one run into `slot`; problems in words.
// `extra_lines`: what this run logs beyond a whole run's lines (a word about removed files).
std::vector<std::string> check_slot(const Expect& x, const fs::path& slot, int code,
                                    bool must_succeed, std::size_t extra_lines = 0) {
  std::vector<std::string> problems;
  auto problem = [&](std::string p) { problems.push_back(std::move(p)); };
  if (code != 0 && code != 73 && code != 74)
    problem("exit " + std::to_string(code) + ": not a documented code for an I/O failure");
  if (must_succeed && code != 0) problem("exit " + std::to_string(code) + " where 0 was due");
  const Files out = files_of(slot / "out"), charts = files_of(slot / "charts");
  // Every file is the old one or the whole new one.
  for (const auto& [name, bytes] : out) {
    if (name == "manifest.json" || is_temporary(name)) continue;
    const auto o = x.old_files.find(name), n = x.new_files.find(name);
    if (o == x.old_files.end() && n == x.new_files.end())
      problem("an unexpected file " + name);
    else if (!(o != x.old_files.end() && o->second == bytes) &&
             !(n != x.new_files.end() && n->second == bytes))
      problem(name + " is neither the old file nor the new one");
  }
  for (const auto& [name, bytes] : charts) {
    if (is_temporary(name)) continue;
    const auto n = x.new_charts.find(name);
    if (n == x.new_charts.end() || n->second != bytes)
      problem("charts/" + name + " is not the new file");
  }
  for (const auto& [name, bytes] : x.old_files)  // nothing is lost
    if (!out.count(name)) problem(name + " is gone");
  // The manifest parses, keeps the other spec's record, and says what is on disk.
  const auto manifest = out.find("manifest.json");
  const auto file = manifest == out.end() ? nlohmann::json()
                                          : nlohmann::json::parse(manifest->second, nullptr, false);
  if (!file.is_object() || !file.contains("runs")) {
    problem("manifest.json is not a manifest");
    return problems;
  }
  const auto& runs = file["runs"];
  if (!runs.contains(x.other_key) || runs[x.other_key] != x.other_record)
    problem("manifest.json lost the other spec's record");
  const bool unchanged = manifest->second == x.old_files.at("manifest.json");
  if (!runs.contains(x.spec_key)) {
    problem("manifest.json has no record of the batch");
  } else if (!unchanged) {
    const auto& run = runs[x.spec_key];
    if (run.value("exit_status", -1) != code)
      problem("manifest.json says exit " + std::to_string(run.value("exit_status", -1)));
    for (const auto& r : run.value("reports", nlohmann::json::array())) {
      if (r.value("status", "") != "written") continue;
      const auto pdf = out.find(r.value("path", ""));
      if (pdf == out.end() || core::sha256_bytes(pdf->second) != r.value("sha256", ""))
        problem("manifest.json calls " + r.value("path", "") + " written, but not as it is");
    }
  } else if (code == 0) {
    problem("exit 0, and manifest.json is the old one");
  }
  // A run that exits 0 made everything.
  if (code == 0) {
    for (const auto& [name, bytes] : x.new_files)
      if (name != "manifest.json" && (!out.count(name) || out.at(name) != bytes))
        problem("exit 0, and " + name + " is not the new file");
    for (const auto& [name, bytes] : x.new_charts)
      if (!charts.count(name)) problem("exit 0, and charts/" + name + " is missing");
    const std::size_t lines = line_count(test::read_file(slot / "logs/run.log"));
    if (lines != x.log_lines + extra_lines)
      problem("exit 0, and the log has " + std::to_string(lines) + " lines, not " +
              std::to_string(x.log_lines + extra_lines));
  }
  return problems;
}

// The old state of a slot: the old outputs, no charts yet (so that the folder is made), an
// empty log.
void reset(const fs::path& slot, const fs::path& old_out) {
  fs::remove_all(slot / "out");
  fs::remove_all(slot / "charts");
  fs::create_directories(slot / "logs");
  fs::copy(old_out, slot / "out", fs::copy_options::recursive);
  std::ofstream(slot / "logs/run.log", std::ios::trunc).flush();
}

bool has_temporaries(const fs::path& slot) {
  for (const auto* dir : {"out", "charts"})
    for (const auto& [name, bytes] : files_of(slot / dir))
      if (is_temporary(name)) return true;
  return false;
}

Outcome run_fault(const Batch& batch, const Expect& x, const fs::path& slot, const Fault& fault) {
  Outcome o{fault, 0, {}, {}};
  reset(slot, x.old_out);
  const fs::path report = slot / "report";
  fs::remove(report);
  const auto r = test::run(batch.command(x.config, slot, &fault, report));
  o.exit_code = r.exit_code;
  o.first_error = first_error(r.err);
  bool injected = false;
  read_counts(report, &injected);
  if (!injected) o.problems.push_back("the fault was not made: runs differ in their calls");
  if (r.exit_code < 0) o.problems.push_back("killed by a signal");
  if (r.exit_code != 0 && o.first_error.empty())
    o.problems.push_back("exit " + std::to_string(r.exit_code) + " without an error line");
  const bool retried = fault.error == "EINTR" || fault.error == "short";
  for (auto& p : check_slot(x, slot, r.exit_code, retried)) o.problems.push_back(p);
  // The next run, without faults, removes whatever temporary file this one left.
  if (has_temporaries(slot)) {
    std::ofstream(slot / "logs/run.log", std::ios::trunc).flush();
    const auto again = test::run(batch.command(x.config, slot, nullptr, {}));
    if (has_temporaries(slot)) o.problems.push_back("the next run left a temporary file");
    if (test::read_file(slot / "logs/run.log")
            .find("removed 1 temporary files an interrupted run left") == std::string::npos)
      o.problems.push_back("the next run did not say it removed the temporary file");
    for (auto& p : check_slot(x, slot, again.exit_code, true, 1))
      o.problems.push_back("the next run: " + p);
  }
  if (!o.problems.empty()) o.problems.push_back("stderr: " + r.err);
  return o;
}

// A config's old folder (the other spec's report and record too) with the old figures.
Expect make_old(const Batch& batch, const Config& c, const fs::path& slot) {
  Expect x;
  x.config = c;
  x.old_out = slot / "out";
  REQUIRE(test::run(bin + " -q render " + q(batch.dir / "other.yaml") + " -o " + q(x.old_out))
              .exit_code == 0);
  fs::create_directories(slot / "logs");
  const auto r = test::run(batch.command(c, slot, nullptr, {}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  x.old_files = files_of(x.old_out);
  x.spec_key = fs::weakly_canonical(batch.dir / "b.yaml").string();
  x.other_key = fs::weakly_canonical(batch.dir / "other.yaml").string();
  x.other_record = nlohmann::json::parse(x.old_files.at("manifest.json"))["runs"][x.other_key];
  REQUIRE(x.other_record.is_object());
  return x;
}

// The new files of a config, made whole by a run without faults; then a run under the shim
// without a fault, which counts the calls a run makes.
std::map<std::string, long> make_new(const Batch& batch, Expect& x, const fs::path& slot) {
  INFO(x.config.name);
  reset(slot / "new", x.old_out);
  REQUIRE(test::run(batch.command(x.config, slot / "new", nullptr, {})).exit_code == 0);
  x.new_files = files_of(slot / "new/out");
  x.new_charts = files_of(slot / "new/charts");
  for (const auto& [name, bytes] : x.new_files) {
    INFO(name);
    REQUIRE(x.old_files.count(name));
    const bool made = name.find(x.config.only) == 0 && name != "other.pdf";       // (or all)
    if (made && name != "manifest.json") REQUIRE(x.old_files.at(name) != bytes);  // new figures
  }
  // SVG and PNG for each report made
  REQUIRE(x.new_charts.size() == (!x.config.charts ? 0u : x.config.only.empty() ? 4u : 2u));
  x.log_lines = line_count(test::read_file(slot / "new/logs/run.log"));
  REQUIRE(x.log_lines >= 3);  // the spec, each report written, the batch

  const fs::path count = slot / "count";
  reset(count, x.old_out);
  REQUIRE(test::run(batch.command(x.config, count, nullptr, count / "report")).exit_code == 0);
  CHECK(check_slot(x, count, 0, true).empty());
  return read_counts(count / "report");
}

}  // namespace

TEST_CASE("faults: every output call failed in turn leaves old or whole new files, exit 73/74",
          "[faults][e2e]") {
  test::TempDir tmp;
  const Batch batch(tmp.path());
  std::vector<Expect> expects;
  for (const auto& c : configs) expects.push_back(make_old(batch, c, tmp.path() / c.name / "old"));
  batch.set_figures(200);  // the new figures: every PDF, trail and chart differs from the old
  std::vector<std::pair<std::size_t, Fault>> faults;  // (config, fault)
  std::set<std::string> kinds_seen;
  for (std::size_t c = 0; c < expects.size(); ++c) {
    const auto counts = make_new(batch, expects[c], tmp.path() / configs[c].name);
    for (const auto& [kind, count] : counts) {
      if (count > 0) kinds_seen.insert(kind);
      for (long n = 1; n <= count; ++n)
        for (const auto& e : errnos_of(kind)) faults.push_back({c, {kind, n, e}});
    }
    // A disk that stays full from the Nth write on (or the log's disk); a failed write whose
    // temporary cannot be removed either, left behind as by a kill for the next run to remove.
    for (long n = 1; n <= counts.at("write"); ++n) {
      faults.push_back({c, {"write", n, "ENOSPC", true, false}});
      faults.push_back({c, {"write", n, "EIO", false, true}});
    }
    for (long n = 1; n <= counts.at("fflush"); ++n)
      faults.push_back({c, {"fflush", n, "ENOSPC", true, false}});
  }
  // The shim sees every kind of call a run makes on its outputs.
  for (const auto* kind : {"open", "fopen", "read", "write", "pwrite", "fwrite", "fflush", "fsync",
                           "close", "fclose", "fchmod", "rename", "mkdir", "flock"}) {
    INFO(kind);
    CHECK(kinds_seen.count(kind));
  }

  // Two at a time, each in its own folders (the runs are -j1, so that the calls come in the
  // same order every time); the checks are made here, Catch2 being single-threaded.
  std::vector<Outcome> outcomes(faults.size());
  std::atomic<std::size_t> next{0};
  auto work = [&](int slot_number) {
    const fs::path slot = tmp.path() / ("slot" + std::to_string(slot_number));
    for (std::size_t i = next++; i < faults.size(); i = next++)
      outcomes[i] = run_fault(batch, expects[faults[i].first], slot, faults[i].second);
  };
  std::thread second(work, 1);
  work(0);
  second.join();

  std::map<std::string, std::map<int, int>> tally;  // config, kind, errno -> exit code -> runs
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    const std::string config = configs[faults[i].first].name;
    tally[config + ": " + o.fault.kind + " " + o.fault.error + (o.fault.onwards ? "+" : "") +
          (o.fault.unlink_fails ? " unlink" : "")][o.exit_code]++;
    if (!o.problems.empty()) {
      std::string text;
      for (const auto& p : o.problems) text += "\n  " + p;
      FAIL_CHECK(config << ": " << o.fault.name() << ":" << text);
    }
  }
  if (std::getenv("JIANBAO_FAULT_SUMMARY")) {
    std::cout << faults.size() << " faulted runs\n";
    for (const auto& [what, codes] : tally) {
      std::cout << what << ":";
      for (const auto& [code, runs] : codes) std::cout << " exit " << code << " x" << runs;
      std::cout << "\n";
    }
  }
  CHECK(faults.size() > 200);
}

TEST_CASE("faults: a --log FILE on a full disk is exit 74, said on stderr and in the manifest",
          "[faults][e2e]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml") << "document: {title: 简况, date: 2026-01-12}\n"
                                          "page: {size: A5}\nbody:\n  - paragraph: 正文。\n";
  const auto log = tmp.path() / "logs/run.log";
  fs::create_directories(log.parent_path());
  // Every write of the log's from the first on fails: its disk is full (the PDFs' is not).
  const auto r = test::run("JB_FAULT_DIRS=" + q(log.parent_path()) +
                           " JB_FAULT_CALL=fflush JB_FAULT_N=1 JB_FAULT_FROM_N=1"
                           " JB_FAULT_ERRNO=ENOSPC LD_PRELOAD=" +
                           q(shim) + " " + bin + " render " + q(tmp.path() / "s.yaml") + " -o " +
                           q(tmp.path() / "out") + " --log " + q(log));
  INFO(r.err);
  CHECK(r.exit_code == 74);
  const std::string error =
      log.string() + ": error: writing the log file (--log) failed: No space left on device";
  CHECK(first_error(r.err) == error);
  CHECK(r.err.find("hint: the log is incomplete; free space on its disk and run again") !=
        std::string::npos);
  CHECK(r.err.find("LOG ERROR") == std::string::npos);  // spdlog's own complaint, replaced
  CHECK(test::read_file(log).empty());
  CHECK(fs::exists(tmp.path() / "out/s.pdf"));  // the report itself was written
  const auto manifest = nlohmann::json::parse(test::read_file(tmp.path() / "out/manifest.json"));
  const auto& run = manifest["runs"][fs::weakly_canonical(tmp.path() / "s.yaml").string()];
  CHECK(run["exit_status"] == 74);
  REQUIRE(run["errors"].size() == 1);
  CHECK(run["errors"][0].get<std::string>().rfind(error, 0) == 0);
}
