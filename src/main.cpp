// jianbao: command line -> run_job -> exit code. Nothing else lives here.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>

#include "app/init.hpp"
#include "app/logging.hpp"
#include "app/run_job.hpp"
#include "spec/schema.hpp"

#ifndef JIANBAO_FONT_DIR
#define JIANBAO_FONT_DIR "fonts"
#endif

namespace {

constexpr int exit_usage = 64;  // EX_USAGE: the command line itself is wrong

// What the command line says besides the job itself.
struct Flags {
  bool verbose = false, quiet = false;
  bool strict = false;  // the default since unknown keys became errors; still accepted
  std::string shard;
  std::filesystem::path log_file;
};

// The subcommands and their options, into `job` and `flags`; returns `check` (to tell it from
// `render` once parsed).
CLI::App* add_commands(CLI::App& cli, jb::app::JobOptions& job, Flags& flags) {
  // The global options: before the subcommand (`jianbao -q render`) or after it
  // (`jianbao render -q`, through fallthrough).
  cli.add_flag("-v,--verbose", flags.verbose, "log every stage in detail");
  cli.add_flag("-q,--quiet", flags.quiet, "log warnings and errors only");
  cli.add_option("--allow-path", job.allowed_dirs,
                 "a folder the spec may also read data and fonts from, besides its own folder "
                 "tree and the fonts folder (repeatable)")
      ->allow_extra_args(false);

  CLI::App* render = cli.add_subcommand("render", "render SPEC into a PDF")->fallthrough();
  render->add_option("SPEC", job.spec_path, "the report spec (YAML)")->required();
  render->add_option("-o,--output-dir", job.out_dir, "folder for the PDF (default: out)");
  render->add_option("-j,--jobs", job.jobs, "reports made at once (default: one per core)");
  render->add_option("--only", job.only, "make only the report(s) of this row (each:)");
  render->add_flag("--skip-unchanged", job.skip_unchanged,
                   "skip reports whose inputs and program match the last manifest");
  render->add_option("--shard", flags.shard,
                     "make only reports K, K+N, ...: K/N, or auto (Kubernetes, Slurm arrays)");
  render->add_option("--log", flags.log_file, "also log to FILE (rotated at 5 MB, 3 kept)");
  render->add_flag("--audit", job.audit,
                   "also write NAME.audit.csv beside each PDF: every figure, its page and source");
  render->add_option("--charts", job.charts_dir,
                     "also write every chart as DIR/figure-N.svg and .png (300 dpi)");
  CLI::App* check =
      cli.add_subcommand(
             "check", "check SPEC (spec, data, placeholders, fonts, layout) without writing a PDF")
          ->fallthrough();
  check->add_option("SPEC", job.spec_path, "the report spec (YAML)")->required();
  for (CLI::App* sub : {render, check}) {
    sub->add_option("--font-dir", job.font_dir, "the folder bare font names resolve in");
    sub->add_option("--set", job.settings,
                    "give the spec's parameter NAME this value: --set period=2025M10 "
                    "(repeatable; see params: in README.md)")
        ->allow_extra_args(false);
    CLI::Option* lenient =
        sub->add_flag("--lenient", job.lenient, "unknown spec keys are warnings, not errors");
    sub->add_flag("--strict", flags.strict, "unknown spec keys are errors (the default)")
        ->excludes(lenient);
  }
  return check;
}

// The parsed job, run: its exit code.
int run(jb::app::JobOptions& job, const Flags& flags) {
  // A write beyond `ulimit -f` fails with EFBIG (exit 74) instead of killing the process; a
  // closed stderr (`jianbao render … 2>&1 | head`) fails the log's writes, which are dropped,
  // instead of killing a batch half-way with no manifest.
  std::signal(SIGXFSZ, SIG_IGN);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    // A wrong --shard is a usage error, not recorded: the manifest's name depends on it.
    job.shard = jb::app::parse_shard(flags.shard);
  } catch (const jb::core::UserError& e) {
    jb::app::print_diagnostics(e.diagnostics());
    return static_cast<int>(e.code());
  }
  try {
    jb::app::init_logging(flags.verbose, flags.quiet, flags.log_file);
  } catch (const jb::core::UserError& e) {  // --log FILE cannot be opened: recorded too
    jb::app::print_diagnostics(e.diagnostics());
    jb::app::record_failed_run(job, e);
    return static_cast<int>(e.code());
  }
  try {
    const jb::app::JobResult result = jb::app::run_job(job);
    // The log's last lines may fail after the manifest is written: still not a success.
    if (result.exit == jb::core::ExitCode::ok && jb::app::log_file_failure())
      return static_cast<int>(jb::core::ExitCode::io_error);
    return static_cast<int>(result.exit);
  } catch (const jb::core::UserError& e) {
    jb::app::print_diagnostics(e.diagnostics());
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    // Nothing is allocated on this path: the message is a literal.
    static const char message[] =
        "jianbao: error: out of memory (a memory limit such as ulimit -v, or the machine's)\n";
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, message, sizeof message - 1);
    return static_cast<int>(jb::core::ExitCode::os_error);
  } catch (const std::exception& e) {
    spdlog::critical("internal error (a bug in jianbao, please report it): {}", e.what());
    return static_cast<int>(jb::core::ExitCode::internal);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"jianbao " JIANBAO_VERSION " - typeset Chinese statistical briefings as PDF"};
  cli.set_version_flag("--version", "jianbao " JIANBAO_VERSION);
  cli.require_subcommand(1);
  cli.footer(
      "\nExit codes: 0 written, 64 usage, 65 invalid data, 66 input file unreadable, 70 internal "
      "error,\n"
      "71 out of memory or another system resource, 73 output cannot be created, 74 output write "
      "failed,\n"
      "75 output folder busy, 77 the spec names a file outside the folders it may read, 78 "
      "invalid spec.\n"
      "A batch (each:) exits with its first failed report's code and names every failure.\n"
      "Diagnostics are printed as FILE:LINE:COL: error: message. See README.md.");
  jb::app::JobOptions job;
  const char* env_fonts = std::getenv("JIANBAO_FONT_DIR");
  job.font_dir = env_fonts && *env_fonts ? env_fonts : JIANBAO_FONT_DIR;
  Flags flags;
  const CLI::App* check = add_commands(cli, job, flags);
  CLI::App* schema = cli.add_subcommand("schema", "print the spec's JSON Schema (draft-07)");
  CLI::App* init = cli.add_subcommand("init", "write a small working report into DIR");
  std::string init_dir, init_preset = jb::app::init_presets().front();
  init->add_option("DIR", init_dir, "the new report's folder (made when missing)")->required();
  init->add_option("--preset", init_preset, "the report's kind (default: briefing)")
      ->check(CLI::IsMember(jb::app::init_presets()));
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? 0 : exit_usage;
  }
  if (schema->parsed()) return std::cout << jb::spec::spec_schema() << std::flush ? 0 : 74;
  if (init->parsed()) return jb::app::run_init(init_dir, init_preset);
  job.check_only = check->parsed();
  job.progress = !flags.quiet && ::isatty(STDERR_FILENO);
  return run(job, flags);
}
