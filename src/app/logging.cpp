#include "app/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

namespace jb::app {

void init_logging(bool verbose, bool quiet) {
  auto logger = spdlog::stderr_logger_st("jianbao");
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e jianbao %l: %v");
  logger->set_level(verbose ? spdlog::level::debug
                    : quiet ? spdlog::level::warn
                            : spdlog::level::info);
  spdlog::set_default_logger(logger);
}

void print_diagnostics(const std::vector<core::Diagnostic>& diagnostics) {
  spdlog::default_logger()->flush();
  for (const auto& d : diagnostics)
    std::fprintf(stderr, "%s\n", core::format_diagnostic(d).c_str());
  std::fflush(stderr);
}

}  // namespace jb::app
