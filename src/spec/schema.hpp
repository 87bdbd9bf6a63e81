// spec: the spec's JSON Schema (draft-07), generated from the section tables the reader reads
// by (shape.hpp): every key a table has, each value's shape, the keys a reader requires, the
// words of each choice and the bounds of each number, so that it cannot drift from the reader.
// `jianbao schema` prints it; templates/jianbao.schema.json is a copy (a test compares them).
#pragma once

#include <string>

namespace jb::spec {

// The schema as formatted JSON (two spaces, keys in a fixed order), ending in a newline.
std::string spec_schema();

}  // namespace jb::spec
