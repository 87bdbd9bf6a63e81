// e2e: the help, the manual page and the bash completion, all generated from the program's one
// command line (src/app/cli): each names every subcommand and option --help shows.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace jb;

namespace {

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }
const std::string bin = JIANBAO_BINARY;

// The subcommands a help text lists (the lines under "Subcommands:").
std::vector<std::string> subcommands_of(const std::string& help) {
  std::vector<std::string> out;
  const auto at = help.find("\nSubcommands:\n");
  REQUIRE(at != std::string::npos);
  std::istringstream lines(help.substr(at + 14));
  static const std::regex item(R"(^  ([a-z][a-z-]*)\s.*)");
  for (std::string line; std::getline(lines, line) && !line.empty();) {
    std::smatch m;
    if (std::regex_match(line, m, item)) out.push_back(m[1]);
  }
  return out;
}

// Every option name a help text shows (-v, --output-dir).
std::set<std::string> options_of(const std::string& help) {
  std::set<std::string> out;
  static const std::regex name(R"((^|[ ,])(--?[a-zA-Z][a-zA-Z-]*))");
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  -", 0) != 0) continue;  // option lines only, not the usage or the footer
    for (std::sregex_iterator i(line.begin(), line.end(), name), e; i != e; ++i)
      out.insert((*i)[2]);
  }
  return out;
}

// The manual's text with roff's escapes undone: \- is -, \fB and \fR are nothing.
std::string unroff(std::string man) {
  man = std::regex_replace(man, std::regex(R"(\\f[BIR])"), "");
  man = std::regex_replace(man, std::regex(R"(\\-)"), "-");
  return man;
}

// What _jianbao offers for the command line `words` (the last one being completed), run in
// `cwd`.
std::set<std::string> complete(const std::string& words, const fs::path& cwd = fs::current_path()) {
  test::TempDir tmp;
  const fs::path script = tmp.path() / "complete.bash";
  std::ofstream(script) << "source <(\"$1\" completion bash) || exit 9\n"
                        << "COMP_WORDS=(" << words << ")\n"
                        << "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                        << "_jianbao jianbao\n"
                        << "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
  const auto r = test::run("cd " + q(cwd) + " && bash " + q(script) + " " + q(bin));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::set<std::string> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.insert(line);
  return out;
}

}  // namespace

TEST_CASE("help: help render prints what render --help prints with the global options", "[e2e]") {
  const auto help = test::run(bin + " help render");
  const auto flag = test::run(bin + " render --help");
  REQUIRE(help.exit_code == 0);
  REQUIRE(flag.exit_code == 0);
  CHECK(help.out == flag.out);
  for (const char* want :
       {"Usage: jianbao render", "--output-dir", "--font-dir", "Global options", "-v,--verbose",
        "-q,--quiet", "--allow-path", "Exit codes:", "69 database unavailable"}) {
    INFO(want);
    CHECK(help.out.find(want) != std::string::npos);
  }
  CHECK(help.out.find("--version") == std::string::npos);  // the program's, not render's
  CHECK(test::run(bin + " help check").out == test::run(bin + " check --help").out);
  // Alone, the program's help; an unknown command is a usage error.
  CHECK(test::run(bin + " help").out == test::run(bin + " --help").out);
  const auto unknown = test::run(bin + " help nosuch");
  CHECK(unknown.exit_code == 64);
  CHECK(unknown.err.find("no command 'nosuch'") != std::string::npos);
}

