#include "app/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

namespace jb::app {

namespace {
// %* is the level's word in the reader's language (LevelWord).
constexpr const char* line_pattern = "%Y-%m-%d %H:%M:%S.%e jianbao %*: %v";

// A log line's level as a word of the message catalog: "info" in English, 信息 in Chinese.
class LevelWord : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const char* word = level_word(msg.level);
    dest.append(word, word + std::strlen(word));
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<LevelWord>();
  }

 private:
  static const char* level_word(spdlog::level::level_enum level) {
    switch (level) {
      case spdlog::level::trace:
        return core::tr("trace");
      case spdlog::level::debug:
        return core::tr("debug");
      case spdlog::level::info:
        return core::tr("info");
      case spdlog::level::warn:
        return core::tr("warning");
      case spdlog::level::err:
        return core::tr("error");
      default:
        return core::tr("critical");
    }
  }
};

// The formatter of every log line: line_pattern.
std::unique_ptr<spdlog::formatter> line_formatter() {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<LevelWord>('*').set_pattern(line_pattern);
  return f;
}

std::shared_ptr<spdlog::logger> file_logger;  // --log FILE: every line, diagnostics too
std::filesystem::path log_path;
DiagnosticsFormat diagnostics_format = DiagnosticsFormat::human;  // set once, before any thread

// The first failure to write --log FILE (a full disk, a quota, an I/O error): spdlog reports it
// to an error handler and goes on, and the run must not end with 0 having lost its log.
std::mutex log_failure_mutex;
std::optional<core::UserError> log_failure;

void record_log_failure(const std::string& message) {
  const std::lock_guard guard(log_failure_mutex);
  if (log_failure) return;
  // spdlog says "Failed writing to file NAME: REASON": the reason is what is new.
  const auto colon = message.rfind(": ");
  const std::string what = colon == std::string::npos ? message : message.substr(colon + 2);
  log_failure.emplace(core::ExitCode::io_error, core::SourceLocation{log_path.string(), 0, 0},
                      core::say("writing the log file (--log) failed: {}", what),
                      core::say("the log is incomplete; free space on its disk and run again"));
  // Once, on stderr alone: the file is what fails.
  std::fprintf(stderr, "%s\n", core::format_diagnostic(log_failure->diagnostics().front()).c_str());
}

// Passes each line on with its control characters escaped: a report's name or a cell with an
// ESC or OSC sequence in it never reaches the terminal or the log raw.
class EscapingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit EscapingSink(spdlog::sink_ptr inner) : inner_(std::move(inner)) {
    set_level(inner_->level());
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string text =
        core::escape_controls(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy(msg.time, msg.source, msg.logger_name, msg.level, text);
    inner_->log(copy);
  }
  void flush_() override { inner_->flush(); }
  void set_pattern_(const std::string& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter_(std::unique_ptr<spdlog::formatter> f) override {
    inner_->set_formatter(std::move(f));
  }

 private:
  spdlog::sink_ptr inner_;
};

spdlog::sink_ptr escaping(spdlog::sink_ptr inner) {
  return std::make_shared<EscapingSink>(std::move(inner));
}

// The log file opened for appending, or why it cannot be (from errno): spdlog would throw
// spdlog_ex without the reason's name.
void check_log_file(const std::filesystem::path& log_file) {
  std::FILE* f = std::fopen(log_file.c_str(), "a");
  if (f) {
    std::fclose(f);
    return;
  }
  throw core::UserError(core::ExitCode::cant_create, core::SourceLocation{log_file.string(), 0, 0},
                        core::say("cannot open the log file (--log): {}", std::strerror(errno)),
                        core::say("its folder must exist and be writable"));
}
}  // namespace

