// spec: spec_schema, the JSON Schema written from the section tables' shapes. Each section
// (a table) is written once, in "definitions", and named by "$ref" wherever it is used; a
// section refers to itself through its name (a header group's columns hold groups).
#include "spec/schema.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "spec/read_sections.hpp"
#include "spec/shape.hpp"

namespace jb::spec {

namespace {

using detail::FieldShape;
using detail::SectionShape;
using detail::Shape;
using detail::ShapeKind;
using Json = nlohmann::ordered_json;

class SchemaWriter {
 public:
  Json value(const Shape& s);
  Json section_ref(detail::SectionFn fn);
  Json definitions() const { return definitions_; }

 private:
  Json object(const SectionShape& section, const std::vector<const FieldShape*>& fields);
  Json block(const SectionShape& section);
  Json scalar(const Shape& s);
  Json definitions_ = Json::object();
  std::set<std::string> written_;
};

// A bound as JSON: a whole number without a point.
Json bound(double v) {
  if (v == static_cast<double>(static_cast<long long>(v))) return static_cast<long long>(v);
  return v;
}

// A text as the reader takes it: any scalar (YAML reads 2025 as a number, true as a boolean).
Json SchemaWriter::scalar(const Shape& s) {
  Json j;
  // A text of a pattern (a date, a file name, a range) is written as a text.
  if (s.pattern)
    j["type"] = "string";
  else if (s.nullable)
    j["type"] = {"string", "number", "boolean", "null"};
  else
    j["type"] = {"string", "number", "boolean"};
  if (s.nonempty) j["pattern"] = "\\S";
  if (s.pattern) j["pattern"] = s.pattern;
  return j;
}

Json SchemaWriter::value(const Shape& s) {
  Json j = Json::object();
  switch (s.kind) {
    case ShapeKind::any:
      break;
    case ShapeKind::text:
      j = scalar(s);
      break;
    case ShapeKind::number:
    case ShapeKind::integer:
      j["type"] = s.kind == ShapeKind::number ? "number" : "integer";
      j["minimum"] = bound(s.bounds.min);
      j["maximum"] = bound(s.bounds.max);
      break;
    case ShapeKind::boolean:
      j["type"] = "boolean";
      break;
    case ShapeKind::choice:
      j["enum"] = Json::array();
      for (const char* n : s.names()) j["enum"].push_back(n);
      break;
    case ShapeKind::section:
      j = section_ref(s.section);
      break;
    case ShapeKind::list:
      j["type"] = "array";
      j["items"] = value(*s.item);
      if (s.min_items > 0) j["minItems"] = s.min_items;
      break;
    case ShapeKind::map:
      j["type"] = "object";
      if (s.names) {
        j["properties"] = Json::object();
        for (const char* n : s.names()) j["properties"][n] = value(*s.item);
        j["additionalProperties"] = false;
      } else {
        if (s.pattern) j["propertyNames"] = {{"pattern", s.pattern}};
        j["additionalProperties"] = value(*s.item);
      }
      break;
    case ShapeKind::any_of:
      j["anyOf"] = Json::array();
      for (const Shape& a : s.alternatives) j["anyOf"].push_back(value(a));
      break;
    case ShapeKind::deferred: {
      Shape got = s.get();
      if (!got.description) got.description = s.description;
      return value(got);
    }
  }
  if (s.description && !j.contains("$ref")) j["description"] = s.description;
  return j;
}

Json SchemaWriter::object(const SectionShape& section,
                          const std::vector<const FieldShape*>& fields) {
  Json j;
  j["type"] = "object";
  j["properties"] = Json::object();
  Json required = Json::array();
  for (const FieldShape* f : fields) {
    j["properties"][f->name] = value(f->shape);
    if (f->required || (section.one_kind && f->kind)) required.push_back(f->name);
  }
  if (!required.empty()) j["required"] = required;
  j["additionalProperties"] = false;
  return j;
}

// A block: one kind's key, the keys any block may have, and the kind's own options (a
// heading's level). One alternative per kind, each allowing only its own keys.
Json SchemaWriter::block(const SectionShape& section) {
  Json j;
  j["description"] = section.description;
  j["type"] = "object";
  j["oneOf"] = Json::array();
  for (const FieldShape& kind : section.fields) {
    if (!kind.kind) continue;
    std::vector<const FieldShape*> fields;
    for (const FieldShape& f : section.fields)
      if (&f == &kind || (!f.kind && (!f.with || std::string(f.with) == kind.name)))
        fields.push_back(&f);
    Json alternative = object(section, fields);
    alternative["title"] = kind.name;
    j["oneOf"].push_back(alternative);
  }
  return j;
}

Json SchemaWriter::section_ref(detail::SectionFn fn) {
  const SectionShape section = fn();
  const std::string ref = "#/definitions/" + std::string(section.id);
  if (written_.insert(section.id).second) {
    definitions_[section.id] = nullptr;  // its place in the order, before what it refers to
    Json j;
    if (section.one_kind) {
      j = block(section);
    } else {
      std::vector<const FieldShape*> fields;
      for (const FieldShape& f : section.fields) fields.push_back(&f);
      j = object(section, fields);
      Json described = {{"description", section.description}};
      described.update(j);
      j = described;
    }
    definitions_[section.id] = j;
  }
  return {{"$ref", ref}};
}

}  // namespace

std::string spec_schema() {
  SchemaWriter w;
  w.section_ref(detail::spec_section);
  Json defs = w.definitions();
  Json schema;
  schema["$schema"] = "http://json-schema.org/draft-07/schema#";
  schema["title"] = "jianbao report spec";
  // The root is the definition "spec", written at the top; the others stay definitions.
  for (const auto& [key, v] : defs["spec"].items()) schema[key] = v;
  schema["description"] =
      "a jianbao report spec (written by `jianbao schema` from the tables "
      "its reader reads by)";
  defs.erase("spec");
  schema["definitions"] = defs;
  return schema.dump(2) + "\n";
}

}  // namespace jb::spec
