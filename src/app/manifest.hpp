// app: manifest.json, what the last run of each spec into a folder did: each report (path,
// sha256, pages, bytes, warnings, or why it failed), every input's sha256, the program version,
// start and end, exit status and what stopped the run. One file per folder, one entry per spec
// under "runs", so that specs sharing a folder keep each other's record. Written atomically at the
// end of every run, however early it fails; read back by --skip-unchanged.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jb::app {

// What became of one report.
enum class ReportStatus {
  written,
  skipped,  // --skip-unchanged: its inputs and its file are as the last run left them
  failed,
  checked,  // `jianbao check`: nothing drawn or written, and nothing recorded
};

// The status's word in manifest.json, and back (nullopt for a word that is none of them).
std::string_view status_name(ReportStatus status);
std::optional<ReportStatus> parse_status(std::string_view name);

struct ManifestInput {
  std::string role;  // spec, data, font
  std::string path;
  std::string sha256;
};

// A parameter of the run (params:): its value as used, and whether it came from --set, its
// default, or the data (a period's latest: TABLE).
struct ManifestParam {
  std::string name, value, from;
};

struct ManifestReport {
  std::string entity;  // the row of `each:`, or empty
  std::string path;    // the PDF's file name in the output folder
  ReportStatus status = ReportStatus::written;
  std::string sha256;
  std::size_t pages = 0, bytes = 0, charts = 0;
  std::vector<std::string> warnings, errors;  // formatted diagnostics
  int exit_code = 0;
  std::string inputs_digest;        // program version + every input + the entity
  std::string audit, audit_sha256;  // render --audit: the trail's file name beside the PDF
  // Its own data files (a path naming {{ this }}), as the run's inputs are listed.
  std::vector<ManifestInput> inputs;
};

struct Manifest {
  std::string program = "jianbao", version;
  std::string spec;
  std::string started, ended;  // UTC, ISO 8601 (the PDFs never see the clock)
  double seconds = 0;
  int exit_status = 0;
  std::vector<std::string> errors;           // formatted diagnostics of what stopped the run
  std::optional<std::pair<int, int>> shard;  // K of N
  std::vector<ManifestInput> inputs;
  std::vector<ManifestParam> params;  // --skip-unchanged counts them as inputs
  std::vector<ManifestReport> reports;
};

// The manifest with this run as its spec's entry; `previous` is the file's current content (the
// other specs' entries are kept; anything unreadable is dropped).
std::string to_json(const Manifest& m, const std::string& previous = {});

// The current manifest's bytes, or "" when there is none to keep: never read through a symbolic
// link (a link to a private file would copy it into the public manifest), never anything but a
// regular file of at most 64 MiB. Throws core::UserError (74; 73 when permission is denied)
// for a manifest that is there but cannot be read.
std::string read_manifest(const std::filesystem::path& manifest);

// What the last run of `spec` wrote or skipped: file name -> (inputs digest, sha256). Empty
// when there is no readable record (a first run, or a manifest from an older version).
std::map<std::string, std::pair<std::string, std::string>> read_previous_reports(
    const std::filesystem::path& manifest, const std::string& spec);

}  // namespace jb::app
