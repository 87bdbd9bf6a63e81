// tests/spec: every mapping of the spec offers, in its unknown-key message, only keys it reads:
// each key the message lists, written in that mapping, is taken (no unknown-key error) and its
// value is looked at (a value of the wrong kind is reported). The list and the reading both
// come from the mapping's one table of keys.
#include <algorithm>
#include <catch2/catch.hpp>

#include "core/diagnostic.hpp"
#include "support.hpp"

using namespace jb;

namespace {

// The problems of `spec` with `line` written where its `@` stands (unknown keys are errors).
std::vector<std::string> problems_with(std::string spec, const std::string& line) {
  spec.replace(spec.find('@'), 1, line);
  try {
    spec::parse_spec_text(spec, "t.yaml", test::source_dir,
                          {test::font_dir, true, {test::source_dir}});
  } catch (const core::UserError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(core::format_diagnostic(d));
    return out;
  }
  return {};
}

// The keys an unknown key's message offers for the mapping at `@`.
std::vector<std::string> offered_keys(const std::string& spec, const std::string& context) {
  const std::string marker = "expected one of: ";
  for (const std::string& p : problems_with(spec, "zzzz_unknown: 1")) {
    if (p.find("unknown key 'zzzz_unknown' in " + context + "\n") == std::string::npos) continue;
    const std::string list = p.substr(p.find(marker) + marker.size());
    std::vector<std::string> keys;
    for (std::size_t at = 0; at <= list.size();) {
      const std::size_t comma = std::min(list.find(", ", at), list.size());
      keys.push_back(list.substr(at, comma - at));
      at = comma + 2;
    }
    return keys;
  }
  return {};
}

struct Mapping {
  std::string context;              // as the message names it
  std::string spec;                 // `@`: a line of the mapping
  std::size_t keys;                 // how many it offers
  std::vector<std::string> skip{};  // keys read with another (below)
};

// A problem that the reading of `key` found in its value: one naming the key, or the unknown
// key inside the value (a duplicate proves nothing).
bool about(const std::string& problem, const std::string& key) {
  return problem.find("duplicate key") == std::string::npos &&
         (problem.find("'" + key + "'") != std::string::npos ||
          problem.find("'zzzz_unknown'") != std::string::npos);
}

}  // namespace

TEST_CASE("each key an unknown-key message offers is read by that mapping", "[spec]") {
  const std::string body = "body:\n  - page_break\n";
  const std::string block = "document: {title: t, date: 2025-11-20}\nbody:\n  - ";
  const Mapping mappings[] = {
      {"the spec", "@\n", 14},
      {"'document'", "document:\n  @\n" + body, 7},
      {"'page'", "page:\n  @\n" + body, 2},
      {"'margins_mm'", "page:\n  margins_mm:\n    @\n" + body, 4},
      {"'fonts'", "fonts:\n  @\n" + body, 9},
      {"font 'kai'", "fonts:\n  kai:\n    @\n" + body, 3},
      {"'styles'", "styles:\n  @\n" + body, 11},
      {"'typography'", "typography:\n  @\n" + body, 5},
      {"'typography.bold'", "typography:\n  bold:\n    @\n" + body, 6},
      {"'official'", "official:\n  @\n" + body, 11},
      {"data 'd'", "data:\n  d:\n    @\n" + body, 18},
      {"'each'", "each:\n  @\n" + body, 3},
      {"a check", "checks:\n  - @\n" + body, 3},
      // page_break takes any value (as "- page_break" is one); level, numbered and
      // orientation, a heading's.
      {"a block", block + "@\n", 12, {"page_break", "level", "numbered", "orientation"}},
      {"a block",
       block + "heading: h\n    @\n",
       12,
       {"heading", "paragraph", "list", "quote", "table", "chart", "page_break", "notes"}},
      {"a list over rows", block + "list:\n      @\n", 6},
      {"'table'", block + "table:\n      @\n", 16},
      {"a table column", block + "table:\n      columns:\n        - @\n", 5},
      {"a header group",
       block + "table:\n      columns:\n        - group: g\n          @\n",
       2,
       {"group"}},
      {"a table's 'sort'", block + "table:\n      sort:\n        @\n", 2},
      {"'chart'", block + "chart:\n      @\n", 17},
      {"a chart series", block + "chart:\n      series:\n        - @\n", 5},
  };
  for (const Mapping& m : mappings) {
    INFO(m.context);
    const auto keys = offered_keys(m.spec, m.context);
    CHECK(keys.size() == m.keys);
    for (const std::string& key : keys) {
      if (std::find(m.skip.begin(), m.skip.end(), key) != m.skip.end()) continue;
      INFO(key);
      // A value no key takes (a mapping of an unknown key, which holds a list): a key that is
      // read reports a problem with it; one that were ignored would report none.
      bool read = false;
      for (const std::string& p : problems_with(m.spec, key + ": {zzzz_unknown: [1]}")) {
        CHECK(p.find("unknown key '" + key + "'") == std::string::npos);
        read |= about(p, key);
      }
      CHECK(read);
    }
  }
}
