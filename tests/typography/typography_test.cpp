// tests/typography: the PDF-level checker (check_pdf.py, every measurable rule of TYPOGRAPHY.md)
// run on both demos and on the torture document; and a page with planted violations, to prove
// that the checker finds each kind.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>

#include "core/char_class.hpp"
#include "core/utf8.hpp"
#include "data/load_indicators.hpp"
#include "model/build_document.hpp"
#include "model/params.hpp"
#include "output/finish_pdf.hpp"
#include "render/pdf/render_pdf.hpp"
#include "support.hpp"

using namespace jb;

namespace {

const std::string checker =
    "/usr/bin/python3 " + (test::source_dir / "tests/typography/check_pdf.py").string();

// Errors and warnings per rule, from the checker's summary line ("B1 0/2  W4 1/0 ...").
std::map<std::string, std::pair<int, int>> counts(const std::string& out) {
  std::map<std::string, std::pair<int, int>> c;
  const std::regex item("([A-Z][A-Za-z0-9-]*) ([0-9]+)/([0-9]+)");
  const auto last_line = out.substr(out.rfind('\n', out.size() - 2) + 1);
  for (std::sregex_iterator it(last_line.begin(), last_line.end(), item), end; it != end; ++it)
    c[(*it)[1]] = {std::stoi((*it)[2]), std::stoi((*it)[3])};
  return c;
}

// Renders `spec` with the binary and runs the checker on it, with the text of every heading,
// paragraph and list item of the document's model as the expected text (F2).
test::CommandResult check(const std::filesystem::path& spec, const std::string& pdf_name,
                          const std::string& options = "") {
  static test::TempDir dir;
  const auto r = test::run(test::jianbao + " -q render '" + spec.string() + "' -o '" +
                           dir.path().string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto job = spec::parse_spec(spec, {test::font_dir, true, {test::source_dir}});
  core::DiagnosticList paths;  // data paths naming a parameter: its default
  model::fill_param_paths(job, paths);
  paths.throw_if_errors();
  const auto doc = model::build_document(job, data::load_indicators(job));
  const auto expected = dir.path() / (pdf_name + ".txt");
  {
    // A footnote's marker prints as its number on the page (①): counted through the document,
    // right while no page holds two.
    int footnotes = 0;
    const auto printed = [&](const std::string& text) {
      std::u32string t = core::decode_utf8(text).value_or(U"");
      for (char32_t& c : t)
        if (model::is_footnote_mark(c)) c = U'①' + footnotes++;
      return core::encode_utf8(t);
    };
    std::ofstream out(expected);
    for (const auto& b : doc.blocks) {
      if (const auto* p = std::get_if<model::Paragraph>(&b)) out << printed(p->text) << "\n";
      if (const auto* h = std::get_if<model::Heading>(&b)) out << h->number << h->text << "\n";
      if (const auto* l = std::get_if<model::List>(&b))
        for (const auto& item : l->items) out << item.text << "\n";
      if (const auto* q = std::get_if<model::Quote>(&b)) out << q->text.text << "\n";
    }
  }
  return test::run(checker + " '" + (dir.path() / pdf_name).string() + "' --expect-text '" +
                   expected.string() + "' " + options);
}

}  // namespace

TEST_CASE("typography checker: the briefing demo has no errors", "[typography][e2e]") {
  const auto r = check(test::source_dir / "templates/ningbo/briefing.yaml", "ningbo-briefing.pdf");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(counts(r.out).size() >= 15);  // every rule ran, F2 included
  CHECK(counts(r.out).count("F2"));
}

TEST_CASE("typography checker: the monthly jiankuang demo has no errors", "[typography][e2e]") {
  const auto r = check(test::source_dir / "templates/jiankuang/jiankuang.yaml", "jiankuang.pdf");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(counts(r.out).count("F2"));
}

TEST_CASE("typography checker: the gbt9704 notice has no errors", "[typography][e2e]") {
  const auto r = check(test::source_dir / "templates/notice/gbt9704.yaml", "ningbo-notice.pdf",
                       "--preset gbt9704");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(counts(r.out).count("G-pageno"));
}

TEST_CASE("typography checker: every district briefing of the batch demo has no errors",
          "[typography][e2e]") {
  test::TempDir dir;
  const auto r = test::run(test::jianbao + " -q render '" +
                           (test::source_dir / "templates/districts/briefing.yaml").string() +
                           "' -o '" + dir.path().string() + "'");
  REQUIRE(r.exit_code == 0);
  int checked = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    if (e.path().extension() != ".pdf") continue;
    const auto c = test::run(checker + " --quiet '" + e.path().string() + "'");
    INFO(e.path().filename() << c.out);
    CHECK(c.exit_code == 0);
    ++checked;
  }
  CHECK(checked == 10);
}

