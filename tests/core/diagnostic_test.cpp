// tests/core: collecting diagnostics (an identical problem kept once, 100 of each kind, one line
// that counts the rest) and locating characters on a long line.
#include "core/diagnostic.hpp"

#include <catch2/catch.hpp>

#include "spec/text_template.hpp"
#include "support.hpp"

using namespace jb;

namespace {

core::SourceLocation at(int line, int column = 0) { return {"d.csv", line, column}; }

// The errors a list throws.
std::vector<core::Diagnostic> errors_of(const core::DiagnosticList& list) {
  return test::user_error_of([&] { list.throw_if_errors(core::ExitCode::data_error); })
      .diagnostics();
}

}  // namespace

TEST_CASE(
    "diagnostics: 100 of one kind are kept, and one line at the first of the rest counts them",
    "[core]") {
  core::DiagnosticList list;
  for (int line = 2; line < 252; ++line) list.error(at(line), "row has 3 fields, the header has 2");
  const auto errors = errors_of(list);
  REQUIRE(errors.size() == 101);
  CHECK(core::format_diagnostic(errors[0]) == "d.csv:2: error: row has 3 fields, the header has 2");
  CHECK(core::format_diagnostic(errors[99]) ==
        "d.csv:101: error: row has 3 fields, the header has 2");
  CHECK(core::format_diagnostic(errors[100]) ==
        "d.csv:102: error: 150 more errors of this kind not shown (after 100), the first of "
        "them: row has 3 fields, the header has 2");
}

TEST_CASE("diagnostics: quoted names and numbers make no new kind, other words do", "[core]") {
  core::DiagnosticList list;
  for (int i = 0; i < 103; ++i)
    list.error(at(4 + i, 3), "unknown key 'k" + std::to_string(i) + "' in 'document'",
               "expected one of: title");
  list.error(at(200, 3), "unknown key \"x\" in 'page'");  // the same kind, quoted otherwise
  list.error(at(201, 1), "no column 'gdp' in 'd'");       // another kind: shown
  const auto errors = errors_of(list);
  REQUIRE(errors.size() == 102);
  CHECK(errors[100].message == "no column 'gdp' in 'd'");
  // The count comes last, at the first not shown, with its hint.
  CHECK(core::format_diagnostic(errors[101]) ==
        "d.csv:104:3: error: 4 more errors of this kind not shown (after 100), the first of "
        "them: unknown key 'k100' in 'document'\n  hint: expected one of: title");
}

TEST_CASE("diagnostics: the same problem at the same place counts once, shown or not", "[core]") {
  core::DiagnosticList list;
  for (int round = 0; round < 3; ++round)
    for (int line = 1; line <= 120; ++line) list.error(at(line, 5), "a character no font has");
  list.error(at(7, 6), "a character no font has");  // another place: another problem
  const auto errors = errors_of(list);
  REQUIRE(errors.size() == 101);
  CHECK(errors.back().message ==
        "21 more errors of this kind not shown (after 100), the first of them: a character no "
        "font has");
  CHECK(errors.back().where.line == 101);
}

TEST_CASE("diagnostics: warnings are counted apart from errors", "[core]") {
  core::DiagnosticList list;
  for (int line = 1; line <= 130; ++line) list.warning(at(line), "unknown key 'k' in 'chart'");
  CHECK_FALSE(list.has_errors());
  CHECK_NOTHROW(list.throw_if_errors(core::ExitCode::invalid_spec));
  list.error(at(200), "unknown key 'k' in 'chart'");  // an error is not a warning's kind
  const auto errors = errors_of(list);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].where.line == 200);
  const auto warnings = list.warnings();
  REQUIRE(warnings.size() == 101);
  CHECK(warnings.back().severity == core::Severity::warning);
  CHECK(warnings.back().message ==
        "30 more warnings of this kind not shown (after 100), the first of them: unknown key 'k' "
        "in 'chart'");
  CHECK(list.all().size() == 102);
}

TEST_CASE("source map: a column on a long line counts characters, however far along",
          "[core][spec]") {
  std::string text = "key: value\n  - paragraph: ";
  for (int i = 0; i < 10000; ++i) text += i % 3 ? "经" : "a";  // 1 and 3 bytes
  const std::size_t end = text.size();
  text += "x\nz";
  const spec::SourceMap map("s.yaml", text);
  const auto x = map.at(end);
  CHECK(x.line == 2);
  CHECK(x.column == 16 + 10000);
  CHECK(map.at(text.size() - 1).line == 3);
  CHECK(map.at(text.size() - 1).column == 1);
  CHECK(map.at(0).column == 1);
  CHECK(map.at(4).column == 5);
  // Every offset: the column is one more than the characters before it on its line.
  int column = 1;
  for (std::size_t i = 11; i <= end; ++i) {
    const bool lead = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (lead) REQUIRE(map.at(i).column == column);
    column += lead;
  }
}
