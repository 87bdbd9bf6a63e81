// tests/e2e: nothing is drawn outside the page. On every demo and test document, and on hostile
// ones (a title, subtitle, heading, paragraph, table cell, caption or note of 5,000 characters;
// margins of 5 mm), every glyph's box, every path and every chart's box lies inside the page's
// MediaBox, read from the produced PDF; every character of the long texts is printed, in order.
// What cannot go over pages (a table header repeated on each of them, one-line furniture, the
// 版记) is an error at its place in the spec.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <optional>
#include <regex>

#include "support.hpp"

using namespace jb;
namespace fs = std::filesystem;

namespace {

const std::string bin = test::jianbao;
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool inside(const Box& page) const {
    return x0 >= page.x0 && y0 >= page.y0 && x1 <= page.x1 && y1 <= page.y1;
  }
  std::string str() const {
    std::ostringstream s;
    s << x0 << " " << y0 << " " << x1 << " " << y1;
    return s.str();
  }
};

std::vector<double> numbers(const std::string& text) {
  std::vector<double> out;
  std::istringstream s(text);
  for (double v = 0; s >> v;) out.push_back(v);
  return out;
}

// What a PDF draws, per page: from mutool's structured text every glyph's quad, from its trace
// every path's extent (within the clip it is drawn through) and every group's box (the page's
// own, and one per chart's Form XObject), all in device space (y down).
struct Drawn {
  std::vector<Box> pages;
  std::vector<std::vector<std::pair<char32_t, Box>>> glyphs;
  std::vector<std::vector<Box>> paths;  // what each path marks: its extent within its clip
  std::vector<std::vector<Box>> groups;
  std::size_t charts() const {  // the groups that are not a whole page
    std::size_t n = 0;
    for (std::size_t p = 0; p < groups.size(); ++p)
      for (const Box& g : groups[p])
        if (g.x1 - g.x0 < pages[p].x1 - pages[p].x0 - 1 ||
            g.y1 - g.y0 < pages[p].y1 - pages[p].y0 - 1)
          ++n;
    return n;
  }
};

