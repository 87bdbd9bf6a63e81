#include "app/run_job.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <new>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_set>
#include <utility>

#include "app/font_sums.hpp"
#include "app/logging.hpp"
#include "app/manifest.hpp"
#include "core/sha256.hpp"
#include "data/load_indicators.hpp"
#include "fonts/font_set.hpp"
#include "layout/lay_out.hpp"
#include "model/build_document.hpp"
#include "output/atomic_write.hpp"
#include "output/audit.hpp"
#include "output/finish_pdf.hpp"
#include "output/folder_lock.hpp"
#include "render/chart/render_chart.hpp"
#include "render/pdf/render_pdf.hpp"
#include "spec/parse_spec.hpp"

namespace jb::app {

namespace fs = std::filesystem;

namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

core::Diagnostic out_of_memory() {
  return {core::Severity::error, {}, "out of memory",
          "a memory limit (ulimit -v, a container's) or the machine's memory is too small for "
          "this run; fewer workers (-j1) need less"};
}

// Which run a temporary file is (output::write_atomically): "K-of-N" for a shard, "all" for
// a run of every report; the folder lock of that name covers it.
std::string temporary_scope(const JobOptions& o) {
  return o.shard ? std::to_string(o.shard->index) + "-of-" + std::to_string(o.shard->count)
                 : "all";
}

// What a report needs besides its entity: shared, read-only, by every worker.
struct Shared {
  const JobOptions& options;
  const spec::JobSpec& spec;
  const data::IndicatorSet& data;
  std::shared_future<std::vector<core::Diagnostic>> font_problems;
  std::string inputs_digest;  // program version + every input's sha256
  std::map<std::string, std::pair<std::string, std::string>> previous;  // --skip-unchanged
  // Each output name and the first entity (in the table's order) it belongs to: two reports
  // never share a file, and which one is refused does not depend on the workers' timing.
  std::map<std::string, std::string> owner;
  // Warnings printed so far: one about the data (a sum check) is the same in every report of a
  // batch, and is printed once.
  mutable std::mutex warned_mutex;
  mutable std::set<std::string> warned;
};

void print_new_warnings(const Shared& sh, const std::vector<core::Diagnostic>& warnings) {
  std::vector<core::Diagnostic> fresh;
  const std::lock_guard guard(sh.warned_mutex);
  for (const auto& w : warnings)
    if (sh.warned.insert(core::format_diagnostic(w)).second) fresh.push_back(w);
  print_diagnostics(fresh);
}

// What a report is made from: every input, the program, its entity and its file name.
std::string report_digest(const std::string& inputs, const std::string& entity,
                          const std::string& output_name) {
  return core::sha256_bytes(inputs + "\n" + entity + "\n" + output_name);
}

// Each chart's box, as the layout placed it.
std::vector<std::pair<double, double>> chart_sizes(const model::Document& doc,
                                                   const layout::PageLayout& pages) {
  std::vector<std::pair<double, double>> sizes(doc.charts.size(), {0.0, 0.0});
  for (const auto& page : pages.pages)
    for (const auto& box : page.charts) sizes[box.chart_index] = {box.width_pt, box.height_pt};
  return sizes;
}

// `check`: what render refuses while drawing, with nothing written: every chart's refusals
// (chart::check_chart, the rules render_chart applies), then the PDF with its fonts embedded.
void check_drawing(const model::Document& doc, const layout::PageLayout& pages,
                   const std::vector<std::pair<double, double>>& sizes,
                   const fonts::FontSet& fonts) {
  core::DiagnosticList problems;  // 100 of each kind, however many charts
  for (std::size_t i = 0; i < doc.charts.size(); ++i)
    for (auto& p : chart::check_chart(doc.charts[i], sizes[i].first, sizes[i].second, fonts))
      problems.add(std::move(p));
  problems.throw_if_errors(core::ExitCode::data_error);
  pdf::render_pdf(pages);
}

// One report, start to finish, with this worker's own fonts (a FreeType face serves one thread).
ReportResult make_report(const Shared& sh, const std::string& entity,
                         std::optional<fonts::FontSet>& fonts, std::string& digest_out) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  auto ms = [&] { return std::chrono::duration<double, std::milli>(clock::now() - t0).count(); };
  const JobOptions& o = sh.options;
  ReportResult r;
  r.entity = entity;
  const model::Document doc = model::build_document(sh.spec, sh.data, entity);
  print_new_warnings(sh, doc.warnings);
  r.warnings = doc.warnings;
  r.pdf_path = o.out_dir / doc.output_name;
  if (const auto taken = sh.owner.find(doc.output_name);
      taken != sh.owner.end() && taken->second != entity)
    throw core::UserError(
        core::ExitCode::invalid_spec,
        sh.spec.each ? sh.spec.each->output.where : core::SourceLocation{},
        "the reports for '" + taken->second + "' and '" + entity + "' would both be written to " +
            doc.output_name,
        "make each.output name the row, as in \"{{ districts.this.district }}.pdf\"");

