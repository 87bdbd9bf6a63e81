// app: runs the stages in order for every report of a spec and logs progress. The only place
// that knows the order of the pipeline. A spec makes one report, or one per row of a table
// (`each:`); reports are made in parallel, each failing alone.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/logging.hpp"
#include "app/manifest.hpp"
#include "core/diagnostic.hpp"

namespace jb::app {

struct Shard {
  int index = 0, count = 1;  // this run makes the reports whose position is index mod count
};

struct JobOptions {
  std::filesystem::path spec_path;
  std::filesystem::path out_dir = "out";
  std::filesystem::path font_dir;  // the project's fonts/ folder
  bool lenient = false;            // --lenient: unknown spec keys are warnings, not errors
  std::vector<std::filesystem::path> allowed_dirs;  // --allow-path: more folders a spec may read
  // `jianbao check`: spec, data, placeholders, glyph coverage and layout, fonts' checksums;
  // nothing is drawn or written.
  bool check_only = false;
  // `render --charts DIR`: every chart also as DIR/figure-N.svg and DIR/figure-N.png (300 dpi),
  // with its caption and note.
  std::filesystem::path charts_dir;
  unsigned jobs = 0;              // reports made at once; 0: one per core
  std::vector<std::string> only;  // --only NAME: just these entities
  bool skip_unchanged = false;    // skip reports whose inputs match the last manifest
  std::optional<Shard> shard;     // --shard K/N
  bool progress = false;          // a progress bar on stderr (a terminal, not cron)
  bool audit = false;             // render --audit: NAME.audit.csv beside each PDF
  // --set name=value: values for the spec's parameters (params:), as given
  std::vector<std::string> settings;
};

struct ReportResult {
  std::string entity;
  std::filesystem::path pdf_path;
  ReportStatus status = ReportStatus::failed;
  std::size_t pages = 0, bytes = 0, charts = 0;
  std::string sha256, audit_sha256;        // of the bytes written (or found, when skipped)
  std::vector<core::Diagnostic> problems;  // why it failed
  std::vector<core::Diagnostic> warnings;  // the report's own (a sum check that misses)
  core::ExitCode code = core::ExitCode::ok;
};

struct JobResult {
  std::vector<ReportResult> reports;
  std::size_t written = 0, skipped = 0, failed = 0;
  core::ExitCode exit = core::ExitCode::ok;  // the first failed report's code
};

// spec -> data -> model -> layout -> render -> output, for every report. Prints the spec's
// warnings as soon as it is read. Throws core::UserError for what stops the whole run (an
// invalid spec, unreadable data, a font that differs from SHA256SUMS, a busy output folder)
// and, for a spec without `each:`, for its one report's failure; a batch records each failed
// report and goes on. Writes the PDFs atomically and manifest.json: at the end, or, for a run
// that stops early (an invalid spec, missing data), with its exit status and diagnostics; never
// while another run holds the folder. `check` writes nothing. Its lines go to `log`: by
// default the logger init_logging set up and stderr.
JobResult run_job(const JobOptions& options, const RunLog& log = RunLog());

// Records in the output folder's manifest a render that failed before run_job could start (a
// --log FILE that cannot be opened), as run_job records its own early failures.
void record_failed_run(const JobOptions& options, const core::UserError& error);

// K/N from --shard (a string), or from the environment: JOB_COMPLETION_INDEX with
// JOB_COMPLETIONS (a Kubernetes Indexed Job), SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT.
// "auto" takes it from the environment; nullopt when asked for nothing.
std::optional<Shard> parse_shard(const std::string& text);

}  // namespace jb::app
