// tests/render: the shipped fonts hold no composite glyph libharu 2.3.0 breaks; a font of the
// spec's that has one, or CFF outlines, is refused when it is loaded.
#include "fonts/font_check.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <catch2/catch.hpp>

#include "fonts/font_set.hpp"
#include "support.hpp"

using namespace jb;

namespace {

fonts::CompositeCheck check_file(const std::filesystem::path& file) {
  FT_Library lib = nullptr;
  REQUIRE(FT_Init_FreeType(&lib) == 0);
  FT_Face face = nullptr;
  REQUIRE(FT_New_Face(lib, file.c_str(), 0, &face) == 0);
  const fonts::CompositeCheck c = fonts::check_composites(face);
  FT_Done_Face(face);
  FT_Done_FreeType(lib);
  return c;
}

const auto fixtures = test::source_dir / "tests/fixtures/fonts";

}  // namespace

TEST_CASE("every glyph reachable from a shipped font's cmap is one libharu embeds whole",
          "[render]") {
  int fonts = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::font_dir)) {
    if (entry.path().extension() != ".ttf") continue;
    const fonts::CompositeCheck c = check_file(entry.path());
    INFO(entry.path().filename() << ": " << c.characters << " characters, " << c.glyphs
                                 << " glyphs, " << c.composites << " composite " << c.malformed);
    for (const auto& e : c.examples) UNSCOPED_INFO(e);
    CHECK(c.ok());
    CHECK(c.characters > 2000);
    ++fonts;
  }
  CHECK(fonts == 9);
}

TEST_CASE("the composite check finds nested composites and parts beyond 32767", "[render]") {
  const fonts::CompositeCheck nested = check_file(fixtures / "nested-composite.ttf");
  CHECK(nested.broken == 1);
  REQUIRE(nested.examples.size() == 1);
  CHECK(nested.examples[0] == "'Â' (U+00C2): part glyph 2 is itself composite");
  const fonts::CompositeCheck high = check_file(fixtures / "high-part.ttf");
  CHECK(high.broken == 1);
  REQUIRE(high.examples.size() == 1);
  CHECK(high.examples[0] == "'Á' (U+00C1): part glyph 32772 >= 32768");
  CHECK(check_file(test::font_dir / "LiberationSans-Regular.ttf").composites > 100);  // fine ones
}

TEST_CASE("a font of the spec's that libharu would break is refused at load", "[render]") {
  for (const char* name : {"nested-composite.ttf", "high-part.ttf"}) {
    INFO(name);
    const core::UserError e = test::user_error_of([&] {
      fonts::FontSet({test::face(vocab::FontRole::fang, fixtures / name, {"s.yaml", 7, 9})},
                     test::font_dir);
    });
    CHECK(e.code() == core::ExitCode::invalid_spec);
    const std::string msg = core::format_diagnostic(e.diagnostics()[0]);
    CHECK(msg.rfind("s.yaml:7:9: error: the fang font '", 0) == 0);
    CHECK(msg.find("cannot be embedded safely: 1 characters would print wrong") !=
          std::string::npos);
    CHECK(msg.find("hint: libharu 2.3.0 breaks composite glyphs") != std::string::npos);
  }
  const core::UserError cff = test::user_error_of([&] {
    fonts::FontSet({test::face(vocab::FontRole::song, fixtures / "cff.otf", {"s.yaml", 8, 9})});
  });
  CHECK(cff.code() == core::ExitCode::invalid_spec);
  CHECK(core::format_diagnostic(cff.diagnostics()[0]).find("has no TrueType outlines") !=
        std::string::npos);
}
