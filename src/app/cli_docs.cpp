// app: jianbao(1) and the bash completion, generated from the CLI11 app make_cli builds.
#include <algorithm>
#include <sstream>

#include "app/cli.hpp"

namespace jb::app {

namespace {

// What the manual says besides the options: the program as a whole, and how it is used.
constexpr std::string_view description =
    "jianbao reads a report spec (YAML) and the data it names (CSV files, Excel workbooks, "
    "SQLite and PostgreSQL queries) and typesets a Chinese statistical briefing or official "
    "notice as a PDF, with its figures, tables and charts; or, with each:, one report per row "
    "of a table. It is a batch program: it asks nothing, prints diagnostics as "
    "FILE:LINE:COL: error: message, writes every file atomically and records each run in the "
    "output folder's manifest.json, so that it can run from cron, a systemd timer or a "
    "Kubernetes Job.";

constexpr std::string_view examples[][2] = {
    {"jianbao render templates/ningbo/briefing.yaml --allow-path data -o out",
     "Render a demo spec whose data lies in a folder beside its own into out/."},
    {"jianbao check report.yaml --set period=2025M10",
     "Check a spec, its data and its layout for one period, writing nothing."},
    {"jianbao -q render districts.yaml -j2 --skip-unchanged --log /var/log/jianbao.log",
     "A batch (each:) from cron: two reports at once, those whose inputs did not change "
     "skipped, logged to a file as well."},
    {"jianbao render districts.yaml --shard auto -o /srv/out",
     "One pod of a Kubernetes Indexed Job makes its share of a batch."},
};

// Text for a roff line: backslashes and hyphens escaped, a leading dot or quote made literal.
std::string roff(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

bool visible(const CLI::App* a) { return !a->get_group().empty() && !a->get_disabled(); }
bool visible(const CLI::Option* o) { return !o->get_group().empty(); }

// A subcommand's own options for the manual: positionals first, --help left to OPTIONS.
std::vector<const CLI::Option*> own_options(const CLI::App* sub) {
  auto out = sub->get_options([sub](const CLI::Option* o) {
    return visible(o) && o != sub->get_help_ptr() && o != sub->get_version_ptr();
  });
  std::stable_partition(out.begin(), out.end(),
                        [](const CLI::Option* o) { return o->get_positional(); });
  return out;
}

std::vector<std::string> option_names(const CLI::Option* o) {
  std::vector<std::string> out;
  if (o->get_positional()) return {o->get_name(true)};
  for (const auto& s : o->get_snames()) out.push_back("-" + s);
  for (const auto& l : o->get_lnames()) out.push_back("--" + l);
  return out;
}

// A flag (-q, --audit) has no type name.
bool takes_value(const CLI::Option* o) {
  return o->get_type_size() != 0 && !o->get_type_name().empty();
}

// The words of a choice in an option's type name ("TEXT:{json,human}", as CLI::IsMember or a
// transformer describes it; "json->1" is json); empty when it is none.
std::vector<std::string> choices(const CLI::Option* o) {
  const std::string type = o->get_type_name();
  const std::size_t open = type.find('{'), close = type.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::vector<std::string> out;
  std::stringstream list(type.substr(open + 1, close - open - 1));
  for (std::string w; std::getline(list, w, ',');) out.push_back(w.substr(0, w.find("->")));
  return out;
}

// Whether `kind` (DIR, FILE, YAML) is one of the parts of an option's type name ("TEXT:DIR").
bool is_kind(const CLI::Option* o, const std::string& kind) {
  std::stringstream parts(o->get_type_name());
  for (std::string part; std::getline(parts, part, ':');)
    if (part == kind) return true;
  return false;
}

// An option's value as the manual names it: DIR, or a choice's words (json|human).
std::string value_name(const CLI::Option* o) {
  const auto words = choices(o);
  if (words.empty()) return o->get_type_name().substr(0, o->get_type_name().find(':'));
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : "|") + w;
  return out;
}

// .TP: the option's names in bold, its value in italics; its description.
void man_option(std::ostream& out, const CLI::Option* o) {
  out << ".TP\n";
  const auto names = option_names(o);
  if (o->get_positional()) {
    out << "\\fI" << roff(names[0]) << "\\fR\n";
  } else {
    for (std::size_t i = 0; i < names.size(); ++i)
      out << (i ? ", " : "") << "\\fB" << roff(names[i]) << "\\fR";
    if (takes_value(o)) out << " \\fI" << roff(value_name(o)) << "\\fR";
    out << "\n";
  }
  out << roff(o->get_description());
  if (o->get_required() && !o->get_positional()) out << " (required)";
  out << "\n";
}

std::string synopsis_of(const CLI::App* sub) {
  std::string out = ".B jianbao\n.RI [ global\\ options ]\n.B " + roff(sub->get_name()) + "\n";
  const auto own = own_options(sub);
  if (std::any_of(own.begin(), own.end(), [](const CLI::Option* o) { return o->nonpositional(); }))
    out += ".RI [ options ]\n";
  for (const CLI::Option* p :
       sub->get_options([](const CLI::Option* o) { return o->get_positional(); })) {
    const std::string name = roff(p->get_name(true));
    out += p->get_required() ? ".I " + name + "\n" : ".RI [ " + name + " ]\n";
  }
  return out + ".br\n";
}

void man_tables(std::ostream& out) {
  out << ".SH \"EXIT STATUS\"\n";
  for (const ExitCodeDoc& d : exit_code_docs())
    out << ".TP\n.B " << static_cast<int>(d.code) << "\n" << roff(d.meaning) << "\n";
  out << ".PP\nA batch (each:) exits with its first failed report's code and names every "
         "failure.\n";
  out << ".SH ENVIRONMENT\n";
  for (const NameDoc& d : environment_docs())
    out << ".TP\n.B " << roff(d.name) << "\n" << roff(d.meaning) << "\n";
  out << ".SH FILES\n";
  for (const NameDoc& d : file_docs())
    out << ".TP\n.I " << roff(d.name) << "\n" << roff(d.meaning) << "\n";
}

}  // namespace

std::string man_page(const CLI::App& cli) {
  std::ostringstream out;
  const std::string& title = cli.get_description();
  const std::size_t dash = title.find(" - ");
  out << ".\\\" jianbao(1), generated by `jianbao help --man` from the program's command line.\n"
      << ".TH JIANBAO 1 \"\" \"jianbao " JIANBAO_VERSION "\" \"User Commands\"\n"
      << ".SH NAME\njianbao \\- "
      << roff(dash == std::string::npos ? title : title.substr(dash + 3)) << "\n.SH SYNOPSIS\n";
  const auto subs = cli.get_subcommands([](const CLI::App* a) { return visible(a); });
  for (const CLI::App* sub : subs) out << synopsis_of(sub);
  out << ".B jianbao\n.B \\-\\-version\n.SH DESCRIPTION\n" << roff(description) << "\n";
  out << ".SH COMMANDS\n";
  for (const CLI::App* sub : subs) {
    out << ".SS \"" << roff(sub->get_name()) << "\"\n" << roff(sub->get_description()) << "\n";
    for (const CLI::Option* o : own_options(sub)) man_option(out, o);
  }
  out << ".SH OPTIONS\nThe global options may stand before the command or after it.\n";
  for (const CLI::Option* o :
       cli.get_options([](const CLI::Option* o) { return o->nonpositional() && visible(o); }))
    man_option(out, o);
  man_tables(out);
  out << ".SH EXAMPLES\n";
  for (const auto& e : examples) out << ".TP\n.B " << roff(e[0]) << "\n" << roff(e[1]) << "\n";
  out << ".SH \"SEE ALSO\"\n.BR pdffonts (1),\n.BR pdftotext (1),\n.BR crontab (5),\n"
         ".BR systemd.timer (5);\nREADME.md and the fonts' README in the fonts folder.\n";
  return out.str();
}

namespace {

// What an option's value completes to, from its type name: the words of a choice
// ("TEXT:{json,human}"), folders, YAML files, files, subcommands; empty: nothing.
std::string value_completion(const CLI::Option* o, const std::string& commands) {
  const auto words = choices(o);
  if (!words.empty()) {
    std::string list;
    for (const auto& w : words) list += (list.empty() ? "" : " ") + w;
    return "_jianbao_words '" + list + "'";
  }
  if (is_kind(o, "DIR")) return "_jianbao_dirs";
  if (is_kind(o, "YAML")) return "_jianbao_yaml";
  if (is_kind(o, "FILE")) return "_jianbao_files";
  if (is_kind(o, "COMMAND")) return "_jianbao_words '" + commands + "'";
  return {};  // a number, a name: nothing to offer
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

constexpr std::string_view completion_helpers =
    R"(# bash completion for jianbao, generated by `jianbao completion bash` from its command line.
_jianbao_words() { COMPREPLY=($(compgen -W "$1" -- "$cur")); }
_jianbao_dirs() { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); }
_jianbao_files() { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); }
_jianbao_yaml() {
  compopt -o filenames 2>/dev/null
  local f
  COMPREPLY=($(compgen -d -- "$cur"))
  while IFS= read -r f; do
    case "$f" in *.yaml | *.yml) COMPREPLY+=("$f") ;; esac
  done < <(compgen -f -- "$cur")
}
)";

}  // namespace

