// tests/e2e: preset jianbao's 报头 and 报尾 and the watermark, read from the PDF the binary
// writes: the content streams (qpdf --qdf) for colours, rules and drawing order, mutool's
// glyph positions for where the text lies, pdftotext for what a reader extracts.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>

#include "support.hpp"

using namespace jb;

namespace {

std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

constexpr double page_h = 841.89, page_w = 595.276, bottom_pt = 30 * 72 / 25.4;

const std::string golden_spec = R"(preset: jianbao
document:
  title: 前三季度全市经济运行稳中有进
  issuer: 宁波市统计局
  date: 2025-11-20
masthead:
  name: 统计简报
  issue: 2025年第9期（总第123期）
  editor: 宁波市统计局编
  classification: 内部资料　注意保存
  copy_number: "000012"
  distribution:
    report: 省统计局，市委、市政府领导
    send: 市级有关部门
    issue: 各区（县、市）统计局
  copies: 50
watermark: {text: 征求意见稿, gray: 0.85}
body:
  - paragraph: 前三季度，全市经济运行总体平稳、稳中有进，主要指标好于预期，地区生产总值同比增长，规模以上工业增加值较快增长，固定资产投资保持增长。
  - page_break
  - paragraph: 社会消费品零售总额平稳增长，居民收入稳步提高。
)";

// The content stream of each page, uncompressed.
std::vector<std::string> page_streams(const std::filesystem::path& pdf,
                                      const std::filesystem::path& tmp) {
  const auto qdf = tmp / "qdf.pdf";
  REQUIRE(test::run("qpdf --qdf --object-streams=disable " + q(pdf) + " " + q(qdf)).exit_code == 0);
  const std::string plain = test::read_file(qdf);
  std::vector<std::string> out;
  for (std::size_t at = plain.find("%% Contents for page "); at != std::string::npos;
       at = plain.find("%% Contents for page ", at + 1)) {
    const auto begin = plain.find("stream\n", at) + 7;
    out.push_back(plain.substr(begin, plain.find("endstream", begin) - begin));
  }
  return out;
}

// Each stroked line of a stream: the width and colour set before it, and its y.
struct Stroke {
  std::string color;
  double width = 0, y = 0;
};

std::vector<Stroke> strokes(const std::string& stream) {
  static const std::regex op(
      R"(([\d.]+ [\d.]+ [\d.]+) RG|([\d.]+) w|[\d.]+ ([\d.]+) m\s+[\d.]+ [\d.]+ l\s+S)");
  std::vector<Stroke> out;
  Stroke now;
  for (std::sregex_iterator it(stream.begin(), stream.end(), op), end; it != end; ++it) {
    const auto& m = *it;
    if (m[1].matched) now.color = m[1];
    if (m[2].matched) now.width = std::stod(m[2]);
    if (m[3].matched) {
      now.y = std::stod(m[3]);
      out.push_back(now);
    }
  }
  return out;
}

// The baseline (PDF y, up) of the first glyph `c` of the page's glyphs.
double baseline_of(const std::vector<test::StextChar>& page, char32_t c) {
  for (const auto& g : page)
    if (g.c == c) return page_h - g.y;
  FAIL("no glyph " << core::encode_utf8(std::u32string(1, c)));
  return 0;
}

}  // namespace

