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

// Prints each diagnostic as `FILE:LINE:COL: error: message` (and its hint) on stderr.
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