void init_logging(bool verbose, bool quiet, const std::filesystem::path& log_file) {
  auto stderr_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  stderr_sink->set_level(verbose ? spdlog::level::debug
                         : quiet ? spdlog::level::warn
                                 : spdlog::level::info);
  std::vector<spdlog::sink_ptr> sinks{escaping(stderr_sink)};
  auto logger = std::make_shared<spdlog::logger>("jianbao", stderr_sink);
  logger->set_formatter(line_formatter());
  spdlog::set_default_logger(logger);  // so that a log file that cannot be opened is reported
  if (!log_file.empty()) {
    check_log_file(log_file);
    // 5 MB a file, three kept; every line flushed so that what came before a crash survives.
    std::shared_ptr<spdlog::sinks::rotating_file_sink_mt> file;
    try {
      file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(log_file.string(), 5u << 20, 3);
    } catch (const spdlog::spdlog_ex& e) {  // it vanished or became unwritable since the check
      throw core::UserError(core::ExitCode::cant_create,
                            core::SourceLocation{log_file.string(), 0, 0},
                            core::say("cannot open the log file (--log): {}", e.what()));
    }
    file->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
    sinks.push_back(escaping(file));
    log_path = log_file;
    file_logger = std::make_shared<spdlog::logger>("jianbao-file", file);
    file_logger->set_formatter(line_formatter());
    file_logger->flush_on(spdlog::level::trace);
    file_logger->set_error_handler(record_log_failure);
  }
  logger = std::make_shared<spdlog::logger>("jianbao", sinks.begin(), sinks.end());
  logger->set_formatter(line_formatter());
  if (!log_file.empty()) logger->set_error_handler(record_log_failure);
  logger->set_level(spdlog::level::debug);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

std::optional<core::UserError> log_file_failure() {
  spdlog::default_logger()->flush();  // what is still buffered fails now, if it is to fail
  if (file_logger) file_logger->flush();
  const std::lock_guard guard(log_failure_mutex);
  return log_failure;
}

void set_diagnostics_format(DiagnosticsFormat format) { diagnostics_format = format; }

std::string diagnostic_json(const core::Diagnostic& d) {
  using nlohmann::ordered_json;
  auto known = [](int n) { return n > 0 ? ordered_json(n) : ordered_json(nullptr); };
  ordered_json j;
  j["file"] = d.where.file.empty() ? ordered_json(nullptr) : ordered_json(d.where.file);
  j["line"] = known(d.where.line);
  j["column"] = known(d.where.column);
  if (!d.where.sheet.empty()) j["sheet"] = d.where.sheet;
  j["severity"] = d.severity == core::Severity::error ? "error" : "warning";
  j["code"] = d.id ? ordered_json(core::message_code(d.id)) : ordered_json(nullptr);
  j["message"] = d.message;
  j["hint"] = d.hint.empty() ? ordered_json(nullptr) : ordered_json(d.hint);
  j["exit_code"] = d.severity == core::Severity::error ? ordered_json(static_cast<int>(d.code))
                                                       : ordered_json(nullptr);
  // A file name or a cell that is not UTF-8 is written with U+FFFD, never refused.
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

void print_diagnostics(const std::vector<core::Diagnostic>& diagnostics) {
  spdlog::default_logger()->flush();
  const bool json = diagnostics_format == DiagnosticsFormat::json;
  for (const auto& d : diagnostics) {
    const std::string text = core::format_diagnostic(d);
    if (json)
      std::fprintf(stdout, "%s\n", diagnostic_json(d).c_str());
    else
      std::fprintf(stderr, "%s\n", text.c_str());
    if (file_logger)
      file_logger->log(
          d.severity == core::Severity::error ? spdlog::level::err : spdlog::level::warn, "{}",
          text);
  }
  std::fflush(json ? stdout : stderr);
}

RunLog::RunLog() : lines_(spdlog::default_logger()) {}

RunLog::RunLog(spdlog::sink_ptr sink)
    : lines_(std::make_shared<spdlog::logger>("jianbao-run", escaping(sink))),
      diagnostics_(std::make_shared<spdlog::logger>("jianbao-run-diagnostics", sink)) {
  for (const auto& logger : {lines_, diagnostics_}) {
    logger->set_formatter(line_formatter());
    logger->set_level(spdlog::level::debug);
  }
}

void RunLog::diagnostics(const std::vector<core::Diagnostic>& diagnostics) const {
  if (!diagnostics_) return print_diagnostics(diagnostics);
  lines_->flush();
  for (const auto& d : diagnostics) diagnostics_->error("{}", core::format_diagnostic(d));
}

}  // namespace jb::app
