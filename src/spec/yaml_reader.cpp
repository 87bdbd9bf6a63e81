#include "spec/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/trim.hpp"

namespace jb::spec::detail {

namespace {

// Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// The allowed key nearest to a misspelt one, or "" when none is near enough to be meant.
std::string nearest_key(const std::string& key, std::span<const char* const> allowed) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (const char* a : allowed) {
    const std::size_t d = edit_distance(key, a);
    if (d < best_distance && d < key.size()) best = a, best_distance = d;
  }
  return best;
}

std::string fmt_num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::string join(std::span<const char* const> items) {
  std::string s;
  for (const char* i : items) {
    if (!s.empty()) s += ", ";
    s += i;
  }
  return s;
}

core::Text quoted_name(std::string_view name) { return core::say("'{}'", name); }

bool has_key(const std::vector<Entry>& entries, std::string_view name) {
  return std::any_of(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == name; });
}

SourceLocation YamlReader::loc(const YAML::Node& n) const {
  const YAML::Mark m = n.Mark();
  if (m.is_null() || m.pos < 0) return SourceLocation{source_.at(0).file, 0, 0};
  return source_.at(static_cast<std::size_t>(m.pos));
}

std::size_t YamlReader::offset(const YAML::Node& n) const {
  const YAML::Mark m = n.Mark();
  return m.pos < 0 ? 0 : static_cast<std::size_t>(m.pos);
}

std::vector<Entry> YamlReader::entries(const YAML::Node& map, std::span<const char* const> allowed,
                                       const core::Text& context, bool any_key) {
  std::vector<Entry> out;
  if (!map.IsMap()) {
    diags_.error(loc(map),
                 core::say("expected a mapping for {}, found {}", context.str(), kind(map).str()));
    return out;
  }
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node k = it->first;  // a copy: it->first lives in a temporary proxy
    if (!k.IsScalar()) {
      diags_.error(loc(k), core::say("a key in {} must be a plain name", context.str()));
      continue;
    }
    const std::string key = k.Scalar();
    if (!seen.insert(key).second) {
      diags_.error(loc(k), core::say("duplicate key '{}' in {}", key, context.str()));
      continue;
    }
    const bool known = any_key || std::find_if(allowed.begin(), allowed.end(), [&](const char* a) {
                                    return key == a;
                                  }) != allowed.end();
    if (!known) {
      const core::Text msg = core::say("unknown key '{}' in {}", key, context.str());
      const std::string nearest = nearest_key(key, allowed);
      const core::Text hint = nearest.empty() ? core::say("expected one of: {}", join(allowed))
                                              : core::say("did you mean '{}'? expected one of: {}",
                                                          nearest, join(allowed));
      if (strict_)
        diags_.error(loc(k), msg, hint);
      else
        diags_.warning(loc(k), msg, hint);
      continue;
    }
    out.push_back({key, k, it->second});
  }
  return out;
}

std::optional<std::string> YamlReader::string(const Entry& e) {
  if (!e.value.IsScalar()) {
    diags_.error(loc(e.value),
                 core::say("'{}' must be text, found {}", e.key, kind(e.value).str()));
    return std::nullopt;
  }
  return e.value.Scalar();
}

std::optional<std::string> YamlReader::nonempty_string(const Entry& e) {
  auto s = string(e);
  if (s && core::is_blank(*s, core::white_space)) {
    diags_.error(loc(e.value), core::say("'{}' must not be empty", e.key));
    return std::nullopt;
  }
  return s;
}

std::optional<double> YamlReader::number(const Entry& e, Bounds b) {
  const double min = b.min, max = b.max;
  if (!e.value.IsScalar()) {
    diags_.error(loc(e.value),
                 core::say("'{}' must be a number, found {}", e.key, kind(e.value).str()));
    return std::nullopt;
  }
  const std::string& s = e.value.Scalar();
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
    diags_.error(
        loc(e.value), core::say("'{}' must be a number, found '{}'", e.key, core::excerpt(s)),
        ec == std::errc::result_out_of_range ? core::say("it is beyond any number a spec needs")
                                             : core::Text{});
    return std::nullopt;
  }
  const std::size_t sign = !s.empty() && (s[0] == '-' || s[0] == '+');
  if (s.size() > sign + 1 && s[sign] == '0' && s[sign + 1] >= '0' && s[sign + 1] <= '9') {
    diags_.error(loc(e.value), core::say("'{}' has a leading zero: '{}'", e.key, s),
                 core::say("YAML 1.1 reads 010 as octal 8; write the number without the zero"));
    return std::nullopt;
  }
  if (v < min || v > max) {
    diags_.error(loc(e.value), core::say("'{}' is {}, outside the range {} to {}", e.key, s,
                                         fmt_num(min), fmt_num(max)));
    return std::nullopt;
  }
  return v;
}

std::optional<int> YamlReader::integer(const Entry& e, Bounds b) {
  auto v = number(e, b);
  if (!v) return std::nullopt;
  if (std::floor(*v) != *v) {
    diags_.error(loc(e.value), core::say("'{}' must be a whole number", e.key));
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::optional<bool> YamlReader::boolean(const Entry& e) {
  auto s = string(e);
  if (!s) return std::nullopt;
  if (*s == "true") return true;
  if (*s == "false") return false;
  diags_.error(
      loc(e.value), core::say("'{}' must be true or false, found '{}'", e.key, core::excerpt(*s)),
      core::say("YAML 1.1 reads yes/no/on/off as booleans and others do not: write true or false"));
  return std::nullopt;
}

TextTemplate YamlReader::text(const Entry& e, const EmphasisRules& rules) {
  auto s = nonempty_string(e);
  if (!s) return {};
  TextTemplate t = parse_text_template(*s, loc(e.value), offset(e.value), source_, diags_);
  split_emphasis(t, rules, e.key, diags_);
  return t;
}

SourceLocation YamlReader::text_start(const YAML::Node& n) const {
  SourceLocation where = loc(n);
  const std::size_t at = offset(n);
  const std::string_view text = source_.text();
  if (at < text.size() && (text[at] == '"' || text[at] == '\'')) ++where.column;
  return where;
}

core::Text YamlReader::kind(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return core::say("a mapping");
    case YAML::NodeType::Sequence:
      return core::say("a list");
    case YAML::NodeType::Scalar:
      return quoted_name(n.Scalar());
    case YAML::NodeType::Null:
      return core::say("nothing");
    default:
      return core::say("an undefined value");
  }
}

}  // namespace jb::spec::detail
