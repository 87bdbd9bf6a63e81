// app: the logger (spdlog on stderr) and how diagnostics are printed; RunLog, where one run's
// lines go.
#pragma once

#include <spdlog/logger.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "core/diagnostic.hpp"

namespace jb::app {

// Sets up the default spdlog logger on stderr (debug level when verbose, warnings only when
// quiet) and, with a `log_file`, in that file too: rotated at 5 MB (three kept), every line
// flushed, diagnostics included.
void init_logging(bool verbose, bool quiet, const std::filesystem::path& log_file = {});

// The first failure to write the --log file (exit 74), once every line so far is flushed;
// nullopt while the log is whole. Printed on stderr when it happens.
std::optional<core::UserError> log_file_failure();

// How print_diagnostics prints: `FILE:LINE:COL: error: message` on stderr (the default), or one
// JSON object per line on stdout (--diagnostics json), for editors and CI.
enum class DiagnosticsFormat { human, json };
void set_diagnostics_format(DiagnosticsFormat format);

// One diagnostic as one line of JSON: file, line, column (null when not known), sheet (a
// workbook's), severity, code (core::message_code: the same in every language), message, hint
// (null for none) and exit_code (the code an error calls for; null for a warning).
std::string diagnostic_json(const core::Diagnostic& d);

// Prints each diagnostic as `FILE:LINE:COL: error: message` (and its hint) on stderr, or as
// JSON (set_diagnostics_format); the --log file has them as text.
void print_diagnostics(const std::vector<core::Diagnostic>& diagnostics);

// Where one run's lines go: its log lines and its diagnostics. By default spdlog's default
// logger (as init_logging set it up) and print_diagnostics. Given a sink (a test's), both go
// there alone: the log lines with their control characters escaped, as on stderr, the
// diagnostics as error lines, as the --log file has them.
class RunLog {
 public:
  RunLog();
  explicit RunLog(spdlog::sink_ptr sink);

  spdlog::logger& lines() const { return *lines_; }
  void diagnostics(const std::vector<core::Diagnostic>& diagnostics) const;

 private:
  std::shared_ptr<spdlog::logger> lines_;
  std::shared_ptr<spdlog::logger> diagnostics_;  // null: print_diagnostics
};

}  // namespace jb::app
