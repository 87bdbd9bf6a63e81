#include "app/cli.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>

#include "app/init.hpp"
#include "app/install_paths.hpp"
#include "app/logging.hpp"
#include "spec/schema.hpp"

namespace jb::app {

using core::ExitCode;

const std::vector<ExitCodeDoc>& exit_code_docs() {
  static const std::vector<ExitCodeDoc> docs{
      {ExitCode::ok, "written", "every report was written (or, for check, passed)"},
      {ExitCode::usage, "usage", "the command line is wrong"},
      {ExitCode::data_error, "invalid data",
       "the indicator data is invalid (a figure that is not a number, a sum check that fails)"},
      {ExitCode::missing_input, "input file unreadable",
       "a spec, data or font file (or the fonts folder) cannot be opened"},
      {ExitCode::unavailable, "database unavailable",
       "a database cannot be reached or does not answer in time"},
      {ExitCode::internal, "internal error",
       "an internal error: a bug in jianbao, please report it"},
      {ExitCode::os_error, "out of memory or another system resource",
       "the system refused a resource: memory, a thread, a file descriptor"},
      {ExitCode::cant_create, "output cannot be created",
       "the output folder or a file in it cannot be created"},
      {ExitCode::io_error, "output write failed",
       "writing the output (or the log) failed part-way"},
      {ExitCode::busy, "output folder busy",
       "another run holds the output folder (its lock file); try again later"},
      {ExitCode::no_permission, "the spec names a file outside the folders it may read",
       "the spec names a file outside its own folder tree, the fonts folder and the --allow-path "
       "folders"},
      {ExitCode::invalid_spec, "invalid spec",
       "the YAML spec is invalid (or a shipped font differs from SHA256SUMS)"},
  };
  return docs;
}

const std::vector<NameDoc>& environment_docs() {
  static const std::vector<NameDoc> docs{
      {"JIANBAO_FONT_DIR",
       "the fonts folder, when --font-dir is not given (default: the installed "
       "share/jianbao/fonts beside the program)"},
      {"JIANBAO_HYPHEN_DICT",
       "the hyphenation dictionary for long English words (default: hyphen/hyph_en_US.dic under "
       "XDG_DATA_DIRS)"},
      {"XDG_DATA_DIRS",
       "the folders searched for hyphen/hyph_en_US.dic (default /usr/local/share:/usr/share; "
       "/usr/share is always searched)"},
      {"JOB_COMPLETION_INDEX, JOB_COMPLETIONS",
       "--shard auto in a Kubernetes Indexed Job: this pod's index (Kubernetes sets it) and the "
       "number of pods (the Job's completions: set it in the pod's env)"},
      {"SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT",
       "--shard auto in a Slurm job array: this task's index and the number of tasks"},
      {"PGCONNECT_TIMEOUT",
       "libpq's connect timeout for a postgres: source (without it, and without connect_timeout "
       "in the connection string, jianbao gives up after 10 seconds); libpq's other PG* "
       "variables and ~/.pgpass apply as well"},
      {"the spec's postgres: {env: VAR}",
       "a spec may name the environment variable its connection string is in"},
      {"LANG, LC_ALL, LC_MESSAGES, LANGUAGE", "the language of the program's messages"},
  };
  return docs;
}

const std::vector<NameDoc>& file_docs() {
  static const std::vector<NameDoc> docs{
      {"PREFIX/share/jianbao/fonts",
       "the shipped fonts, their licences and SHA256SUMS, which pins them: a shipped font that "
       "differs stops the run (exit 78). Found relative to the program (PREFIX/bin/jianbao); "
       "--font-dir or JIANBAO_FONT_DIR name another"},
      {"OUT/manifest.json",
       "written by every render into its output folder OUT (-o): the inputs and their SHA-256, "
       "each report's status, file, pages and digest, the run's exit status and diagnostics; "
       "--skip-unchanged compares against it. With --shard K/N, OUT/manifest-K-of-N.json"},
      {"OUT/NAME.pdf, OUT/NAME.audit.csv",
       "the reports (and with --audit each one's figures), written to a temporary file in OUT "
       "and renamed into place: never half-written"},
      {"OUT/.jianbao.lock",
       "the output folder's lock (flock): one run per folder at a time, another gets exit 75. "
       "With --shard K/N, OUT/.jianbao-K-of-N.lock"},
      {"FILE of --log FILE", "the log, besides stderr; rotated at 5 MB, 3 files kept"},
      {"PREFIX/share/doc/jianbao/examples", "the demo specs (templates/) and their data (data/)"},
      {"PREFIX/share/locale/zh_CN/LC_MESSAGES/jianbao.mo",
       "the messages in Chinese, used when LANG, LC_ALL, LC_MESSAGES or LANGUAGE name a zh_* "
       "locale; found relative to the program"},
      {"PREFIX/share/jianbao/jianbao.schema.json",
       "the spec's JSON Schema, as jianbao schema prints it, for an editor's YAML language "
       "server"},
  };
  return docs;
}

std::string help_footer() {
  // "0 written, 64 usage, …", wrapped before 96 columns.
  std::string out = "\nExit codes:", line = out.substr(1);
  const auto& docs = exit_code_docs();
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const std::string item = std::to_string(static_cast<int>(docs[i].code)) + " " +
                             std::string(docs[i].brief) + (i + 1 < docs.size() ? "," : ".");
    if (line.size() + 1 + item.size() > 96) {
      out += "\n" + item;
      line = item;
    } else {
      out += " " + item;
      line += " " + item;
    }
  }
  return out +
         "\nA batch (each:) exits with its first failed report's code and names every failure.\n"
         "Diagnostics are printed as FILE:LINE:COL: error: message. See jianbao(1) and "
         "README.md.";
}

