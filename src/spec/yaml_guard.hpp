// spec: a pass over the YAML's events, before any tree is built, that refuses what would make
// the full parse or a walk of its tree misbehave: alias cycles (yaml-cpp 0.7.0 builds them, and
// a recursive walk of one never ends), aliases that expand beyond reason ("billion laughs"),
// nesting deeper than a spec needs, and more than one document.
#pragma once

#include <string>

#include "spec/text_template.hpp"

namespace jb::spec {

struct YamlLimits {
  int max_depth = 32;              // a spec needs 6
  std::size_t max_nodes = 200000;  // counting every alias's expansion
};

// Throws core::UserError(invalid_spec) at the offending line and column; invalid YAML is left
// to the full parse, which reports it.
void guard_yaml(const std::string& yaml, const SourceMap& source, YamlLimits limits = {});

}  // namespace jb::spec
