// app: the command line, defined once: the CLI11 app main() parses, and from the same model its
// help, the manual page jianbao(1) and the bash completion, which therefore cannot drift from
// what the program accepts. The exit codes, environment variables and files the program uses
// are tables here, next to the options; --help's footer and the manual take them from there.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/run_job.hpp"
#include "core/diagnostic.hpp"

namespace jb::app {

// What the command line says besides the job itself.
struct Flags {
  bool verbose = false, quiet = false;
  bool strict = false;  // the default since unknown keys became errors; still accepted
  std::string shard;
  std::filesystem::path log_file;
  std::string help_topic;             // `jianbao help [COMMAND]`
  bool man_page = false;              // `jianbao help --man` (hidden): the manual page, groff -man
  std::string completion;             // `jianbao completion bash` (hidden): the completion script
  std::string diagnostics = "human";  // --diagnostics human|json
  std::filesystem::path init_dir;     // `jianbao init DIR`
  std::string init_preset;            // `jianbao init --preset PRESET`
};

// One documented exit code: `brief` for --help's footer, `meaning` for the manual.
struct ExitCodeDoc {
  core::ExitCode code;
  std::string_view brief, meaning;
};
// Every value of core::ExitCode, in order.
const std::vector<ExitCodeDoc>& exit_code_docs();

// An environment variable or a file the program reads or writes, for the manual.
struct NameDoc {
  std::string_view name, meaning;
};
const std::vector<NameDoc>& environment_docs();
const std::vector<NameDoc>& file_docs();

// --help's footer: the exit codes from exit_code_docs, wrapped, and where to read more.
std::string help_footer();

// The command line, parsed into `job` and `flags`. Its subcommands' help (`render --help`,
// `help render`) shows the global options that apply to them and the exit codes too.
std::unique_ptr<CLI::App> make_cli(JobOptions& job, Flags& flags);

// The whole usage of `command` (a subcommand's name; empty: the program's).
std::string usage_of(const CLI::App& cli, const std::string& command);

// jianbao(1) in groff's man macros, from the app's visible subcommands and options and the
// tables above.
std::string man_page(const CLI::App& cli);

// A bash completion script for the app: subcommands, each one's options and the global ones,
// option values (a choice's words, folders for a DIR, YAML files for a spec).
std::string bash_completion(const CLI::App& cli);

// main(): the command line parsed and run; the process's exit code.
int run_command_line(int argc, const char* const* argv);

}  // namespace jb::app