TEST_CASE("typography checker: the briefing is not a GB/T 9704 document", "[typography][e2e]") {
  // The preset's checks can fail: the briefing's red rules are 154 mm, its page numbers centred.
  const auto r = check(test::source_dir / "templates/ningbo/briefing.yaml", "ningbo-briefing.pdf",
                       "--preset gbt9704");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  const auto c = counts(r.out);
  for (const char* rule : {"G-mark", "G-pageno", "G-record"}) {
    INFO(rule);
    REQUIRE(c.count(rule) == 1);
    CHECK(c.at(rule).first >= 1);
  }
}

TEST_CASE("typography checker: the torture document has no errors", "[typography][e2e]") {
  const auto r = check(test::source_dir / "tests/typography/torture.yaml", "torture.pdf");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("typography checker: the gbt9704 torture document has no errors", "[typography][e2e]") {
  // A title and 主送 with words a breaker blind to them splits (全省, 调查总队), numbered
  // attachments with a long name, 抄送, a quotation with its source, lines whose end mark only a
  // halved comma before it could make room for.
  const auto r = check(test::source_dir / "tests/typography/torture_gbt9704.yaml",
                       "torture-gbt9704.pdf", "--preset gbt9704");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  const auto c = counts(r.out);
  for (const char* rule : {"WB", "G-attach", "G-cc", "G-grid", "G-pageno"}) {
    INFO(rule);
    CHECK(c.count(rule) == 1);
  }
}

TEST_CASE("typography checker: the torture document's floats leave no page foot empty (FILL)",
          "[typography][e2e]") {
  // Its chart does not fit under the paragraphs before it: the paragraphs after it fill the
  // page and the chart opens the next one. The checker measures each page's empty foot.
  const auto r = check(test::source_dir / "tests/typography/torture.yaml", "torture.pdf");
  INFO(r.out << r.err);
  REQUIRE(counts(r.out).count("FILL"));
  CHECK(counts(r.out).at("FILL").first == 0);
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex("FILL total ([0-9.]+) lines, max ([0-9.]+)")));
  CHECK(std::stod(m[2]) <= 2.05);  // no page loses more than two lines
  CHECK(std::stod(m[1]) <= 15.0);
}

TEST_CASE("typography checker: the torture document set strict has no errors",
          "[typography][e2e]") {
  // The same document with typography: {strict: true}: —— never starts a line either.
  test::TempDir tmp;
  std::string yaml = test::read_file(test::source_dir / "tests/typography/torture.yaml");
  const std::string data = "  rows: rows.csv\n";
  REQUIRE(yaml.find(data) != std::string::npos);
  yaml.replace(yaml.find(data), data.size(),
               "  rows: " + (test::source_dir / "tests/typography/rows.csv").string() +
                   "\ntypography: {strict: true}\n");
  const auto spec = tmp.path() / "torture-strict.yaml";
  std::ofstream(spec) << yaml;
  const auto r = check(spec, "torture.pdf", "--strict");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
}

