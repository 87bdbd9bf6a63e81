// tests/app: batches run in process through run_job, their log lines read from a sink of the
// test's own: one report per row, a failing row alone, skipped re-runs, --only, two specs in
// one folder, two reports for one file, a warning printed once; and the report statuses'
// words in manifest.json.
#include "app/run_job.hpp"

#include <spdlog/sinks/ostream_sink.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <vector>

#include "app/manifest.hpp"
#include "batch_support.hpp"
#include "core/sha256.hpp"
#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {

using test::pdfs_in;
using test::write_batch;

// One in-process run's log: every line it logs and every diagnostic it prints.
struct Log {
  std::ostringstream text;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink =
      std::make_shared<spdlog::sinks::ostream_sink_mt>(text);
  app::RunLog log{sink};

  std::string lines() {
    sink->flush();
    return text.str();
  }
  std::size_t count(const std::string& part) {
    const std::string all = lines();
    std::size_t n = 0;
    for (auto at = all.find(part); at != std::string::npos; at = all.find(part, at + 1)) ++n;
    return n;
  }
};

// A render of `spec` into `out`, as `jianbao render SPEC -o OUT` runs it.
app::JobOptions render(const fs::path& spec, const fs::path& out) {
  app::JobOptions o;
  o.spec_path = spec;
  o.out_dir = out;
  o.font_dir = test::font_dir;
  o.allowed_dirs = {test::source_dir};
  return o;
}

std::vector<app::ReportStatus> statuses(const app::JobResult& r) {
  std::vector<app::ReportStatus> out;
  for (const auto& report : r.reports) out.push_back(report.status);
  return out;
}

}  // namespace

TEST_CASE("run_job: one report per row, a bad row fails alone, and the manifest says so",
          "[app][batch]") {
  test::TempDir tmp;
  const auto out = tmp.path() / "out";
  Log log;
  const app::JobResult r = app::run_job(render(write_batch(tmp.path(), true), out), log.log);
  INFO(log.lines());
  CHECK(r.exit == core::ExitCode::data_error);  // the failed report's code
  CHECK(r.written == 6);
  CHECK(r.failed == 1);
  REQUIRE(r.reports.size() == 7);
  CHECK(pdfs_in(out).size() == 6);
  const app::ReportResult& bad = r.reports.back();
  CHECK(bad.entity == "坏");
  CHECK(bad.status == app::ReportStatus::failed);
  CHECK(bad.code == core::ExitCode::data_error);
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems.front().where.line == 8);
  CHECK(bad.problems.front().message.starts_with("value 'abc' of t.坏.v is not a number"));
  CHECK(log.count("jianbao error: report '坏' failed") == 1);
  CHECK(log.count("t.csv:8: error: value 'abc' of t.坏.v is not a number") == 1);
  CHECK(log.count("jianbao info: batch: 7 reports: 6 written, 0 skipped, 1 failed") == 1);
  CHECK(log.count("jianbao error: failed: 坏") == 1);
  CHECK(log.count("jianbao info: wrote ") == 6);
  const std::string m = test::read_file(out / "manifest.json");
  CHECK(m.find("\"exit_status\": 65") != std::string::npos);
  CHECK(m.find("\"written\": 6") != std::string::npos);
  CHECK(m.find("\"failed\": 1") != std::string::npos);
  for (const char* role : {"spec", "data", "font"})
    CHECK(m.find("\"role\": \"" + std::string(role) + "\"") != std::string::npos);
  // Each report's sha256, in its result and in the manifest, is its file's.
  for (const auto& report : r.reports) {
    if (report.status != app::ReportStatus::written) continue;
    INFO(report.entity);
    CHECK(report.pdf_path == out / (report.entity + ".pdf"));
    CHECK(report.sha256 == core::sha256_file(report.pdf_path));
    CHECK(report.bytes == fs::file_size(report.pdf_path));
    CHECK(m.find("\"sha256\": \"" + report.sha256 + "\"") != std::string::npos);
  }
}