  if (o.skip_unchanged && !o.check_only) {
    digest_out = report_digest(sh.inputs_digest, entity, doc.output_name);
    const auto prev = sh.previous.find(doc.output_name);
    std::error_code ec;
    if (prev != sh.previous.end() && prev->second.first == digest_out &&
        fs::is_regular_file(r.pdf_path, ec)) {
      std::string on_disk;
      try {
        on_disk = core::sha256_file(r.pdf_path);
      } catch (const std::exception&) {
        // unreadable now: made again, and the write says what is wrong with the folder
      }
      if (!on_disk.empty() && on_disk == prev->second.second) {
        r.status = "skipped";
        r.sha256 = on_disk;
        const auto size = fs::file_size(r.pdf_path, ec);
        r.bytes = ec ? 0 : static_cast<std::size_t>(size);
        return r;
      }
    }
  }

  if (!fonts) fonts.emplace(doc.fonts, o.font_dir);
  const layout::PageLayout pages = layout::lay_out(doc, *fonts);
  r.pages = pages.pages.size();
  r.charts = doc.charts.size();
  spdlog::debug("{}layout: {} pages ({:.1f} ms)", entity.empty() ? "" : entity + ": ", r.pages,
                ms());
  const auto sizes = chart_sizes(doc, pages);
  if (o.check_only) {
    check_drawing(doc, pages, sizes, *fonts);
    r.status = "checked";
    return r;
  }

  std::vector<std::vector<std::string>> chart_texts(doc.charts.size());  // for --audit
  // One PDF of every chart, drawn a page at a time, sharing its fonts.
  const std::string charts = chart::render_charts(doc.charts, sizes, *fonts, &chart_texts);
  std::vector<std::pair<fs::path, std::string>> exports;  // --charts
  if (!o.charts_dir.empty())
    for (std::size_t i = 0; i < doc.charts.size(); ++i) {
      const std::string prefix =
          entity.empty() ? "" : fs::path(doc.output_name).stem().string() + "-";
      const auto stem = o.charts_dir / (prefix + "figure-" + std::to_string(i + 1));
      for (const auto& [format, ext] :
           {std::pair{chart::ChartFormat::svg, ".svg"}, std::pair{chart::ChartFormat::png, ".png"}})
        exports.push_back(
            {stem.string() + ext,
             chart::export_chart(doc.charts[i], sizes[i].first, sizes[i].second, *fonts, format)});
    }
  spdlog::debug("charts drawn ({:.1f} ms)", ms());
  const pdf::PdfDocument rendered = pdf::render_pdf(pages);
  const std::string finished = output::finish_pdf(rendered, charts, pages);
  spdlog::debug("finished by qpdf ({:.1f} ms)", ms());

  // Nothing is written until the shipped fonts are known to be the pinned ones.
  if (!sh.font_problems.get().empty())
    throw core::UserError(core::ExitCode::invalid_spec, sh.font_problems.get());
  // The exported charts first: a PDF on disk that the manifest calls written has its exports.
  const std::string scope = temporary_scope(o);
  for (const auto& [path, bytes] : exports) output::write_atomically(path, bytes, scope);
  if (o.audit) {  // the trail first: a PDF on disk that --audit made has its trail beside it
    const std::string trail = output::audit_csv(doc, pages, chart_texts);
    output::write_atomically(fs::path(r.pdf_path).replace_extension(".audit.csv"), trail, scope);
    r.audit_sha256 = core::sha256_bytes(trail);
  }
  output::write_atomically(r.pdf_path, finished, scope);
  // The manifest's record of what was written, from the bytes themselves: nothing is read back.
  r.bytes = finished.size();
  r.sha256 = core::sha256_bytes(finished);
  r.status = "written";
  spdlog::info("wrote {}: {} pages, {} charts, {} bytes ({:.1f} ms)", r.pdf_path.string(), r.pages,
               r.charts, r.bytes, ms());
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

std::string shard_suffix(const JobOptions& o) {
  return o.shard ? "-" + std::to_string(o.shard->index) + "-of-" + std::to_string(o.shard->count)
                 : "";
}

// One run at a time per output folder (per shard: shards of one batch share the folder).
std::string lock_name(const JobOptions& o) { return ".jianbao" + shard_suffix(o) + ".lock"; }

// This run's record in the output folder: manifest.json (manifest-K-of-N.json for a shard),
// and the lock that makes it this run's to write.
struct RunRecord {
  const JobOptions& options;
  Manifest manifest;
  std::string name = "manifest" + shard_suffix(options) + ".json";
  std::optional<output::FolderLock> lock;
  bool written = false;

