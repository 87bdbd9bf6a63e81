// tests/e2e: emphasis in prose through the binary: **bold** in 黑体 (or the body face stroked,
// typography.bold: {song: fake}), ~~kai~~ in 楷体, read back from the PDF (mutool's glyphs with
// their fonts, pdftotext, the content stream's text rendering mode).
#include <catch2/catch.hpp>
#include <fstream>

#include "core/utf8.hpp"
#include "support.hpp"

using namespace jb;

namespace {

std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

struct Job {
  test::TempDir dir;
  test::CommandResult result;
  std::filesystem::path pdf() const { return dir.path() / "out" / "job.pdf"; }
};

std::unique_ptr<Job> render(const std::string& yaml) {
  auto job = std::make_unique<Job>();
  std::ofstream(job->dir.path() / "job.yaml") << yaml;
  job->result = test::run(test::jianbao + " -q render " + q(job->dir.path() / "job.yaml") + " -o " +
                          q(job->dir.path() / "out"));
  return job;
}

std::string job_yaml(const std::string& typography = "") {
  return "document: {title: 强调测试, date: 2025-11-20}\n" + typography +
         "data:\n  ind: {columns: [k, v], rows: [[a, '5.04']]}\n"
         "body:\n"
         "  - paragraph: \"**一是工业生产稳中有进。**前三季度增长{{ ind.a.v | fixed(1) }}%，"
         "~~好于预期~~。\"\n"
         "  - list:\n      - \"**二是**消费回升。\"\n";
}

// The glyphs of `text` in the page's glyphs, in order, each with its font's name.
std::vector<std::string> fonts_of(const std::vector<test::StextChar>& glyphs,
                                  const std::u32string& text) {
  for (std::size_t i = 0; i + text.size() <= glyphs.size(); ++i) {
    std::size_t k = 0;
    while (k < text.size() && glyphs[i + k].c == text[k]) ++k;
    if (k < text.size()) continue;
    std::vector<std::string> out;
    for (k = 0; k < text.size(); ++k) out.push_back(glyphs[i + k].font);
    return out;
  }
  FAIL("not found in the PDF's glyphs: " + core::encode_utf8(text));
  return {};
}

bool all_contain(const std::vector<std::string>& fonts, const std::string& name) {
  for (const auto& f : fonts)
    if (f.find(name) == std::string::npos) return false;
  return !fonts.empty();
}

}  // namespace

TEST_CASE("bold prints in hei and kai in kai, markers absent from the text", "[e2e][emphasis]") {
  const auto job = render(job_yaml());
  INFO(job->result.err);
  REQUIRE(job->result.exit_code == 0);
  const auto text = test::run("pdftotext " + q(job->pdf()) + " -").out;
  const auto joined = test::strip_whitespace(text);  // lines and the Han–Latin gaps
  CHECK(joined.find("一是工业生产稳中有进。前三季度增长5.0%，好于预期。") != std::string::npos);
  CHECK(joined.find("——二是消费回升。") != std::string::npos);
  CHECK(text.find("**") == std::string::npos);
  CHECK(text.find("~~") == std::string::npos);
  const auto glyphs = test::stext(job->pdf());
  CHECK(all_contain(fonts_of(glyphs, U"一是工业生产稳中有进。"), "SansSC-Regular"));
  CHECK(all_contain(fonts_of(glyphs, U"前三季度增长"), "SerifSC"));
  CHECK(all_contain(fonts_of(glyphs, U"好于预期"), "Kai"));
  CHECK(all_contain(fonts_of(glyphs, U"二是"), "SansSC-Regular"));
  CHECK(all_contain(fonts_of(glyphs, U"消费回升"), "SerifSC"));
  const auto fonts = test::run("pdffonts " + q(job->pdf())).out;
  CHECK(fonts.find("JianbaoKai") != std::string::npos);
  // No glyph is stroked: hei is a bold of its own.
  const auto qdf = job->dir.path() / "qdf.pdf";
  REQUIRE(
      test::run("qpdf --qdf --object-streams=disable " + q(job->pdf()) + " " + q(qdf)).exit_code ==
      0);
  CHECK(test::read_file(qdf).find("\n2 Tr\n") == std::string::npos);
}

TEST_CASE("typography.bold: {song: fake} strokes the body face over the bold span",
          "[e2e][emphasis]") {
  const auto job = render(job_yaml("typography:\n  bold: {song: fake, latin: fake}\n"));
  INFO(job->result.err);
  REQUIRE(job->result.exit_code == 0);
  const auto glyphs = test::stext(job->pdf());
  CHECK(all_contain(fonts_of(glyphs, U"一是工业生产稳中有进。"), "SerifSC"));
  const auto qdf = job->dir.path() / "qdf.pdf";
  REQUIRE(
      test::run("qpdf --qdf --object-streams=disable " + q(job->pdf()) + " " + q(qdf)).exit_code ==
      0);
  const std::string plain = test::read_file(qdf);
  // Fill then stroke, with an outline of 0.035 em of the 14 pt body (0.49 pt).
  CHECK(plain.find("\n2 Tr\n0.49 w\n") != std::string::npos);
  CHECK(test::strip_whitespace(test::run("pdftotext " + q(job->pdf()) + " -").out)
            .find("一是工业生产稳中有进。前三季度") != std::string::npos);
}

TEST_CASE("an unmatched ** stops the run at its line and column", "[e2e][emphasis]") {
  auto yaml = job_yaml();
  yaml.replace(yaml.find("**前三"), 2, "");  // the closing marker of the first span is gone
  const auto job = render(yaml);
  CHECK(job->result.exit_code == 78);
  CHECK(
      job->result.err.find("job.yaml:5:17: error: unmatched '**': no '**' closes this bold span") !=
      std::string::npos);
  CHECK_FALSE(std::filesystem::exists(job->pdf()));
}