TEST_CASE("run_job: --skip-unchanged skips what is as the last run left it, --only chooses",
          "[app][batch]") {
  test::TempDir tmp;
  const auto spec = write_batch(tmp.path());
  const auto out = tmp.path() / "out";
  auto o = render(spec, out);
  {
    Log log;
    REQUIRE(app::run_job(o, log.log).written == 6);
  }
  o.skip_unchanged = true;
  auto again = [&](const char* summary) {
    Log log;
    const app::JobResult r = app::run_job(o, log.log);
    INFO(log.lines());
    CHECK(log.count(summary) == 1);
    return r;
  };
  auto r = again("batch: 6 reports: 0 written, 6 skipped, 0 failed");
  CHECK(statuses(r) == std::vector<app::ReportStatus>(6, app::ReportStatus::skipped));
  for (const auto& report : r.reports) CHECK(report.sha256 == core::sha256_file(report.pdf_path));
  // A changed input (the data) makes every report again; so does a changed PDF on disk.
  std::ofstream(tmp.path() / "t.csv", std::ios::app) << "区9,109\n";
  r = again("batch: 7 reports: 7 written, 0 skipped, 0 failed");
  std::ofstream(out / "区2.pdf", std::ios::app) << "tampered";
  r = again("batch: 7 reports: 1 written, 6 skipped, 0 failed");
  for (const auto& report : r.reports)
    CHECK((report.status == app::ReportStatus::written) == (report.entity == "区2"));
  CHECK(test::read_file(out / "manifest.json").find("\"status\": \"skipped\"") !=
        std::string::npos);

  auto one = render(spec, tmp.path() / "one");
  one.only = {"区4"};
  Log log;
  r = app::run_job(one, log.log);
  CHECK(r.exit == core::ExitCode::ok);
  CHECK(pdfs_in(tmp.path() / "one") == std::set<std::string>{"区4.pdf"});
  one.only = {"区99"};
  const auto e = test::user_error_of([&] { app::run_job(one, log.log); });
  CHECK(e.code() == core::ExitCode::usage);
  CHECK(std::string(e.what()).find("--only: error: no report is made for '区99'") !=
        std::string::npos);
}

TEST_CASE("run_job: --shard makes every N-th report, and each shard keeps its own manifest",
          "[app][batch]") {
  test::TempDir tmp;
  const auto spec = write_batch(tmp.path(), false, 10);
  std::multiset<std::string> made;
  for (int k = 0; k < 3; ++k) {
    auto o = render(spec, tmp.path() / "out");  // one folder: shards share it
    o.shard = app::Shard{k, 3};
    Log log;
    const app::JobResult r = app::run_job(o, log.log);
    INFO(log.lines());
    CHECK(r.reports.size() == (k == 0 ? 4u : 3u));
    for (const auto& report : r.reports) made.insert(report.entity);
    CHECK(fs::exists(tmp.path() / "out" / ("manifest-" + std::to_string(k) + "-of-3.json")));
  }
  CHECK(made.size() == 10);
  CHECK(std::set<std::string>(made.begin(), made.end()).size() == 10);
  CHECK(pdfs_in(tmp.path() / "out").size() == 10);
  CHECK_FALSE(fs::exists(tmp.path() / "out/manifest.json"));
}

TEST_CASE("run_job: two specs sharing a folder keep each other's record in manifest.json",
          "[app][batch]") {
  test::TempDir tmp;
  const auto spec = write_batch(tmp.path());
  std::string other = test::read_file(spec);
  other.replace(other.find("output: '{{ t.this.name }}.pdf'"), 31,
                "output: '{{ t.this.name }}-2.pdf'");
  std::ofstream(tmp.path() / "other.yaml") << other;
  const auto out = tmp.path() / "out";
  Log log;
  REQUIRE(app::run_job(render(spec, out), log.log).written == 6);
  REQUIRE(app::run_job(render(tmp.path() / "other.yaml", out), log.log).written == 6);
  const std::string m = test::read_file(out / "manifest.json");
  CHECK(m.find("\"runs\"") != std::string::npos);
  CHECK(m.find("batch.yaml\": {") != std::string::npos);
  CHECK(m.find("other.yaml\": {") != std::string::npos);
  // And the first spec's re-run still finds its own record.
  auto o = render(spec, out);
  o.skip_unchanged = true;
  CHECK(app::run_job(o, log.log).skipped == 6);
}

TEST_CASE("run_job: two reports never share an output file", "[app][batch]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "t.csv") << "name,v\na,1\nb,2\n";
  std::ofstream(tmp.path() / "dup.yaml")
      << "document: {title: t, date: 2026-01-12}\neach: {data: t, output: report.pdf}\n"
         "data:\n  t: t.csv\nbody:\n  - paragraph: '{{ t.this.v | yi }}'\n";
  Log log;
  const app::JobResult r =
      app::run_job(render(tmp.path() / "dup.yaml", tmp.path() / "out"), log.log);
  INFO(log.lines());
  CHECK(r.exit == core::ExitCode::invalid_spec);
  REQUIRE(r.reports.size() == 2);
  CHECK(r.reports[0].status == app::ReportStatus::written);
  CHECK(r.reports[1].status == app::ReportStatus::failed);  // the second row, however timed
  CHECK(log.count("dup.yaml:2:25: error: the reports for 'a' and 'b' would both be written to "
                  "report.pdf") == 1);
  CHECK(pdfs_in(tmp.path() / "out") == std::set<std::string>{"report.pdf"});
}

