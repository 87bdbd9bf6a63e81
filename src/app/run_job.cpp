#include "app/run_job.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <future>
#include <mutex>
#include <new>
#include <set>
#include <system_error>
#include <thread>
#include <utility>

#include "app/font_sums.hpp"
#include "app/plan.hpp"
#include "app/record.hpp"
#include "app/report.hpp"
#include "core/sha256.hpp"
#include "fonts/font_set.hpp"
#include "layout/lay_out.hpp"
#include "model/build_document.hpp"
#include "model/params.hpp"
#include "output/audit.hpp"
#include "output/folder_lock.hpp"
#include "spec/parse_spec.hpp"

namespace jb::app {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

core::Diagnostic out_of_memory() {
  return core::make_diagnostic(
      core::Severity::error, {}, core::say("out of memory"),
      core::say("a memory limit (ulimit -v, a container's) or the machine's memory is too small "
                "for this run; fewer workers (-j1) need less"));
}

// The shipped fonts' checksums, verified on another core while the reports are made (nothing
// is written until they match), and every font's digest for the manifest from the same pass.
class FontCheck {
 public:
  FontCheck(const spec::JobSpec& spec, const fs::path& font_dir) {
    auto verify = [this, &spec, font_dir] {
      return verify_font_sums(spec.fonts, font_dir, &digests_);
    };
    try {
      problems_ = std::async(std::launch::async, verify).share();
    } catch (const std::system_error&) {  // no thread to spare: verified here, when first asked
      problems_ = std::async(std::launch::deferred, verify).share();
    }
  }
  FontCheck(const FontCheck&) = delete;
  FontCheck& operator=(const FontCheck&) = delete;

  // Throws the fonts' problems, once they are known.
  void verified() const {
    if (!problems_.get().empty())
      throw core::UserError(core::ExitCode::invalid_spec, problems_.get());
  }

  // The digest --skip-unchanged compares: the program version and every input's sha256, the
  // fonts' added to the manifest's inputs (once) when they are known.
  std::string inputs_digest(Manifest& manifest) {
    problems_.wait();
    if (!std::exchange(listed_, true))
      for (const auto& [file, digest] : digests_)
        manifest.inputs.push_back({"font", file.string(), digest});
    std::string all = std::string("jianbao ") + JIANBAO_VERSION;
    for (const auto& i : manifest.inputs) all += "\n" + i.sha256;
    // Another --set period= is another report from the same files.
    for (const auto& p : manifest.params) all += "\nparam " + p.name + "=" + p.value;
    return core::sha256_bytes(all);
  }

 private:
  std::vector<std::pair<fs::path, std::string>> digests_;  // before problems_: it outlives it
  std::shared_future<std::vector<core::Diagnostic>> problems_;
  bool listed_ = false;
};

// What a report needs besides its entity: shared, read-only, by every worker.
struct Shared {
  const JobOptions& options;
  const spec::JobSpec& spec;
  const Plan& plan;
  const RunLog& log;
  const FontCheck& fonts;
  std::string inputs_digest;  // --skip-unchanged: program version + every input's sha256
  PreviousReports previous;   // --skip-unchanged
  // Warnings printed so far: one about the data (a sum check) is the same in every report of a
  // batch, and is printed once.
  mutable std::mutex warned_mutex;
  mutable std::set<std::string> warned;

