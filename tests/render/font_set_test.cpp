// tests/render: the font set measures exactly as libharu writes, and refuses unusable fonts.
#include <catch2/catch.hpp>
#include <hpdf.h>

#include <fstream>

#include "core/diagnostic.hpp"
#include "render/pdf/font_set.hpp"
#include "support.hpp"

using namespace jb;

namespace {
std::vector<model::FontFace> shipped_fonts() {
  std::vector<model::FontFace> f;
  const auto spec = test::parse_yaml("document: {title: t, date: 2025-11-20}\nbody: [page_break]\n");
  for (const auto& s : spec.fonts) f.push_back({s.role, s.file, s.face_index, s.where});
  return f;
}
}  // namespace

TEST_CASE("FontSet widths equal libharu's own + glyph for glyph", "[render]") {
  const auto faces = shipped_fonts();
  const pdf::FontSet fonts(faces);
  HPDF_Doc doc = HPDF_New(nullptr, nullptr);
  REQUIRE(doc);
  HPDF_UseUTFEncodings(doc);
  const std::u32string sample = U"中国宁波新质生产力，。、；：？！（）《》“”‘’—…·0123456789.%ABCxyz 镕堃喆玥";
  int compared = 0;
  for (const auto& f : faces) {
    const bool ttc = f.file.extension() == ".ttc";
    const char* name = ttc ? HPDF_LoadTTFontFromFile2(doc, f.file.c_str(), static_cast<HPDF_UINT>(f.face_index), HPDF_FALSE)
                           : HPDF_LoadTTFontFromFile(doc, f.file.c_str(), HPDF_FALSE);
    REQUIRE(name);
    HPDF_Font font = HPDF_GetFont(doc, name, "UTF-8");
    REQUIRE(font);
    for (char32_t c : sample) {
      const auto ours = fonts.advance_em(f.role, c);
      if (!ours) continue;
      INFO(spec::font_role_name(f.role) << " " << core::code_point_name(c));
      CHECK(*ours * 1000 == Approx(HPDF_Font_GetUnicodeWidth(font, static_cast<HPDF_UNICODE>(c))).margin(1e-9));
      ++compared;
    }
  }
  HPDF_Free(doc);
  CHECK(compared > 150);
}

TEST_CASE("FontSet knows which characters a font lacks", "[render]") {
  const pdf::FontSet fonts(shipped_fonts());
  CHECK(fonts.advance_em(spec::FontRole::song, U'镕'));
  CHECK_FALSE(fonts.advance_em(spec::FontRole::latin, U'中'));
  CHECK_FALSE(fonts.advance_em(spec::FontRole::song, 0xE000));  // private use
}

TEST_CASE("FontSet refuses missing files and files that are not TrueType fonts", "[render]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "fake.ttf") << "not a font";
  try {
    pdf::FontSet({{spec::FontRole::song, tmp.path() / "none.ttf", 0, {"s.yaml", 3, 9}}});
    FAIL("expected an error");
  } catch (const core::UserError& e) {
    CHECK(e.code() == core::ExitCode::missing_input);
    CHECK(core::format_diagnostic(e.diagnostics()[0]).rfind("s.yaml:3:9: error: cannot open the song font", 0) == 0);
  }
  try {
    pdf::FontSet({{spec::FontRole::hei, tmp.path() / "fake.ttf", 0, {"s.yaml", 4, 9}}});
    FAIL("expected an error");
  } catch (const core::UserError& e) {
    CHECK(e.code() == core::ExitCode::invalid_spec);
  }
}