// A page set by hand with one violation of each kind: the checker must report every one.
TEST_CASE("typography checker: finds planted violations", "[typography][e2e]") {
  const double em = 14, pitch = 26, mm = 72 / 25.4;
  const double left = 28 * mm, right = 595.276 - 28 * mm, top = 30 * mm, height = 841.89;
  layout::PageLayout pl;
  pl.width_pt = 595.276, pl.height_pt = height;
  pl.fonts = test::shipped_fonts();
  pl.title = "planted";
  pl.year = 2026, pl.month = 1, pl.day = 1;
  pl.pages.resize(5);
  int line = 0;
  std::size_t page = 0;
  // One line: `text` from x, its Han cells stretched so that it ends at `end` (0: natural).
  auto put = [&](const std::string& text, double x, double end = 0, double y_shift = 0,
                 vocab::FontRole role = vocab::FontRole::song) {
    const auto cps = *core::decode_utf8(text);
    const double n = static_cast<double>(cps.size());
    const double spacing = end > 0 ? (end - x - n * em) / (n - 1) : 0;
    const double baseline = height - (top + line * pitch + 18.32) - y_shift;
    pl.pages[page].runs.push_back({x, baseline, role, em, cps, spacing, {}});
    ++line;
  };
  const std::string han30 = "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸";
  put(han30.substr(0, 29 * 3), left + 2 * em, right);  // a full first line
  put("，" + han30, left, right);                      // B1: starts with a comma
  put(han30 + "（", left, right);                      // B1: ends with an opener
  put(han30.substr(0, 28 * 3) + "13", left, right);    // B2: a number split ...
  put("5.5" + han30.substr(0, 5 * 3), left);           // ... over two lines
  put(han30.substr(0, 20 * 3), left + 2 * em);         // W4: a full line short of
  put(han30 + "甲乙", left);                           // the edge; W3: overhang
  put(han30.substr(0, 10 * 3), left + 2 * em + 10);    // P1: a wrong indent
  put(han30.substr(0, 10 * 3), left + 2 * em, 0, 5);   // P3: off the grid
  put("一、标题在页脚", left + 2 * em);                // K1: a heading ends the page
  page = 1, line = 0;
  put(han30.substr(0, 12 * 3), left + 2 * em);
  // Glyph by glyph: each code point at its own x (em steps unless `steps` says otherwise).
  auto put_glyphs = [&](const std::u32string& text, double x, std::vector<double> steps_em) {
    const double baseline = height - (top + line * pitch + 18.32);
    for (std::size_t k = 0; k < text.size(); ++k) {
      pl.pages[page].runs.push_back(
          {x,
           baseline,
           core::uses_latin_font(text[k]) ? vocab::FontRole::latin : vocab::FontRole::song,
           em,
           {text[k]},
           0,
           {}});
      x += (k < steps_em.size() ? steps_em[k] : 1.0) * em;
    }
    ++line;
  };
  put_glyphs(U"甲乙丙丁", left + 2 * em, {1.0, 0.8});         // W1: a Han cell of 0.8 em
  put_glyphs(U"甲乙。”丙丁", left + 2 * em, {});              // W2: 。” not compressed
  put_glyphs(U"甲乙5丙丁", left + 2 * em, {1.0, 1.6, 0.75});  // W5: a 0.6-em Han–Latin gap
  put(han30.substr(0, 29 * 3), left + 2 * em, right);         // P2: a paragraph whose last
  put("甲。", left);                                          // line holds one character
  // A quotation (kai, two characters in on both sides) whose full first line stops short.
  put(han30.substr(0, 20 * 3), left + 4 * em, 0, 0, vocab::FontRole::kai);
  put(han30.substr(0, 10 * 3), left + 2 * em, 0, 0, vocab::FontRole::kai);
  line = 25;
  put(han30.substr(0, 29 * 3), left + 2 * em, right);  // K2: a first line alone at the foot,
  page = 2, line = 0;
  put(han30.substr(0, 6 * 3), left);  // and the last line alone at the head
  page = 3, line = 0;  // FILL: a page left empty under two lines of a paragraph that goes on
  put(han30.substr(0, 29 * 3), left + 2 * em, right);
  put(han30, left, right);
  page = 4, line = 0;
  put(han30, left, right);
  put(han30.substr(0, 6 * 3), left);

  test::TempDir tmp;
  const auto pdf = tmp.path() / "planted.pdf";
  std::ofstream(pdf, std::ios::binary) << output::finish_pdf(pdf::render_pdf(pl), {}, pl);
  const auto r = test::run(checker + " '" + pdf.string() + "'");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  const auto c = counts(r.out);
  for (const char* rule : {"B1", "B2", "W3", "W4", "P1", "P3", "K1", "K2"}) {
    INFO(rule);
    REQUIRE(c.count(rule) == 1);
    CHECK(c.at(rule).first >= 1);
  }
  CHECK(c.at("B1").first >= 2);
  CHECK(c.at("K2").first == 2);
  REQUIRE(c.count("FILL") == 1);
  CHECK(c.at("FILL").first == 1);  // page 4; the pages before it end a paragraph: warnings
  CHECK(c.at("FILL").second >= 1);
  CHECK(r.out.find("p4: FILL error") != std::string::npos);
  CHECK(c.at("W1").first == 1);
  CHECK(r.out.find("W4 error: quotation line not justified to its column") != std::string::npos);
  for (const char* rule : {"W2", "W5", "P2"}) {
    INFO(rule);
    REQUIRE(c.count(rule) == 1);
    CHECK(c.at(rule).second >= 1);
  }
}