  explicit RunRecord(const JobOptions& o) : options(o) {
    manifest.version = JIANBAO_VERSION;
    manifest.started = utc_now();
    std::error_code canonical_error;  // the same spec however its path is written
    manifest.spec = fs::weakly_canonical(o.spec_path, canonical_error).string();
  }

  // Atomically, keeping the other specs' entries.
  void write() {
    output::write_atomically(options.out_dir / name,
                             to_json(manifest, read_manifest(options.out_dir / name)),
                             temporary_scope(options));
    written = true;
  }

  // A run that stops before its end-of-run record: its exit status and diagnostics, so that a
  // monitor never reads the previous run's success. Written under the folder's lock, taken now
  // if the run failed before taking it; a folder another run holds is left alone. `check`
  // writes nothing.
  void fail(core::ExitCode code, const std::vector<core::Diagnostic>& problems) {
    if (options.check_only || written) return;
    manifest.ended = utc_now();
    manifest.exit_status = static_cast<int>(code);
    manifest.errors.clear();
    for (const auto& d : problems) manifest.errors.push_back(core::format_diagnostic(d));
    const bool folder_problem = code == core::ExitCode::busy || code == core::ExitCode::cant_create;
    std::string why;
    try {
      if (!lock) lock.emplace(options.out_dir, lock_name(options));
      write();
    } catch (const core::UserError& e) {
      why = e.diagnostics().empty() ? e.what() : e.diagnostics().front().message;
    } catch (const std::exception& e) {
      why = e.what();
    }
    if (!why.empty() && !folder_problem)  // else the run's own error says it
      spdlog::warn("this run is not recorded in {}: {}", (options.out_dir / name).string(), why);
  }
};

}  // namespace

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
    if (!k || !n)
      throw core::UserError(core::ExitCode::usage, core::SourceLocation{"--shard", 0, 0},
                            "--shard auto found no shard in the environment",
                            "Kubernetes: JOB_COMPLETION_INDEX and JOB_COMPLETIONS; Slurm: "
                            "SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT");
  } else {
    const auto slash = text.find('/');
    if (slash != std::string::npos)
      k = number(text.substr(0, slash).c_str()), n = number(text.substr(slash + 1).c_str());
  }
  if (!k || !n || *n < 1 || *k >= *n)
    throw core::UserError(core::ExitCode::usage, core::SourceLocation{"--shard", 0, 0},
                          "--shard '" + text + "' is not K/N with 0 <= K < N",
                          "for example --shard 3/10, or --shard auto in an array job");
  return Shard{*k, *n};
}

namespace {

JobResult run_reports(const JobOptions& o, RunRecord& record) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  Manifest& manifest = record.manifest;

  const spec::JobSpec spec = spec::parse_spec(o.spec_path, {o.font_dir, !o.lenient, o.allowed_dirs});
  print_diagnostics(spec.warnings);  // now, so that a run failing later still shows them
  spdlog::info("spec {}: {} blocks, {} data sources{}", o.spec_path.string(), spec.blocks.size(),
               spec.data.size(), spec.each ? ", one report per row of " + spec.each->data : "");

  if (!o.check_only) record.lock.emplace(o.out_dir, lock_name(o));
  // A run that could not be recorded writes nothing: a folder where manifest.json belongs is
  // found now, not after every PDF was replaced.
  if (std::error_code ec; record.lock && fs::is_directory(fs::symlink_status(o.out_dir / record.name, ec)))
    throw core::UserError(core::ExitCode::cant_create,
                          core::SourceLocation{(o.out_dir / record.name).string(), 0, 0},
                          "the manifest is a folder: this run could not be recorded in it",
                          "remove or rename that folder; no PDF was written");

