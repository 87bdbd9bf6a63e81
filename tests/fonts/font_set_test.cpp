// tests/render: the font set measures exactly as libharu writes, and refuses unusable fonts.
#include "fonts/font_set.hpp"

#include <hpdf.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "core/diagnostic.hpp"
#include "fonts/font_subset.hpp"
#include "support.hpp"

using namespace jb;

using test::shipped_fonts;

TEST_CASE("FontSet widths equal libharu's own + glyph for glyph", "[render]") {
  const auto faces = shipped_fonts();
  const fonts::FontSet fonts(faces);
  HPDF_Doc doc = HPDF_New(nullptr, nullptr);
  REQUIRE(doc);
  HPDF_UseUTFEncodings(doc);
  const std::u32string sample =
      U"中国宁波新质生产力，。、；：？！（）《》“”‘’—…·0123456789.%ABCxyz 镕堃喆玥";
  int compared = 0;
  for (const auto& f : faces) {
    const bool ttc = f.file.extension() == ".ttc";
    const char* name =
        ttc ? HPDF_LoadTTFontFromFile2(doc, f.file.c_str(), static_cast<HPDF_UINT>(f.face_index),
                                       HPDF_FALSE)
            : HPDF_LoadTTFontFromFile(doc, f.file.c_str(), HPDF_FALSE);
    REQUIRE(name);
    HPDF_Font font = HPDF_GetFont(doc, name, "UTF-8");
    REQUIRE(font);
    for (char32_t c : sample) {
      const auto ours = fonts.advance_em(f.role, c);
      if (!ours) continue;
      INFO(vocab::font_role_name(f.role) << " " << core::code_point_name(c));
      CHECK(*ours * 1000 ==
            Approx(HPDF_Font_GetUnicodeWidth(font, static_cast<HPDF_UNICODE>(c))).margin(1e-9));
      ++compared;
    }
  }
  HPDF_Free(doc);
  CHECK(compared > 150);
}

TEST_CASE("FontSet knows which characters a font lacks", "[render]") {
  const fonts::FontSet fonts(shipped_fonts());
  CHECK(fonts.advance_em(vocab::FontRole::song, U'镕'));
  CHECK_FALSE(fonts.advance_em(vocab::FontRole::latin, U'中'));
  CHECK_FALSE(fonts.advance_em(vocab::FontRole::song, 0xE000));  // private use
}

TEST_CASE("FontSet refuses missing files and files that are not TrueType fonts", "[render]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "fake.ttf") << "not a font";
  {
    const core::UserError e = test::user_error_of([&] {
      fonts::FontSet(
          {test::face(vocab::FontRole::song, tmp.path() / "none.ttf", {"s.yaml", 3, 9})});
    });
    CHECK(e.code() == core::ExitCode::missing_input);
    CHECK(core::format_diagnostic(e.diagnostics()[0])
              .rfind("s.yaml:3:9: error: cannot open the song font", 0) == 0);
  }
  {
    const core::UserError e = test::user_error_of([&] {
      fonts::FontSet({test::face(vocab::FontRole::hei, tmp.path() / "fake.ttf", {"s.yaml", 4, 9})});
    });
    CHECK(e.code() == core::ExitCode::invalid_spec);
  }
}

TEST_CASE("a font subset holds the requested characters and little else", "[render]") {
  const auto serif = test::font_dir / "JianbaoSerifSC-Regular.ttf";
  const fonts::FontSubset sub(serif, 0, U"中国宁波，。");
  CHECK(sub.size_bytes() > 0);
  CHECK(sub.size_bytes() < 20000);  // the whole font is 9.6 MB
  const fonts::FontSet fonts({test::face(vocab::FontRole::song, sub.path())});
  const fonts::FontSet full({test::face(vocab::FontRole::song, serif)});
  for (char32_t c : std::u32string(U"中国宁波，。")) {
    REQUIRE(fonts.advance_em(vocab::FontRole::song, c));
    CHECK(*fonts.advance_em(vocab::FontRole::song, c) ==
          *full.advance_em(vocab::FontRole::song, c));
  }
  CHECK_FALSE(fonts.advance_em(vocab::FontRole::song, U'的'));
  CHECK_THROWS_AS(fonts::FontSubset(test::font_dir / "SHA256SUMS", 0, U"中"), std::runtime_error);
}