TEST_CASE("man page: renders without warnings and names every command option and exit code",
          "[e2e]") {
  const auto man = test::run(bin + " help --man");
  REQUIRE(man.exit_code == 0);
  // The one the build made is the program's own.
  CHECK(test::read_file(fs::path(JIANBAO_BUILD_DIR) / "jianbao.1") == man.out);
  test::TempDir tmp;
  std::ofstream(tmp.path() / "jianbao.1") << man.out;
  const auto groff = test::run("groff -man -ww -z " + q(tmp.path() / "jianbao.1"));
  INFO(groff.err);
  CHECK(groff.exit_code == 0);
  CHECK(groff.err.empty());
  const auto mandoc = test::run("LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l " +
                                q(tmp.path() / "jianbao.1") + " >/dev/null");
  INFO(mandoc.err);
  CHECK(mandoc.err.empty());

  const std::string text = unroff(man.out);
  for (const char* section : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH COMMANDS",
                              ".SH OPTIONS", ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH FILES",
                              ".SH EXAMPLES", ".SH \"SEE ALSO\""}) {
    INFO(section);
    CHECK(text.find(std::string("\n") + section + "\n") != std::string::npos);
  }
  const std::string top = test::run(bin + " --help").out;
  const auto commands = subcommands_of(top);
  CHECK(commands.size() >= 3);
  std::set<std::string> options = options_of(top);
  for (const auto& c : commands) {
    INFO(c);
    CHECK(text.find(".SS \"" + c + "\"\n") != std::string::npos);
    for (const auto& o : options_of(test::run(bin + " help " + c).out)) options.insert(o);
  }
  CHECK(options.count("--allow-path"));
  CHECK(options.count("--charts"));
  for (const auto& o : options) {
    INFO(o);
    CHECK(std::regex_search(text, std::regex("(^|\n|, )" + o + "[ ,\n]")));
  }
  // Every value of core::ExitCode, read from its header, in EXIT STATUS.
  const std::string header = test::read_file(test::source_dir / "src/core/diagnostic.hpp");
  const auto from = header.find("enum class ExitCode");
  const std::string codes = header.substr(from, header.find("};", from) - from);
  const std::string status =
      text.substr(text.find(".SH \"EXIT STATUS\""),
                  text.find(".SH ENVIRONMENT") - text.find(".SH \"EXIT STATUS\""));
  int n = 0;
  static const std::regex value(R"(= (\d+),)");
  for (std::sregex_iterator i(codes.begin(), codes.end(), value), e; i != e; ++i, ++n) {
    INFO((*i)[1]);
    CHECK(status.find(".B " + (*i)[1].str() + "\n") != std::string::npos);
    CHECK(std::regex_search(top, std::regex("\\s" + (*i)[1].str() + " [a-z]")));  // --help too
  }
  CHECK(n == 12);
  for (const char* env : {"JIANBAO_FONT_DIR", "JIANBAO_HYPHEN_DICT", "XDG_DATA_DIRS",
                          "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "PGCONNECT_TIMEOUT",
                          "LC_MESSAGES", "manifest.json", ".jianbao.lock"}) {
    INFO(env);
    CHECK(text.find(env) != std::string::npos);
  }
}

TEST_CASE("completion: bash completes subcommands options and spec files", "[e2e]") {
  CHECK(complete("jianbao re") == std::set<std::string>{"render"});
  CHECK(complete("jianbao render --a") == std::set<std::string>{"--allow-path", "--audit"});
  CHECK(complete("jianbao check --a") == std::set<std::string>{"--allow-path"});
  CHECK(complete("jianbao -q ch") == std::set<std::string>{"check"});
  CHECK(complete("jianbao help r") == std::set<std::string>{"render"});
  test::TempDir tmp;
  fs::create_directory(tmp.path() / "sub");
  std::ofstream(tmp.path() / "a.yaml") << "x";
  std::ofstream(tmp.path() / "b.yml") << "x";
  std::ofstream(tmp.path() / "c.csv") << "x";
  CHECK(complete("jianbao render ''", tmp.path()) ==
        std::set<std::string>{"a.yaml", "b.yml", "sub"});
  CHECK(complete("jianbao render a.yaml -o ''", tmp.path()) == std::set<std::string>{"sub"});
  CHECK(complete("jianbao check --font-dir ''", tmp.path()) == std::set<std::string>{"sub"});
  CHECK(complete("jianbao --allow-path ''", tmp.path()) == std::set<std::string>{"sub"});
  CHECK(complete("jianbao render --log ''", tmp.path()).count("c.csv"));
  // The hidden subcommand is not offered.
  CHECK(complete("jianbao ''").count("completion") == 0);
  CHECK(complete("jianbao ''").count("help"));
}
