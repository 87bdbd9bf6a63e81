// app: init_report. The preset's files are the embedded copies of templates/init/PRESET/; the
// spec gets a first line naming the schema written beside it, for editors that read it.
#include "app/init.hpp"

#include <algorithm>
#include <iostream>
#include <string_view>
#include <system_error>

#include "app/init_files.hpp"
#include "app/logging.hpp"
#include "core/diagnostic.hpp"
#include "output/atomic_write.hpp"
#include "spec/schema.hpp"

namespace jb::app {

namespace {

using core::ExitCode;
using core::UserError;

constexpr const char* schema_file = "jianbao.schema.json";

// One file init writes: its name in the folder and its bytes.
struct NewFile {
  std::string name;
  std::string bytes;
};

std::vector<NewFile> files_of(const std::string& preset) {
  std::vector<NewFile> files;
  const std::string prefix = preset + "/";
  for (const detail::EmbeddedFile& f : detail::embedded_init_files()) {
    const std::string_view path = f.path;
    if (path.substr(0, prefix.size()) != prefix) continue;
    std::string name(path.substr(prefix.size()));
    std::string bytes(f.bytes);
    // The yaml-language-server reads the schema of a file from its first line; the path is
    // relative to the spec, to the copy of the schema this program writes beside it.
    if (name == "report.yaml")
      bytes = "# yaml-language-server: $schema=" + std::string(schema_file) + "\n" + bytes;
    files.push_back({std::move(name), std::move(bytes)});
  }
  files.push_back({schema_file, spec::spec_schema()});
  return files;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

std::vector<std::string> init_presets() { return {"briefing", "gbt9704"}; }

std::vector<std::filesystem::path> init_report(const std::filesystem::path& dir,
                                               const std::string& preset) {
  const auto presets = init_presets();
  if (std::find(presets.begin(), presets.end(), preset) == presets.end())
    throw UserError(ExitCode::usage, {"--preset " + preset, 0, 0},
                    core::say("unknown preset '{}'", preset),
                    core::say("the presets: {}", joined(presets)));
  const std::vector<NewFile> files = files_of(preset);
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec))
    throw UserError(ExitCode::cant_create, {dir.string(), 0, 0}, core::say("not a folder"),
                    core::say("jianbao init writes a new report into a folder: name a new one"));
  for (const NewFile& f : files)
    if (std::filesystem::exists(dir / f.name, ec) || std::filesystem::is_symlink(dir / f.name, ec))
      throw UserError(ExitCode::cant_create, {(dir / f.name).string(), 0, 0},
                      core::say("the file exists already; jianbao init overwrites nothing"),
                      core::say("name a new or empty folder, or move {} away", f.name));
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw UserError(ExitCode::cant_create, {dir.string(), 0, 0},
                    core::say("cannot create the folder: {}", ec.message()));
  std::vector<std::filesystem::path> written;
  for (const NewFile& f : files) {
    // Whole or not at all, as every file jianbao writes (its existence was refused above).
    output::write_atomically(dir / f.name, f.bytes, "init");
    written.push_back(dir / f.name);
  }
  return written;
}

int run_init(const std::filesystem::path& dir, const std::string& preset) {
  try {
    for (const auto& file : init_report(dir, preset))
      std::cout << core::say("wrote {}", file.string()).str() << "\n";
    std::cout << core::say("render it with: jianbao render {} -o {}",
                           (dir / "report.yaml").string(), (dir / "out").string())
                     .str()
              << std::endl;
    return std::cout ? 0 : static_cast<int>(ExitCode::io_error);
  } catch (const UserError& e) {
    print_diagnostics(e.diagnostics());
    return static_cast<int>(e.code());
  }
}

}  // namespace jb::app
