// tests/e2e: `check` is `render` without writing. Every spec of tests/fixtures/broken is refused
// by both with the same exit code and the same first error line, the one the fixture states; and
// a table's figures are never split: columns are widened from their content, and a table that
// cannot fit the type area is an error naming its cell.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>

#include "layout/lay_out.hpp"
#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {

const std::string bin = test::jianbao;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

// The first line of stderr that is a diagnostic (FILE:LINE:COL: error: ...).
std::string first_error(const std::string& err) {
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);)
    if (line.find(": error: ") != std::string::npos) return line;
  return {};
}

// The lines of text on the PDF's pages, each in x order: glyphs grouped by their baseline, a
// space where a gap parts two cells.
std::vector<std::string> text_lines(const fs::path& pdf) {
  std::map<long, std::vector<test::StextChar>> by_y;
  for (const auto& ch : test::stext(pdf)) by_y[std::lround(ch.y * 10)].push_back(ch);
  std::vector<std::string> out;
  for (auto& [y, chars] : by_y) {
    std::sort(chars.begin(), chars.end(), [](auto& a, auto& b) { return a.x < b.x; });
    std::u32string line;
    for (std::size_t i = 0; i < chars.size(); ++i) {
      if (i > 0 && chars[i].x0 - chars[i - 1].x1 > 2) line.push_back(' ');  // another cell
      line.push_back(chars[i].c);
    }
    out.push_back(core::encode_utf8(line));
  }
  return out;
}

}  // namespace

TEST_CASE("check gives every refusal render gives: same exit code, same first error line",
          "[e2e][refusals]") {
  const fs::path dir = test::source_dir / "tests/fixtures/broken";
  test::TempDir tmp;
  int n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = entry.path().filename().string();
    INFO(name);
    const std::string text = test::read_file(entry.path());
    const std::string marker = "# expect: ";
    REQUIRE(text.rfind(marker, 0) == 0);
    const std::string expect = text.substr(marker.size(), text.find('\n') - marker.size());
    const int code = std::stoi(expect.substr(0, expect.find(' ')));
    const std::string line = expect.substr(expect.find(' ') + 1);
    const auto out = tmp.path() / entry.path().stem();
    const auto render = test::run("cd " + q(dir) + " && " + bin + " -q render " + name + " -o " +
                                  q(out) + " --charts " + q(out / "charts"));
    const auto check = test::run("cd " + q(dir) + " && " + bin + " -q check " + name);
    INFO(render.err);
    INFO(check.err);
    CHECK(render.exit_code == code);
    CHECK(check.exit_code == code);
    CHECK(first_error(render.err) == line);
    CHECK(first_error(check.err) == line);
    CHECK_FALSE(fs::exists(out / (entry.path().stem().string() + ".pdf")));
    ++n;
  }
  CHECK(n >= 15);
}

