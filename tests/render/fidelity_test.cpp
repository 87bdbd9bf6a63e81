// tests/render (label "fidelity"): every character of every shipped font prints as the font
// draws it. Each character of the font's cmap is set through our whole PDF path (HarfBuzz
// subset, libharu embedding, qpdf finishing) on a grid; the PDF is rasterised by pdftoppm and
// each cell compared with the same glyph drawn straight from the font file by cairo-ft.
// Both sides rasterise the same outline at the same whole-pixel position, so a faithful glyph
// matches to the pixel (measured: a difference of 0 for every glyph of every shipped font). This is
// what catches libharu's subsetter breaking composite glyphs (阿 printed as 可), a glyph
// mapped to the wrong character, a character printed blank, or a part of a glyph lost.
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/utf8.hpp"
#include "output/finish_pdf.hpp"
#include "raster.hpp"
#include "render/pdf/render_pdf.hpp"
#include "support.hpp"

using namespace jb;

namespace {

constexpr double size_pt = 24;  // 24 px per em at 72 dpi
constexpr int cell = 36;        // grid pitch, pt = px
constexpr int columns = 60, rows = 60;

bool printable(FT_ULong cp) {
  return cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F) && cp <= 0xFFFF &&
         !(cp >= 0xD800 && cp <= 0xDFFF);
}

struct Fidelity {
  std::size_t characters = 0, matched = 0;
  std::vector<std::string> mismatches;
  double worst_matched = 0;         // largest diff/ink among the matches
  std::array<double, 3> seconds{};  // our PDF path, pdftoppm, reference and comparison
};

// `only`: set just these characters (default: the font's whole cmap).
Fidelity check_font(const std::filesystem::path& file, const std::u32string& only = {}) {
  INFO(file);
  FT_Library lib = nullptr;
  REQUIRE(FT_Init_FreeType(&lib) == 0);
  FT_Face face = nullptr;
  REQUIRE(FT_New_Face(lib, file.c_str(), 0, &face) == 0);
  std::vector<std::pair<char32_t, FT_UInt>> chars;
  FT_UInt gid = 0;
  for (FT_ULong cp = FT_Get_First_Char(face, &gid); gid != 0; cp = FT_Get_Next_Char(face, cp, &gid))
    if (printable(cp) && (only.empty() || only.find(static_cast<char32_t>(cp)) != only.npos))
      chars.push_back({static_cast<char32_t>(cp), gid});

  // The grid, through our PDF path: one run per character, all in the song role.
  layout::PageLayout pl;
  pl.width_pt = pl.height_pt = cell * columns;
  pl.fonts.push_back(test::face(vocab::FontRole::song, file));
  pl.title = "fidelity " + file.filename().string();
  pl.year = 2026, pl.month = 1, pl.day = 1;
  const std::size_t per_page = columns * rows;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    if (i % per_page == 0) pl.pages.emplace_back();
    const std::size_t k = i % per_page;
    const double x = static_cast<double>(k % columns * cell + 6);
    const double baseline_down = static_cast<double>(k / columns * cell + 27);
    pl.pages.back().runs.push_back(
        {x, pl.height_pt - baseline_down, vocab::FontRole::song, size_pt, {chars[i].first}, 0, {}});
  }
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  const pdf::PdfDocument rendered = pdf::render_pdf(pl);
  const std::string finished = output::finish_pdf(rendered, {}, pl);
  test::TempDir tmp;
  const auto pdf_path = tmp.path() / "grid.pdf";
  std::ofstream(pdf_path, std::ios::binary) << finished;
  if (const char* keep = std::getenv("JIANBAO_FIDELITY_KEEP"))
    std::ofstream(std::filesystem::path(keep) / (file.stem().string() + ".pdf"), std::ios::binary)
        << finished;
  const auto t1 = clock::now();
  // pdftoppm (Splash) gives the same pixels as pdftocairo here, ten times faster.
  const auto r = test::run("pdftoppm -gray -r 72 '" + pdf_path.string() + "' '" +
                           (tmp.path() / "page").string() + "'");
  REQUIRE(r.exit_code == 0);
  std::vector<std::filesystem::path> pngs;
  for (const auto& f : std::filesystem::directory_iterator(tmp.path()))
    if (f.path().extension() == ".pgm") pngs.push_back(f.path());
  std::sort(pngs.begin(), pngs.end());
  REQUIRE(pngs.size() == pl.pages.size());

  const auto t2 = clock::now();
  Fidelity out;
  const test::CairoFont reference(file);
  REQUIRE(reference.get());
  for (std::size_t p = 0; p < pngs.size(); ++p) {
    const test::Image page = test::load_pgm(pngs[p]);
    REQUIRE(page.width == cell * columns);
    std::vector<test::PlacedGlyph> placed;
    const std::size_t first = p * per_page, last = std::min(chars.size(), first + per_page);
    for (std::size_t i = first; i < last; ++i) {
      const std::size_t k = i - first;
      placed.push_back({chars[i].second, static_cast<double>(k % columns * cell + 6),
                        static_cast<double>(k / columns * cell + 27)});
    }
    const test::Image want = test::draw_glyphs(reference, size_pt, page.width, page.height, placed);
    if (const char* keep = std::getenv("JIANBAO_FIDELITY_KEEP")) {  // for looking at a failure
      const auto stem =
          std::filesystem::path(keep) / (file.stem().string() + "-" + std::to_string(p + 1));
      test::write_png(page, stem.string() + ".pdf.png");
      test::write_png(want, stem.string() + ".reference.png");
    }
    for (std::size_t i = first; i < last; ++i) {
      const int k = static_cast<int>(i - first);
      const int x0 = k % columns * cell, y0 = k / columns * cell;
      const test::RegionDiff d = test::compare_region(page, want, x0, y0, x0 + cell, y0 + cell);
      ++out.characters;
      // The same outline at the same position gives the same pixels (another poppler might
      // antialias a little differently); a wrong or broken glyph differs by much of its ink.
      if (d.diff <= 0.5 + 0.02 * d.ink) {
        ++out.matched;
        if (d.ink > 10) out.worst_matched = std::max(out.worst_matched, d.diff / d.ink);
      } else if (out.mismatches.size() < 20) {
        std::ostringstream m;
        m << core::encode_utf8(std::u32string(1, chars[i].first)) << " "
          << core::code_point_name(chars[i].first) << " diff " << d.diff << " ink " << d.ink;
        out.mismatches.push_back(m.str());
      }
    }
  }
  const auto t3 = clock::now();
  auto s = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  out.seconds = {s(t0, t1), s(t1, t2), s(t2, t3)};
  FT_Done_Face(face);
  FT_Done_FreeType(lib);
  return out;
}

