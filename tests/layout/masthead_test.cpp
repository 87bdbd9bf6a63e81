// tests/layout: preset jianbao's 报头 and 报尾 and the watermark, read from the spec and laid out
// with a fixed-width measurer (every Han character 1 em): the refusals at their keys, where
// each part of the masthead lies, and the watermark under every page.
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

}  // namespace

TEST_CASE("jianbao: the masthead's name is red, centred and spread; the rule under the editor",
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
  REQUIRE(name.size() == 1);
  CHECK(name.front()->char_space_pt == Approx(24));
  const double first = name.front()->x_pt, end = first + 4 * 48 + 3 * 24;
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
  // No red double rule of the briefing's title block: the masthead's rule is the only one.
  CHECK(p.rules.size() == 1);
}

TEST_CASE("jianbao: rule double is thick over thin; editor defaults to the issuer",
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
  const auto* date = run_of(p, U"2025年11月20日");
  REQUIRE(date);
  CHECK(date->y_pt == Approx(editor->y_pt));
}

TEST_CASE("jianbao: the 报尾 lies on the last page's foot between two rules",
          "[layout][masthead]") {
  const auto pl = laid_out(spec_text(masthead, 3));
  REQUIRE(pl.pages.size() == 1);
  const auto& p = pl.pages.back();
  const auto* report = run_of(p, U"报：省统计局");
  const auto* send = run_of(p, U"送：");
  const auto* issue = run_of(p, U"发：各区统计局");
  const auto* copies = run_of(p, U"（共印50份）");
  REQUIRE(report);
  REQUIRE(send);
  REQUIRE(issue);
  REQUIRE(copies);
  CHECK(report->y_pt > send->y_pt);
  CHECK(send->y_pt > issue->y_pt);
  CHECK(copies->y_pt == Approx(issue->y_pt));  // on the last line, flush right, one em in
  CHECK(copies->x_pt + 6 * 12 == Approx(right_pt - 12));
  CHECK(report->x_pt == Approx(left_pt + 12));
  // Black 0.75 pt rules: one above 报：, one on the type area's foot.
  std::vector<layout::Rule> black;
  for (const auto& r : p.rules)
    if (!is_red(r.color)) black.push_back(r);
  REQUIRE(black.size() == 2);
  CHECK(black[0].width_pt == 0.75);
  CHECK(black[1].y1_pt == Approx(bottom_pt));
  CHECK(black[0].y1_pt == Approx(bottom_pt + 3 * 1.8 * 12));
  CHECK(report->y_pt < black[0].y1_pt);
  CHECK(issue->y_pt > black[1].y1_pt);
}

TEST_CASE("jianbao: a 报尾 without room under the text goes to a new page's foot; 份数 alone",
          "[layout][masthead]") {
  const std::string long_send =
      "masthead:\n  name: 统计简报\n  distribution: {send: "
      "市委办公室，市政府办公室，市发展改革委，市经信局，市财政局，市商务局，市农业农村局}\n  "
      "copies: 120\n";
  const auto one = laid_out(spec_text(long_send, 1));
  const auto many = laid_out(spec_text(long_send, 15));
  const std::size_t pages = many.pages.size();
  REQUIRE(one.pages.size() == 1);
  // The send list wraps under its own text: its second line starts where its text does.
  const auto& foot = one.pages.back();
  const auto* send = run_of(foot, U"送：");
  REQUIRE(send);
  bool hanging = false;
  for (const auto& r : foot.runs)
    if (r.y_pt < send->y_pt - 1 && r.y_pt > bottom_pt && r.x_pt == Approx(left_pt + 12 + 24))
      hanging = true;
  CHECK(hanging);
  // The copies on a line of their own when the last line leaves no room.
  const auto* copies = run_of(foot, U"（共印120份）");
  REQUIRE(copies);
  CHECK(copies->y_pt < send->y_pt);
  // Fifteen paragraphs fill the last page: the 报尾 has a page of its own, still numbered.
  std::size_t with_record = 0;
  for (std::size_t i = 0; i < pages; ++i)
    if (run_of(many.pages[i], U"送：")) with_record = i;
  CHECK(with_record == pages - 1);
  CHECK(run_of(many.pages.back(), U"— " + core::decode_utf8(std::to_string(pages)).value()));
}

TEST_CASE("jianbao: what cannot be printed is an error at its key", "[layout][masthead]") {
  CHECK(
      first_error(spec_text("masthead: {name: 某某省某某市统计局统计分析与研究简报汇编内部刊物}\n"))
          .rfind("m.yaml:3:17: error: the masthead's name does not fit on one line", 0) == 0);
  CHECK(
      first_error(spec_text("masthead: {name: 统计简报, editor: "
                            "某某省某某市某某区统计局办公室某某科编印某某省某某市某某区统计局}\n"))
          .rfind("m.yaml:3:37: error: the 编印单位 does not fit on one line beside the date", 0) ==
      0);
  CHECK(first_error(spec_text("masthead:\n  name: 统计简报\n  copy_number: 12a\n"))
            .rfind("m.yaml:5:16: error: 'copy_number' (份号) must be digits, found '12a'", 0) == 0);
  CHECK(first_error(spec_text("masthead:\n  name: 统计简报\n  copies: 五十\n"))
            .rfind("m.yaml:5:11: error: 'copies' must be the number of copies printed", 0) == 0);
  CHECK(first_error("preset: jianbao\ndocument: {title: 标题, date: 2025-11-20}\nbody: []\n")
            .rfind("m.yaml:1:9: error: preset jianbao prints a masthead, and the spec has no "
                   "'masthead'",
                   0) == 0);
  CHECK(first_error("document: {title: 标题, date: 2025-11-20}\nmasthead: {name: 简报}\nbody: []\n")
            .rfind("m.yaml:2:11: error: 'masthead' is printed by preset jianbao only", 0) == 0);
  CHECK(first_error(spec_text("masthead: {name: 统计简报}\nwatermark: "
                              "{text: 某某市统计局内部征求意见稿请勿外传, size_pt: 100}\n"))
            .rfind("m.yaml:4:19: error: the watermark '某某市统计局内部征求意见稿请勿…' does not "
                   "fit in the type area at 100 pt, turned by 45°",
                   0) == 0);
  CHECK(first_error(spec_text("masthead: {name: 统计简报}\nwatermark: {text: 稿, gray: 0.3}\n"))
            .rfind("m.yaml:4:34: error:", 0) == 0);
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
