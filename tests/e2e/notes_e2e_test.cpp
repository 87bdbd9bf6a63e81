// tests/e2e: notes and footnotes in the PDF: a table's 注：1.… 2.… with the data's own 注 rows,
// the numbers in one column and a long note's second line under its text (glyph positions
// read with mutool); footnotes on the page of their markers, for markers all down the pages
// (pdftotext page by page); a footnote left open is an error at its line and column.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>

#include "core/utf8.hpp"
#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

test::CommandResult render(const test::TempDir& tmp, const std::string& yaml) {
  std::ofstream(tmp.path() / "s.yaml") << yaml;
  return test::run(test::jianbao + " render " + q(tmp.path() / "s.yaml") + " -o " +
                   q(tmp.path() / "out"));
}

// The glyphs of the note size (10.5 pt), as lines top to bottom.
std::vector<std::vector<test::StextChar>> note_lines(const fs::path& pdf) {
  std::map<long, std::vector<test::StextChar>> by_y;
  for (const auto& c : test::stext(pdf))
    if (std::abs(c.size - 10.5) < 0.05) by_y[std::lround(c.y * 10)].push_back(c);
  std::vector<std::vector<test::StextChar>> out;
  for (auto& [y, chars] : by_y) out.push_back(chars);
  return out;
}

std::u32string text_of(const std::vector<test::StextChar>& line) {
  std::u32string s;
  for (const auto& c : line) s.push_back(c.c);
  return s;
}

}  // namespace

TEST_CASE("a table's notes print 注：1. 2. 3. with aligned numbers and hanging lines",
          "[e2e][notes]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "m.csv")
      << "指标,增速\n工业增加值,6.1\n注：1. 规模以上工业统计范围为年主营业务收入2000万元及以上的"
         "工业企业。\n2. 绝对额按现价计算。\n资料来源：市统计局。\n";
  const auto r = render(tmp,
                        "document: {title: 注释, date: 2025-11-20}\n"
                        "data:\n  m: m.csv\n"
                        "body:\n"
                        "  - table:\n      data: m\n"
                        "      columns: [{column: 指标}, {column: 增速, align: right}]\n"
                        "      note: 本表为示例。\n"
                        "      notes:\n        - from_data\n"
                        "        - 增速按可比价格计算；部分数据因四舍五入，分项与合计略有出入，"
                        "各县（市、区）数据之和与全市数据不等，特此说明。\n");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto lines = note_lines(tmp.path() / "out/s.pdf");
  REQUIRE(lines.size() >= 5);  // 1., 2., 3. on two lines, the note
  CHECK(text_of(lines[0]).rfind(U"注：1.规模以上工业", 0) == 0);
  CHECK(text_of(lines[1]).rfind(U"2.绝对额按现价计算。", 0) == 0);
  CHECK(text_of(lines[2]).rfind(U"3.增速按可比价格计算", 0) == 0);
  CHECK(text_of(lines.back()) == U"本表为示例。资料来源：市统计局。");
  const double text_x = lines[0][4].x;                         // 规, after 注：1.
  CHECK(lines[1][0].x == Approx(lines[0][2].x).margin(0.05));  // 2. under 1.
  CHECK(lines[2][0].x == Approx(lines[0][2].x).margin(0.05));  // 3. under 1.
  CHECK(lines[1][2].x == Approx(text_x).margin(0.05));         // 绝 under 规
  CHECK(lines[2][2].x == Approx(text_x).margin(0.05));
  CHECK(lines[3][0].x == Approx(text_x).margin(0.05));  // 3.'s second line hangs under its text
  CHECK(lines.back()[0].x == Approx(lines[0][0].x).margin(0.05));  // the note: at 注's x
  // No 注： or number twice.
  CHECK(text_of(lines[0]).find(U"注：", 1) == std::u32string::npos);
  CHECK(text_of(lines[0]).find(U"1.", 4) == std::u32string::npos);
}

TEST_CASE("each footnote is at the foot of its marker's page", "[e2e][footnotes]") {
  test::TempDir tmp;
  std::string body;
  const int notes = 24;
  for (int k = 1; k <= notes; ++k) {
    std::string para;
    for (int i = 0; i < 25 + 17 * (k % 5); ++i) para += "统计";
    body += "  - paragraph: " + para + "止" + std::to_string(k) + "止^[注" + std::to_string(k) +
            "注，按可比价格计算，绝对额按现价计算。]。\n";
  }
  const auto r = render(tmp, "document: {title: 脚注, date: 2025-11-20}\nbody:\n" + body);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const fs::path pdf = tmp.path() / "out/s.pdf";
  const std::string all =
      test::strip_whitespace(test::run("pdftotext -enc UTF-8 " + q(pdf) + " -").out);
  CHECK(all.find("①") != std::string::npos);  // the text layer holds the marker
  int found = 0;
  for (int page = 1; page <= 12; ++page) {
    const std::string text =
        test::strip_whitespace(test::run("pdftotext -enc UTF-8 -f " + std::to_string(page) +
                                         " -l " + std::to_string(page) + " " + q(pdf) + " -")
                                   .out);
    for (int k = 1; k <= notes; ++k) {
      const std::string marker = "止" + std::to_string(k) + "止";
      const std::string note = "注" + std::to_string(k) + "注";
      INFO("page " << page << ", footnote " << k);
      CHECK((text.find(marker) != std::string::npos) == (text.find(note) != std::string::npos));
      if (text.find(marker) != std::string::npos) ++found;
    }
  }
  CHECK(found == notes);
}

TEST_CASE("a footnote left open is an error at its opening", "[e2e][footnotes]") {
  test::TempDir tmp;
  const auto r = render(tmp,
                        "document: {title: 脚注, date: 2025-11-20}\nbody:\n"
                        "  - paragraph: 增长5%。\n"
                        "  - paragraph: 工业增长6.1%^[按可比价格计算。\n");
  CHECK(r.exit_code != 0);
  CHECK(r.err.find((tmp.path() / "s.yaml").string() +
                   ":4:24: error: this footnote ('^[') is never closed with ']'") !=
        std::string::npos);
}
