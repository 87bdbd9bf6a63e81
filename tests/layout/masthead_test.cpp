// tests/layout: preset jianbao's 报头 and 报尾 and the watermark, read from the spec and laid out
// with a fixed-width measurer (every Han character 1 em): the refusals at their keys, where
// each part of the masthead lies, and the watermark under every page.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "core/diagnostic.hpp"
#include "data/load_indicators.hpp"
#include "layout/lay_out.hpp"
#include "model/build_document.hpp"
#include "support.hpp"

using namespace jb;

namespace {

// A4 with the briefing's margins: 28 mm left and right, 30 mm top and bottom.
constexpr double left_pt = 28 * 72 / 25.4, right_pt = 595.276 - 28 * 72 / 25.4;
constexpr double top_pt = 841.89 - 30 * 72 / 25.4, bottom_pt = 30 * 72 / 25.4;

const std::string masthead = R"(masthead:
  name: 统计简报
  issue: 2025年第9期
  editor: 某市统计局编
  classification: 内部资料
  copy_number: "000012"
  distribution:
    report: 省统计局
    send: 市委、市政府领导
    issue: 各区统计局
  copies: 50
)";

std::string spec_text(const std::string& extra, int paragraphs = 2) {
  std::string body;
  for (int i = 0; i < paragraphs; ++i)
    body += "  - paragraph: 正文一段，写满若干字，写满若干字，写满若干字，写满若干字。\n";
  return "preset: jianbao\ndocument: {title: 标题, issuer: 某市统计局, date: 2025-11-20}\n" +
         extra + "body:\n" + body;
}

layout::PageLayout laid_out(const std::string& yaml) {
  test::FixedWidthMeasurer m;
  const auto spec = test::parse_yaml(yaml, "m.yaml");
  return layout::lay_out(model::build_document(spec, data::IndicatorSet{}, ""), m);
}

std::string first_error(const std::string& yaml) {
  const core::UserError e = test::user_error_of([&] { laid_out(yaml); });
  REQUIRE(!e.diagnostics().empty());
  return core::format_diagnostic(e.diagnostics()[0]);
}

// The run that starts with `text` on page `p`.
const layout::GlyphRun* run_of(const layout::Page& p, const std::u32string& text) {
  for (const auto& r : p.runs)
    if (r.text.rfind(text, 0) == 0) return &r;
  return nullptr;
}

bool is_red(const layout::Rgb& c) { return c.r > 0.8 && c.g == 0 && c.b == 0; }

// A line of a page: the text of its runs on one baseline, left to right, and where it starts.
struct LineText {
  std::u32string text;
  double x = 0, y = 0;
};

std::vector<LineText> lines_of(const layout::Page& p) {
  std::vector<const layout::GlyphRun*> runs;
  for (const auto& r : p.runs) runs.push_back(&r);
  std::sort(runs.begin(), runs.end(), [](auto* a, auto* b) {
    return std::fabs(a->y_pt - b->y_pt) > 0.01 ? a->y_pt > b->y_pt : a->x_pt < b->x_pt;
  });
  std::vector<LineText> out;
  for (const auto* r : runs) {
    if (out.empty() || std::fabs(out.back().y - r->y_pt) > 0.01)
      out.push_back({{}, r->x_pt, r->y_pt});
    out.back().text += r->text;
  }
  return out;
}

// The first line of the page holding `text`, or nullptr.
const LineText* line_with(const std::vector<LineText>& lines, const std::u32string& text) {
  for (const auto& l : lines)
    if (l.text.find(text) != std::u32string::npos) return &l;
  return nullptr;
}

}  // namespace

