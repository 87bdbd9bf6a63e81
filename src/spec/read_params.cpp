// spec: 'params', the parameters that let one spec serve every month (each a type, a default
// and a description), and the command line's `--set name=value` given to them. Whether a value
// is one of its type is the model's question: a period is read by the data's rules.
#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "spec/parse_spec.hpp"
#include "spec/read_sections.hpp"

namespace jb::spec::detail {

namespace {

bool valid_param_name(const std::string& name) {
  return !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
         });
}

constexpr Key<ParamSpec> latest_keys[] = {
    {"latest",
     [](auto& r, auto& e, auto& p) {
       if (auto s = r.nonempty_string(e)) p.latest_of = *s;
     },
     text("the table whose latest row key is the default"), true},
};

SectionShape latest_section() {
  return section_shape(latest_keys, "latest", "a period's default: a table's latest row");
}
constexpr Shape default_alternatives[] = {text(), section(latest_section)};

// `default: 2025M10`, or for a period `default: {latest: TABLE}`. A date is never `today`: the
// same spec and data make the same report on any day.
void read_default(YamlReader& r, const Entry& e, ParamSpec& p) {
  p.default_where = r.loc(e.value);
  if (e.value.IsMap()) {
    const auto entries =
        read_section(r, e.value, latest_keys, core::say("the default of '{}'", p.name), p);
    if (!has_key(entries, "latest"))
      r.diags().error(p.default_where,
                      core::say("a default mapping names a table: default: {{latest: TABLE}}"));
    return;
  }
  if (auto s = r.nonempty_string(e)) p.default_value = *s;
  if (p.default_value == "today" || p.default_value == "now")
    r.diags().error(p.default_where,
                    core::say("a default is never the clock's '{}'", p.default_value),
                    core::say("give the day (default: 2025-11-20) or set it on each run: --set "
                              "{}=2025-11-20",
                              p.name));
}

constexpr Option<ParamType> param_types[] = {{"period", ParamType::period},
                                             {"date", ParamType::date},
                                             {"integer", ParamType::integer},
                                             {"text", ParamType::text}};

constexpr Key<ParamSpec> param_keys[] = {
    {"type",
     [](auto& r, auto& e, auto& p) {
       if (auto t = r.choice(e, param_types)) p.type = *t;
     },
     choice<param_types>(), true},
    {"default", read_default, any_of(default_alternatives, "the value when --set gives none")},
    {"description",
     [](auto& r, auto& e, auto& p) {
       if (auto s = r.string(e)) p.description = *s;
     },
     maybe_empty_text()},
};

SectionShape param_section() { return section_shape(param_keys, "param", "a parameter"); }
constexpr Shape a_param = section(param_section);

void read_param(YamlReader& r, const Entry& e, ParamSpec& p) {
  if (!e.value.IsMap()) {
    r.diags().error(r.loc(e.value), core::say("parameter '{}' must be a mapping", p.name),
                    core::say("{}: {{type: period, default: {{latest: monthly}}}}", p.name));
    return;
  }
  const auto entries = read_section(r, e.value, param_keys, core::say("parameter '{}'", p.name), p);
  if (!has_key(entries, "type"))
    r.diags().error(r.loc(e.key_node), core::say("parameter '{}' has no 'type'", p.name),
                    core::say("type: period, date, integer or text"));
  if (!p.latest_of.empty() && p.type != ParamType::period)
    r.diags().error(p.default_where,
                    core::say("'latest' is the default of a period, and '{}' is not one", p.name));
}

}  // namespace

Shape params_shape() {
  return map_of(a_param, name_pattern, "the parameters, set with --set NAME=VALUE");
}

void read_params(YamlReader& r, const YAML::Node& node, JobSpec& spec) {
  if (!node.IsMap()) {
    r.diags().error(
        r.loc(node), core::say("'params' must be a mapping of parameter names"),
        core::say("params: {{period: {{type: period, default: {{latest: monthly}}}}}}"));
    return;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    if (!valid_param_name(name)) {
      r.diags().error(r.loc(it->first),
                      core::say("parameter name '{}' must be letters, digits and _", name),
                      core::say("placeholders name it, as in {{{{ params.period | period }}}}"));
      continue;
    }
    if (!seen.insert(name).second) {
      r.diags().error(r.loc(it->first), core::say("duplicate parameter '{}'", name));
      continue;
    }
    ParamSpec p;
    p.name = name;
    p.where = r.loc(it->first);
    read_param(r, Entry{name, it->first, it->second}, p);
    spec.params.push_back(std::move(p));
  }
}

}  // namespace jb::spec::detail

namespace jb::spec {

namespace {

std::string param_names(const JobSpec& spec) {
  std::string names;
  for (const auto& p : spec.params) names += (names.empty() ? "" : ", ") + p.name;
  return names;
}

}  // namespace

void apply_settings(JobSpec& spec, const std::vector<std::string>& settings) {
  core::DiagnosticList problems;
  for (const std::string& s : settings) {
    const SourceLocation where{"--set " + s, 0, 0};
    const auto eq = s.find('=');
    const std::string name = s.substr(0, std::min(eq, s.size()));
    auto p = std::find_if(spec.params.begin(), spec.params.end(),
                          [&](const ParamSpec& q) { return q.name == name; });
    if (eq == std::string::npos || name.empty())
      problems.error(core::ExitCode::usage, where, core::say("--set takes name=value"),
                     core::say("for example --set period=2025M10"));
    else if (p == spec.params.end())
      problems.error(core::ExitCode::usage, where, core::say("unknown parameter '{}'", name),
                     spec.params.empty()
                         ? core::say("the spec has no 'params' section")
                         : core::say("the spec's parameters: {}", param_names(spec)));
    else if (p->set)
      problems.error(core::ExitCode::usage, where, core::say("parameter '{}' is set twice", name));
    else
      p->set = s.substr(eq + 1);
  }
  for (const ParamSpec& p : spec.params)
    if (!p.set && !p.has_default())
      problems.error(core::ExitCode::usage, p.where,
                     core::say("parameter '{}' has no default and is not set", p.name),
                     core::say("give it on the command line: --set {}=VALUE", p.name));
  problems.throw_if_errors(core::ExitCode::usage);
}

}  // namespace jb::spec
