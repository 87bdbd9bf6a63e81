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

// Compares (or, with `update`, replaces) the references in `expected` with `pdf`'s pages and
// text; the pages are rasterised into `work`.
void compare_pdf(const std::filesystem::path& pdf, const std::filesystem::path& expected,
                 const std::filesystem::path& work, bool update) {
  INFO("PDF " << pdf.filename());
  std::filesystem::create_directories(work);
  REQUIRE(test::run("pdftoppm -r " + std::to_string(dpi) + " -gray -png '" + pdf.string() + "' '" +
                    (work / "page").string() + "'")
              .exit_code == 0);
  const std::string text = test::run("pdftotext -enc UTF-8 '" + pdf.string() + "' -").out;

  std::vector<std::filesystem::path> pages;
  for (const auto& f : std::filesystem::directory_iterator(work))
    if (f.path().extension() == ".png") pages.push_back(f.path());
  std::sort(pages.begin(), pages.end());

  if (update) {
    std::filesystem::remove_all(expected);
    std::filesystem::create_directories(expected);
    for (const auto& p : pages) std::filesystem::copy_file(p, expected / p.filename());
    std::ofstream(expected / "text.txt", std::ios::binary) << text;
    WARN("golden references " << expected << " updated");
    return;
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
}

}  // namespace

TEST_CASE("golden jobs render as their references", "[golden][e2e]") {
  const bool update = std::getenv("JIANBAO_GOLDEN_UPDATE") != nullptr;
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_dir / "tests/golden")) {
    if (!entry.is_directory()) continue;
    const auto dir = entry.path();
    INFO("golden case " << dir.filename());
    test::TempDir out;
    const auto r = test::run(test::jianbao + " -q render '" + (dir / "job.yaml").string() +
                             "' -o '" + out.path().string() + "'");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<std::filesystem::path> pdfs;
    for (const auto& f : std::filesystem::directory_iterator(out.path()))
      if (f.path().extension() == ".pdf") pdfs.push_back(f.path());
    std::sort(pdfs.begin(), pdfs.end());
    REQUIRE(!pdfs.empty());
    // One PDF: its references in expected/; a batch: each report's in expected/<its name>/,
    // and no report more or fewer than the references.
    if (pdfs.size() == 1) {
      compare_pdf(pdfs[0], dir / "expected", out.path() / "pages", update);
    } else {
      std::size_t references = 0;
      if (!update && std::filesystem::is_directory(dir / "expected"))
        for (const auto& f : std::filesystem::directory_iterator(dir / "expected"))
          references += f.is_directory();
      if (!update) CHECK(references == pdfs.size());
      if (update) std::filesystem::remove_all(dir / "expected");
      for (const auto& pdf : pdfs)
        compare_pdf(pdf, dir / "expected" / pdf.stem(), out.path() / "pages" / pdf.stem(), update);
    }
    ++cases;
  }
  CHECK(cases >= 3);
}
