// app: `jianbao init DIR`: a small working report written into DIR (a spec, its data, a
// README.md, the schema the spec's first line names), from the files of templates/init/PRESET/
// built into the program (embedded_files.cmake), so that the installed program needs nothing else.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace jb::app {

// The presets init knows, in the order a message lists them; briefing first, the default.
std::vector<std::string> init_presets();

// Writes the preset's files into `dir` (made when missing) and returns their paths. Refuses,
// writing nothing, when a file it would write is there already or `dir` is no folder:
// core::UserError with ExitCode::cant_create (73); an unknown preset is ExitCode::usage (64).
std::vector<std::filesystem::path> init_report(const std::filesystem::path& dir,
                                               const std::string& preset);

// `jianbao init DIR --preset PRESET`: init_report, its files and the next step on stdout, a
// refusal on stderr; the exit code.
int run_init(const std::filesystem::path& dir, const std::string& preset);

}  // namespace jb::app
