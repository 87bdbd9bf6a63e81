// app: the plan of a run, worked out once before any report is made: the data, which reports
// are made (the rows of `each:`, after --only and --shard) and the file name of each.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/logging.hpp"
#include "app/run_job.hpp"
#include "core/diagnostic.hpp"
#include "data/indicator_set.hpp"
#include "spec/job_spec.hpp"

namespace jb::app {

struct PlannedReport {
  std::string entity;  // the row of `each:`, or "" for a spec without it
  // Its PDF's file name; nullopt when it cannot be named (making the report says why).
  std::optional<std::string> output_name;
  // Its own data files (a path naming {{ this }}), read before the batch starts: the tables,
  // each file for the manifest (role "data", path, sha256), or why they cannot be read (the
  // report then fails with them, and the others are made).
  std::vector<data::Table> own_tables;
  std::vector<std::array<std::string, 3>> own_files;
  std::vector<core::Diagnostic> own_problems;
  core::ExitCode own_code = core::ExitCode::ok;
};

struct Plan {
  std::optional<data::IndicatorSet> data;  // none when `check` went on past data that failed
  std::vector<PlannedReport> reports;      // in the table's order
  // Each output name and the first entity (in the table's order) it belongs to: two reports
  // never share a file, and which one is refused does not depend on the workers' timing.
  std::map<std::string, std::string> owner;
  // Warnings about the spec and the data: they hold for every report, and the manifest says so.
  std::vector<core::Diagnostic> run_warnings;
  // `check` goes on past data that fails to load, to report what else is wrong in one run.
  std::vector<core::Diagnostic> data_problems;
  core::ExitCode data_code = core::ExitCode::data_error;
};

// Loads the spec's data (logging each table and printing its warnings) and chooses the
// reports. Throws core::UserError for data that cannot be loaded, after `fonts_verified` (a
// font problem explains more than what a wrong font made later), and for an --only name that
// no row has (usage).
Plan make_plan(const JobOptions& options, const spec::JobSpec& spec, const RunLog& log,
               const std::function<void()>& fonts_verified);

}  // namespace jb::app
