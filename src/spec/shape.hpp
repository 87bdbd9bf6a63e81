// spec (internal): the shape of a key's value, stated beside its reader in a section table
// (yaml_reader.hpp's Key), and the bounds and choice lists readers and shapes share. schema.cpp
// walks the tables by these shapes and writes the spec's JSON Schema: what the schema says is
// taken from the same constants the reader checks.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace jb::spec::detail {

// A number's range, as YamlReader::number and integer check it.
struct Bounds {
  double min;
  double max;
};

// One option of a choice: the word written and the value it stands for.
template <typename T>
struct Option {
  const char* name;
  T value;
};

// The words of a choice list, in its order.
template <const auto& Options>
std::vector<const char*> option_names() {
  std::vector<const char*> names;
  for (const auto& o : Options) names.push_back(o.name);
  return names;
}

struct Shape;
struct SectionShape;
using NamesFn = std::vector<const char*> (*)();
using SectionFn = SectionShape (*)();
using ShapeFn = Shape (*)();

enum class ShapeKind {
  any,       // whatever is written (page_break's value)
  text,      // a scalar read as text; `nonempty`, a `pattern`
  number,    // a plain decimal in `bounds`
  integer,   // a whole number in `bounds`
  boolean,   // true or false
  choice,    // one of `names()`
  section,   // a mapping read by a table: `section()`
  list,      // a list of `item`, at least `min_items`
  map,       // a mapping of names (`names()`, or matching `pattern`, or any) to `item`
  any_of,    // one of `alternatives`
  deferred,  // the shape `get()` gives (a table in another file)
};

struct Shape {
  ShapeKind kind = ShapeKind::any;
  const char* description = nullptr;
  bool nonempty = false;
  bool nullable = false;  // text: or nothing
  const char* pattern = nullptr;
  Bounds bounds = {0, 0};
  NamesFn names = nullptr;
  SectionFn section = nullptr;
  const Shape* item = nullptr;
  std::size_t min_items = 0;
  std::span<const Shape> alternatives = {};
  ShapeFn get = nullptr;
};

// One key of a section as the schema sees it.
struct FieldShape {
  const char* name;
  Shape shape;
  bool required;
  const char* with;  // only beside this key (a heading's options)
  bool kind;         // in a `one_kind` section: one of the kinds, exactly one written
};

// A mapping read by a table: its name in the schema's definitions, and its keys.
struct SectionShape {
  const char* id;
  const char* description;
  std::vector<FieldShape> fields;
  bool one_kind = false;  // a block: exactly one kind's key
};

// ---- building shapes ------------------------------------------------------------------------

constexpr Shape any_value(const char* d = nullptr) {
  return {.kind = ShapeKind::any, .description = d};
}
constexpr Shape text(const char* d = nullptr) {
  return {.kind = ShapeKind::text, .description = d, .nonempty = true};
}
constexpr Shape maybe_empty_text(const char* d = nullptr) {
  return {.kind = ShapeKind::text, .description = d};
}
constexpr Shape text_matching(const char* pattern, const char* d = nullptr) {
  return {.kind = ShapeKind::text, .description = d, .nonempty = true, .pattern = pattern};
}
constexpr Shape number(Bounds b, const char* d = nullptr) {
  return {.kind = ShapeKind::number, .description = d, .bounds = b};
}
constexpr Shape integer(Bounds b, const char* d = nullptr) {
  return {.kind = ShapeKind::integer, .description = d, .bounds = b};
}
constexpr Shape boolean(const char* d = nullptr) {
  return {.kind = ShapeKind::boolean, .description = d};
}
template <const auto& Options>
constexpr Shape choice(const char* d = nullptr) {
  return {.kind = ShapeKind::choice, .description = d, .names = &option_names<Options>};
}
constexpr Shape choice_of(NamesFn names, const char* d = nullptr) {
  return {.kind = ShapeKind::choice, .description = d, .names = names};
}
constexpr Shape section(SectionFn s, const char* d = nullptr) {
  return {.kind = ShapeKind::section, .description = d, .section = s};
}
constexpr Shape list_of(const Shape& item, std::size_t min_items = 1, const char* d = nullptr) {
  return {.kind = ShapeKind::list, .description = d, .item = &item, .min_items = min_items};
}
// A mapping of names the user chooses (matching `pattern`, when given) to `item`.
constexpr Shape map_of(const Shape& item, const char* pattern, const char* d = nullptr) {
  return {.kind = ShapeKind::map, .description = d, .pattern = pattern, .item = &item};
}
// A mapping of the names `names()` gives to `item`.
constexpr Shape map_of_names(NamesFn names, const Shape& item, const char* d = nullptr) {
  return {.kind = ShapeKind::map, .description = d, .names = names, .item = &item};
}
constexpr Shape any_of(std::span<const Shape> alternatives, const char* d = nullptr) {
  return {.kind = ShapeKind::any_of, .description = d, .alternatives = alternatives};
}
constexpr Shape deferred(ShapeFn get, const char* d = nullptr) {
  return {.kind = ShapeKind::deferred, .description = d, .get = get};
}

// Shapes many keys share, for lists and alternatives to point at.
inline constexpr Shape a_text = text();

// The plain names the spec chooses for its data and parameters: letters, digits and _.
inline constexpr const char* name_pattern = "^[A-Za-z_][A-Za-z0-9_]*$";

}  // namespace jb::spec::detail
