#include "model/params.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/trim.hpp"
#include "core/utf8.hpp"
#include "data/period.hpp"
#include "spec/input_paths.hpp"

namespace jb::model {

using core::ExitCode;
using core::SourceLocation;
using spec::ParamType;

namespace {

// What a value of the type looks like, for a message.
std::string expected(ParamType type) {
  switch (type) {
    case ParamType::period:
      return core::tr("a period (2025M10, 2025Q3, 2025M1-10, 2025年10月 …)");
    case ParamType::date:
      return core::tr("a date written YYYY-MM-DD (2025-11-20)");
    case ParamType::integer:
      return core::tr("a whole number (12)");
    case ParamType::text:
      return core::tr("a text that is not blank, in valid UTF-8, without private-use characters");
  }
  return {};
}

// A whole number in plain digits, with a minus when below zero: no plus, no leading zero.
bool is_integer(const std::string& s) {
  const std::size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
  if (s.size() == start || s.size() - start > 15) return false;
  if (s[start] == '0' && s.size() > start + 1) return false;
  for (std::size_t i = start; i < s.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return !(start == 1 && s == "-0");
}

bool blank_text(std::string_view s) {
  std::string rest;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.substr(i, 3) == "\u3000")
      i += 2;
    else
      rest += s[i];
  return core::is_blank(rest, core::white_space);
}

// The value as used, or nullopt when it is not one of the type.
std::optional<std::string> typed_value(ParamType type, const std::string& text) {
  switch (type) {
    case ParamType::period:
      if (const auto p = data::parse_period(text)) return p->code();
      return std::nullopt;
    case ParamType::date: {
      int y = 0, m = 0, d = 0;
      if (spec::parse_date(text, y, m, d)) return text;
      return std::nullopt;
    }
    case ParamType::integer:
      if (is_integer(text)) return text;
      return std::nullopt;
    case ParamType::text:
      // Blank (full-width spaces too), it would print as nothing where the report names it.
      if (blank_text(text) || !core::valid_utf8(text) ||
          core::find_private_plane(text) != std::string::npos)
        return std::nullopt;
      return text;
  }
  return std::nullopt;
}

// `latest: TABLE`: the period among the table's row keys that ends last (the first of those
// ending together), with the row it was found in.
std::optional<ParamValue> latest_period(const spec::ParamSpec& p, const data::IndicatorSet& data,
                                        core::DiagnosticList& problems) {
  const data::Table* table = data.find(p.latest_of);
  if (!table && data.is_unavailable(p.latest_of)) {
    problems.reported_before(ExitCode::data_error);
    return std::nullopt;
  }
  if (!table) {
    problems.error(ExitCode::invalid_spec, p.default_where,
                   core::say("the default of '{}' names unknown data '{}'", p.name, p.latest_of));
    return std::nullopt;
  }
  std::optional<data::Period> best;
  const data::Row* at = nullptr;
  for (const data::Row& r : table->rows) {
    const auto q = r.cells.empty() ? std::nullopt : data::parse_period(r.cells[0]);
    if (q && (!best || q->year > best->year ||
              (q->year == best->year && q->last_month() > best->last_month())))
      best = q, at = &r;
  }
  if (!best) {
    problems.error(ExitCode::data_error, p.default_where,
                   core::say("'{}' has no period among its row keys, so '{}' has no latest period",
                             table->name, p.name),
                   core::say("its first column '{}' names the rows (2025M10, 2025年10月 …); or "
                             "set it: --set {}=2025M10",
                             table->columns[0], p.name));
    return std::nullopt;
  }
  return ParamValue{p.name, p.type, best->code(), ParamSource::data, table->location(*at)};
}

std::optional<ParamValue> resolve(const spec::ParamSpec& p, const data::IndicatorSet& data,
                                  core::DiagnosticList& problems) {
  if (p.set) {
    const SourceLocation where{"--set " + p.name + "=" + *p.set, 0, 0};
    if (auto v = typed_value(p.type, *p.set))
      return ParamValue{p.name, p.type, std::move(*v), ParamSource::set, where};
    problems.error(
        ExitCode::usage, where, core::say("parameter '{}' is {}", p.name, expected(p.type)),
        p.description.empty() ? core::Text{} : core::say("'{}': {}", p.name, p.description));
    return std::nullopt;
  }
  if (!p.latest_of.empty()) return latest_period(p, data, problems);
  if (auto v = typed_value(p.type, p.default_value))
    return ParamValue{p.name, p.type, std::move(*v), ParamSource::default_value, p.default_where};
  problems.error(ExitCode::invalid_spec, p.default_where,
                 core::say("the default of '{}' is '{}', and it must be {}", p.name,
                           core::excerpt(p.default_value), expected(p.type)));
  return std::nullopt;
}

}  // namespace

std::string_view param_source_name(ParamSource from) {
  switch (from) {
    case ParamSource::set:
      return "set";
    case ParamSource::default_value:
      return "default";
    case ParamSource::data:
      return "data";
  }
  return "default";
}

Params resolve_params(const spec::JobSpec& spec, const data::IndicatorSet& data,
                      core::DiagnosticList& problems) {
  Params out;
  for (const spec::ParamSpec& p : spec.params)
    if (auto v = resolve(p, data, problems)) out.push_back(std::move(*v));
  return out;
}

namespace {

// A parameter's value for a path, or nothing with the problem written.
std::optional<std::string> path_value(const spec::JobSpec& spec, const std::string& name,
                                      const spec::DataSourceSpec& d,
                                      core::DiagnosticList& problems) {
  const auto p = std::find_if(spec.params.begin(), spec.params.end(),
                              [&](const spec::ParamSpec& q) { return q.name == name; });
  if (p == spec.params.end()) {
    problems.error(ExitCode::invalid_spec, d.where,
                   core::say("the data path names unknown parameter 'params.{}'", name),
                   spec.params.empty()
                       ? core::say("the spec has no 'params' section")
                       : core::say("declare it under params:, e.g. params: {{{}: {{type: period, "
                                   "default: 2025M10}}}}",
                                   name));
    return std::nullopt;
  }
  if (!p->set && !p->latest_of.empty()) {
    problems.error(ExitCode::invalid_spec, d.where,
                   core::say("the data path names 'params.{}', whose default comes from the "
                             "data ({{latest: {}}}), and no --set gives it",
                             name, p->latest_of),
                   core::say("a path's parameter is known before any data is read: give it on "
                             "the command line (--set {}=…) or write its default out",
                             name));
    return std::nullopt;
  }
  const std::string given = p->set ? *p->set : p->default_value;
  const SourceLocation where =
      p->set ? SourceLocation{"--set " + name + "=" + given, 0, 0} : p->default_where;
  const auto value = typed_value(p->type, given);
  if (!value) {
    problems.error(p->set ? ExitCode::usage : ExitCode::invalid_spec, where,
                   core::say("parameter '{}' is {}", name, expected(p->type)));
    return std::nullopt;
  }
  if (!spec::path_safe(*value)) {
    problems.error(p->set ? ExitCode::usage : ExitCode::invalid_spec, where,
                   core::say("parameter '{}' is '{}', which cannot be part of the data path {}",
                             name, core::excerpt(*value), d.file.string()),
                   core::say("a value a path names is not . or .., and has no '/', '\\' or control "
                             "character"));
    return std::nullopt;
  }
  return value;
}

}  // namespace

namespace {

// The values a query may bind: every parameter known before the data is read (a --set value or
// a written default, checked against its type); one whose default is the data's latest period
// is named in late_params.
void fill_query_params(const spec::JobSpec& spec, spec::DataSourceSpec& d,
                       core::DiagnosticList& problems) {
  const data::IndicatorSet none;
  for (const spec::ParamSpec& p : spec.params) {
    if (!p.set && !p.latest_of.empty()) {
      d.late_params.push_back(p.name);
      continue;
    }
    if (auto v = resolve(p, none, problems)) d.query_params.emplace_back(p.name, v->value);
  }
}

}  // namespace

void fill_param_paths(spec::JobSpec& spec, core::DiagnosticList& problems) {
  for (spec::DataSourceSpec& d : spec.data) {
    if (d.is_query()) fill_query_params(spec, d, problems);
    if (!d.names_params) continue;
    bool ok = true;
    const std::string filled = spec::fill_path(d.file.string(), [&](const std::string& name) {
      if (name.rfind("params.", 0) != 0) return std::optional<std::string>();  // {{ this }}
      const auto v = path_value(spec, name.substr(7), d, problems);
      ok = ok && v;
      return v;
    });
    if (!ok) continue;
    d.file = filled;
    d.names_params = false;
    if (d.per_entity) continue;  // judged with each report's entity filled in
    if (auto refused = spec::confine_file(d.file, d.where, spec.input_roots)) {
      refused->code = ExitCode::no_permission;
      problems.add(std::move(*refused));
    }
  }
}

const ParamValue* find_param(const Params& params, std::string_view name) {
  for (const ParamValue& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace jb::model