// The rules on words and on the gbt9704 closing, each planted once on a page set by hand.
TEST_CASE("typography checker: finds planted word breaks and misaligned attachments",
          "[typography][e2e]") {
  const double em = 16, pitch = 637.795 / 22, mm = 72 / 25.4;
  const double left = 28 * mm, top = 37 * mm, height = 841.89;
  layout::PageLayout pl;
  pl.width_pt = 595.276, pl.height_pt = height;
  pl.fonts = test::shipped_fonts();
  pl.title = "planted";
  pl.year = 2026, pl.month = 1, pl.day = 1;
  pl.pages.resize(1);
  int line = 0;
  // One line, glyph by glyph from x: each step in em (1 unless `steps` says otherwise).
  auto put = [&](const std::u32string& text, double x, std::vector<double> steps_em = {},
                 double size = 16) {
    const double baseline = height - (top + line * pitch + 20.6);
    for (std::size_t k = 0; k < text.size(); ++k) {
      auto role = core::uses_latin_font(text[k]) ? vocab::FontRole::latin : vocab::FontRole::fang;
      if (size != em && role == vocab::FontRole::fang) role = vocab::FontRole::song;
      pl.pages[0].runs.push_back({x, baseline, role, size, {text[k]}, 0, {}});
      x += (k < steps_em.size() ? steps_em[k] : 1.0) * size;
    }
    ++line;
  };
  put(U"关于开展全", left + 5 * em, {}, 22);  // WB: 全省 split over a title's lines
  put(U"省统计检查的通知", left + 4 * em, {}, 22);
  put(U"甲乙丙丁，戊己庚辛", left + 2 * em, {1, 1, 1, 1, 0.5});  // G-grid: a halved comma
  // G-attach: a space after "1.", and a wrapped name that starts under the number.
  put(U"附件：1.甲乙丙丁戊己", left + 2 * em, {1, 1, 1, 0.5, 0.25 + 0.5});
  put(U"庚辛壬癸", left + 5 * em);
  put(U"抄送：甲乙丙丁", left + em, {1, 1, 0.5});  // G-cc: the colon halved

  test::TempDir tmp;
  const auto pdf = tmp.path() / "planted-gbt.pdf";
  std::ofstream(pdf, std::ios::binary) << output::finish_pdf(pdf::render_pdf(pl), {}, pl);
  const auto r = test::run(checker + " --preset gbt9704 '" + pdf.string() + "'");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  const auto c = counts(r.out);
  for (const char* rule : {"WB", "G-cc"}) {
    INFO(rule);
    REQUIRE(c.count(rule) == 1);
    CHECK(c.at(rule).first == 1);
  }
  REQUIRE(c.count("G-attach") == 1);
  CHECK(c.at("G-attach").first == 2);
  CHECK(r.out.find("'全省' broken across lines") != std::string::npos);
  CHECK(r.out.find("G-grid error: '，' squeezed to 0.50 em inside a line") != std::string::npos);
}
