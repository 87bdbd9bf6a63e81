// tests/e2e: fonts through the real binary. The shipped fonts are verified against SHA256SUMS;
// a character no font has, or one outside the BMP, stops the run at its own line and column;
// rare name characters print as their font draws them; narrow full-width marks get 1-em cells.
// Per-glyph positions come from `mutool convert -F stext` (TYPOGRAPHY.md §0).
#include <catch2/catch.hpp>
#include <fstream>

#include "core/utf8.hpp"
#include "raster.hpp"
#include "support.hpp"

using namespace jb;
using test::stext;
using test::StextChar;

namespace {

const std::string bin = test::jianbao;
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

struct Job {
  test::TempDir dir;
  test::CommandResult result;
  std::filesystem::path pdf() const { return dir.path() / "out" / "job.pdf"; }
};

// Writes job.yaml (and any other files) into a fresh folder and renders it.
std::unique_ptr<Job> render(const std::string& yaml,
                            const std::vector<std::pair<std::string, std::string>>& files = {},
                            const std::string& extra = "") {
  auto job = std::make_unique<Job>();
  std::ofstream(job->dir.path() / "job.yaml") << yaml;
  for (const auto& [name, text] : files) std::ofstream(job->dir.path() / name) << text;
  job->result = test::run(bin + " -q render " + q(job->dir.path() / "job.yaml") + " -o " +
                          q(job->dir.path() / "out") + extra);
  return job;
}

const std::string head = "document: {title: 字体测试, date: 2025-11-20}\n";

std::string utf8(char32_t c) { return core::encode_utf8(std::u32string(1, c)); }

}  // namespace

