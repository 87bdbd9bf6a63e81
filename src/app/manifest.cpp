#include "app/manifest.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/diagnostic.hpp"

namespace jb::app {

namespace {
constexpr std::pair<ReportStatus, std::string_view> status_names[] = {
    {ReportStatus::written, "written"},
    {ReportStatus::skipped, "skipped"},
    {ReportStatus::failed, "failed"},
    {ReportStatus::checked, "checked"},
};
}  // namespace

std::string_view status_name(ReportStatus status) {
  for (const auto& [s, name] : status_names)
    if (s == status) return name;
  return "failed";  // not reached: every status has its name above
}

std::optional<ReportStatus> parse_status(std::string_view name) {
  for (const auto& [s, n] : status_names)
    if (n == name) return s;
  return std::nullopt;
}

std::string to_json(const Manifest& m, const std::string& previous) {
  using nlohmann::ordered_json;
  ordered_json file = ordered_json::parse(previous, nullptr, /*allow_exceptions=*/false);
  if (!file.is_object() || !file.contains("runs") || !file["runs"].is_object())
    file = ordered_json{{"program", m.program}, {"runs", ordered_json::object()}};
  ordered_json j;
  j["version"] = m.version;
  j["spec"] = m.spec;
  j["started"] = m.started;
  j["ended"] = m.ended;
  j["seconds"] = m.seconds;
  j["exit_status"] = m.exit_status;
  j["errors"] = m.errors;
  if (m.shard) j["shard"] = {{"index", m.shard->first}, {"count", m.shard->second}};
  j["inputs"] = ordered_json::array();
  for (const auto& i : m.inputs)
    j["inputs"].push_back({{"role", i.role}, {"path", i.path}, {"sha256", i.sha256}});
  if (!m.params.empty()) {
    j["params"] = ordered_json::array();
    for (const auto& p : m.params)
      j["params"].push_back({{"name", p.name}, {"value", p.value}, {"from", p.from}});
  }
  std::size_t written = 0, skipped = 0, failed = 0;
  j["reports"] = ordered_json::array();
  for (const auto& r : m.reports) {
    ordered_json o{
        {"entity", r.entity}, {"path", r.path}, {"status", std::string(status_name(r.status))}};
    if (r.status != ReportStatus::failed) {
      o["sha256"] = r.sha256;
      o["pages"] = r.pages;
      o["bytes"] = r.bytes;
      o["charts"] = r.charts;
      if (!r.audit.empty()) o["audit"] = {{"path", r.audit}, {"sha256", r.audit_sha256}};
    } else {
      o["exit_code"] = r.exit_code;
      o["errors"] = r.errors;
    }
    o["warnings"] = r.warnings;
    o["inputs_digest"] = r.inputs_digest;
    for (const auto& i : r.inputs)  // a report's own data files
      o["inputs"].push_back({{"role", i.role}, {"path", i.path}, {"sha256", i.sha256}});
    j["reports"].push_back(std::move(o));
    (r.status == ReportStatus::written   ? written
     : r.status == ReportStatus::skipped ? skipped
                                         : failed) += 1;
  }
  j["summary"] = {{"reports", m.reports.size()},
                  {"written", written},
                  {"skipped", skipped},
                  {"failed", failed}};
  file["runs"][m.spec] = std::move(j);
  return file.dump(2) + "\n";
}

std::string read_manifest(const std::filesystem::path& manifest) {
  constexpr off_t max_bytes = 64 << 20;
  // Other specs' records are kept by reading them back: a manifest that is there but cannot be
  // read stops the write, instead of replacing the file with this spec's entry alone.
  auto unreadable = [&](int err) {
    throw core::UserError(
        err == EACCES || err == EPERM ? core::ExitCode::cant_create : core::ExitCode::io_error,
        core::SourceLocation{manifest.string(), 0, 0},
        core::say("cannot read the manifest to keep its other records: {}", std::strerror(err)),
        core::say("it is left as it was; run again once it can be read"));
  };
  int fd = -1;
  do fd = ::open(manifest.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  while (fd < 0 && errno == EINTR);
  if (fd < 0 && (errno == ENOENT || errno == ELOOP)) return {};  // none, or a link: not read
  if (fd < 0) unreadable(errno);
  std::string bytes;
  struct stat st {};
  int err = 0;
  if (::fstat(fd, &st) != 0) {
    err = errno;
  } else if (S_ISREG(st.st_mode) && st.st_size <= max_bytes) {
    char buf[65536];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) err = errno;
      if (n <= 0) break;
      bytes.append(buf, static_cast<std::size_t>(n));
      if (bytes.size() > static_cast<std::size_t>(max_bytes)) {  // grew since fstat: dropped
        bytes.clear();
        break;
      }
    }
  }
  ::close(fd);  // read-only: nothing is lost if it fails
  if (err) unreadable(err);
  return bytes;
}

std::map<std::string, std::pair<std::string, std::string>> read_previous_reports(
    const std::filesystem::path& manifest, const std::string& spec) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  const std::string bytes = read_manifest(manifest);
  if (bytes.empty()) return out;
  const auto file = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (!file.is_object() || !file.contains("runs") || !file["runs"].is_object() ||
      !file["runs"].contains(spec))
    return out;
  const auto& j = file["runs"][spec];
  if (!j.is_object() || !j.contains("reports") || !j["reports"].is_array()) return out;
  for (const auto& r : j["reports"]) {
    if (!r.is_object()) continue;
    const auto status = parse_status(r.value("status", ""));
    if (status != ReportStatus::written && status != ReportStatus::skipped) continue;
    out[r.value("path", "")] = {r.value("inputs_digest", ""), r.value("sha256", "")};
  }
  return out;
}

}  // namespace jb::app
