#include "app/record.hpp"

#include <ctime>
#include <system_error>

#include "core/sha256.hpp"
#include "output/atomic_write.hpp"

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

std::string shard_suffix(const JobOptions& o) {
  return o.shard ? "-" + std::to_string(o.shard->index) + "-of-" + std::to_string(o.shard->count)
                 : "";
}

// One run at a time per output folder (per shard: shards of one batch share the folder).
std::string lock_name(const JobOptions& o) { return ".jianbao" + shard_suffix(o) + ".lock"; }

fs::path audit_path(const fs::path& pdf) { return fs::path(pdf).replace_extension(".audit.csv"); }

}  // namespace

std::string temporary_scope(const JobOptions& o) {
  return o.shard ? std::to_string(o.shard->index) + "-of-" + std::to_string(o.shard->count) : "all";
}

std::string report_digest(const std::string& inputs, const std::string& entity,
                          const std::string& output_name) {
  return core::sha256_bytes(inputs + "\n" + entity + "\n" + output_name);
}

RunRecord::RunRecord(const JobOptions& o, const RunLog& l)
    : options(o), log(l), name("manifest" + shard_suffix(o) + ".json") {
  manifest.version = JIANBAO_VERSION;
  manifest.started = utc_now();
  std::error_code canonical_error;  // the same spec however its path is written
  manifest.spec = fs::weakly_canonical(o.spec_path, canonical_error).string();
}

void RunRecord::take_folder() {
  lock.emplace(options.out_dir, lock_name(options));
  const fs::path path = options.out_dir / name;
  if (std::error_code ec; fs::is_directory(fs::symlink_status(path, ec)))
    throw core::UserError(
        core::ExitCode::cant_create, core::SourceLocation{path.string(), 0, 0},
        core::say("the manifest is a folder: this run could not be recorded in it"),
        core::say("remove or rename that folder; no PDF was written"));
}

void RunRecord::finish(double seconds, core::ExitCode exit) {
  manifest.ended = utc_now();
  manifest.seconds = seconds;
  manifest.exit_status = static_cast<int>(exit);
}

void RunRecord::write() {
  output::write_atomically(options.out_dir / name,
                           to_json(manifest, read_manifest(options.out_dir / name)),
                           temporary_scope(options));
  written = true;
}

void RunRecord::fail(core::ExitCode code, const std::vector<core::Diagnostic>& problems) {
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
    log.lines().warn(
        core::say("this run is not recorded in {}: {}", (options.out_dir / name).string(), why)
            .str());
}

bool skip_if_unchanged(const PreviousReports& previous, const std::string& digest,
                       ReportResult& r) {
  const auto prev = previous.find(r.pdf_path.filename().string());
  std::error_code ec;
  if (prev == previous.end() || prev->second.first != digest ||
      !fs::is_regular_file(r.pdf_path, ec))
    return false;
  std::string on_disk;
  try {
    on_disk = core::sha256_file(r.pdf_path);
  } catch (const std::exception&) {
    return false;  // unreadable now: made again, and the write says what is wrong with the folder
  }
  if (on_disk.empty() || on_disk != prev->second.second) return false;
  r.status = ReportStatus::skipped;
  r.sha256 = on_disk;
  const auto size = fs::file_size(r.pdf_path, ec);
  r.bytes = ec ? 0 : static_cast<std::size_t>(size);
  return true;
}

void write_report(const JobOptions& o, const ReportFiles& files, ReportResult& r) {
  const std::string scope = temporary_scope(o);
  for (const auto& chart : files.charts)
    output::write_atomically(o.charts_dir / chart.name, chart.bytes, scope);
  if (files.audit) {
    output::write_atomically(audit_path(r.pdf_path), *files.audit, scope);
    r.audit_sha256 = core::sha256_bytes(*files.audit);
  }
  output::write_atomically(r.pdf_path, files.pdf, scope);
  r.bytes = files.pdf.size();
  r.sha256 = core::sha256_bytes(files.pdf);
  r.status = ReportStatus::written;
}

ManifestReport manifest_entry(const ReportResult& r, const std::string& inputs_digest,
                              const std::vector<core::Diagnostic>& run_warnings, bool audit) {
  ManifestReport m;
  m.entity = r.entity;
  m.path = r.pdf_path.filename().string();
  m.status = r.status;
  m.pages = r.pages, m.bytes = r.bytes, m.charts = r.charts;
  m.exit_code = static_cast<int>(r.code);
  m.inputs_digest = inputs_digest;
  if (r.status == ReportStatus::written || r.status == ReportStatus::skipped) m.sha256 = r.sha256;
  if (audit && r.status == ReportStatus::written)
    m.audit = audit_path(r.pdf_path).filename().string(), m.audit_sha256 = r.audit_sha256;
  for (const auto& d : r.problems) m.errors.push_back(core::format_diagnostic(d));
  for (const auto* list : {&run_warnings, &r.warnings})
    for (const auto& w : *list) m.warnings.push_back(core::format_diagnostic(w));
  return m;
}

}  // namespace jb::app
