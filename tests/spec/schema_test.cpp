// tests/spec: the JSON Schema is the reader's tables: its choices are the words the reader's
// messages offer, its bounds the range the reader refuses beyond, its sections' keys the keys
// an unknown-key message lists; and the committed copy is the generated one.
#include "spec/schema.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace jb;
using Json = nlohmann::ordered_json;  // in the order the schema writes

namespace {

const Json& schema() {
  static const Json s = Json::parse(spec::spec_schema());
  return s;
}

const Json& def(const std::string& name) { return schema().at("definitions").at(name); }

// The spec `yaml` read as the program reads it by default (an unknown key is an error).
void parse_strict(const std::string& yaml) {
  spec::parse_spec_text(yaml, "t.yaml", test::source_dir,
                        spec::SpecOptions{test::font_dir, true, {}});
}

// The first error's message (its first line).
std::string error_of(const std::string& yaml) {
  const auto e = test::user_error_of([&] { parse_strict(yaml); });
  const std::string s = core::format_diagnostic(e.diagnostics().front());
  return s.substr(0, s.find('\n'));
}

std::string joined(const Json& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : ", ") + w.get<std::string>();
  return s;
}

const std::string head = "document: {title: t, date: 2025-11-20}\n";

}  // namespace

TEST_CASE("the committed schema is spec_schema()'s", "[spec][schema]") {
  if (test::read_file(test::source_dir / "templates/jianbao.schema.json") != spec::spec_schema())
    FAIL(
        "templates/jianbao.schema.json is stale: make schema (build/jianbao schema > "
        "templates/jianbao.schema.json)");
}

TEST_CASE("the schema's choices are the reader's: a chart's types", "[spec][schema]") {
  const std::string types = joined(def("chart").at("properties").at("type").at("enum"));
  CHECK(types == "bar, grouped, hbar, stacked, stacked100, line, area, bar_line, pie, donut");
  CHECK(error_of(head + "body:\n  - chart: {type: pie3d, data: d, x: a, series: [{column: b}]}\n")
            .find("(expected " + types + ")") != std::string::npos);
}

TEST_CASE("the schema's bounds are the reader's: a chart's height", "[spec][schema]") {
  const Json& h = def("chart").at("properties").at("height_mm");
  CHECK(h.at("minimum") == 30);
  CHECK(h.at("maximum") == 250);
  CHECK(error_of(head + "body:\n  - chart: {type: bar, data: d, x: a, series: [{column: b}], "
                        "height_mm: 251}\n")
            .find("outside the range 30 to 250") != std::string::npos);
}

TEST_CASE("the schema's keys are the reader's: every key a column message offers",
          "[spec][schema]") {
  const std::string msg = test::user_error_of([&] {
                            parse_strict(head +
                                         "body:\n  - table: {data: d, columns: [{column: a, "
                                         "bogus: 1}]}\n");
                          })
                              .diagnostics()
                              .front()
                              .hint;
  std::string keys;
  for (const auto& [k, v] : def("column").at("properties").items())
    keys += (keys.empty() ? "" : ", ") + k;
  CHECK(msg == "expected one of: " + keys);
  CHECK(def("column").at("additionalProperties") == false);
  CHECK(def("column").at("required") == Json{"column"});
}

TEST_CASE("the schema's block is one kind's key, a heading's options beside a heading only",
          "[spec][schema]") {
  const Json& alternatives = def("block").at("oneOf");
  std::vector<std::string> kinds;
  for (const auto& a : alternatives) kinds.push_back(a.at("title"));
  CHECK(kinds == std::vector<std::string>{"heading", "paragraph", "list", "quote", "table", "chart",
                                          "page_break", "notes"});
  for (const auto& a : alternatives) {
    const bool heading = a.at("title") == "heading";
    CHECK(a.at("properties").contains("level") == heading);
    CHECK(a.at("properties").contains("when"));
    CHECK(a.at("required") == Json{a.at("title")});
  }
}
