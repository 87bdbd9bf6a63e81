// tests/e2e: the PDF's text layer holds the source text: nothing but the extractors' own spaces
// at the Han–Latin gaps, which a glyph-by-glyph reading sees as a quarter em; ASCII marks typed
// in Chinese come out full-width (with a warning each on the command line).
#include <catch2/catch.hpp>
#include <fstream>

#include "core/utf8.hpp"
#include "support.hpp"

using namespace jb;

namespace {

std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// Renders a one-paragraph spec; returns the PDF's path and the run's standard error.
std::pair<std::filesystem::path, std::string> render(const test::TempDir& tmp,
                                                     const std::string& paragraph) {
  std::ofstream(tmp.path() / "s.yaml")
      << "document: {title: 文字层, date: 2025-11-20}\nbody:\n  - paragraph: \"" << paragraph
      << "\"\n";
  const auto r = test::run(test::jianbao + " render " + q(tmp.path() / "s.yaml") + " -o " +
                           q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return {tmp.path() / "out/s.pdf", r.err};
}

}  // namespace

TEST_CASE("the text layer holds the source text around Han–Latin gaps: 第4章, 5.4%的",
          "[e2e][text_layer]") {
  test::TempDir tmp;
  const auto [pdf, err] =
      render(tmp, "详见第4章，全市规模以上工业增加值同比增长5.4%的企业有1,234家，GDP和CPI另计。");
  // pdftotext (and Acrobat, a viewer's search) read the /ActualText of the line's span: the
  // source exactly, no space at a gap.
  for (const char* how : {"pdftotext -enc UTF-8 ", "pdftotext -raw -enc UTF-8 "}) {
    const auto text = test::run(how + q(pdf) + " -");
    INFO(how << "\n" << text.out);
    CHECK(text.out.find("第4章") != std::string::npos);
    CHECK(text.out.find("5.4%的") != std::string::npos);
  }
  // mutool 1.21 and pdf.js ignore /ActualText and still read a space at each gap (they take it
  // from the gap's width): the characters between are the source's, nothing inserted or lost.
  for (const char* how :
       {"pdftotext -enc UTF-8 ", "pdftotext -raw -enc UTF-8 ", "mutool draw -q -F txt -o - "}) {
    const auto text = test::run(how + q(pdf) + (how[0] == 'p' ? " -" : ""));
    INFO(how << "\n" << text.out);
    const std::string flat = test::strip_whitespace(text.out);
    CHECK(flat.find("第4章") != std::string::npos);
    CHECK(flat.find("5.4%的") != std::string::npos);
    CHECK(flat.find("有1,234家，GDP和CPI另计。") != std::string::npos);
  }
  // The checker's reading, glyph by glyph: the gap is a quarter em (on a line set as it is),
  // before a minus sign too.
  test::TempDir one;
  const auto [short_pdf, short_err] = render(one, "详见第4章，气温−5℃，增长5.4%的企业。");
  const auto chars = test::stext(short_pdf);
  int gaps = 0;
  for (std::size_t k = 0; k + 1 < chars.size(); ++k) {
    const std::u32string pair{chars[k].c, chars[k + 1].c};
    if (pair == U"第4" || pair == U"%的" || pair == U"温−") {
      INFO(core::encode_utf8(pair));
      CHECK(chars[k + 1].x - chars[k].x1 == Approx(3.5).margin(0.05));
      ++gaps;
    }
  }
  CHECK(gaps == 3);
}

TEST_CASE("ASCII marks typed in Chinese text are printed full-width, each a warning",
          "[e2e][text_layer]") {
  test::TempDir tmp;
  const auto [pdf, err] = render(tmp, "增长0.3个百分点 . 其中 : 制造业( 含建筑业 )增长6.1%.");
  const auto text = test::run("pdftotext -enc UTF-8 " + q(pdf) + " -");
  CHECK(test::strip_whitespace(text.out).find(
            "增长0.3个百分点。其中：制造业（含建筑业）增长6.1%。") != std::string::npos);
  CHECK(err.find("s.yaml:3:27: warning: ASCII '.' in Chinese text is set as '。'") !=
        std::string::npos);
  CHECK(err.find("warning: ASCII ')' in Chinese text is set as '）'") != std::string::npos);
}

TEST_CASE("a long English word is hyphenated with a soft hyphen, or set whole with a warning",
          "[e2e][hyphenation]") {
  const std::string text =
      "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午这一进程称为internationalization，与telecommunications和"
      "institutionalization等概念相关，又见electroencephalography研究癸子丑寅卯辰巳午未申酉。";
  test::TempDir tmp;
  const auto [pdf, err] = render(tmp, text);
  const auto out = test::run("pdftotext -enc UTF-8 " + q(pdf) + " -").out;
  CHECK(out.find("international\u00ad\n") != std::string::npos);  // a hyphen ends the line
  std::string flat = test::strip_whitespace(out);
  for (auto at = flat.find("\u00ad"); at != std::string::npos; at = flat.find("\u00ad"))
    flat.erase(at, std::string("\u00ad").size());
  CHECK(flat.find("internationalization，与telecommunications") != std::string::npos);
  // Without the dictionary the run goes on, saying why no word is hyphenated.
  test::TempDir bare;
  std::ofstream(bare.path() / "s.yaml")
      << "document: {title: 文字层, date: 2025-11-20}\nbody:\n  - paragraph: \"" << text << "\"\n";
  const auto r =
      test::run("JIANBAO_HYPHEN_DICT=/nonexistent/hyph.dic " + test::jianbao + " render " +
                q(bare.path() / "s.yaml") + " -o " + q(bare.path() / "out"));
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("s.yaml:3:5: warning: no hyphenation dictionary (looked for "
                   "/nonexistent/hyph.dic); long English words are not hyphenated") !=
        std::string::npos);
  const auto whole = test::run("pdftotext -enc UTF-8 " + q(bare.path() / "out/s.pdf") + " -").out;
  CHECK(whole.find("\u00ad") == std::string::npos);
}