TEST_CASE(
    "jianbao golden: red centred name, rule under the editor, 报尾 at the foot, watermark "
    "drawn first in gray",
    "[e2e][masthead]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml") << golden_spec;
  const auto r = test::run(test::jianbao + " -q render " + q(tmp.path() / "s.yaml") + " -o " +
                           q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto pdf = tmp.path() / "out" / "s.pdf";
  CHECK(test::run("qpdf --check " + q(pdf)).exit_code == 0);
  const auto streams = page_streams(pdf, tmp.path());
  REQUIRE(streams.size() == 2);
  for (const auto& s : streams) {
    // The watermark first: a saved state, a turn of 45°, gray text, restored before the rules
    // and the page's own text.
    INFO(s.substr(0, 400));
    CHECK(s.rfind("q\n0.70711 0.70711 -0.70711 0.70711 ", 0) == 0);
    const auto gray = s.find("0.85 0.85 0.85 rg");
    const auto restored = s.find("Q\n");
    REQUIRE(gray != std::string::npos);
    REQUIRE(restored != std::string::npos);
    CHECK(gray < restored);
    CHECK(s.find(" m\n", 0) > restored);                 // every rule after it
    CHECK(s.find("BT", restored) != std::string::npos);  // and the text
  }
  // The name: 48 pt glyphs filled and outlined in red.
  const std::string& p1 = streams[0];
  const auto name = p1.find(" 48 Tf");
  REQUIRE(name != std::string::npos);
  const auto shown = p1.find("Tj", name);
  const auto red = p1.find("0.86 0 0 rg", name);
  CHECK(red < shown);
  CHECK(p1.find("0.86 0 0 RG", name) < shown);
  const auto glyphs = test::stext(pdf);
  std::vector<std::vector<test::StextChar>> pages(2);
  {
    std::size_t page = 0;
    double last_y = 0;
    for (const auto& g : glyphs) {  // mutool lists page 1's glyphs, then page 2's
      if (g.c == U'社' && last_y != 0) page = 1;
      pages[page].push_back(g), last_y = g.y;
    }
  }
  double lo = 1e9, hi = 0;
  for (const auto& g : pages[0])
    if (g.size == 48) lo = std::min(lo, g.x0), hi = std::max(hi, g.x1);
  CHECK((lo + hi) / 2 == Approx(page_w / 2).margin(0.5));
  CHECK(hi - lo == Approx(4 * 48 + 3 * 24).margin(0.5));
  // The red rule: 1.5 pt, 4 mm under the foot of the 编印单位 line, above the title.
  const auto rules = strokes(p1);
  REQUIRE(!rules.empty());
  CHECK(rules[0].color == "0.86 0 0");
  CHECK(rules[0].width == 1.5);
  const double editor = baseline_of(pages[0], U'编');
  CHECK(rules[0].y == Approx(editor - 0.12 * 14 - 4 * 72 / 25.4).margin(0.6));
  CHECK(baseline_of(pages[0], U'前') < rules[0].y - 22);
  // The 报尾 on the last page's foot: 报 送 发 top down between two thin rules, the lower on the
  // type area's bottom edge; 共印50份 on the last line.
  const auto foot = strokes(streams[1]);
  std::vector<double> thin;
  for (const auto& s : foot)
    if (s.width == 0.75) thin.push_back(s.y);
  REQUIRE(thin.size() == 2);
  CHECK(thin[1] == Approx(bottom_pt).margin(0.01));
  const double report = baseline_of(pages[1], U'报'), send = baseline_of(pages[1], U'送'),
               issue = baseline_of(pages[1], U'发'), copies = baseline_of(pages[1], U'共');
  CHECK(thin[0] > report);
  CHECK(report > send);
  CHECK(send > issue);
  CHECK(issue > thin[1]);
  CHECK(copies == Approx(issue));
  // A reader's text: the masthead and the body whole; the watermark's characters, each on a line
  // of its own between them.
  const std::string text = test::run("pdftotext " + q(pdf) + " -").out;
  for (const std::string part :
       {"内部资料", "000012", "统计简报", "2025年第9期（总第123期）", "宁波市统计局编",
        "2025年11月20日", "报：省统计局，市委、市政府领导", "（共印50份）",
        "社会消费品零售总额平稳增长，居民收入稳步提高。"})
    CHECK(test::strip_whitespace(text).find(part) != std::string::npos);
  for (const std::string c : {"征", "求", "见", "稿"}) CHECK(text.find(c) != std::string::npos);
  // The typesetting checker finds nothing wrong with it.
  const auto checked = test::run("/usr/bin/python3 " +
                                 (test::source_dir / "tests/typography/check_pdf.py").string() +
                                 " --quiet " + q(pdf));
  INFO(checked.out << checked.err);
  CHECK(checked.exit_code == 0);
}

TEST_CASE("jianbao in a burst: each copy its own 份号 and watermark, a bad 份号 at its key",
          "[e2e][masthead]") {
  test::TempDir tmp;
  const std::string burst = R"(preset: jianbao
data:
  copies:
    columns: [单位, 份号]
    rows:
      - [东湖县, "000101"]
      - [西山县, "000102"]
each: {data: copies, output: "{{ copies.this.单位 }}.pdf"}
document: {title: 简况, issuer: 市统计局, date: 2025-11-20}
masthead:
  name: 统计简报
  copy_number: "{{ copies.this.份号 }}"
  distribution: {issue: "{{ copies.this.单位 }}统计局"}
  copies: 2
watermark: "{{ copies.this.单位 }}专用"
body:
  - paragraph: 正文。
)";
  std::ofstream(tmp.path() / "s.yaml") << burst;
  const auto r = test::run(test::jianbao + " -q render " + q(tmp.path() / "s.yaml") + " -o " +
                           q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const auto& [unit, copy] :
       {std::pair<std::string, std::string>{"东湖县", "000101"}, {"西山县", "000102"}}) {
    const std::string text = test::strip_whitespace(
        test::run("pdftotext " + q(tmp.path() / "out" / (unit + ".pdf")) + " -").out);
    INFO(unit << ": " << text);
    CHECK(text.find(copy) != std::string::npos);
    CHECK(text.find(unit + "专用") != std::string::npos);
    CHECK(text.find("发：" + unit + "统计局") != std::string::npos);
  }
  std::ofstream(tmp.path() / "bad.yaml")
      << std::regex_replace(burst, std::regex("\"000102\""), "\"12a\"");
  const auto bad = test::run(test::jianbao + " -q render " + q(tmp.path() / "bad.yaml") + " -o " +
                             q(tmp.path() / "out2"));
  CHECK(bad.exit_code == 65);
  CHECK(bad.err.find("bad.yaml:12:16: error: 'copy_number' (份号) must be digits, and here it "
                     "is '12a'") != std::string::npos);
}
