// tests/core: the rules on a report's file name (core/file_name.hpp), one case a rule, and the
// spec's `output:` refused by the same rules.
#include "core/file_name.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "support.hpp"

using namespace jb;
using core::check_report_file_name;
using core::FileNameProblem;

TEST_CASE("file names: a plain name ending in .pdf is a report's", "[spec][file_name]") {
  for (const char* name : {"a.pdf", "宁波市经济运行简况.pdf", "2025 Q3 (final).pdf", "a.b.pdf",
                           "x-1_2.pdf", "a..pdf"}) {
    INFO(name);
    CHECK(check_report_file_name(name) == FileNameProblem::none);
  }
}

TEST_CASE("file names: a control character is refused, before any other rule",
          "[spec][file_name]") {
  for (const std::string& name :
       {std::string("a\x01.pdf"), std::string("a\tb.pdf"), std::string("a\n.pdf"),
        std::string("a\x7f.pdf"), std::string("\x1b[31m.pdf"), std::string("a\0b.pdf", 7),
        std::string("/x\x01"), std::string(".\x02")}) {
    INFO(name);
    CHECK(check_report_file_name(name) == FileNameProblem::control_character);
  }
  CHECK(check_report_file_name("a\x80.pdf") == FileNameProblem::none);  // a UTF-8 byte, not C0
}

TEST_CASE("file names: a path or a hidden name is refused", "[spec][file_name]") {
  for (const char* name :
       {"a/b.pdf", "/a.pdf", "a\\b.pdf", "../a.pdf", "./a.pdf", ".a.pdf", ".jianbao.lock.pdf",
        ".jianbao.tmp.1.all.abcdef.a.pdf", ".", "..", ".pdf", "a/"}) {
    INFO(name);
    CHECK(check_report_file_name(name) == FileNameProblem::not_plain);
  }
}

TEST_CASE("file names: a report's name ends in .pdf after at least one character",
          "[spec][file_name]") {
  for (const char* name : {"", "a", "pdf", "a.PDF", "a.pdf.txt", "a.pd", "apdf", "a.pdf "}) {
    INFO(name);
    CHECK(check_report_file_name(name) == FileNameProblem::not_pdf);
  }
}

TEST_CASE("file names: at most the file system's bytes in a name", "[spec][file_name]") {
  const std::string n255 = std::string(251, 'b') + ".pdf", n256 = std::string(252, 'c') + ".pdf";
  CHECK(check_report_file_name(n255, 255) == FileNameProblem::none);
  CHECK(check_report_file_name(n256, 255) == FileNameProblem::too_long);
  // Bytes, not characters: 84 Chinese characters are 252 bytes, 256 with ".pdf".
  std::string chinese;
  for (int i = 0; i < 84; ++i) chinese += "区";
  CHECK(check_report_file_name(chinese + ".pdf", 255) == FileNameProblem::too_long);
  CHECK(check_report_file_name(chinese + ".pdf", 256) == FileNameProblem::none);
  // The spec and the model cannot know the file system: no limit unless one is given.
  CHECK(check_report_file_name(std::string(1000, 'a') + ".pdf") == FileNameProblem::none);
  CHECK(core::fits_name_max(n255, core::fallback_name_max));
  CHECK_FALSE(core::fits_name_max(n256, core::fallback_name_max));
  CHECK(core::fits_name_max("manifest.json", 13));
  CHECK_FALSE(core::fits_name_max("manifest.json", 12));
}

TEST_CASE("file names: the spec's output is refused by the same rules as each.output",
          "[spec][file_name]") {
  auto output = [](const std::string& name) {
    return "document: {title: t, date: 2025-11-20, output: '" + name + "'}\nbody: [page_break]\n";
  };
  CHECK(test::parse_yaml(output("简况.pdf")).meta.output_name == "简况.pdf");
  // A backslash and a hidden name, which each.output always refused, now here too.
  for (const char* name : {"a\\b.pdf", ".hidden.pdf", "a/b.pdf", "a.txt", ".pdf"}) {
    INFO(name);
    const auto e = test::user_error_of([&] { test::parse_yaml(output(name)); });
    CHECK(e.code() == core::ExitCode::invalid_spec);
    CHECK(std::string(e.what()).find("error: 'output' must be a file name ending in .pdf") !=
          std::string::npos);
  }
  const auto e = test::user_error_of([&] {
    test::parse_yaml(
        "document: {title: t, date: 2025-11-20, output: \"a\\x01.pdf\"}\n"
        "body: [page_break]\n");
  });
  CHECK(std::string(e.what()).find("'output' holds a control character") != std::string::npos);
}
