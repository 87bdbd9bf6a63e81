// tests/core: trimming (core::trim): the blanks of one line by default, line ends too when asked,
// and what its callers rely on: a CSV cell keeps a line end or an ideographic space inside it, a
// placeholder written over lines in a YAML block loses the line ends around it.
#include "core/trim.hpp"

#include <catch2/catch.hpp>

#include "core/diagnostic.hpp"
#include "spec/text_template.hpp"

using namespace jb;

TEST_CASE("trim: spaces and tabs go from both ends, nothing from the middle", "[core]") {
  CHECK(core::trim("  a b\t") == "a b");
  CHECK(core::trim("\t\ta") == "a");
  CHECK(core::trim("a") == "a");
  CHECK(core::trim("") == "");
  CHECK(core::trim(" \t ").empty());
  // The result is a view into the text: nothing is copied.
  const std::string_view s = "  x  ";
  CHECK(core::trim(s).data() == s.data() + 2);
}

TEST_CASE("trim: line ends are blanks only in the white-space set", "[core]") {
  CHECK(core::trim("\nname\r\n") == "\nname\r\n");  // a line end inside a line is content
  CHECK(core::trim("\nname\r\n", core::white_space) == "name");
  CHECK(core::trim(" \r\n\t", core::white_space).empty());
  // An ideographic space (U+3000) is a character of the text, not a blank: the data stage's
  // cell normaliser decides what it means.
  CHECK(core::trim("\xE3\x80\x80"
                   "工业 ") ==
        "\xE3\x80\x80"
        "工业");
}

TEST_CASE("is_blank: only characters of the set, or nothing", "[core]") {
  CHECK(core::is_blank(""));
  CHECK(core::is_blank(" \t"));
  CHECK_FALSE(core::is_blank(" \n"));
  CHECK(core::is_blank(" \n", core::white_space));
  CHECK_FALSE(core::is_blank(" x ", core::white_space));
}

TEST_CASE("trim: a placeholder's expression loses the line ends of a literal block", "[core]") {
  const std::string value = "总值{{\n  gdp.last.v \n}}。";
  const spec::SourceMap source("t.yaml", value);
  core::DiagnosticList diags;
  const auto t = spec::parse_text_template(value, {"t.yaml", 1, 1}, 0, source, diags);
  CHECK_FALSE(diags.has_errors());
  REQUIRE(t.segments.size() == 3);
  CHECK(t.segments[1].is_placeholder);
  CHECK(t.segments[1].text == "gdp.last.v");
}