  // The shipped fonts' checksums are verified on another core while the reports are made;
  // nothing is written until they match.
  // ... and every font's digest for the manifest comes from the same single pass.
  std::vector<std::pair<fs::path, std::string>> font_digests;
  auto verify = [&] { return verify_font_sums(spec.fonts, o.font_dir, &font_digests); };
  std::shared_future<std::vector<core::Diagnostic>> font_problems;
  try {
    font_problems = std::async(std::launch::async, verify).share();
  } catch (const std::system_error&) {  // no thread to spare: verified here, when first asked
    font_problems = std::async(std::launch::deferred, verify).share();
  }
  auto fonts_verified = [&] {
    if (!font_problems.get().empty())
      throw core::UserError(core::ExitCode::invalid_spec, font_problems.get());
  };

  std::optional<data::IndicatorSet> data;
  std::vector<std::string> entities;
  // `check` goes on past data that fails to load, to report what else is wrong in one run.
  std::vector<core::Diagnostic> data_problems;
  core::ExitCode data_code = core::ExitCode::data_error;
  // Warnings about the spec and the data hold for every report, and the manifest says so.
  std::vector<core::Diagnostic> run_warnings = spec.warnings;
  try {
    data.emplace(o.check_only ? data::load_indicators(spec, data_problems, data_code)
                              : data::load_indicators(spec));
    for (const auto& t : data->tables) {
      spdlog::debug("data {}: {} rows from {}", t.name, t.rows.size(), t.file);
      for (const auto& note : t.notes) spdlog::info("data {} ({}): {}", t.name, t.file, note);
      print_diagnostics(t.warnings);
      run_warnings.insert(run_warnings.end(), t.warnings.begin(), t.warnings.end());
    }
    entities = spec.each ? model::list_entities(spec, *data) : std::vector<std::string>{""};
  } catch (const core::UserError& e) {
    fonts_verified();  // a font problem explains more than what a wrong font made later
    if (!o.check_only || !e.diagnostics().empty() || data_problems.empty()) throw;
  }
  // One pass over the rows, however many there are and however many --only names.
  const std::unordered_set<std::string> only(o.only.begin(), o.only.end());
  const std::unordered_set<std::string_view> made(entities.begin(), entities.end());
  for (const auto& name : o.only)
    if (!made.count(name))
      throw core::UserError(core::ExitCode::usage, core::SourceLocation{"--only", 0, 0},
                            "no report is made for '" + name + "'",
                            spec.each ? "the rows of '" + spec.each->data + "' name the reports"
                                      : "--only selects rows of a spec with 'each:'");
  std::vector<std::string> chosen;
  for (std::size_t i = 0; i < entities.size(); ++i) {
    if (!only.empty() && !only.count(entities[i])) continue;
    if (o.shard && static_cast<int>(i % static_cast<std::size_t>(o.shard->count)) != o.shard->index)
      continue;
    chosen.push_back(entities[i]);
  }
  if (o.shard) manifest.shard = std::pair{o.shard->index, o.shard->count};

  // Every input's sha256, and from them the digest --skip-unchanged compares. The fonts' come
  // from the single hashing pass running since the spec was read: waited for here only when a
  // report may be skipped, else once the reports are made.
  // An input that vanished since it was read (replaced by a sync job mid-run) is named with the
  // spec line that asked for it, not reported as a bug.
  auto hash_input = [](const fs::path& file, const core::SourceLocation& where) {
    try {
      return core::sha256_file(file);
    } catch (const std::exception&) {
      throw core::UserError(core::ExitCode::missing_input, where,
                            "cannot read '" + file.string() + "' again to record its sha256",
                            "was it replaced while jianbao ran? run again once it is in place");
    }
  };
  // `check` records nothing: a data file it could not read stays reported as such.
  if (!o.check_only) {
    manifest.inputs.push_back(
        {"spec", o.spec_path.string(),
         hash_input(o.spec_path, core::SourceLocation{o.spec_path.string(), 0, 0})});
    for (const auto& d : spec.data)
      if (!d.is_inline())
        manifest.inputs.push_back({"data", d.file.string(), hash_input(d.file, d.where)});
  }
  bool fonts_listed = false;
  auto inputs_digest = [&] {
    font_problems.wait();
    if (!std::exchange(fonts_listed, true))
      for (const auto& [file, digest] : font_digests)
        manifest.inputs.push_back({"font", file.string(), digest});
    std::string all = std::string("jianbao ") + JIANBAO_VERSION;
    for (const auto& i : manifest.inputs) all += "\n" + i.sha256;
    return core::sha256_bytes(all);
  };