TEST_CASE("jianbao: the masthead's name is red, centred and spread, the rule under the editor",
          "[layout][masthead]") {
  const auto pl = laid_out(spec_text(masthead));
  const auto& p = pl.pages.at(0);
  // 统 计 简 报: four characters 48 pt, half an em apart, centred on the type area.
  std::vector<const layout::GlyphRun*> name;
  for (const auto& r : p.runs)
    if (r.size_pt == 48) name.push_back(&r);
  REQUIRE(!name.empty());
  std::u32string text;
  for (const auto* r : name) {
    CHECK(is_red(r->color));
    CHECK(r->stroke_pt > 0);  // outlined, to read as 小标宋
    text += r->text;
  }
  CHECK(text == U"统计简报");
  REQUIRE(name.size() == 4);
  CHECK(name[1]->x_pt - name[0]->x_pt == Approx(48 + 24));
  const double first = name.front()->x_pt, end = name.back()->x_pt + 48;
  CHECK(end - first == Approx(4 * 48 + 3 * 24));
  CHECK((first + end) / 2 == Approx((left_pt + right_pt) / 2));
  const double name_baseline = name.front()->y_pt;
  CHECK(name_baseline == Approx(top_pt - 15 * 72 / 25.4 - 0.88 * 48));
  // 内部资料 flush left and the 份号 flush right on the first line, above the name.
  const auto* secret = run_of(p, U"内部资料");
  const auto* copy = run_of(p, U"000012");
  REQUIRE(secret);
  REQUIRE(copy);
  CHECK(secret->x_pt == Approx(left_pt));
  CHECK(secret->y_pt == Approx(copy->y_pt));
  CHECK(copy->x_pt + 6 * 7 == Approx(right_pt));
  CHECK(secret->y_pt > name_baseline + 48);
  // The 期号 centred under the name; the editor flush left, the date flush right under it.
  const auto* issue = run_of(p, U"2025");
  const auto* editor = run_of(p, U"某市统计局编");
  REQUIRE(issue);
  REQUIRE(editor);
  CHECK(issue->y_pt < name_baseline);
  CHECK(editor->y_pt < issue->y_pt);
  CHECK(editor->x_pt == Approx(left_pt));
  // The red rule: 1.5 pt, across the type area, 4 mm under the editor line's foot and above the
  // title.
  REQUIRE(!p.rules.empty());
  const auto& rule = p.rules.front();
  CHECK(is_red(rule.color));
  CHECK(rule.width_pt == 1.5);
  CHECK(rule.x1_pt == Approx(left_pt));
  CHECK(rule.x2_pt == Approx(right_pt));
  CHECK(rule.y1_pt < editor->y_pt - 0.12 * 14);
  CHECK(rule.y1_pt > editor->y_pt - 0.12 * 14 - 6 * 72 / 25.4);
  const auto* title = run_of(p, U"标题");
  REQUIRE(title);
  CHECK(title->y_pt < rule.y1_pt - 22);
  // No red double rule of the briefing's title block: the masthead's rule is the only red one.
  CHECK(std::count_if(p.rules.begin(), p.rules.end(),
                      [](const layout::Rule& r) { return is_red(r.color); }) == 1);
}

TEST_CASE("jianbao: rule double is thick over thin, editor defaults to the issuer",
          "[layout][masthead]") {
  const auto pl = laid_out(spec_text("masthead: {name: 统计信息, rule: double}\n"));
  const auto& p = pl.pages.at(0);
  REQUIRE(p.rules.size() == 2);
  CHECK(p.rules[0].width_pt == 1.5);
  CHECK(p.rules[1].width_pt == 0.5);
  CHECK(p.rules[1].y1_pt == Approx(p.rules[0].y1_pt - 2.5));
  const auto* editor = run_of(p, U"某市统计局");
  REQUIRE(editor);
  CHECK(editor->x_pt == Approx(left_pt));
  const auto* date = run_of(p, U"2025");
  REQUIRE(date);
  CHECK(date->y_pt == Approx(editor->y_pt));
}

TEST_CASE("jianbao: the 报尾 lies on the last page's foot between two rules",
          "[layout][masthead]") {
  const auto pl = laid_out(spec_text(masthead, 3));
  REQUIRE(pl.pages.size() == 1);
  const auto& p = pl.pages.back();
  const auto lines = lines_of(p);
  const auto* report = line_with(lines, U"报：省统计局");
  const auto* send = line_with(lines, U"送：市委、市政府领导");
  const auto* issue = line_with(lines, U"发：各区统计局");
  REQUIRE(report);
  REQUIRE(send);
  REQUIRE(issue);
  CHECK(report->y > send->y);
  CHECK(send->y > issue->y);
  CHECK(report->x == Approx(left_pt + 12));  // one em in
  // 共印50份 on the last line, towards the right.
  CHECK(line_with(lines, U"发：各区统计局（共印50份）") == issue);
  for (const auto& r : p.runs)
    if (r.text.find(U"共印") != std::u32string::npos) CHECK(r.x_pt > right_pt - 8 * 12);
  // Black 0.75 pt rules: one above 报：, one on the type area's foot.
  std::vector<layout::Rule> black;
  for (const auto& r : p.rules)
    if (!is_red(r.color)) black.push_back(r);
  REQUIRE(black.size() == 2);
  CHECK(black[0].width_pt == 0.75);
  CHECK(black[1].width_pt == 0.75);
  CHECK(black[1].y1_pt == Approx(bottom_pt));
  CHECK(black[0].y1_pt == Approx(bottom_pt + 3 * 1.8 * 12));
  CHECK(report->y < black[0].y1_pt);
  CHECK(issue->y > black[1].y1_pt);
}