Drawn drawn(const fs::path& pdf) {
  Drawn d;
  const auto xml = pdf.string() + ".stext.xml";
  REQUIRE(test::run("mutool convert -F stext -O inhibit-spaces -o " + q(xml) + " " + q(pdf))
              .exit_code == 0);
  static const std::regex page_re(R"re(<page id="[^"]*" width="([-\d.]+)" height="([-\d.]+)")re");
  static const std::regex char_re(R"re(<char quad="([^"]+)"[^>]*c="([^"]*)")re");
  std::istringstream stext(test::read_file(xml));
  for (std::string line; std::getline(stext, line);) {
    std::smatch m;
    if (std::regex_search(line, m, page_re)) {
      d.pages.push_back({0, 0, std::stod(m[1]), std::stod(m[2])});
      d.glyphs.emplace_back();
    } else if (std::regex_search(line, m, char_re)) {
      REQUIRE(!d.glyphs.empty());
      const auto v = numbers(m[1]);
      REQUIRE(v.size() == 8);
      const Box b{std::min({v[0], v[2], v[4], v[6]}), std::min({v[1], v[3], v[5], v[7]}),
                  std::max({v[0], v[2], v[4], v[6]}), std::max({v[1], v[3], v[5], v[7]})};
      const std::string c = m[2];
      const auto cp = core::decode_utf8(c);
      d.glyphs.back().push_back({c.rfind("&#x", 0) == 0
                                     ? static_cast<char32_t>(std::stoul(c.substr(3), nullptr, 16))
                                 : cp && cp->size() == 1 ? (*cp)[0]
                                                         : U'?',
                                 b});
    }
  }
  const auto trace = test::run("mutool trace " + q(pdf));
  REQUIRE(trace.exit_code == 0);
  static const std::regex trace_page_re(R"re(<page number="\d+" mediabox="([^"]+)")re");
  static const std::regex path_re(R"re(<(fill|stroke|clip)_path [^>]*transform="([^"]+)")re");
  static const std::regex point_re(R"re(\b(x\d?)="([-\d.e]+)" (y\d?)="([-\d.e]+)")re");
  static const std::regex group_re(R"re(<group bbox="([^"]+)")re");
  std::istringstream lines(trace.out);
  std::vector<double> matrix;             // of the path being read, if any
  std::optional<Box> path;                // its points' extent in device space
  bool clip = false;                      // the path is a clip (hatching is drawn through one)
  std::vector<std::optional<Box>> clips;  // the clips in force: what a path can mark
  std::size_t page = 0;
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, trace_page_re)) {
      ++page;
      d.paths.emplace_back();
      d.groups.emplace_back();
      clips.clear();
      const auto mb = numbers(m[1]);  // the same page as the structured text's
      REQUIRE(page <= d.pages.size());
      REQUIRE(mb.size() == 4);
      CHECK(std::fabs(mb[2] - mb[0] - d.pages[page - 1].x1) < 0.01);
      CHECK(std::fabs(mb[3] - mb[1] - d.pages[page - 1].y1) < 0.01);
    } else if (std::regex_search(line, m, path_re)) {
      matrix = numbers(m[2]);
      clip = m[1] == "clip";
      path.reset();
    } else if (line.find("</fill_path>") != std::string::npos ||
               line.find("</stroke_path>") != std::string::npos ||
               line.find("</clip_path>") != std::string::npos) {
      // What the path marks: its extent within the clips in force.
      std::optional<Box> marked = path;
      if (marked && !clips.empty()) {
        if (!clips.back()) {
          marked.reset();
        } else {
          const Box& c = *clips.back();
          marked = Box{std::max(marked->x0, c.x0), std::max(marked->y0, c.y0),
                       std::min(marked->x1, c.x1), std::min(marked->y1, c.y1)};
          if (marked->x0 > marked->x1 || marked->y0 > marked->y1) marked.reset();
        }
      }
      if (clip)
        clips.push_back(marked);
      else if (marked)
        d.paths.back().push_back(*marked);
      matrix.clear();
    } else if (line.find("<pop_clip/>") != std::string::npos) {
      REQUIRE(!clips.empty());
      clips.pop_back();
    } else if (std::regex_search(line, m, group_re)) {
      const auto v = numbers(m[1]);
      REQUIRE(v.size() == 4);
      d.groups.back().push_back({v[0], v[1], v[2], v[3]});
    } else if (matrix.size() == 6) {
      for (std::sregex_iterator it(line.begin(), line.end(), point_re), end; it != end; ++it) {
        const double x = std::stod((*it)[2]), y = std::stod((*it)[4]);
        const double dx = matrix[0] * x + matrix[2] * y + matrix[4],
                     dy = matrix[1] * x + matrix[3] * y + matrix[5];
        path = path ? Box{std::min(path->x0, dx), std::min(path->y0, dy), std::max(path->x1, dx),
                          std::max(path->y1, dy)}
                    : Box{dx, dy, dx, dy};
      }
    }
  }
  REQUIRE(d.paths.size() == d.pages.size());
  return d;
}

// Everything the PDF draws that reaches outside its page, one line each.
std::vector<std::string> outside(const Drawn& d) {
  std::vector<std::string> out;
  for (std::size_t p = 0; p < d.pages.size(); ++p) {
    const Box& page = d.pages[p];
    const std::string at = "page " + std::to_string(p + 1) + " (" + page.str() + "): ";
    for (const auto& [c, b] : d.glyphs[p])
      if (!b.inside(page))
        out.push_back(at + "glyph '" + core::encode_utf8(std::u32string(1, c)) + "' at " + b.str());
    for (const Box& b : d.paths[p])
      if (!b.inside(page)) out.push_back(at + "a path (a rule, a chart's line) at " + b.str());
    for (const Box& g : d.groups[p])
      if (!g.inside(page)) out.push_back(at + "a group (a chart's box) at " + g.str());
  }
  return out;
}

// The text of the whole PDF as pdftotext reads it (which drops what is off the page).
std::u32string pdf_text(const fs::path& pdf) {
  const auto r = test::run("pdftotext -enc UTF-8 " + q(pdf) + " -");
  REQUIRE(r.exit_code == 0);
  return core::decode_utf8(test::strip_whitespace(r.out)).value_or(U"");
}

// How much of `text` is printed in order in `printed` (all of it: its length): the characters
// of `text` found one after another, other text (a repeated table header, a page's number and
// running header) between them allowed.
std::size_t printed_in_order(const std::string& text, const std::u32string& printed) {
  const auto want = core::decode_utf8(text).value_or(U"");
  std::size_t k = 0;
  for (char32_t c : printed)
    if (k < want.size() && c == want[k]) ++k;
  return k;
}

std::size_t count_code_points(const std::string& s) { return core::count_code_points(s); }

// A Chinese text of about `n` characters whose every clause is numbered (tag and four digits),
// so that a missing or repeated piece cannot go unseen.
std::string long_text(std::size_t n, const std::string& tag) {
  static const std::u32string han =
      U"经济运行总体平稳产业结构持续优化创新动能加快集聚消费市场稳步恢复对外贸易韧性增强居民收入较"
      U"快增长";
  std::u32string out;
  const std::u32string t = core::decode_utf8(tag).value_or(U"");
  for (std::size_t i = 0; out.size() + 1 < n; ++i) {
    std::string number = std::to_string(i);
    number.insert(0, 4 - std::min<std::size_t>(4, number.size()), '0');
    out += t + core::decode_utf8(number).value_or(U"");
    for (std::size_t k = 0; k < 12; ++k) out.push_back(han[(i * 7 + k) % han.size()]);
    out.push_back(U'，');
  }
  out.resize(n - 1);
  out.push_back(U'。');
  return core::encode_utf8(out);
}

const std::string data_section = R"(data:
  t:
    columns: [区县, 产值, 说明]
    rows:
      - [甲县, "1200.25", 短]
      - [乙区, "980.75", 短]
)";

std::string briefing(const std::string& document_extra, const std::string& body,
                     const std::string& data = data_section, const std::string& title = "简况") {
  return "document:\n  title: \"" + title + "\"\n  issuer: 测试组\n  date: 2025-10-20\n" +
         document_extra + data + "body:\n" + body;
}

std::string chart_block(const std::string& caption, const std::string& note) {
  return "  - chart: {type: bar, data: t, x: 区县, series: [{column: 产值, name: 产值, unit: "
         "亿元}], caption: \"" +
         caption + "\", note: \"" + note + "\"}\n";
}

std::string table_block(const std::string& caption, const std::string& note,
                        const std::string& last_header = "说明") {
  return "  - table: {data: t, caption: \"" + caption + "\", note: \"" + note +
         "\", columns: [{header: 区县, column: 区县}, {header: 产值, column: 产值, align: right}, "
         "{header: \"" +
         last_header + "\", column: 说明}]}\n";
}

const std::string paragraph = "  - paragraph: 正文。\n";

struct Rendered {
  test::CommandResult run;
  fs::path pdf;
};

Rendered render(const test::TempDir& tmp, const std::string& spec, const std::string& name = "s") {
  const auto yaml = tmp.path() / (name + ".yaml");
  std::ofstream(yaml) << spec;
  const auto out = tmp.path() / "out";
  return {test::run(bin + " -q render " + q(yaml) + " -o " + q(out)), out / (name + ".pdf")};
}

// Renders `spec`: exit 0, nothing outside the page, every character of each long text printed
// in order, `charts` charts drawn (each inside its page). Returns the number of pages.
std::size_t render_whole(const std::string& spec, const std::vector<std::string>& long_texts,
                         std::size_t charts = 0) {
  test::TempDir tmp;
  const auto r = render(tmp, spec);
  INFO(r.run.err);
  REQUIRE(r.run.exit_code == 0);
  const Drawn d = drawn(r.pdf);
  const auto off = outside(d);
  INFO((off.empty() ? std::string() : off.front()));
  CHECK(off.empty());
  CHECK(d.charts() == charts);
  const auto printed = pdf_text(r.pdf);
  for (const auto& text : long_texts) {
    REQUIRE(count_code_points(text) >= 5000);
    CHECK(printed_in_order(text, printed) == count_code_points(text));
  }
  return d.pages.size();
}

// The first diagnostic line of stderr (FILE:LINE:COL: error: ...).
std::string first_error(const std::string& err) {
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);)
    if (line.find(": error: ") != std::string::npos) return line;
  return {};
}

}  // namespace

