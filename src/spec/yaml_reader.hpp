// spec (internal): reading a yaml-cpp tree against a fixed schema. YamlReader gives each node's
// FILE:LINE:COL, a mapping's entries (refusing duplicates, and unknown keys with the nearest
// known one) and typed values (text, numbers, booleans, choices, templates), each problem in
// the run's DiagnosticList. A section table (Key) states a mapping's keys once: the allowed
// keys of its unknown-key message and the reading of each are both taken from it.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "spec/emphasis.hpp"
#include "spec/job_spec.hpp"
#include "spec/shape.hpp"
#include "spec/text_template.hpp"

namespace jb::spec::detail {

// One entry of a mapping: its key's text and node, and its value.
struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

// "a, b, c": the list of names a message offers.
std::string join(std::span<const char* const> items);

// A key's name quoted, as a message's context names the mapping it reads: 'document'.
core::Text quoted_name(std::string_view name);

// Walks the YAML tree with a fixed schema. Never recurses into unknown content, so alias
// cycles and deep nesting in unknown keys cannot make it loop or overflow the stack.
class YamlReader {
 public:
  YamlReader(const SourceMap& source, core::DiagnosticList& diags, bool strict)
      : source_(source), diags_(diags), strict_(strict) {}

  SourceLocation loc(const YAML::Node& n) const;
  std::size_t offset(const YAML::Node& n) const;
  core::DiagnosticList& diags() { return diags_; }

  // The entries of a mapping, in order. Reports duplicates and unknown keys (errors, or
  // warnings when not strict), naming the allowed keys; any_key accepts every plain key (a
  // mapping of names the user chooses). `context` names the mapping: "the spec", 'document'.
  std::vector<Entry> entries(const YAML::Node& map, std::span<const char* const> allowed,
                             const core::Text& context, bool any_key = false);

  std::optional<std::string> string(const Entry& e);
  std::optional<std::string> nonempty_string(const Entry& e);
  // A plain decimal in [b.min, b.max]: no leading zero (YAML 1.1 octal), nothing infinite.
  std::optional<double> number(const Entry& e, Bounds b);
  std::optional<int> integer(const Entry& e, Bounds b);
  std::optional<bool> boolean(const Entry& e);  // true or false, never yes/no/on/off
  // One of a choice list's words (the list a key's Shape names too).
  template <typename T, std::size_t N>
  std::optional<T> choice(const Entry& e, const Option<T> (&options)[N]);
  // Prose with placeholders, each located in the source; the emphasis markers `rules` takes
  // (none by default: a marker is an error that names the field e.key).
  TextTemplate text(const Entry& e, const EmphasisRules& rules = {});
  // Where a scalar's text starts: after its opening quote, when it has one.
  SourceLocation text_start(const YAML::Node& n) const;

  // How a node is named in a message: "a mapping", "a list", "'its text'", "nothing".
  static core::Text kind(const YAML::Node& n);

 private:
  const SourceMap& source_;
  core::DiagnosticList& diags_;
  bool strict_;
};

template <typename T, std::size_t N>
std::optional<T> YamlReader::choice(const Entry& e, const Option<T> (&options)[N]) {
  auto s = string(e);
  if (!s) return std::nullopt;
  std::string names;
  for (const auto& [name, value] : options) {
    if (*s == name) return value;
    names += names.empty() ? "" : ", ";
    names += name;
  }
  diags_.error(loc(e.value), core::say("unknown {} '{}' (expected {})", e.key, *s, names));
  return std::nullopt;
}

// ---- section tables --------------------------------------------------------------------------

// One key of a mapping, how its value is read into `Target` (nullptr: read by the caller) and
// the shape of that value (shape.hpp: what the JSON Schema says of it); whether the reader of
// the mapping requires the key, and the key it may only stand beside.
template <typename Target>
struct Key {
  const char* name;
  void (*read)(YamlReader&, const Entry&, Target&);
  Shape shape;
  bool required = false;
  const char* with = nullptr;
};

// The schema's view of a table: its keys' names and shapes. In a block (`one_kind`), the keys
// with a reader of their own and no `with` are the kinds, one of which a block is.
template <typename Target, std::size_t N>
SectionShape section_shape(const Key<Target> (&keys)[N], const char* id, const char* description,
                           bool one_kind = false) {
  SectionShape s{id, description, {}, one_kind};
  for (const Key<Target>& k : keys)
    s.fields.push_back({k.name, k.shape, k.required, k.with, k.read != nullptr && !k.with});
  return s;
}

// The names of a table's keys, in its order: the allowed keys a message lists.
template <typename Target, std::size_t N>
std::vector<const char*> key_names(const Key<Target> (&keys)[N]) {
  std::vector<const char*> names;
  for (const Key<Target>& k : keys) names.push_back(k.name);
  return names;
}

// The key of `keys` named `name`, or nullptr.
template <typename Target, std::size_t N>
const Key<Target>* find_key(const Key<Target> (&keys)[N], std::string_view name) {
  for (const Key<Target>& k : keys)
    if (name == k.name) return &k;
  return nullptr;
}

// Reads the mapping `map` by its table: first every entry is checked (duplicates, unknown keys),
// then each known one is read in the order written. Returns the entries read.
template <typename Target, std::size_t N>
std::vector<Entry> read_section(YamlReader& r, const YAML::Node& map, const Key<Target> (&keys)[N],
                                const core::Text& context, Target& target) {
  std::vector<Entry> entries = r.entries(map, key_names(keys), context);
  for (const Entry& e : entries)
    if (const Key<Target>* k = find_key(keys, e.key); k && k->read) k->read(r, e, target);
  return entries;
}

// Whether `entries` holds the key `name`: a required key's check.
bool has_key(const std::vector<Entry>& entries, std::string_view name);

}  // namespace jb::spec::detail