std::string bash_completion(const CLI::App& cli) {
  const auto subs = cli.get_subcommands([](const CLI::App* a) { return visible(a); });
  std::vector<std::string> commands, globals;
  for (const CLI::App* s : subs) commands.push_back(s->get_name());
  const std::string command_words = joined(commands);
  std::ostringstream out;
  out << completion_helpers << "_jianbao() {\n"
      << "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
      << "  local commands='" << command_words << "' command='' i\n"
      << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      << "    case \" $commands \" in *\" ${COMP_WORDS[i]} \"*) command=${COMP_WORDS[i]}; break "
         ";; esac\n  done\n  case \"$command:$prev\" in\n";
  // An option's value: the subcommand's own options, then the global ones.
  auto value_cases = [&](const CLI::App* app, const std::string& pattern) {
    for (const CLI::Option* o : app->get_options([](const CLI::Option* o) {
           return o->nonpositional() && visible(o) && takes_value(o);
         })) {
      std::vector<std::string> alts;
      for (const auto& n : option_names(o)) alts.push_back(pattern + ":" + n);
      std::string alt;
      for (const auto& a : alts) alt += (alt.empty() ? "" : " | ") + a;
      const std::string values = value_completion(o, command_words);
      out << "    " << alt << ") " << (values.empty() ? "" : values + "; ") << "return 0 ;;\n";
    }
  };
  for (const CLI::App* s : subs) value_cases(s, s->get_name());
  value_cases(&cli, "*");
  out << "  esac\n";
  for (const CLI::Option* o :
       cli.get_options([](const CLI::Option* o) { return o->nonpositional() && visible(o); }))
    for (const auto& n : option_names(o)) globals.push_back(n);
  out << "  local globals='" << joined(globals) << "'\n  case \"$command\" in\n"
      << "    '') _jianbao_words \"$commands $globals\" ;;\n";
  for (const CLI::App* s : subs) {
    std::vector<std::string> own;
    std::string positional;
    for (const CLI::Option* o : s->get_options([](const CLI::Option* o) { return visible(o); })) {
      if (o->get_positional()) {
        if (positional.empty()) positional = value_completion(o, command_words);
        continue;
      }
      for (const auto& n : option_names(o)) own.push_back(n);
    }
    out << "    " << s->get_name() << ")\n      if [[ $cur == -* ]]; then _jianbao_words '"
        << joined(own) << " '\"$globals\"; else " << (positional.empty() ? ":" : positional)
        << "; fi ;;\n";
  }
  out << "  esac\n  return 0\n}\ncomplete -F _jianbao jianbao\n";
  return out.str();
}

}  // namespace jb::app