namespace {

// The global options a subcommand accepts after its name (fallthrough): its parent's, but for
// --help and --version.
std::vector<const CLI::Option*> global_options(const CLI::App& app) {
  const CLI::App* parent = app.get_parent();
  if (!parent) return {};
  return parent->get_options([parent](const CLI::Option* o) {
    return o->nonpositional() && !o->get_group().empty() && o != parent->get_help_ptr() &&
           o != parent->get_version_ptr();
  });
}

// A subcommand's help: its own options, then the global ones that apply to it, then the exit
// codes (the program's footer).
class Help : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override {
    if (mode == CLI::AppFormatMode::Sub || !app->get_parent())
      return CLI::Formatter::make_help(app, name, mode);
    std::string out = make_description(app) + make_usage(app, name) + make_positionals(app) +
                      make_groups(app, mode);
    const auto globals = global_options(*app);
    if (!globals.empty()) out += make_group("Global options", false, globals);
    out += make_subcommands(app, mode);
    const CLI::App* root = app;
    while (root->get_parent()) root = root->get_parent();
    const std::string& footer = app->get_footer().empty() ? root->get_footer() : app->get_footer();
    return out + "\n" + (footer.empty() ? "" : footer + "\n");
  }
};

void add_job_commands(CLI::App& cli, JobOptions& job, Flags& flags) {
  CLI::App* render = cli.add_subcommand("render", "render SPEC into a PDF")->fallthrough();
  render->add_option("SPEC", job.spec_path, "the report spec (YAML)")
      ->required()
      ->type_name("YAML");
  render->add_option("-o,--output-dir", job.out_dir, "folder for the PDF (default: out)")
      ->type_name("DIR");
  render->add_option("-j,--jobs", job.jobs, "reports made at once (default: one per core)")
      ->type_name("N");
  render->add_option("--only", job.only, "make only the report(s) of this row (each:)")
      ->type_name("NAME");
  render->add_flag("--skip-unchanged", job.skip_unchanged,
                   "skip reports whose inputs and program match the last manifest");
  render
      ->add_option("--shard", flags.shard,
                   "make only reports K, K+N, ...: K/N, or auto (Kubernetes, Slurm arrays)")
      ->type_name("K/N");
  render->add_option("--log", flags.log_file, "also log to FILE (rotated at 5 MB, 3 kept)")
      ->type_name("FILE");
  render->add_flag("--audit", job.audit,
                   "also write NAME.audit.csv beside each PDF: every figure, its page and source");
  render
      ->add_option("--charts", job.charts_dir,
                   "also write every chart as DIR/figure-N.svg and .png (300 dpi)")
      ->type_name("DIR");
  CLI::App* check =
      cli.add_subcommand(
             "check", "check SPEC (spec, data, placeholders, fonts, layout) without writing a PDF")
          ->fallthrough();
  check->add_option("SPEC", job.spec_path, "the report spec (YAML)")->required()->type_name("YAML");
  for (CLI::App* sub : {render, check}) {
    sub->add_option("--font-dir", job.font_dir,
                    "the folder bare font names resolve in (default: $JIANBAO_FONT_DIR, else "
                    "the installed fonts beside the program)")
        ->type_name("DIR");
    sub->add_option("--set", job.settings,
                    "give the spec's parameter NAME this value: --set period=2025M10 "
                    "(repeatable; see params: in README.md)")
        ->allow_extra_args(false)
        ->type_name("NAME=VALUE");
    CLI::Option* lenient =
        sub->add_flag("--lenient", job.lenient, "unknown spec keys are warnings, not errors");
    sub->add_flag("--strict", flags.strict, "unknown spec keys are errors (the default)")
        ->excludes(lenient);
  }
}

}  // namespace

