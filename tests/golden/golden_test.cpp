// tests/golden: whole jobs from tests/golden/<case>/ (job.yaml and its inputs) rendered by the
// real binary; each page rasterised and compared with expected/page-N.png within a tolerance,
// the extracted text compared exactly with expected/text.txt. On a mismatch the actual and
// diff images are written beside the expected ones. `make golden-update` accepts new
// references on purpose (JIANBAO_GOLDEN_UPDATE=1).
#include <cairo.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "raster.hpp"
#include "support.hpp"

using namespace jb;
using test::Image;
using test::load_png;

namespace {

constexpr int dpi = 40;                        // small images, still enough to see a line move
constexpr int pixel_tolerance = 48;            // grey levels (antialiasing differs a little)
constexpr double max_differing_share = 0.004;  // of a page's pixels

void write_diff(const Image& a, const Image& b, const std::filesystem::path& p) {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, a.width, a.height);
  unsigned char* data = cairo_image_surface_get_data(s);
  const int stride = cairo_image_surface_get_stride(s);
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x) {
      const auto i = static_cast<std::size_t>(y * a.width + x);
      const bool differs = std::abs(a.ink[i] - b.ink[i]) > pixel_tolerance;
      const auto grey = static_cast<unsigned char>(255 - a.ink[i]);
      unsigned char* px = data + y * stride + x * 4;
      px[0] = differs ? 0 : grey;  // differing pixels in red
      px[1] = differs ? 0 : grey;
      px[2] = differs ? 255 : grey;
    }
  cairo_surface_mark_dirty(s);
  cairo_surface_write_to_png(s, p.c_str());
  cairo_surface_destroy(s);
}

}  // namespace

TEST_CASE("golden jobs render as their references", "[golden]") {
  const bool update = std::getenv("JIANBAO_GOLDEN_UPDATE") != nullptr;
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_dir / "tests/golden")) {
    if (!entry.is_directory()) continue;
    const auto dir = entry.path();
    const auto expected = dir / "expected";
    INFO("golden case " << dir.filename());
    test::TempDir out;
    const auto r = test::run(test::jianbao + " -q render '" +
                             (dir / "job.yaml").string() + "' -o '" + out.path().string() + "'");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::filesystem::path pdf;
    for (const auto& f : std::filesystem::directory_iterator(out.path()))
      if (f.path().extension() == ".pdf") pdf = f.path();
    REQUIRE(!pdf.empty());
    REQUIRE(test::run("pdftoppm -r " + std::to_string(dpi) + " -gray -png '" + pdf.string() +
                      "' '" + (out.path() / "page").string() + "'")
                .exit_code == 0);
    const std::string text = test::run("pdftotext -enc UTF-8 '" + pdf.string() + "' -").out;

    std::vector<std::filesystem::path> pages;
    for (const auto& f : std::filesystem::directory_iterator(out.path()))
      if (f.path().extension() == ".png") pages.push_back(f.path());
    std::sort(pages.begin(), pages.end());

    if (update) {
      std::filesystem::remove_all(expected);
      std::filesystem::create_directories(expected);
      for (const auto& p : pages) std::filesystem::copy_file(p, expected / p.filename());
      std::ofstream(expected / "text.txt", std::ios::binary) << text;
      WARN("golden references of " << dir.filename() << " updated");
      ++cases;
      continue;
    }

    CHECK(text == test::read_file(expected / "text.txt"));
    std::size_t expected_pages = 0;
    for (const auto& f : std::filesystem::directory_iterator(expected))
      expected_pages += f.path().extension() == ".png" &&
                        f.path().filename().string().rfind("page-", 0) == 0 &&
                        f.path().string().find(".actual.") == std::string::npos &&
                        f.path().string().find(".diff.") == std::string::npos;
    CHECK(pages.size() == expected_pages);
    for (const auto& p : pages) {
      INFO(p.filename());
      const Image actual = load_png(p);
      const Image want = load_png(expected / p.filename());
      REQUIRE(want.width > 0);
      REQUIRE(actual.width == want.width);
      REQUIRE(actual.height == want.height);
      std::size_t differing = 0;
      for (std::size_t i = 0; i < actual.ink.size(); ++i)
        differing += std::abs(actual.ink[i] - want.ink[i]) > pixel_tolerance;
      const double share = static_cast<double>(differing) / static_cast<double>(actual.ink.size());
      if (share > max_differing_share) {
        const auto stem = expected / p.stem();
        std::filesystem::copy_file(p, stem.string() + ".actual.png",
                                   std::filesystem::copy_options::overwrite_existing);
        write_diff(actual, want, stem.string() + ".diff.png");
      }
      CHECK(share <= max_differing_share);
    }
    ++cases;
  }
  CHECK(cases >= 1);
}