  const std::string& manifest_name = record.name;
  Shared sh{o, spec, *data, font_problems, {}, {}, {}, {}, {}};
  for (const auto& entity : chosen) {
    try {
      sh.owner.emplace(model::report_file_name(spec, *data, entity), entity);
    } catch (const core::UserError&) {
      // reported when that report is made
    }
  }
  if (o.skip_unchanged) {
    sh.inputs_digest = inputs_digest();
    sh.previous = read_previous_reports(o.out_dir / manifest_name, manifest.spec);
  }

  // A killed earlier run of this scope (unsharded, or this shard) may have left temporaries
  // beside the outputs and the exported charts: ours to remove now that the folder is locked,
  // each one whose process is gone.
  if (record.lock) {
    const std::string scope = temporary_scope(o);
    int removed = output::remove_stale_temporaries(o.out_dir, scope);
    std::error_code ec;
    if (!o.charts_dir.empty() && !fs::equivalent(o.charts_dir, o.out_dir, ec))
      removed += output::remove_stale_temporaries(o.charts_dir, scope);
    if (removed) spdlog::info("removed {} temporary files an interrupted run left", removed);
  }

  // The reports, in parallel: each worker takes the next one; one failing does not stop others.
  JobResult result;
  result.reports.resize(chosen.size());
  std::vector<std::string> digests(chosen.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex print;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned workers = static_cast<unsigned>(
      std::min<std::size_t>(o.jobs ? o.jobs : cores, std::max<std::size_t>(1, chosen.size())));
  const bool single = !spec.each;
  std::exception_ptr single_failure;
  auto work = [&] {
    std::optional<fonts::FontSet> fonts;
    for (std::size_t i = next++; i < chosen.size(); i = next++) {
      ReportResult& r = result.reports[i];
      try {
        r = make_report(sh, chosen[i], fonts, digests[i]);
      } catch (const core::UserError& e) {
        r.entity = chosen[i], r.status = "failed", r.code = e.code(), r.problems = e.diagnostics();
        if (single) single_failure = std::current_exception();
      } catch (const std::bad_alloc&) {
        r.entity = chosen[i], r.status = "failed", r.code = core::ExitCode::os_error;
        r.problems = {out_of_memory()};
        if (single) single_failure = std::make_exception_ptr(core::UserError(r.code, r.problems));
      } catch (const std::exception& e) {
        r.entity = chosen[i], r.status = "failed", r.code = core::ExitCode::internal;
        r.problems = {{core::Severity::error,
                       {},
                       std::string("internal error: ") + e.what(),
                       "a bug in jianbao, please report it"}};
        if (single) single_failure = std::current_exception();
      }
      const std::lock_guard guard(print);
      if (r.status == "failed" && !single && !r.problems.empty()) {
        spdlog::error("report '{}' failed", r.entity);
        print_diagnostics(r.problems);
      }
      const std::size_t n = ++done;
      if (o.progress && !single) show_progress(n, chosen.size(), core::escape_controls(r.entity));
    }
  };
  if (workers == 1) {
    work();
  } else {
    // A worker the system will not start (a process limit, no memory for its stack) leaves the
    // work to those that did start; with none, this thread does it all.
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < workers; ++w) {
      try {
        pool.emplace_back(work);
      } catch (const std::system_error& e) {
        spdlog::warn("could start only {} of {} workers ({}); going on with {}", pool.size(),
                     workers, e.what(), std::max<std::size_t>(1, pool.size()));
        break;
      }
    }
    if (pool.empty()) work();
    for (auto& t : pool) t.join();
  }