void expect_faithful(const std::string& name, std::size_t at_least) {
  const Fidelity f = check_font(test::font_dir / name);
  std::string examples;
  for (const auto& m : f.mismatches) examples += "\n  " + m;
  INFO("first mismatches:" << examples);
  WARN(name << ": " << f.matched << " of " << f.characters
            << " characters match the font's own drawing (worst match: diff/ink " << f.worst_matched
            << "; seconds: PDF " << f.seconds[0] << ", pdftoppm " << f.seconds[1]
            << ", reference and comparison " << f.seconds[2] << ")");
  CHECK(f.characters >= at_least);
  CHECK(f.matched == f.characters);
}

}  // namespace

TEST_CASE("fidelity: JianbaoSerifSC-Regular.ttf", "[fidelity][e2e]") {
  expect_faithful("JianbaoSerifSC-Regular.ttf", 22000);
}
TEST_CASE("fidelity: JianbaoSansSC-Regular.ttf", "[fidelity][e2e]") {
  expect_faithful("JianbaoSansSC-Regular.ttf", 22000);
}
TEST_CASE("fidelity: JianbaoSansSC-Bold.ttf", "[fidelity][e2e]") {
  expect_faithful("JianbaoSansSC-Bold.ttf", 22000);
}
TEST_CASE("fidelity: JianbaoKai-Regular.ttf", "[fidelity][e2e]") {
  expect_faithful("JianbaoKai-Regular.ttf", 22000);
}
TEST_CASE("fidelity: JianbaoFang-Regular.ttf", "[fidelity][e2e]") {
  expect_faithful("JianbaoFang-Regular.ttf", 8500);
}
TEST_CASE("fidelity: LiberationSerif-Regular.ttf", "[fidelity][e2e]") {
  expect_faithful("LiberationSerif-Regular.ttf", 2000);
}
TEST_CASE("fidelity: LiberationSerif-Bold.ttf", "[fidelity][e2e]") {
  expect_faithful("LiberationSerif-Bold.ttf", 2000);
}
TEST_CASE("fidelity: LiberationSans-Regular.ttf", "[fidelity][e2e]") {
  expect_faithful("LiberationSans-Regular.ttf", 2000);
}
TEST_CASE("fidelity: LiberationSans-Bold.ttf", "[fidelity][e2e]") {
  expect_faithful("LiberationSans-Bold.ttf", 2000);
}

// The comparison itself must fail on a glyph libharu breaks. Set alone, Â of the fixture (a
// composite whose part Á is itself composite) loses Á's own parts in libharu's subsetter. (Set
// with the whole cmap it prints right: its parts are then used directly. That is why the
// structural test, not this one, guards composites; this one guards the whole path.) The
// fixture goes through the PDF path directly; FontSet refuses it before that.
TEST_CASE("fidelity: the comparison catches a glyph libharu breaks", "[fidelity][e2e]") {
  const Fidelity nested =
      check_font(test::source_dir / "tests/fixtures/fonts/nested-composite.ttf", U"Â");
  REQUIRE(nested.characters == 1);
  REQUIRE(nested.mismatches.size() == 1);
  CHECK(nested.mismatches[0].rfind("Â U+00C2", 0) == 0);
}