std::unique_ptr<CLI::App> make_cli(JobOptions& job, Flags& flags) {
  auto cli = std::make_unique<CLI::App>(
      "jianbao " JIANBAO_VERSION " - typeset Chinese statistical briefings as PDF", "jianbao");
  // Before the subcommands: each takes its parent's formatter when it is added.
  cli->formatter(std::make_shared<Help>());
  cli->set_version_flag("--version", "jianbao " JIANBAO_VERSION);
  cli->require_subcommand(1);
  cli->footer(help_footer());
  // The global options: before the subcommand (`jianbao -q render`) or after it
  // (`jianbao render -q`, through fallthrough).
  cli->add_flag("-v,--verbose", flags.verbose, "log every stage in detail");
  cli->add_flag("-q,--quiet", flags.quiet, "log warnings and errors only");
  cli->add_option("--allow-path", job.allowed_dirs,
                  "a folder the spec may also read data and fonts from, besides its own folder "
                  "tree and the fonts folder (repeatable)")
      ->allow_extra_args(false)
      ->type_name("DIR");
  cli->add_option("--diagnostics", flags.diagnostics,
                  "how problems are printed: human (FILE:LINE:COL: error: ..., on stderr) or "
                  "json (one object per line on stdout, for editors and CI)")
      ->check(CLI::IsMember({"human", "json"}))
      ->type_name("FORMAT");
  add_job_commands(*cli, job, flags);
  CLI::App* init =
      cli->add_subcommand("init", "write a small working report into DIR")->fallthrough();
  flags.init_preset = init_presets().front();
  init->add_option("DIR", flags.init_dir, "the new report's folder (made when missing)")
      ->required()
      ->type_name("DIR");
  init->add_option("--preset", flags.init_preset, "the report's kind (default: briefing)")
      ->check(CLI::IsMember(init_presets()))
      ->type_name("PRESET");
  cli->add_subcommand("schema", "print the spec's JSON Schema (draft-07), for editors")
      ->fallthrough();
  CLI::App* help =
      cli->add_subcommand("help", "print the usage of jianbao, or of COMMAND")->fallthrough();
  help->add_option("COMMAND", flags.help_topic, "the subcommand")->type_name("COMMAND");
  help->add_flag("--man", flags.man_page, "the manual page jianbao(1), as groff -man")->group("");
  // Hidden: what packaging and a shell's set-up use.
  cli->add_subcommand("completion", "print a completion script for SHELL")
      ->group("")
      ->add_option("SHELL", flags.completion, "the shell")
      ->required()
      ->check(CLI::IsMember({"bash"}));
  return cli;
}

std::string usage_of(const CLI::App& cli, const std::string& command) {
  // Not cli.help(), which would show the subcommand parsed (`help` itself).
  if (command.empty())
    return cli.get_formatter()->make_help(&cli, cli.get_name(), CLI::AppFormatMode::Normal);
  for (const CLI::App* sub : cli.get_subcommands({}))
    if (sub->get_name() == command && !sub->get_group().empty()) return sub->help(cli.get_name());
  return {};
}

namespace {

// Whether the command line asks for --diagnostics json: looked for by hand when CLI11 could not
// parse it, so that a usage error is JSON too.
bool wants_json(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--diagnostics=json" ||
        (a == "--diagnostics" && i + 1 < argc && std::string_view(argv[i + 1]) == "json"))
      return true;
  }
  return false;
}