TEST_CASE("a figure never splits in a narrow column: the columns are widened from their content",
          "[e2e][refusals]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "d.csv")
      << "地区,说明,值\n甲,这是一段很长的说明文字，用来测试换行的效果是否正确，而且不会把数字切开,"
         "123456789.12\n乙,短,1.5\n";
  std::ofstream(tmp.path() / "t.yaml")
      << "document: {title: 表格, date: 2025-11-20}\npage: {size: A5}\ndata:\n  d: d.csv\n"
         "body:\n  - table:\n      data: d\n      columns:\n"
         "        - {header: 地区, column: 地区}\n        - {header: 说明, column: 说明}\n"
         "        - {header: 地区生产总值, column: 值}\n"
         "        - {header: 值（右）, column: 值, align: right}\n";
  const auto r =
      test::run(bin + " -q render " + q(tmp.path() / "t.yaml") + " -o " + q(tmp.path() / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());  // no warning either
  const auto lines = text_lines(tmp.path() / "out/t.pdf");
  int whole = 0, wrapped_text = 0;
  for (const auto& l : lines) {
    INFO(l);
    for (std::size_t at = l.find("123456789.12"); at != std::string::npos;
         at = l.find("123456789.12", at + 1))
      ++whole;
    if (l.find("123456789.12") == std::string::npos) CHECK(l.find("1234") == std::string::npos);
    if (l.find("说明文字") != std::string::npos || l.find("换行") != std::string::npos)
      ++wrapped_text;
  }
  CHECK(whole == 2);         // both columns' figure whole on the first row's line
  CHECK(wrapped_text >= 1);  // the text column took the wrapping
  CHECK(lines.size() >= 6);  // title, date, header, the text column's lines, 乙, page number
  // Every glyph stays in the type area (A5: 419.5 pt wide; the default margins 79.4 pt).
  for (const auto& ch : test::stext(tmp.path() / "out/t.pdf")) {
    CHECK(ch.x0 >= 79.37 - 7 - 0.1);
    CHECK(ch.x1 <= 419.53 - 79.37 + 0.1);
  }
}

TEST_CASE("a table that cannot fit the type area is an error at the table naming its cell",
          "[layout][refusals]") {
  model::Document doc;
  doc.title = "标题";
  doc.date_text = "2025年11月20日";
  doc.page = {595.276, 841.89, 85.04, 85.04, 79.37, 79.37};  // a type area 436.5 pt wide
  for (auto role : vocab::all_font_roles) doc.fonts.push_back(test::face(role, "f.ttf"));
  model::Table t;
  t.where = {"s.yaml", 12, 5};
  t.header = {"地区", "地区生产总值", "增速"};
  t.align = {vocab::Align::left, vocab::Align::right, vocab::Align::right};
  t.rows = {{"甲", "1.5", "2.0"}, {"乙", std::string(120, '1') + ".25", "3.1"}};
  doc.blocks.push_back(t);
  test::FixedWidthMeasurer m;  // 12 pt: a digit 6 pt, a Han character 12 pt
  const auto e = test::user_error_of([&] { layout::lay_out(doc, m); });
  CHECK(e.code() == core::ExitCode::data_error);
  REQUIRE(e.diagnostics().size() == 1);
  // Too wide for a portrait page, it was tried on a landscape one (841.9 − 2 × 85.0 pt wide).
  CHECK(core::format_diagnostic(e.diagnostics()[0]) ==
        "s.yaml:12:5: error: the table does not fit the type area of a landscape page: its "
        "columns need at least 805 pt of its 671 pt; row 2, column 2 ('地区生产总值') holds '" +
            std::string(120, '1') +
            ".25', which is never split\n"
            "  hint: a figure or a word is never split: fewer columns, a smaller "
            "styles.table_size_pt, or narrower margins");

  // Kept portrait, it is refused at the portrait page's width, the landscape page offered.
  doc.blocks[0] = t;
  std::get<model::Table>(doc.blocks[0]).orientation = vocab::Orientation::portrait;
  std::get<model::Table>(doc.blocks[0]).rows[1][1] = std::string(70, '1') + ".25";
  const auto p = test::user_error_of([&] { layout::lay_out(doc, m); });
  REQUIRE(p.diagnostics().size() == 1);
  CHECK(core::format_diagnostic(p.diagnostics()[0]) ==
        "s.yaml:12:5: error: the table does not fit the type area: its columns need at least "
        "505 pt of its 436 pt; row 2, column 2 ('地区生产总值') holds '" +
            std::string(70, '1') +
            ".25', which is never split\n"
            "  hint: a figure or a word is never split: fewer columns, a smaller "
            "styles.table_size_pt, or narrower margins, or orientation: landscape");

  // A header word that is never split: a Latin word wider than the type area.
  t.rows = {{"甲", "1.5", "2.0"}};
  t.header[1] = std::string(120, 'W');
  doc.blocks = {t};
  const auto h = test::user_error_of([&] { layout::lay_out(doc, m); });
  REQUIRE(h.diagnostics().size() == 1);
  CHECK(h.diagnostics()[0].message.find("; the header of column 2, '" + std::string(120, 'W') +
                                        "', has a word that is never split") != std::string::npos);
}