  void print_new_warnings(const std::vector<core::Diagnostic>& warnings) const {
    std::vector<core::Diagnostic> fresh;
    const std::lock_guard guard(warned_mutex);
    for (const auto& w : warnings)
      if (warned.insert(core::format_diagnostic(w)).second) fresh.push_back(w);
    log.diagnostics(fresh);
  }
};

// What a report's own data files add to the inputs --skip-unchanged compares (nothing without).
std::string own_digest(const PlannedReport& planned) {
  std::string out;
  for (const auto& file : planned.own_files) out += "\n" + file[2];
  return out;
}

// Two reports never share a file: a report whose name an earlier row has fails.
void check_owner(const Shared& sh, const std::string& name, const std::string& entity) {
  const auto taken = sh.plan.owner.find(name);
  if (taken == sh.plan.owner.end() || taken->second == entity) return;
  throw core::UserError(
      core::ExitCode::invalid_spec,
      sh.spec.each ? sh.spec.each->output.where : core::SourceLocation{},
      core::say("the reports for '{}' and '{}' would both be written to {}", taken->second, entity,
                name),
      core::say("make each.output name the row, as in \"{{{{ districts.this.district }}}}.pdf\""));
}

// One report, start to finish, with this worker's own fonts (a FreeType face serves one
// thread): planned, made (app/report.hpp), recorded (app/record.hpp).
ReportResult make_report(const Shared& sh, const PlannedReport& planned,
                         std::optional<fonts::FontSet>& fonts, std::string& digest_out) {
  const auto t0 = Clock::now();
  const JobOptions& o = sh.options;
  const std::string& entity = planned.entity;
  ReportResult r;
  r.entity = entity;
  // Its own data files were read with the plan; what was wrong with them is this report's.
  if (planned.own_code != core::ExitCode::ok)
    throw core::UserError(planned.own_code, planned.own_problems);
  std::optional<data::IndicatorSet> own;
  if (!planned.own_tables.empty()) {
    own = *sh.plan.data;
    own->tables.insert(own->tables.end(), planned.own_tables.begin(), planned.own_tables.end());
  }
  const model::Document doc = model::build_document(sh.spec, own ? *own : *sh.plan.data, entity);
  sh.print_new_warnings(doc.warnings);
  r.warnings = doc.warnings;
  const std::string& name = planned.output_name ? *planned.output_name : doc.output_name;
  r.pdf_path = o.out_dir / name;
  check_owner(sh, name, entity);
  if (o.skip_unchanged && !o.check_only) {
    digest_out = report_digest(sh.inputs_digest + own_digest(planned), entity, name);
    if (skip_if_unchanged(sh.previous, digest_out, r)) return r;
  }

  if (!fonts) fonts.emplace(doc.fonts, o.font_dir);
  const layout::PageLayout pages = layout::lay_out(doc, *fonts);
  sh.print_new_warnings(pages.warnings);
  r.warnings.insert(r.warnings.end(), pages.warnings.begin(), pages.warnings.end());
  r.pages = pages.pages.size();
  r.charts = doc.charts.size();
  sh.log.lines().debug("{}layout: {} pages ({:.1f} ms)", entity.empty() ? "" : entity + ": ",
                       r.pages, ms_since(t0));
  if (o.check_only) {
    check_drawing(doc, pages, *fonts);
    r.status = ReportStatus::checked;
    return r;
  }
  const DrawnCharts charts = draw_charts(doc, pages, *fonts, !o.charts_dir.empty());
  sh.log.lines().debug("charts drawn ({:.1f} ms)", ms_since(t0));
  const std::string pdf = finish_report(pages, charts);
  sh.log.lines().debug("finished by qpdf ({:.1f} ms)", ms_since(t0));

  sh.fonts.verified();  // nothing is written until the shipped fonts are the pinned ones
  std::optional<std::string> audit;
  if (o.audit) audit = output::audit_csv(doc, pages, charts.texts);
  write_report(o, {pdf, charts.exports, std::move(audit)}, r);
  sh.log.lines().info(core::say("wrote {}: {} pages, {} charts, {} bytes ({:.1f} ms)",
                                r.pdf_path.string(), r.pages, r.charts, r.bytes, ms_since(t0))
                          .str());
  return r;
}

// A one-line progress bar on a terminal: [#####     ] 5/10 海曙区
void show_progress(std::size_t done, std::size_t total, const std::string& last) {
  const std::size_t width = 24, filled = total ? done * width / total : width;
  std::fprintf(stderr, "\r[%s%s] %zu/%zu %s\033[K", std::string(filled, '#').c_str(),
               std::string(width - filled, ' ').c_str(), done, total, last.c_str());
  if (done == total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

// The reports, in parallel: each worker takes the next one; one failing does not stop others.
// A spec without `each:` makes one report, whose failure is the run's.
class Batch {
 public:
  explicit Batch(const Shared& sh) : sh_(sh), single_(!sh.spec.each) {
    result.reports.resize(sh.plan.reports.size());
    digests.resize(sh.plan.reports.size());
  }

  void run();

  JobResult result;
  std::vector<std::string> digests;  // each report's inputs digest, once known
  std::exception_ptr single_failure;

 private:
  void work();
  void make(std::size_t i, std::optional<fonts::FontSet>& fonts);
  void failed(ReportResult& r, std::size_t i, core::ExitCode code,
              std::vector<core::Diagnostic> problems);
  void finished(const ReportResult& r);

  const Shared& sh_;
  const bool single_;
  std::atomic<std::size_t> next_{0}, done_{0};
  std::mutex print_;
};

void Batch::run() {
  const std::size_t n = result.reports.size();
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const JobOptions& o = sh_.options;
  const unsigned workers = static_cast<unsigned>(
      std::min<std::size_t>(o.jobs ? o.jobs : cores, std::max<std::size_t>(1, n)));
  if (workers == 1) return work();
  // A worker the system will not start (a process limit, no memory for its stack) leaves the
  // work to those that did start; with none, this thread does it all.
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w) {
    try {
      pool.emplace_back([this] { work(); });
    } catch (const std::system_error& e) {
      sh_.log.lines().warn(core::say("could start only {} of {} workers ({}); going on with {}",
                                     pool.size(), workers, e.what(),
                                     std::max<std::size_t>(1, pool.size()))
                               .str());
      break;
    }
  }
  if (pool.empty()) work();
  for (auto& t : pool) t.join();
}

void Batch::work() {
  std::optional<fonts::FontSet> fonts;
  for (std::size_t i = next_++; i < result.reports.size(); i = next_++) {
    make(i, fonts);
    finished(result.reports[i]);
  }
}

void Batch::make(std::size_t i, std::optional<fonts::FontSet>& fonts) {
  ReportResult& r = result.reports[i];
  try {
    r = make_report(sh_, sh_.plan.reports[i], fonts, digests[i]);
  } catch (const core::UserError& e) {
    failed(r, i, e.code(), e.diagnostics());
    if (single_) single_failure = std::current_exception();
  } catch (const std::bad_alloc&) {
    failed(r, i, core::ExitCode::os_error, {out_of_memory()});
    if (single_) single_failure = std::make_exception_ptr(core::UserError(r.code, r.problems));
  } catch (const std::exception& e) {
    failed(
        r, i, core::ExitCode::internal,
        {core::make_diagnostic(core::Severity::error, {}, core::say("internal error: {}", e.what()),
                               core::say("a bug in jianbao, please report it"))});
    if (single_) single_failure = std::current_exception();
  }
}

void Batch::failed(ReportResult& r, std::size_t i, core::ExitCode code,
                   std::vector<core::Diagnostic> problems) {
  r.entity = sh_.plan.reports[i].entity;
  r.status = ReportStatus::failed;
  r.code = code;
  r.problems = std::move(problems);
}

void Batch::finished(const ReportResult& r) {
  const std::lock_guard guard(print_);
  if (r.status == ReportStatus::failed && !single_ && !r.problems.empty()) {
    sh_.log.lines().error(core::say("report '{}' failed", r.entity).str());
    sh_.log.diagnostics(r.problems);
  }
  const std::size_t n = ++done_;
  if (sh_.options.progress && !single_)
    show_progress(n, result.reports.size(), core::escape_controls(r.entity));
}

spec::JobSpec read_spec(const JobOptions& o, const RunLog& log) {
  spec::JobSpec spec = spec::parse_spec(o.spec_path, {o.font_dir, !o.lenient, o.allowed_dirs});
  log.diagnostics(spec.warnings);  // now, so that a run failing later still shows them
  spec::apply_settings(spec, o.settings);
  core::DiagnosticList paths;  // data paths naming parameters: filled before any data is read
  model::fill_param_paths(spec, paths);
  paths.throw_if_errors();
  log.lines().info(spec.each ? core::say("spec {}: {} blocks, {} data sources, one report per row "
                                         "of {}",
                                         o.spec_path.string(), spec.blocks.size(), spec.data.size(),
                                         spec.each->data)
                                   .str()
                             : core::say("spec {}: {} blocks, {} data sources",
                                         o.spec_path.string(), spec.blocks.size(), spec.data.size())
                                   .str());
  return spec;
}

// Every input's sha256 in the manifest (the fonts' come from the pass FontCheck runs). An
// input that vanished since it was read (replaced by a sync job mid-run) is named with the
// spec line that asked for it, not reported as a bug.
void record_inputs(const JobOptions& o, const spec::JobSpec& spec, const Plan& plan,
                   Manifest& manifest) {
  auto hash_input = [](const fs::path& file, const core::SourceLocation& where) {
    try {
      return core::sha256_file(file);
    } catch (const std::exception&) {
      throw core::UserError(core::ExitCode::missing_input, where,
                            core::say("cannot read '{}' again to record its sha256", file.string()),
                            core::say("was it replaced while jianbao ran? run again once it is in "
                                      "place"));
    }
  };
  manifest.inputs.push_back(
      {"spec", o.spec_path.string(),
       hash_input(o.spec_path, core::SourceLocation{o.spec_path.string(), 0, 0})});
  for (const auto& d : spec.data) {
    if (d.is_inline() || d.per_entity) continue;  // a report's own files are in its entry
    if (!d.is_query()) {
      manifest.inputs.push_back({"data", d.file.string(), hash_input(d.file, d.where)});
      continue;
    }
    // A query's digest is its result's: the database changes with tables the query never reads.
    const data::Table* t = plan.data ? plan.data->find(d.name) : nullptr;
    manifest.inputs.push_back({"query", t ? t->file : d.name, t ? t->digest : ""});
  }
}

// The run's parameters, resolved once the data is loaded: a value that is not of its type, or
// a latest period the data does not have, stops the run; they are logged and, for a render,
// recorded in the manifest (before the digest --skip-unchanged compares is made).
void record_params(const JobOptions& o, const spec::JobSpec& spec, const Plan& plan,
                   const RunLog& log, Manifest& manifest) {
  if (spec.params.empty() || !plan.data) return;
  core::DiagnosticList problems;
  const model::Params params = model::resolve_params(spec, *plan.data, problems);
  problems.throw_if_errors();
  for (const auto& p : params) {
    const std::string from(model::param_source_name(p.from));
    log.lines().info(
        core::say("parameter {} = {} ({})", p.name, core::escape_controls(p.value), from).str());
    if (!o.check_only) manifest.params.push_back({p.name, p.value, from});
  }
}

// A killed earlier run of this scope (unsharded, or this shard) may have left temporaries
// beside the outputs and the exported charts: ours to remove once the folder is locked, each
// one whose process is gone.
void clear_stale_temporaries(const JobOptions& o, const RunLog& log) {
  const std::string scope = temporary_scope(o);
  int removed = output::remove_stale_temporaries(o.out_dir, scope);
  std::error_code ec;
  if (!o.charts_dir.empty() && !fs::equivalent(o.charts_dir, o.out_dir, ec))
    removed += output::remove_stale_temporaries(o.charts_dir, scope);
  if (removed)
    log.lines().info(
        core::say("removed {} temporary files an interrupted run left", removed).str());
}

// Each report's entry in the manifest, and the run's counts and exit status (the first failed
// report's code).
void tally(const Shared& sh, FontCheck& fonts, Batch& batch, Manifest& manifest) {
  const std::string all_inputs =
      sh.inputs_digest.empty() ? fonts.inputs_digest(manifest) : sh.inputs_digest;
  JobResult& result = batch.result;
  for (std::size_t i = 0; i < result.reports.size(); ++i) {
    const ReportResult& r = result.reports[i];
    std::string& digest = batch.digests[i];
    if (digest.empty() && !r.pdf_path.empty())
      digest = report_digest(all_inputs + own_digest(sh.plan.reports[i]), r.entity,
                             r.pdf_path.filename().string());
    (r.status == ReportStatus::failed    ? result.failed
     : r.status == ReportStatus::skipped ? result.skipped
                                         : result.written)++;
    if (r.status == ReportStatus::failed && result.exit == core::ExitCode::ok) result.exit = r.code;
    manifest.reports.push_back(manifest_entry(r, digest, sh.plan.run_warnings, sh.options.audit));
    for (const auto& [role, path, sha256] : sh.plan.reports[i].own_files)
      manifest.reports.back().inputs.push_back({role, path, sha256});
  }
}

// `check`'s end: every problem found, the data's first (one run reports them all), or a line
// saying there is none.
JobResult end_check(const Shared& sh, Batch& batch, double seconds) {
  sh.fonts.verified();
  std::vector<core::Diagnostic> all = sh.plan.data_problems;
  core::ExitCode code = all.empty() ? core::ExitCode::ok : sh.plan.data_code;
  if (batch.single_failure) {
    try {
      std::rethrow_exception(batch.single_failure);
    } catch (const core::UserError& e) {
      all.insert(all.end(), e.diagnostics().begin(), e.diagnostics().end());
      if (code == core::ExitCode::ok) code = e.code();
    }
  }
  if (!all.empty()) throw core::UserError(code, std::move(all));
  const JobResult& result = batch.result;
  if (!sh.spec.each && !result.reports.empty()) {
    const auto& r = result.reports.front();
    sh.log.lines().info(
        core::say("{}: no problems: {} data sources, {} blocks, {} charts, {} pages ({:.1f} ms)",
                  sh.options.spec_path.string(), sh.spec.data.size(), sh.spec.blocks.size(),
                  r.charts, r.pages, seconds * 1000)
            .str());
  } else {
    sh.log.lines().info(core::say("check: {} reports, {} with problems ({:.2f} s)",
                                  result.reports.size(), result.failed, seconds)
                            .str());
  }
  return std::move(batch.result);
}

void log_batch(const RunLog& log, const JobResult& result, double seconds) {
  log.lines().info(core::say("batch: {} reports: {} written, {} skipped, {} failed ({:.2f} s)",
                             result.reports.size(), result.written, result.skipped, result.failed,
                             seconds)
                       .str());
  if (!result.failed) return;
  std::string names;
  for (const auto& r : result.reports)
    if (r.status == ReportStatus::failed) names += (names.empty() ? "" : ", ") + r.entity;
  log.lines().error(core::say("failed: {}", names).str());
}

// `render`'s end: the batch's summary in the log, then the run's record in the manifest; a
// spec without `each:` throws its one report's failure.
JobResult end_render(RunRecord& record, const Shared& sh, Batch& batch, double seconds) {
  Manifest& manifest = record.manifest;
  JobResult& result = batch.result;
  record.finish(seconds, result.exit);
  try {
    sh.fonts.verified();
  } catch (const core::UserError& e) {
    record.fail(e.code(), e.diagnostics());
    throw;
  }
  if (batch.single_failure) {
    try {
      std::rethrow_exception(batch.single_failure);
    } catch (const core::UserError& e) {
      for (const auto& d : e.diagnostics()) manifest.errors.push_back(core::format_diagnostic(d));
    } catch (const std::exception&) {
      manifest.errors = manifest.reports.front().errors;
    }
  }
  // Before the manifest: a log that cannot take these lines is recorded there.
  if (sh.spec.each) log_batch(sh.log, result, seconds);
  // A --log FILE that lost lines (a full disk) fails a run that otherwise succeeded.
  if (const auto lost = log_file_failure(); lost && result.exit == core::ExitCode::ok) {
    result.exit = lost->code();
    manifest.exit_status = static_cast<int>(lost->code());
    for (const auto& d : lost->diagnostics()) manifest.errors.push_back(core::format_diagnostic(d));
  }
  record.write();
  if (batch.single_failure) std::rethrow_exception(batch.single_failure);
  return std::move(result);
}

JobResult run_reports(const JobOptions& o, RunRecord& record, const RunLog& log) {
  const auto t0 = Clock::now();
  const spec::JobSpec spec = read_spec(o, log);
  if (!o.check_only) record.take_folder();
  FontCheck fonts(spec, o.font_dir);
  const Plan plan = make_plan(o, spec, log, [&] { fonts.verified(); });
  if (o.shard) record.manifest.shard = std::pair{o.shard->index, o.shard->count};
  // `check` records nothing: a data file it could not read stays reported as such.
  if (!o.check_only) record_inputs(o, spec, plan, record.manifest);
  record_params(o, spec, plan, log, record.manifest);
  // --skip-unchanged waits for the fonts' digests now; a run that skips nothing, once the
  // reports are made.
  std::string inputs_digest;
  PreviousReports previous;
  if (o.skip_unchanged) {
    inputs_digest = fonts.inputs_digest(record.manifest);
    previous = read_previous_reports(o.out_dir / record.name, record.manifest.spec);
  }
  const Shared sh{o, spec, plan, log, fonts, std::move(inputs_digest), std::move(previous), {}, {}};
  if (record.lock) clear_stale_temporaries(o, log);

  Batch batch(sh);
  batch.run();
  tally(sh, fonts, batch, record.manifest);
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return o.check_only ? end_check(sh, batch, seconds) : end_render(record, sh, batch, seconds);
}

}  // namespace

JobResult run_job(const JobOptions& o, const RunLog& log) {
  RunRecord record(o, log);
  try {
    return run_reports(o, record, log);
  } catch (const core::UserError& e) {
    record.fail(e.code(), e.diagnostics());
    throw;
  } catch (const std::bad_alloc&) {
    const core::UserError oom(core::ExitCode::os_error, {out_of_memory()});
    try {
      record.fail(oom.code(), oom.diagnostics());
    } catch (const std::exception&) {  // no memory left even for the manifest
    }
    throw oom;
  } catch (const std::exception& e) {
    record.fail(core::ExitCode::internal,
                {core::make_diagnostic(core::Severity::error, {},
                                       core::say("internal error: {}", e.what()))});
    throw;
  }
}

void record_failed_run(const JobOptions& o, const core::UserError& error) {
  const RunLog log;
  RunRecord(o, log).fail(error.code(), error.diagnostics());
}

std::optional<Shard> parse_shard(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto number = [](const char* s) -> std::optional<int> {
    if (!s || !*s) return std::nullopt;
    char* end = nullptr;
    const long v = std::strtol(s, &end, 10);
    if (*end || v < 0 || v > 1000000) return std::nullopt;
    return static_cast<int>(v);
  };
  std::optional<int> k, n;
  if (text == "auto") {
    if (std::getenv("JOB_COMPLETION_INDEX"))
      k = number(std::getenv("JOB_COMPLETION_INDEX")), n = number(std::getenv("JOB_COMPLETIONS"));
    else if (std::getenv("SLURM_ARRAY_TASK_ID"))
      k = number(std::getenv("SLURM_ARRAY_TASK_ID")),
      n = number(std::getenv("SLURM_ARRAY_TASK_COUNT"));
    // Half a pair: name the variable that is missing or not a number.
    const char* half = std::getenv("JOB_COMPLETION_INDEX")
                           ? (k ? "JOB_COMPLETIONS" : "JOB_COMPLETION_INDEX")
                       : std::getenv("SLURM_ARRAY_TASK_ID")
                           ? (k ? "SLURM_ARRAY_TASK_COUNT" : "SLURM_ARRAY_TASK_ID")
                           : nullptr;
    if ((!k || !n) && half)
      throw core::UserError(core::ExitCode::usage, core::SourceLocation{"--shard", 0, 0},
                            core::say("--shard auto: {} is not set, or not a number", half),
                            core::say("Kubernetes: JOB_COMPLETION_INDEX and JOB_COMPLETIONS; "
                                      "Slurm: SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT"));
    if (!k || !n)
      throw core::UserError(core::ExitCode::usage, core::SourceLocation{"--shard", 0, 0},
                            core::say("--shard auto found no shard in the environment"),
                            core::say("Kubernetes: JOB_COMPLETION_INDEX and JOB_COMPLETIONS; "
                                      "Slurm: SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT"));
  } else {
    const auto slash = text.find('/');
    if (slash != std::string::npos)
      k = number(text.substr(0, slash).c_str()), n = number(text.substr(slash + 1).c_str());
  }
  if (!k || !n || *n < 1 || *k >= *n)
    throw core::UserError(core::ExitCode::usage, core::SourceLocation{"--shard", 0, 0},
                          core::say("--shard '{}' is not K/N with 0 <= K < N", text),
                          core::say("for example --shard 3/10, or --shard auto in an array job"));
  return Shard{*k, *n};
}

}  // namespace jb::app
