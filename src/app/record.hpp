// app: the record of a run in its output folder: the folder's lock, the reports' files written
// atomically, --skip-unchanged's comparison with the last run, and manifest.json. What is
// recorded of a report comes from the bytes made, never read back.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/logging.hpp"
#include "app/manifest.hpp"
#include "app/report.hpp"
#include "app/run_job.hpp"
#include "output/folder_lock.hpp"

namespace jb::app {

// Which run a temporary file is (output::write_atomically): "K-of-N" for a shard, "all" for
// a run of every report; the folder lock of that name covers it.
std::string temporary_scope(const JobOptions& options);

// What a report is made from: every input, the program, its entity and its file name.
std::string report_digest(const std::string& inputs, const std::string& entity,
                          const std::string& output_name);

// This run's record in the output folder: manifest.json (manifest-K-of-N.json for a shard),
// and the lock that makes it this run's to write.
struct RunRecord {
  const JobOptions& options;
  const RunLog& log;
  Manifest manifest;
  std::string name;  // the manifest's file name
  std::optional<output::FolderLock> lock;
  bool written = false;

  RunRecord(const JobOptions& options, const RunLog& log);

  // Takes the folder's lock (one run at a time per output folder and shard). A run that could
  // not be recorded writes nothing: a folder where the manifest belongs is refused now, not
  // after every PDF was replaced. Throws core::UserError.
  void take_folder();

  // A run that came to its end: when, how long it took, its exit status.
  void finish(double seconds, core::ExitCode exit);

  // Atomically, keeping the other specs' entries.
  void write();

  // A run that stops before its end-of-run record: its exit status and diagnostics, so that a
  // monitor never reads the previous run's success. Written under the folder's lock, taken now
  // if the run failed before taking it; a folder another run holds is left alone. `check`
  // writes nothing.
  void fail(core::ExitCode code, const std::vector<core::Diagnostic>& problems);
};

// What the last run of the spec wrote or skipped: file name -> (inputs digest, sha256).
using PreviousReports = std::map<std::string, std::pair<std::string, std::string>>;

// --skip-unchanged: whether the file at r.pdf_path is what the last run made from inputs of
// this `digest`, untouched since; if so, `r` is filled in as skipped.
bool skip_if_unchanged(const PreviousReports& previous, const std::string& digest, ReportResult& r);

// A report's files, as app/report.hpp made them.
struct ReportFiles {
  const std::string& pdf;
  const std::vector<NamedBytes>& charts;  // --charts, into options.charts_dir
  std::optional<std::string> audit;       // --audit: NAME.audit.csv beside the PDF
};

// Writes a report's files atomically, its exported charts and its audit trail before the PDF
// (a PDF on disk that the manifest calls written has them), and fills in `r` as written.
void write_report(const JobOptions& options, const ReportFiles& files, ReportResult& r);

// A report's entry in the manifest; `run_warnings` hold for every report of the run.
ManifestReport manifest_entry(const ReportResult& r, const std::string& inputs_digest,
                              const std::vector<core::Diagnostic>& run_warnings, bool audit);

}  // namespace jb::app