TEST_CASE("a shipped font that differs from SHA256SUMS stops the run with 78", "[e2e][fonts]") {
  test::TempDir fonts;
  for (const auto& f : std::filesystem::directory_iterator(test::font_dir))
    if (f.is_regular_file())
      std::filesystem::copy_file(f.path(), fonts.path() / f.path().filename());
  {  // one byte changed in the body font
    std::fstream f(fonts.path() / "JianbaoSerifSC-Regular.ttf",
                   std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(5000000);
    f.put('\x55');
  }
  const std::string yaml = head + "body:\n  - paragraph: 正文\n";
  const auto job = render(yaml, {}, " --font-dir " + q(fonts.path()));
  INFO(job->result.err);
  CHECK(job->result.exit_code == 78);
  CHECK(job->result.err.find("/SHA256SUMS:5:1: error: the font '") != std::string::npos);
  CHECK(job->result.err.find("JianbaoSerifSC-Regular.ttf' is not the file jianbao ships") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(job->pdf()));

  // A font in the folder that SHA256SUMS does not list, and a folder without SHA256SUMS.
  std::filesystem::remove(fonts.path() / "JianbaoSerifSC-Regular.ttf");
  std::filesystem::copy_file(test::font_dir / "JianbaoSerifSC-Regular.ttf",
                             fonts.path() / "JianbaoSerifSC-Regular.ttf");
  std::filesystem::copy_file(test::font_dir / "LiberationSans-Bold.ttf",
                             fonts.path() / "Extra.ttf");
  const auto extra = render(head + "fonts: {latin_bold: Extra.ttf}\nbody:\n  - paragraph: 正文\n",
                            {}, " --font-dir " + q(fonts.path()));
  INFO(extra->result.err);
  CHECK(extra->result.exit_code == 78);
  CHECK(extra->result.err.find("job.yaml:2:21: error: the font '") != std::string::npos);
  CHECK(extra->result.err.find("Extra.ttf' is not listed in") != std::string::npos);
  std::filesystem::remove(fonts.path() / "SHA256SUMS");
  const auto no_sums = render(yaml, {}, " --font-dir " + q(fonts.path()));
  CHECK(no_sums->result.exit_code == 78);
  CHECK(no_sums->result.err.find("the shipped fonts cannot be verified") != std::string::npos);
}

TEST_CASE("a character no font has is an error at its own line and column", "[e2e][fonts]") {
  SECTION("in the spec's prose, on a folded line") {
    const auto job = render(head +
                            "body:\n"
                            "  - paragraph: >-\n"
                            "      第一行文字，\n"
                            "      泰文ก字。\n");
    CHECK(job->result.exit_code == 65);
    CHECK(job->result.err.rfind(
              (job->dir.path() / "job.yaml").string() +
                  ":5:9: error: no font has the character 'ก' (U+0E01)\n  hint: no font of the "
                  "song chain has it",
              0) == 0);
    CHECK_FALSE(std::filesystem::exists(job->pdf()));
  }
  SECTION("in a data value used in prose, and in a table cell") {
    const auto job = render(head +
                                "data: {t: t.csv}\n"
                                "body:\n"
                                "  - paragraph: 企业：{{ t.甲.name }}。\n"
                                "  - table:\n"
                                "      data: t\n"
                                "      columns: [{header: 企业, column: name}]\n",
                            {{"t.csv", "key,name\n甲,泰ก公司\n"}});
    INFO(job->result.err);
    CHECK(job->result.exit_code == 65);
    const std::string csv = (job->dir.path() / "t.csv").string();
    const std::string spec = (job->dir.path() / "job.yaml").string();
    CHECK(job->result.err.find(csv +
                               ":2: error: no font has the character 'ก' (U+0E01) in the "
                               "value of {{ t.甲.name }} at " +
                               spec + ":4:19") != std::string::npos);
    CHECK(job->result.err.find(csv + ":2: error: no font has the character 'ก' (U+0E01) in the "
                                     "table's column '企业'") != std::string::npos);
  }
}

TEST_CASE("a character outside the BMP stops the run instead of printing blank", "[e2e][fonts]") {
  const auto job = render(head + "body:\n  - paragraph: 姓名：王\xF0\xA0\x80\x80。\n");
  CHECK(job->result.exit_code == 65);
  CHECK(job->result.err.rfind((job->dir.path() / "job.yaml").string() +
                                  ":3:20: error: the character '\xF0\xA0\x80\x80' (U+20000) is "
                                  "outside the Basic Multilingual Plane",
                              0) == 0);
  CHECK_FALSE(std::filesystem::exists(job->pdf()));
}

TEST_CASE("rare name characters print as the font draws them", "[e2e][fonts]") {
  const std::u32string names = U"朱镕基堃喆玥";
  const auto job = render(head + "body:\n  - paragraph: 人名：朱镕基、王堃、李喆、张玥。\n");
  INFO(job->result.err);
  REQUIRE(job->result.exit_code == 0);
  CHECK(test::strip_whitespace(test::run("pdftotext -enc UTF-8 " + q(job->pdf()) + " -").out)
            .find("人名：朱镕基、王堃、李喆、张玥。") != std::string::npos);

  constexpr double scale = 4;  // 288 dpi
  REQUIRE(test::run("pdftoppm -gray -r 288 -singlefile " + q(job->pdf()) + " " +
                    q(job->dir.path() / "page"))
              .exit_code == 0);
  const test::Image page = test::load_pgm(job->dir.path() / "page.pgm");
  REQUIRE(page.width > 0);
  int compared = 0;
  for (const StextChar& ch : stext(job->pdf())) {
    if (names.find(ch.c) == std::u32string::npos) continue;
    INFO(utf8(ch.c) << " in " << ch.font);
    CHECK(ch.font == "JianbaoSerifSC-Regular");
    const test::CairoFont font(test::font_dir / (ch.font + ".ttf"));
    FT_Library lib = nullptr;
    FT_Init_FreeType(&lib);
    FT_Face face = nullptr;
    REQUIRE(FT_New_Face(lib, (test::font_dir / (ch.font + ".ttf")).c_str(), 0, &face) == 0);
    auto drawn = [&](char32_t c) {
      return test::draw_glyphs(font, ch.size * scale, page.width, page.height,
                               {{FT_Get_Char_Index(face, c), ch.x * scale, ch.y * scale}});
    };
    const int x0 = static_cast<int>(ch.x * scale) - 2, x1 = static_cast<int>(ch.x1 * scale) + 2;
    const int y0 = static_cast<int>((ch.y - ch.size) * scale),
              y1 = static_cast<int>((ch.y + 0.3 * ch.size) * scale);
    const test::RegionDiff same = test::compare_region(page, drawn(ch.c), x0, y0, x1, y1);
    const test::RegionDiff other = test::compare_region(page, drawn(U'容'), x0, y0, x1, y1);
    CHECK(same.ink > 100);
    CHECK(same.diff < 0.1 * same.ink);   // the glyph itself
    CHECK(other.diff > 0.3 * same.ink);  // and the comparison can tell another one
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
    ++compared;
  }
  CHECK(compared == 6);
}

TEST_CASE("narrow full-width marks are set in 1-em cells", "[e2e][fonts]") {
  // Level-2 headings are set in kai (LXGW WenKai), whose curly quotes are 0.35 em wide.
  const auto job = render(head +
                          "body:\n"
                          "  - heading: 关于“新质”的‘说明’（试行）《办法》，另见。\n"
                          "    level: 2\n");
  INFO(job->result.err);
  REQUIRE(job->result.exit_code == 0);
  const std::vector<StextChar> all = stext(job->pdf());
  double baseline = -1;
  for (const StextChar& ch : all)
    if (ch.c == U'关') baseline = ch.y;
  std::vector<StextChar> line;
  for (const StextChar& ch : all)
    if (std::abs(ch.y - baseline) < 0.6) line.push_back(ch);
  REQUIRE(line.size() >= 20);
  int narrow = 0, cells = 0;
  for (std::size_t i = 1; i + 1 < line.size(); ++i) {
    const StextChar &prev = line[i - 1], &ch = line[i], &next = line[i + 1];
    if (std::u32string_view(U"“”‘’（）《》，").find(ch.c) == std::u32string_view::npos) continue;
    if (std::u32string_view(U"“”‘’（）《》，").find(prev.c) != std::u32string_view::npos ||
        std::u32string_view(U"“”‘’（）《》，").find(next.c) != std::u32string_view::npos)
      continue;  // between two marks the cell is shared (W2)
    INFO(utf8(ch.c) << " glyph " << ch.x0 << "–" << ch.x1 << " between " << prev.x1 << " and "
                    << next.x);
    CHECK(next.x - prev.x1 == Approx(14.0).margin(0.5));  // the cell: 1 em of 14 pt
    if (ch.x1 - ch.x0 < 13) {
      ++narrow;
      // A narrow quotation mark is centred in its cell (its ink, which the glyph's own side
      // bearings keep within a point of its advance box's centre).
      CHECK(ch.x0 - prev.x1 == Approx(next.x - ch.x1).margin(1.0));
      CHECK(ch.x0 - prev.x1 > 3.0);
    }
    ++cells;
  }
  CHECK(cells >= 4);
  CHECK(narrow >= 2);  // the quotes are narrow glyphs, placed in their cells
}
