// tests/core: collecting diagnostics (an identical problem kept once, 100 of each kind, one line
// that counts the rest) and locating characters on a long line.
#include "core/diagnostic.hpp"

#include <catch2/catch.hpp>

#include "spec/text_template.hpp"
#include "support.hpp"

using namespace jb;

namespace {

core::SourceLocation at(int line, int column = 0) { return {"d.csv", line, column}; }

// A test's message: a text of no catalog.
core::Text t(const std::string& text) { return core::Text::verbatim(text); }

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
  for (int line = 2; line < 252; ++line)
    list.error(at(line), t("row has 3 fields, the header has 2"));
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
    list.error(at(4 + i, 3), t("unknown key 'k" + std::to_string(i) + "' in 'document'"),
               t("expected one of: title"));
  list.error(at(200, 3), t("unknown key \"x\" in 'page'"));  // the same kind, quoted otherwise
  list.error(at(201, 1), t("no column 'gdp' in 'd'"));       // another kind: shown
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
    for (int line = 1; line <= 120; ++line) list.error(at(line, 5), t("a character no font has"));
  list.error(at(7, 6), t("a character no font has"));  // another place: another problem
  const auto errors = errors_of(list);
  REQUIRE(errors.size() == 101);
  CHECK(errors.back().message ==
        "21 more errors of this kind not shown (after 100), the first of them: a character no "
        "font has");
  CHECK(errors.back().where.line == 101);
}

