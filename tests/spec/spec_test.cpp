// tests/spec: every good spec loads; every broken spec fails with the exact message it states.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "core/diagnostic.hpp"
#include "support.hpp"

using namespace jb;

namespace {

std::vector<core::Diagnostic> errors_of(const std::string& yaml,
                                        const std::string& name = "t.yaml") {
  try {
    test::parse_yaml(yaml, name);
  } catch (const core::UserError& e) {
    return e.diagnostics();
  }
  return {};
}

// The errors of a spec read as the program reads it by default: an unknown key is an error.
std::vector<core::Diagnostic> strict_errors_of(const std::string& yaml, const std::string& name) {
  try {
    spec::parse_spec_text(yaml, name, test::source_dir,
                          spec::SpecOptions{test::font_dir, true, {}});
  } catch (const core::UserError& e) {
    return e.diagnostics();
  }
  return {};
}

// The text of the first paragraph of a spec whose body is `body` (line 5 onwards).
spec::TextTemplate first_paragraph(const std::string& body) {
  const auto s = test::parse_yaml("document:\n  title: 标题\n  date: 2025-11-20\nbody:\n" + body);
  return std::get<spec::ParagraphBlock>(s.blocks.at(0).content).text;
}

}  // namespace

TEST_CASE("every spec in tests/spec/good loads", "[spec]") {
  int n = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(test::source_dir / "tests/spec/good")) {
    INFO(entry.path());
    const auto spec = spec::parse_spec(entry.path(), {test::font_dir, true, {test::source_dir}});
    CHECK(!spec.blocks.empty());
    ++n;
  }
  CHECK(n >= 2);
}

TEST_CASE("every spec in tests/spec/broken fails with the error it states", "[spec]") {
  int n = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(test::source_dir / "tests/spec/broken")) {
    const std::string text = test::read_file(entry.path());
    const std::string marker = "# expect: ";
    REQUIRE(text.rfind(marker, 0) == 0);
    const std::string expected = text.substr(marker.size(), text.find('\n') - marker.size());
    const std::string name = "broken/" + entry.path().filename().string();
    INFO(name);
    const auto errs = strict_errors_of(text, name);
    REQUIRE(!errs.empty());
    const std::string got = core::format_diagnostic(errs.front());
    CHECK(got.substr(0, got.find('\n')) == expected);  // the hint line aside
    ++n;
  }
  CHECK(n >= 16);
}

TEST_CASE("the full example fills every field", "[spec]") {
  const auto s = spec::parse_spec(test::source_dir / "tests/spec/good/full.yaml",
                                  {test::font_dir, true, {test::source_dir}});
  CHECK(s.meta.year == 2024);
  CHECK(s.meta.month == 2);
  CHECK(s.meta.day == 29);
  CHECK(s.meta.output_name == "full.pdf");
  CHECK(s.page.margin_top_mm == 37);
  CHECK(s.style.line_pitch_pt == Approx(28.991));
  REQUIRE(s.data.size() == 1);
  CHECK(s.data[0].name == "gdp");
  REQUIRE(s.blocks.size() == 6);
  const auto& h2 = std::get<spec::HeadingBlock>(s.blocks[1].content);
  CHECK(h2.level == 2);
  CHECK_FALSE(h2.numbered);
  const auto& chart = std::get<spec::ChartBlock>(s.blocks[5].content);
  CHECK(chart.type == vocab::ChartType::bar_line);
  REQUIRE(chart.series.size() == 2);
  CHECK(chart.series[1].axis == vocab::Axis::right);
  REQUIRE(s.fonts.size() == std::size(vocab::all_font_roles));  // unnamed roles keep the defaults
  CHECK(s.fonts[0].file.filename() == "JianbaoSerifSC-Regular.ttf");
  CHECK(s.fonts[0].fallback == std::vector{vocab::FontRole::hei, vocab::FontRole::kai});
  CHECK(s.fonts[1].fallback ==
        std::vector{vocab::FontRole::song, vocab::FontRole::kai, vocab::FontRole::fang});
}

TEST_CASE("all problems are reported in one run", "[spec]") {
  const auto errs = errors_of(R"(document:
  title: 标题
  date: 2025-13-01
page:
  margins_mm: {top: 500}
body:
  - paragraph: 正文
  - heading: 标题
    level: 7
)");
  REQUIRE(errs.size() == 3);
  CHECK(core::format_diagnostic(errs[0]) ==
        "t.yaml:3:9: error: 'date' must be a date written YYYY-MM-DD, found '2025-13-01'");
  CHECK(core::format_diagnostic(errs[1]) ==
        "t.yaml:5:21: error: 'top' is 500, outside the range 5 to 100");
  CHECK(core::format_diagnostic(errs[2]) ==
        "t.yaml:9:12: error: 'level' is 7, outside the range 1 to 4");
}

