#include "app/logging.hpp"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

namespace jb::app {

namespace {
std::shared_ptr<spdlog::logger> file_logger;  // --log FILE: every line, diagnostics too
}

void init_logging(bool verbose, bool quiet, const std::filesystem::path& log_file) {
  auto stderr_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  stderr_sink->set_level(verbose ? spdlog::level::debug
                         : quiet ? spdlog::level::warn
                                 : spdlog::level::info);
  std::vector<spdlog::sink_ptr> sinks{stderr_sink};
  if (!log_file.empty()) {
    // 5 MB a file, three kept; every line flushed so that what came before a crash survives.
    auto file =
        std::make_shared<spdlog::sinks::rotating_file_sink_mt>(log_file.string(), 5u << 20, 3);
    file->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
    sinks.push_back(file);
    file_logger = std::make_shared<spdlog::logger>("jianbao-file", file);
    file_logger->set_pattern("%Y-%m-%d %H:%M:%S.%e jianbao %l: %v");
    file_logger->flush_on(spdlog::level::trace);
  }
  auto logger = std::make_shared<spdlog::logger>("jianbao", sinks.begin(), sinks.end());
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e jianbao %l: %v");
  logger->set_level(spdlog::level::debug);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

void print_diagnostics(const std::vector<core::Diagnostic>& diagnostics) {
  spdlog::default_logger()->flush();
  for (const auto& d : diagnostics) {
    const std::string text = core::format_diagnostic(d);
    std::fprintf(stderr, "%s\n", text.c_str());
    if (file_logger) file_logger->log(spdlog::level::err, "{}", text);
  }
  std::fflush(stderr);
}

}  // namespace jb::app