TEST_CASE("diagnostics: warnings are counted apart from errors", "[core]") {
  core::DiagnosticList list;
  for (int line = 1; line <= 130; ++line) list.warning(at(line), t("unknown key 'k' in 'chart'"));
  CHECK_FALSE(list.has_errors());
  CHECK_NOTHROW(list.throw_if_errors(core::ExitCode::invalid_spec));
  list.error(at(200), t("unknown key 'k' in 'chart'"));  // an error is not a warning's kind
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

TEST_CASE("diagnostics: a list's exit code is its most serious error's, the first of a rank",
          "[core]") {
  using core::ExitCode;
  core::DiagnosticList list;
  CHECK(list.exit_code() == ExitCode::ok);
  list.warning(at(1), t("a warning calls for nothing"), {});
  CHECK(list.exit_code() == ExitCode::ok);
  list.error(ExitCode::os_error, at(2), t("out of descriptors"));
  list.error(ExitCode::data_error, at(3), t("not a number"));
  CHECK(list.exit_code() == ExitCode::os_error);  // of one rank, the first
  list.error(ExitCode::invalid_spec, at(4), t("unknown data 'x'"));
  CHECK(list.exit_code() == ExitCode::invalid_spec);  // the spec over the data
  list.error(ExitCode::data_error, at(5), t("not a number either"));
  CHECK(list.exit_code() == ExitCode::invalid_spec);
  list.error(ExitCode::missing_input, at(6), t("cannot open 'x.csv'"));
  CHECK(list.exit_code() == ExitCode::missing_input);  // a file not read over all else
  const core::UserError e = test::user_error_of([&] { list.throw_if_errors(); });
  CHECK(e.code() == ExitCode::missing_input);
  REQUIRE(e.diagnostics().size() == 5);  // errors only, in order
  CHECK(e.diagnostics()[0].message == "out of descriptors");
  CHECK(e.diagnostics()[4].message == "cannot open 'x.csv'");
  CHECK(core::exit_code_of(list.all()) == ExitCode::missing_input);
  CHECK(core::exit_code_of({}) == ExitCode::ok);
}

TEST_CASE("diagnostics: every error calls for its code, also one not shown or shown before",
          "[core]") {
  using core::ExitCode;
  core::DiagnosticList list;
  for (int line = 1; line <= 100; ++line)
    list.error(ExitCode::data_error, at(line), t("row has 3 fields, the header has 2"));
  list.error(ExitCode::invalid_spec, at(150), t("row has 4 fields, the header has 2"));  // hidden
  CHECK(list.exit_code() == ExitCode::invalid_spec);
  const auto errors = list.errors();
  REQUIRE(errors.size() == 101);
  CHECK(errors.back().code == ExitCode::invalid_spec);  // the count carries the first's code
  CHECK(errors.back().where.line == 150);

  core::DiagnosticList twice;
  twice.error(ExitCode::data_error, at(7, 2), t("a character no font has"));
  twice.error(ExitCode::invalid_spec, at(7, 2), t("a character no font has"));  // kept once
  CHECK(twice.all().size() == 1);
  CHECK(twice.exit_code() == ExitCode::invalid_spec);
}

TEST_CASE("diagnostics: a list thrown with a code gives that code to each of its errors",
          "[core]") {
  using core::ExitCode;
  core::DiagnosticList list;
  list.error(at(1), t("no code of its own"));
  CHECK(list.errors().at(0).code == ExitCode::data_error);  // the default
  list.error(ExitCode::missing_input, at(2), t("cannot open 'x.csv'"));
  const core::UserError e =
      test::user_error_of([&] { list.throw_if_errors(ExitCode::invalid_spec); });
  CHECK(e.code() == ExitCode::invalid_spec);
  for (const auto& d : e.diagnostics()) CHECK(d.code == ExitCode::invalid_spec);
  const core::UserError one(ExitCode::no_permission, at(3), t("outside what it may read"));
  REQUIRE(one.diagnostics().size() == 1);
  CHECK(one.diagnostics()[0].code == ExitCode::no_permission);
}

TEST_CASE("diagnostics: an error reported before counts and says nothing again", "[core]") {
  using core::ExitCode;
  core::DiagnosticList list;
  list.warning(at(1), t("a warning"));
  list.reported_before(ExitCode::data_error);
  CHECK(list.has_errors());
  CHECK(list.error_count() == 0);
  CHECK(list.exit_code() == ExitCode::data_error);
  const core::UserError e = test::user_error_of([&] { list.throw_if_errors(); });
  CHECK(e.code() == ExitCode::data_error);
  CHECK(e.diagnostics().empty());
  // A list that gathers it knows it too, and an error of the spec still decides the code.
  core::DiagnosticList all;
  all.error(ExitCode::invalid_spec, at(9), t("unknown data 'x'"));
  all.add(list);
  CHECK(all.has_errors());
  CHECK(all.error_count() == 1);
  CHECK(all.exit_code() == ExitCode::invalid_spec);
  CHECK(all.warnings().size() == 1);
  // A stage that stopped with nothing to say is the same.
  core::DiagnosticList caught;
  caught.add(core::UserError(ExitCode::data_error, std::vector<core::Diagnostic>{}));
  CHECK(caught.has_errors());
  CHECK(caught.all().empty());
}

TEST_CASE("diagnostics: a list that gathers capped lists can take every problem", "[core]") {
  core::DiagnosticList every(SIZE_MAX);
  for (int line = 2; line < 252; ++line)
    every.error(at(line), t("row has 3 fields, the header has 2"));
  CHECK(every.errors().size() == 250);
  every.error(at(2), t("row has 3 fields, the header has 2"));  // still kept once
  CHECK(every.errors().size() == 250);
  CHECK(every.error_count() == 250);
}

TEST_CASE("source location: file:line:col, what is not known left out", "[core]") {
  CHECK(core::to_string({"s.yaml", 3, 9}) == "s.yaml:3:9");
  CHECK(core::to_string({"d.csv", 12, 0}) == "d.csv:12");
  CHECK(core::to_string({"d.csv", 0, 4}) == "d.csv");  // a column without its line says nothing
  CHECK(core::to_string({"", 3, 9}).empty());
  CHECK(core::format_diagnostic({core::Severity::error, {"d.csv", 12, 0}, "bad", {}}) ==
        "d.csv:12: error: bad");
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
