// app: the logger (spdlog on stderr) and how diagnostics are printed.
#pragma once

#include <filesystem>
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

}  // namespace jb::app