TEST_CASE("jianbao: the 报尾 never overlaps the text: without room it goes to a new page's foot",
          "[layout][masthead]") {
  const std::string long_send =
      "masthead:\n  name: 统计简报\n  distribution: {send: "
      "市委办公室，市政府办公室，市发展改革委，市经信局，市财政局，市商务局，市农业农村局}\n  "
      "copies: 120\n";
  // The send list wraps under its own text; the copies end its last line, which has room.
  const auto one = laid_out(spec_text(long_send, 1));
  REQUIRE(one.pages.size() == 1);
  const auto lines = lines_of(one.pages.back());
  const auto* send = line_with(lines, U"送：市委办公室");
  REQUIRE(send);
  const auto* next = send + 1;
  REQUIRE(next < lines.data() + lines.size());
  double text_x = 0;  // where the send list's own text starts on its first line (after 送：)
  for (const auto& r : one.pages.back().runs)
    if (const auto k = r.text.find(U"送："); r.y_pt == send->y && k != std::u32string::npos)
      text_x = r.x_pt + static_cast<double>(k + 2) * (r.size_pt + r.char_space_pt);
  CHECK(next->x == Approx(text_x));
  const auto* copies = line_with(lines, U"（共印120份）");
  REQUIRE(copies);
  CHECK(copies->y == next->y);
  // However long the body, the 报尾 is on the last page, on its foot, under all of the text.
  bool own_page = false;
  for (int n = 1; n <= 40; ++n) {
    const auto pl = laid_out(spec_text(long_send, n));
    INFO(n << " paragraphs, " << pl.pages.size() << " pages");
    const auto& last = pl.pages.back();
    double top_rule = 0;
    for (const auto& r : last.rules)
      if (!is_red(r.color) && r.width_pt == 0.75) top_rule = std::max(top_rule, r.y1_pt);
    REQUIRE(top_rule > bottom_pt);
    bool body = false;
    for (const auto& r : last.runs) {
      if (r.text.find(U"正文") != std::u32string::npos || r.text.find(U"写满") == 0) body = true;
      if (r.y_pt > top_rule) CHECK(r.y_pt - 0.12 * r.size_pt > top_rule);
    }
    if (!body && pl.pages.size() > 1) {
      own_page = true;
      // Still numbered: a briefing numbers every page.
      CHECK(line_with(lines_of(last),
                      U"— " + core::decode_utf8(std::to_string(pl.pages.size())).value() + U" —"));
    }
  }
  CHECK(own_page);
}

TEST_CASE("jianbao: what cannot be printed is an error at its key", "[layout][masthead]") {
  CHECK_THAT(first_error(
                 spec_text("masthead: {name: 某某省某某市统计局统计分析与研究简报汇编内部刊物}\n")),
             Catch::StartsWith("m.yaml:3:18: error: the masthead's name does not fit on one line"));
  CHECK_THAT(
      first_error(spec_text("masthead: {name: 统计简报, editor: "
                            "某某省某某市某某区统计局办公室某某科编印某某省某某市某某区统计局}\n")),
      Catch::StartsWith(
          "m.yaml:3:32: error: the 编印单位 does not fit on one line beside the date"));
  CHECK_THAT(
      first_error(spec_text("masthead:\n  name: 统计简报\n  copy_number: 12a\n")),
      Catch::StartsWith("m.yaml:5:16: error: 'copy_number' (份号) must be digits, found '12a'"));
  // Digits too many for their line are refused, never wrapped over the masthead or the 报尾.
  CHECK_THAT(first_error(spec_text("masthead:\n  name: 统计简报\n  copy_number: \"" +
                                   std::string(85, '1') + "\"\n")),
             Catch::StartsWith("m.yaml:5:16: error: the 份号 '1111111111111111…' does not fit on "
                               "the line of the classification"));
  CHECK_THAT(first_error(spec_text(
                 "masthead:\n  name: 统计简报\n  copies: " + std::string(94, '1') + "\n")),
             Catch::StartsWith("m.yaml:5:11: error: （共印1111111111111111…份） does not fit on "
                               "one line of the 报尾"));
  CHECK_THAT(
      first_error(spec_text("masthead:\n  name: 统计简报\n  copies: 五十\n")),
      Catch::StartsWith("m.yaml:5:11: error: 'copies' must be the number of copies printed"));
  CHECK_THAT(
      first_error("preset: jianbao\ndocument: {title: 标题, date: 2025-11-20}\nbody: []\n"),
      Catch::StartsWith("m.yaml:1:9: error: preset jianbao prints a masthead, and the spec has no "
                        "'masthead'"));
  CHECK_THAT(
      first_error("document: {title: 标题, date: 2025-11-20}\nmasthead: {name: 简报}\nbody: []\n"),
      Catch::StartsWith("m.yaml:2:11: error: 'masthead' is printed by preset jianbao only"));
  CHECK_THAT(first_error(spec_text("masthead: {name: 统计简报}\nwatermark: "
                                   "{text: 某某市统计局内部征求意见稿请勿外传, size_pt: 100}\n")),
             Catch::StartsWith(
                 "m.yaml:4:19: error: the watermark '某某市统计局内部征求意见稿请勿外…' does not "
                 "fit in the type area at 100 pt, turned by 45°"));
  CHECK_THAT(
      first_error(spec_text("masthead: {name: 统计简报}\nwatermark: {text: 稿, gray: 0.3}\n")),
      Catch::StartsWith("m.yaml:4:28: error:"));
}

