// app: the logger (spdlog on stderr) and how diagnostics are printed.
#pragma once

#include <vector>

#include "core/diagnostic.hpp"

namespace jb::app {

// Sets up the default spdlog logger on stderr; debug level when verbose, warnings only when quiet.
void init_logging(bool verbose, bool quiet);

// Prints each diagnostic as `FILE:LINE:COL: error: message` (and its hint) on stderr.
void print_diagnostics(const std::vector<core::Diagnostic>& diagnostics);

}  // namespace jb::app