// The parsed job, run: its exit code.
int run(JobOptions& job, const Flags& flags) {
  // A write beyond `ulimit -f` fails with EFBIG (exit 74) instead of killing the process; a
  // closed stderr (`jianbao render … 2>&1 | head`) fails the log's writes, which are dropped,
  // instead of killing a batch half-way with no manifest.
  std::signal(SIGXFSZ, SIG_IGN);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    // A wrong --shard is a usage error, not recorded: the manifest's name depends on it.
    job.shard = parse_shard(flags.shard);
  } catch (const core::UserError& e) {
    print_diagnostics(e.diagnostics());
    return static_cast<int>(e.code());
  }
  try {
    init_logging(flags.verbose, flags.quiet, flags.log_file);
    job.font_dir = resolve_font_dir(job.font_dir, std::getenv("JIANBAO_FONT_DIR"));
  } catch (const core::UserError& e) {  // --log FILE cannot be opened, no fonts: recorded too
    print_diagnostics(e.diagnostics());
    record_failed_run(job, e);
    return static_cast<int>(e.code());
  }
  try {
    const JobResult result = run_job(job);
    // The log's last lines may fail after the manifest is written: still not a success.
    if (result.exit == ExitCode::ok && log_file_failure())
      return static_cast<int>(ExitCode::io_error);
    return static_cast<int>(result.exit);
  } catch (const core::UserError& e) {
    print_diagnostics(e.diagnostics());
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    // Nothing is allocated on this path: the message is a literal.
    static const char message[] =
        "jianbao: error: out of memory (a memory limit such as ulimit -v, or the machine's)\n";
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, message, sizeof message - 1);
    return static_cast<int>(ExitCode::os_error);
  } catch (const std::exception& e) {
    spdlog::critical(
        core::say("internal error (a bug in jianbao, please report it): {}", e.what()).str());
    return static_cast<int>(ExitCode::internal);
  }
}

// `help [COMMAND]`, `help --man`, `completion bash`: printed, exit 0 (64 for no such command).
int print_docs(const CLI::App& cli, const Flags& flags) {
  if (!flags.completion.empty()) {
    std::cout << bash_completion(cli);
    return 0;
  }
  if (flags.man_page) {
    std::cout << man_page(cli);
    return 0;
  }
  const std::string usage = usage_of(cli, flags.help_topic);
  if (usage.empty()) {
    // A diagnostic like any other: in the reader's language, and JSON with --diagnostics json.
    print_diagnostics({core::make_diagnostic(
        core::Severity::error, core::SourceLocation{"help"},
        core::say("no command '{}' (jianbao help lists them)", flags.help_topic), {},
        ExitCode::usage)});
    return static_cast<int>(ExitCode::usage);
  }
  std::cout << usage;
  return 0;
}

}  // namespace

int run_command_line(int argc, const char* const* argv) {
  core::use_environment_language(catalog_dir());
  JobOptions job;
  Flags flags;
  const std::unique_ptr<CLI::App> cli = make_cli(job, flags);
  try {
    cli->parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0 && wants_json(argc, argv)) {
      // CLI11's own words (English); the code says what kind of problem it is.
      set_diagnostics_format(DiagnosticsFormat::json);
      core::Diagnostic d = core::make_diagnostic(
          core::Severity::error, {}, core::Text::verbatim(e.what()), {}, ExitCode::usage);
      d.id = "usage";
      print_diagnostics({d});
      return static_cast<int>(ExitCode::usage);
    }
    const int code = cli->exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  if (flags.diagnostics == "json") set_diagnostics_format(DiagnosticsFormat::json);
  if (cli->got_subcommand("help") || cli->got_subcommand("completion"))
    return print_docs(*cli, flags);
  if (cli->got_subcommand("schema"))
    return std::cout << spec::spec_schema() << std::flush ? 0
                                                          : static_cast<int>(ExitCode::io_error);
  if (cli->got_subcommand("init")) return run_init(flags.init_dir, flags.init_preset);
  job.check_only = cli->got_subcommand("check");
  job.progress = !flags.quiet && ::isatty(STDERR_FILENO);
  return run(job, flags);
}

}  // namespace jb::app