  const std::string all_inputs = sh.inputs_digest.empty() ? inputs_digest() : sh.inputs_digest;
  for (std::size_t i = 0; i < result.reports.size(); ++i) {
    ReportResult& r = result.reports[i];
    if (digests[i].empty() && !r.pdf_path.empty())
      digests[i] = report_digest(all_inputs, r.entity, r.pdf_path.filename().string());
    (r.status == "failed"    ? result.failed
     : r.status == "skipped" ? result.skipped
                             : result.written)++;
    if (r.status == "failed" && result.exit == core::ExitCode::ok) result.exit = r.code;
    ManifestReport m{
        r.entity, r.pdf_path.filename().string(), r.status,  "", r.pages, r.bytes, r.charts, {},
        {},       static_cast<int>(r.code),       digests[i], {}, {}};
    if (r.status == "written" || r.status == "skipped") m.sha256 = r.sha256, m.bytes = r.bytes;
    if (o.audit && r.status == "written")
      m.audit = fs::path(r.pdf_path).replace_extension(".audit.csv").filename().string(),
      m.audit_sha256 = r.audit_sha256;
    for (const auto& d : r.problems) m.errors.push_back(core::format_diagnostic(d));
    for (const auto* list : {&run_warnings, &r.warnings})
      for (const auto& w : *list) m.warnings.push_back(core::format_diagnostic(w));
    manifest.reports.push_back(std::move(m));
  }
  const double seconds = std::chrono::duration<double>(clock::now() - t0).count();
  if (o.check_only) {
    fonts_verified();
    // Every problem found, the data's first: one run reports them all.
    std::vector<core::Diagnostic> all = data_problems;
    core::ExitCode code = data_problems.empty() ? core::ExitCode::ok : data_code;
    if (single_failure) {
      try {
        std::rethrow_exception(single_failure);
      } catch (const core::UserError& e) {
        all.insert(all.end(), e.diagnostics().begin(), e.diagnostics().end());
        if (code == core::ExitCode::ok) code = e.code();
      }
    }
    if (!all.empty()) throw core::UserError(code, std::move(all));
    if (single && !result.reports.empty()) {
      const auto& r = result.reports.front();
      spdlog::info("{}: no problems: {} data sources, {} blocks, {} charts, {} pages ({:.1f} ms)",
                   o.spec_path.string(), spec.data.size(), spec.blocks.size(), r.charts, r.pages,
                   seconds * 1000);
    } else {
      spdlog::info("check: {} reports, {} with problems ({:.2f} s)", result.reports.size(),
                   result.failed, seconds);
    }
    return result;
  }

  manifest.ended = utc_now();
  manifest.seconds = seconds;
  manifest.exit_status = static_cast<int>(result.exit);
  try {
    fonts_verified();
  } catch (const core::UserError& e) {
    record.fail(e.code(), e.diagnostics());
    throw;
  }
  if (single_failure) {
    try {
      std::rethrow_exception(single_failure);
    } catch (const core::UserError& e) {
      for (const auto& d : e.diagnostics()) manifest.errors.push_back(core::format_diagnostic(d));
    } catch (const std::exception&) {
      manifest.errors = manifest.reports.front().errors;
    }
  }
  if (!single) {  // before the manifest: a log that cannot take these lines is recorded there
    spdlog::info("batch: {} reports: {} written, {} skipped, {} failed ({:.2f} s)",
                 result.reports.size(), result.written, result.skipped, result.failed, seconds);
    if (result.failed) {
      std::string names;
      for (const auto& r : result.reports)
        if (r.status == "failed") names += (names.empty() ? "" : ", ") + r.entity;
      spdlog::error("failed: {}", names);
    }
  }
  // A --log FILE that lost lines (a full disk) fails a run that otherwise succeeded.
  if (const auto lost = log_file_failure(); lost && result.exit == core::ExitCode::ok) {
    result.exit = lost->code();
    manifest.exit_status = static_cast<int>(lost->code());
    for (const auto& d : lost->diagnostics()) manifest.errors.push_back(core::format_diagnostic(d));
  }
  record.write();
  if (single_failure) std::rethrow_exception(single_failure);
  return result;
}

}  // namespace

JobResult run_job(const JobOptions& o) {
  RunRecord record(o);
  try {
    return run_reports(o, record);
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
                {{core::Severity::error, {}, std::string("internal error: ") + e.what(), ""}});
    throw;
  }
}

void record_failed_run(const JobOptions& o, const core::UserError& error) {
  RunRecord(o).fail(error.code(), error.diagnostics());
}

}  // namespace jb::app