TEST_CASE("run_job: a row whose name breaks the file-name rules fails alone", "[app][batch]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "t.csv") << "name,v\na,1\n.b,2\nc\\d,3\n";
  std::ofstream(tmp.path() / "names.yaml")
      << "document: {title: t, date: 2026-01-12}\neach: {data: t, output: '{{ t.this.name "
         "}}.pdf'}\n"
         "data:\n  t: t.csv\nbody:\n  - paragraph: '{{ t.this.v | yi }}'\n";
  Log log;
  const app::JobResult r =
      app::run_job(render(tmp.path() / "names.yaml", tmp.path() / "out"), log.log);
  INFO(log.lines());
  CHECK(r.exit == core::ExitCode::data_error);
  CHECK(r.written == 1);
  CHECK(r.failed == 2);
  CHECK(log.count("the report for '.b' would be named '.b.pdf', not a file name ending in .pdf") ==
        1);
  CHECK(log.count("the report for 'c\\d' would be named 'c\\d.pdf'") == 1);
  CHECK(pdfs_in(tmp.path() / "out") == std::set<std::string>{"a.pdf"});
}

TEST_CASE("run_job: a warning about the data is printed once, not once per report",
          "[app][batch]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "w.csv") << "name,a,b,t\nx,1,2,9\ny,1,2,9\nz,1,2,9\n";
  std::ofstream(tmp.path() / "warn.yaml")
      << "document: {title: t, date: 2026-01-12}\neach: {data: w, output: '{{ w.this.name "
         "}}.pdf'}\n"
         "data:\n  w: w.csv\nchecks:\n  - sum: [w.x.a, w.x.b]\n    total: w.x.t\n"
         "body:\n  - paragraph: '{{ w.this.a | yi }}'\n";
  Log log;
  const app::JobResult r =
      app::run_job(render(tmp.path() / "warn.yaml", tmp.path() / "out"), log.log);
  INFO(log.lines());
  CHECK(r.exit == core::ExitCode::ok);
  CHECK(log.count("warning: the parts add up to 3") == 1);
  // Each report still records the warning in its own result.
  for (const auto& report : r.reports) CHECK(report.warnings.size() == 1);
}

TEST_CASE("run_job: `check` makes every report checked and writes nothing", "[app][batch]") {
  test::TempDir tmp;
  auto o = render(write_batch(tmp.path()), tmp.path() / "out");
  o.check_only = true;
  Log log;
  const app::JobResult r = app::run_job(o, log.log);
  INFO(log.lines());
  CHECK(statuses(r) == std::vector<app::ReportStatus>(6, app::ReportStatus::checked));
  CHECK(log.count("check: 6 reports, 0 with problems") == 1);
  CHECK_FALSE(fs::exists(tmp.path() / "out"));
}

TEST_CASE("manifest: each report status has one word, read back as the same status",
          "[app][manifest]") {
  using app::ReportStatus;
  const std::pair<ReportStatus, const char*> words[] = {{ReportStatus::written, "written"},
                                                        {ReportStatus::skipped, "skipped"},
                                                        {ReportStatus::failed, "failed"},
                                                        {ReportStatus::checked, "checked"}};
  for (const auto& [status, word] : words) {
    CHECK(app::status_name(status) == word);
    CHECK(app::parse_status(word) == status);
  }
  CHECK_FALSE(app::parse_status("Written").has_value());
  CHECK_FALSE(app::parse_status("").has_value());
  app::Manifest m;
  m.spec = "s.yaml";
  m.reports.push_back(
      {"a", "a.pdf", ReportStatus::skipped, "ab", 1, 2, 0, {}, {}, 0, "d", {}, {}, {}});
  m.reports.push_back(
      {"b", "b.pdf", ReportStatus::failed, "", 0, 0, 0, {}, {"e"}, 65, "d", {}, {}, {}});
  const std::string json = app::to_json(m);
  CHECK(json.find("\"status\": \"skipped\"") != std::string::npos);
  CHECK(json.find("\"status\": \"failed\"") != std::string::npos);
  CHECK(json.find("\"skipped\": 1") != std::string::npos);
  CHECK(json.find("\"failed\": 1") != std::string::npos);
}