TEST_CASE("unknown keys are errors with the nearest known key + warnings when lenient", "[spec]") {
  const std::string yaml =
      "document:\n  title: 标题\n  date: 2025-11-20\n  colour: red\nbody:\n"
      "  - chart: {type: bar, data: d, x: a, captoin: 图, series: [{column: b, nmae: x}]}\n";
  const auto e = test::user_error_of([&] {
    spec::parse_spec_text(yaml, "t.yaml", ".", {test::font_dir, true, {}});
  });  // the default
  CHECK(e.code() == core::ExitCode::invalid_spec);
  REQUIRE(e.diagnostics().size() == 3);
  CHECK(core::format_diagnostic(e.diagnostics()[0]) ==
        "t.yaml:4:3: error: unknown key 'colour' in 'document'\n"
        "  hint: expected one of: title, subtitle, issuer, date, output, header, mark");
  CHECK(core::format_diagnostic(e.diagnostics()[1])
            .rfind("t.yaml:6:39: error: unknown key 'captoin' in 'chart'\n"
                   "  hint: did you mean 'caption'? expected one of: ",
                   0) == 0);
  CHECK(core::format_diagnostic(e.diagnostics()[2])
            .rfind("t.yaml:6:72: error: unknown key 'nmae' in a chart series\n"
                   "  hint: did you mean 'name'? expected one of: ",
                   0) == 0);
  const auto lenient = test::parse_yaml(yaml);  // SpecOptions{font_dir, false}: --lenient
  REQUIRE(lenient.warnings.size() == 3);
  CHECK(core::format_diagnostic(lenient.warnings[0]) ==
        "test.yaml:4:3: warning: unknown key 'colour' in 'document'\n"
        "  hint: expected one of: title, subtitle, issuer, date, output, header, mark");
}

TEST_CASE("placeholders are located by character column + after CJK text", "[spec]") {
  const auto t = first_paragraph(
      "  - paragraph: 全市生产总值为{{ gdp.last.value | yi }}，比上年{{gdp.last.yoy|change}}。\n");
  REQUIRE(t.segments.size() == 5);
  CHECK(t.segments[1].is_placeholder);
  CHECK(t.segments[1].text == "gdp.last.value | yi");
  CHECK(t.segments[1].where.line == 5);
  CHECK(t.segments[1].where.column == 23);  // the value starts at 16, then 7 characters
  CHECK(t.segments[3].text == "gdp.last.yoy|change");
  CHECK(t.segments[3].where.column == 23 + 25 + 4);
}

TEST_CASE("placeholders in folded block scalars keep their own line", "[spec]") {
  const auto t =
      first_paragraph("  - paragraph: >-\n      第一行文字，\n      第二行{{ a.b.c }}。\n");
  REQUIRE(t.segments.size() == 3);
  CHECK(t.segments[1].where.line == 7);
  CHECK(t.segments[1].where.column == 10);
}

TEST_CASE("a missing spec file is exit code 66", "[spec]") {
  {
    const core::UserError e = test::user_error_of([&] {
      spec::parse_spec("no/such/spec.yaml", {test::font_dir, false, {}});
    });
    CHECK(e.code() == core::ExitCode::missing_input);
    CHECK(
        core::format_diagnostic(e.diagnostics()[0]).find("no/such/spec.yaml: error: cannot open") ==
        0);
  }
}

TEST_CASE("a spec that is not a mapping + or far too large + is rejected", "[spec]") {
  CHECK(errors_of("- a\n- b\n").size() == 1);
  CHECK(errors_of("just text").size() == 1);
  test::TempDir tmp;
  const auto big = tmp.path() / "big.yaml";
  std::ofstream(big) << std::string(2 << 20, '#');
  {
    const core::UserError e = test::user_error_of([&] {
      spec::parse_spec(big, {test::font_dir, false, {}});
    });
    CHECK(e.code() == core::ExitCode::invalid_spec);
  }
}

TEST_CASE("preset gbt9704 sets the grid, official fields are checked where written", "[spec]") {
  const auto ok = test::parse_yaml(R"(preset: gbt9704
document: {title: 通知, date: 2026-01-12}
styles: {note_size_pt: 11}
body: [page_break]
)");
  CHECK(ok.preset == vocab::Preset::gbt9704);
  CHECK(ok.page.margin_top_mm == 37.0);
  CHECK(ok.style.body_size_pt == 16.0);
  CHECK(ok.style.note_size_pt == 11.0);  // the spec adjusts what the preset set
  CHECK(ok.style.line_pitch_pt * 22 == Approx(225 * 72 / 25.4));
  CHECK((ok.style.body_size_pt + ok.style.tracking_pt) * 28 == Approx(156 * 72 / 25.4));
  CHECK(ok.typography.han_latin_gap_em == 0.0);

  const auto errs = errors_of(R"(preset: gbt9704
document: {title: 通知, date: 2026-01-12}
official:
  copy_number: "12a"
  doc_number: 甬统[2026]1号
typography: {han_latin_gap_em: 0.05}
body: [page_break]
)");
  REQUIRE(errs.size() == 3);
  CHECK(core::format_diagnostic(errs[0]).rfind(
            "t.yaml:5:15: error: the year in 'doc_number' is in []; write it in 〔〕", 0) == 0);
  CHECK(core::format_diagnostic(errs[1]).rfind(
            "t.yaml:4:16: error: 'copy_number' (份号) must be six digits, found '12a'", 0) == 0);
  CHECK(core::format_diagnostic(errs[2]).rfind(
            "t.yaml:6:32: error: 'han_latin_gap_em' must be 0 or from 0.125 to 0.5", 0) == 0);
}