TEST_CASE("a watermark lies under every page of any preset, gray, turned about the type area",
          "[layout][masthead]") {
  const auto pl = laid_out(
      "document: {title: 标题, date: 2025-11-20}\nwatermark: {text: 征求意见稿, angle: 30}\n"
      "body:\n  - paragraph: 正文。\n  - page_break\n  - paragraph: 正文。\n");
  REQUIRE(pl.pages.size() == 2);
  for (const auto& p : pl.pages) {
    REQUIRE(p.underlays.size() == 1);
    const auto& u = p.underlays[0];
    CHECK(u.angle_deg == 30);
    CHECK(u.x_pt == Approx((left_pt + right_pt) / 2));
    CHECK(u.y_pt == Approx((top_pt + bottom_pt) / 2));
    REQUIRE(u.runs.size() == 1);
    CHECK(u.runs[0].text == U"征求意见稿");
    CHECK(u.runs[0].color.r == 0.85);
    CHECK(u.runs[0].color.g == 0.85);
    CHECK(u.runs[0].size_pt == 60);
    CHECK(u.runs[0].x_pt == Approx(-150));  // centred on the point
  }
  // Without one, no page has an underlay.
  for (const auto& p :
       laid_out("document: {title: 标题, date: 2025-11-20}\nbody: [page_break]\n").pages)
    CHECK(p.underlays.empty());
}

TEST_CASE("jianbao: the 报尾 lies under the last page's footnotes and under a page_break's text",
          "[layout][masthead][footnotes]") {
  for (int n = 1; n <= 24; ++n) {
    INFO(n << " paragraphs");
    std::string body = "body:\n";
    for (int i = 0; i < n; ++i)
      body += "  - paragraph: 正文一段，写满若干字，写满若干字，写满若干字。^[注文写满若干字。]\n";
    const auto pl = laid_out(
        "preset: jianbao\ndocument: {title: 标题, issuer: 某市统计局, "
        "date: 2025-11-20}\n" +
        masthead + body + "  - page_break\n");
    const auto& last = pl.pages.back();
    double top_rule = 0;
    for (const auto& r : last.rules)
      if (!is_red(r.color) && r.width_pt == 0.75) top_rule = std::max(top_rule, r.y1_pt);
    REQUIRE(top_rule > bottom_pt);
    // Every line over the record's top rule clears it: body text, the notes, their rule.
    const auto lines = lines_of(last);
    const auto* report = line_with(lines, U"报：省统计局");
    REQUIRE(report);
    bool note = false;
    for (const auto& l : lines) {
      if (l.y < top_rule) continue;
      CHECK(l.y - 0.12 * 12 > top_rule);
      note |= l.text.find(U"注文") != std::u32string::npos;
    }
    for (const auto& r : last.rules)
      if (r.y1_pt > top_rule - 0.01 && r.width_pt != 0.75) CHECK(r.y1_pt > top_rule + 1);
    // The last page's notes are printed there, over the record.
    bool marker = false;
    for (const auto& r : last.runs)
      marker |=
          r.text.find(static_cast<char32_t>(0x2460)) != std::u32string::npos && r.y_pt > top_rule;
    CHECK(marker == note);
  }
}