TEST_CASE("every glyph, path and chart of the demos and test documents lies inside its page",
          "[e2e][pages]") {
  test::TempDir tmp;
  const std::vector<std::string> specs = {
      "templates/ningbo/briefing.yaml",    "templates/notice/gbt9704.yaml",
      "templates/districts/briefing.yaml", "tests/golden/basic/job.yaml",
      "tests/typography/torture.yaml",     "tests/spec/good/minimal.yaml"};
  std::size_t pdfs = 0, charts = 0;
  for (const auto& spec : specs) {
    INFO(spec);
    const auto out = tmp.path() / fs::path(spec).parent_path().filename();
    const auto r = test::run(bin + " -q render " + q(test::source_dir / spec) + " -o " + q(out));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The manifest says how many charts each PDF has: each one must be drawn, inside its page.
    const std::string manifest = test::read_file(out / "manifest.json");
    static const std::regex report_re(R"re("path": "([^"]+\.pdf)"[^}]*?"charts": (\d+))re");
    std::size_t reports = 0;
    for (std::sregex_iterator it(manifest.begin(), manifest.end(), report_re), end; it != end;
         ++it) {
      const fs::path pdf = out / (*it)[1].str();
      INFO(pdf.string());
      const Drawn d = drawn(pdf);
      const auto off = outside(d);
      INFO((off.empty() ? std::string() : off.front()));
      CHECK(off.empty());
      CHECK(d.charts() == std::stoul((*it)[2]));
      charts += d.charts();
      ++reports;
    }
    CHECK(reports >= 1);
    pdfs += reports;
  }
  CHECK(pdfs >= 15);   // the ten district briefings among them
  CHECK(charts >= 9);  // the demo's four, the golden file's, the districts'
}

TEST_CASE("a 5,000-character title goes on over the pages, every character of it printed",
          "[e2e][pages]") {
  const std::string title = long_text(5000, "T");
  CHECK(render_whole(briefing("", paragraph, data_section, title), {title}) >= 10);
}

TEST_CASE("a 5,000-character subtitle goes on over the pages, every character of it printed",
          "[e2e][pages]") {
  const std::string subtitle = long_text(5000, "S");
  CHECK(render_whole(briefing("  subtitle: \"" + subtitle + "\"\n", paragraph), {subtitle}) >= 5);
}

TEST_CASE("a 5,000-character heading goes on over the pages, before a paragraph or a chart",
          "[e2e][pages]") {
  const std::string heading = long_text(5000, "H");
  CHECK(render_whole(briefing("", "  - heading: \"" + heading + "\"\n" + paragraph), {heading}) >=
        5);
  // a heading before a chart waits for it, and is placed with it
  CHECK(render_whole(briefing("", "  - heading: \"" + heading + "\"\n" +
                                      chart_block("图1　产值", "资料来源：测试。")),
                     {heading}, 1) >= 5);
}

TEST_CASE("a 5,000-character paragraph goes on over the pages, every character of it printed",
          "[e2e][pages]") {
  const std::string text = long_text(5000, "P");
  CHECK(render_whole(briefing("", "  - paragraph: \"" + text + "\"\n"), {text}) >= 4);
}

TEST_CASE("a table cell taller than a page splits its row over pages, under a repeated header",
          "[e2e][pages]") {
  const std::string cell = long_text(5000, "C");
  std::string data = data_section;
  data.replace(data.find("短"), std::string("短").size(), "\"" + cell + "\"");
  test::TempDir tmp;
  const auto r =
      render(tmp, briefing("", paragraph + table_block("表1　产值", "资料来源：测试。"), data));
  INFO(r.run.err);
  REQUIRE(r.run.exit_code == 0);
  const Drawn d = drawn(r.pdf);
  CHECK(outside(d).empty());
  CHECK(printed_in_order(cell, pdf_text(r.pdf)) == count_code_points(cell));
  REQUIRE(d.pages.size() >= 4);
  // every page of the row starts under the table's header: 区县 产值 说明, then the row's text
  for (std::size_t p = 1; p < d.pages.size(); ++p) {
    INFO("page " << p + 1);
    std::u32string page;
    for (const auto& [c, b] : d.glyphs[p]) page.push_back(c);
    const auto head = page.find(U"区县产值说明");
    CHECK(head != std::u32string::npos);
    CHECK(page.find(U"C", head) != std::u32string::npos);
  }
  // the row's first part is on page 1, its first key with it; the next row after its last part
  std::u32string first;
  for (const auto& [c, b] : d.glyphs[0]) first.push_back(c);
  CHECK(first.find(U"甲县1200.25C0000") != std::u32string::npos);
  std::u32string last;
  for (const auto& [c, b] : d.glyphs.back()) last.push_back(c);
  CHECK(last.find(U"乙区980.75短") != std::u32string::npos);
}

TEST_CASE("a table's 5,000-character caption or note goes on over the pages, all of it printed",
          "[e2e][pages]") {
  const std::string caption = long_text(5000, "K"), note = long_text(5000, "N");
  CHECK(render_whole(briefing("", paragraph + table_block(caption, "资料来源：测试。")),
                     {caption}) >= 4);
  CHECK(render_whole(briefing("", paragraph + table_block("表1　产值", note)), {note}) >= 3);
}

TEST_CASE("a chart's 5,000-character caption or note is printed whole and the chart drawn",
          "[e2e][pages]") {
  // was: internal error 'render_chart: bad chart size', exit 70
  const std::string caption = long_text(5000, "K"), note = long_text(5000, "N");
  CHECK(render_whole(briefing("", paragraph + chart_block(caption, "资料来源：测试。")), {caption},
                     1) >= 4);
  CHECK(render_whole(briefing("", paragraph + chart_block("图1　产值", note)), {note}, 1) >= 3);
  // and `check`, which lays out and checks the charts as render does, agrees
  test::TempDir tmp;
  std::ofstream(tmp.path() / "s.yaml") << briefing("", paragraph + chart_block(caption, note));
  const auto r = test::run(bin + " -q check " + q(tmp.path() / "s.yaml"));
  INFO(r.err);
  CHECK(r.exit_code == 0);
}

TEST_CASE("a chart keeps most of its height beside a long caption, and the page holds it",
          "[e2e][pages]") {
  // a caption of a third of a page and a chart of 250 mm: the caption goes first, the chart
  // (as tall as the type area at most) on the next page, whole
  const std::string caption = long_text(600, "K");
  test::TempDir tmp;
  const std::string spec = briefing(
      "", paragraph +
              "  - chart: {type: bar, data: t, x: 区县, series: [{column: 产值, name: 产值, "
              "unit: 亿元}], height_mm: 250, caption: \"" +
              caption + "\"}\n");
  const auto r = render(tmp, spec);
  INFO(r.run.err);
  REQUIRE(r.run.exit_code == 0);
  const Drawn d = drawn(r.pdf);
  CHECK(outside(d).empty());
  REQUIRE(d.charts() == 1);
  for (std::size_t p = 0; p < d.groups.size(); ++p)
    for (const Box& g : d.groups[p])
      if (g.y1 - g.y0 < d.pages[p].y1 - 1)
        CHECK(g.y1 - g.y0 >= 0.75 * (297 - 2 * 25.4) * 72 / 25.4);  // 3/4 of the type area
  CHECK(printed_in_order(caption, pdf_text(r.pdf)) == count_code_points(caption));
}

TEST_CASE("an official document's long title, 主送机关, attachment and heading go over pages",
          "[e2e][pages]") {
  const std::string title = long_text(5000, "T"), to = long_text(5000, "R"),
                    attachment = long_text(5000, "A"), heading = long_text(5000, "H");
  const std::string spec = "preset: gbt9704\ndocument: {title: \"" + title +
                           "\", date: 2025-10-20}\nofficial:\n  copy_number: \"000128\"\n"
                           "  issuer_mark: 某市统计局文件\n  doc_number: 某统〔2025〕1号\n"
                           "  recipients: \"" +
                           to + "\"\n  attachments: [\"" + attachment +
                           "\"]\n  signature: 某市统计局\n  cc: 市委办公室\n"
                           "  printer: 某市统计局办公室\n" +
                           data_section + "body:\n  - heading: \"" + heading + "\"\n" + paragraph;
  CHECK(render_whole(spec, {title, to, attachment, heading}) >= 12);
}

TEST_CASE("in 5 mm margins the running header and the page numbers stay on the paper",
          "[e2e][pages]") {
  const std::string text = long_text(5000, "P");
  for (const char* preset : {"briefing", "gbt9704"}) {
    INFO(preset);
    const std::string spec = "preset: " + std::string(preset) +
                             "\npage: {margins_mm: {top: 5, bottom: 5, left: 5, right: 5}}\n" +
                             briefing("  header: 测试简报\n", "  - paragraph: \"" + text + "\"\n");
    CHECK(render_whole(spec, {text}) >= 2);
  }
}

// ---- what cannot go over pages is refused at its place -----------------------------------------

TEST_CASE("a table header taller than a page is an error at the column's header", "[e2e][pages]") {
  test::TempDir tmp;
  const std::string header = long_text(3000, "X");
  const std::string spec = briefing("", paragraph +
                                            "  - table:\n      data: t\n      columns:\n"
                                            "        - {header: 区县, column: 区县}\n"
                                            "        - {header: \"" +
                                            header + "\", column: 说明}\n");
  const auto r = render(tmp, spec);
  CHECK(r.run.exit_code == 65);
  CHECK(first_error(r.run.err) ==
        (tmp.path() / "s.yaml").string() +
            ":17:20: error: the table's header is taller than the type area (671 pt) can hold "
            "with a row under it: the header of column 2, 'X0000经济运行总体平稳产业结…', is "
            "set in 84 lines");
  CHECK(r.run.err.find("hint: the header is repeated on every page the table goes over") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(r.pdf));
}

TEST_CASE("a running header or a mark longer than a line is an error at the field",
          "[e2e][pages]") {
  test::TempDir tmp;
  const std::string longer = long_text(80, "M");
  const std::string body = paragraph + "  - page_break\n" + paragraph;
  auto r = render(tmp, briefing("  header: \"" + longer + "\"\n", body));
  CHECK(r.run.exit_code == 65);
  CHECK(first_error(r.run.err) == (tmp.path() / "s.yaml").string() +
                                      ":5:11: error: the running header does not fit on one line: "
                                      "'M0000经济运行总体平稳产业结…' "
                                      "needs 2 lines of the type area's width (436 pt)");
  // the issuer is the header when there is none
  r = render(tmp, "document:\n  title: 简况\n  issuer: \"" + longer + "\"\n  date: 2025-10-20\n" +
                      data_section + "body:\n" + body);
  CHECK(r.run.exit_code == 65);
  CHECK(first_error(r.run.err).find("s.yaml:3:11: error: the running header does not fit") !=
        std::string::npos);
  // on a one-page document there is no running header to print
  r = render(tmp, "document:\n  title: 简况\n  issuer: \"" + longer + "\"\n  date: 2025-10-20\n" +
                      data_section + "body:\n" + paragraph);
  CHECK(r.run.exit_code == 0);
  r = render(tmp, briefing("  mark: \"" + longer + "\"\n", paragraph));
  CHECK(r.run.exit_code == 65);
  CHECK(
      first_error(r.run.err) ==
      (tmp.path() / "s.yaml").string() +
          ":5:9: error: the mark does not fit on one line: 'M0000经济运行总体平稳产业结…' needs 2 "
          "lines of the type area's width (436 pt)");
}

TEST_CASE("a 署名, 抄送 or 印发机关 that cannot be set in its place is an error at the field",
          "[e2e][pages]") {
  test::TempDir tmp;
  auto official = [&](const std::string& fields) {
    return render(tmp, "preset: gbt9704\ndocument: {title: 通知, date: 2025-10-20}\nofficial:\n" +
                           fields + data_section + "body:\n" + paragraph);
  };
  auto r = official("  signature: \"" + long_text(60, "Q") + "\"\n");
  INFO(r.run.err);
  CHECK(r.run.exit_code == 65);
  CHECK(first_error(r.run.err).find("s.yaml:4:14: error: the 署名 does not fit on one line: "
                                    "'Q0000经济运行总体平稳产业结…' needs 2 lines") !=
        std::string::npos);
  r = official("  signature: 某市统计局\n  cc: \"" + long_text(2000, "Q") + "\"\n");
  CHECK(r.run.exit_code == 65);
  CHECK(first_error(r.run.err).find("s.yaml:5:7: error: the 版记 is taller than the type area: "
                                    "its 抄送, 'Q0000经济运行总体平稳产业结…', is set in") !=
        std::string::npos);
  r = official("  signature: 某市统计局\n  printer: \"" + long_text(30, "Q") + "\"\n");
  CHECK(r.run.exit_code == 65);
  CHECK(first_error(r.run.err).find("s.yaml:5:12: error: the 印发机关 does not fit on one line "
                                    "beside the 印发日期") != std::string::npos);
  // as the demo sets them, they fit
  r = official(
      "  signature: 某市统计局\n  cc: 市委办公室，市政府办公室\n  printer: 某市统计局办公室\n");
  INFO(r.run.err);
  CHECK(r.run.exit_code == 0);
}
