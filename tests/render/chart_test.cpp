// tests/render: chart geometry and the chart PDF.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/diagnostic.hpp"
#include "render/chart/render_chart.hpp"
#include "render/chart/ticks.hpp"
#include "support.hpp"

using namespace jb;

TEST_CASE("nice ticks step by 1 + 2 or 5 times a power of ten", "[chart]") {
  const auto t = chart::nice_ticks(0, 18147.7 * 1.04, 5);
  CHECK(t.step == 5000);
  CHECK(t.min == 0);
  CHECK(t.max == 20000);
  CHECK(t.values == std::vector<double>{0, 5000, 10000, 15000, 20000});
  CHECK(chart::nice_ticks(0, 0.87, 5).step == Approx(0.2));
  CHECK(chart::nice_ticks(0, 0.87, 5).decimals == 1);
  CHECK(chart::nice_ticks(-3.2, 8.1, 5).min == -5);
  const auto flat = chart::nice_ticks(5, 5, 5);  // all values equal: still a range
  CHECK(flat.min <= 5);
  CHECK(flat.max > 5);
  CHECK_THROWS(chart::nice_ticks(0, std::numeric_limits<double>::infinity()));
}

TEST_CASE("a second axis gets the same number of intervals", "[chart]") {
  const auto [l, r] = chart::dual_axis_ticks(0, 20000, 0, 8.2);
  CHECK(r.values.size() == l.values.size());
  CHECK(l.max >= 20000);
  CHECK(r.max >= 8.2);
  CHECK(r.max < 8.2 * 2);  // a 1-2-5 step close to the need, not a wasted half axis
  const double mantissa = r.step / std::pow(10.0, std::floor(std::log10(r.step)));
  CHECK((mantissa == Approx(1) || mantissa == Approx(2) || mantissa == Approx(5)));
  const auto [l2, r2] = chart::dual_axis_ticks(0, 20000, 0, 56.7);
  CHECK(r2.values.size() == l2.values.size());
  CHECK(r2.max >= 56.7);
}

namespace {
model::Chart gdp_chart() {
  model::Chart c;
  c.type = vocab::ChartType::bar_line;
  c.categories = {"2023", "2024", "2025\n前三季度"};
  c.partial = {false, false, true};
  c.partial_label = "前三季度";
  c.series = {{"地区生产总值",
               "亿元",
               vocab::Axis::left,
               {16452.8, 18147.7, 13500},
               {"16452.8", "18147.7", "13500"},
               {}},
              {"增长", "%", vocab::Axis::right, {5.5, std::nullopt, 5.0}, {"5.5", "", "5.0"}, {}}};
  c.where = {"s.yaml", 20, 5};
  return c;
}
}  // namespace

TEST_CASE("a document's charts are the pages of one PDF, each font embedded once", "[chart]") {
  const fonts::FontSet fonts(test::shipped_fonts());
  const std::string one = chart::render_chart(gdp_chart(), 400, 240, fonts);
  std::vector<std::vector<std::string>> drawn(3);
  const std::string book = chart::render_charts(
      {gdp_chart(), gdp_chart(), gdp_chart()}, {{400, 240}, {300, 200}, {400, 240}}, fonts, &drawn);
  auto count = [](const std::string& pdf, const std::string& what) {
    std::size_t n = 0;
    for (auto at = pdf.find(what); at != std::string::npos; at = pdf.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count(book, "/Type /Page\n") + count(book, "/Type /Page ") == 3);
  CHECK(book.find("/MediaBox [ 0 0 300 200 ]") != std::string::npos);  // each page its own box
  CHECK(count(one, "/FontFile2") > 0);
  CHECK(count(book, "/FontFile2") == count(one, "/FontFile2"));  // shared by the three
  CHECK(drawn[2] == drawn[0]);
  CHECK_FALSE(drawn[0].empty());
  CHECK(chart::render_charts({}, {}, fonts).empty());
  // A chart that cannot be drawn stops them, with its own problems.
  model::Chart none = gdp_chart();
  none.categories.clear();
  const auto e = test::user_error_of([&] {
    chart::render_charts({gdp_chart(), none}, {{400, 240}, {400, 240}}, fonts);
  });
  REQUIRE(e.diagnostics().size() == 1);
  CHECK(e.diagnostics()[0].message == "the chart has no categories");
}

TEST_CASE("a chart renders to a one-page vector PDF of the box's size", "[chart]") {
  const fonts::FontSet fonts(test::shipped_fonts());
  const std::string pdf = chart::render_chart(gdp_chart(), 400, 240, fonts);
  CHECK(pdf.rfind("%PDF-", 0) == 0);
  CHECK(pdf.find("/MediaBox [ 0 0 400 240 ]") != std::string::npos);
  CHECK(pdf.find("/Image") == std::string::npos);  // vector: no raster images
}

TEST_CASE("bad chart data is a clear error at the chart + never a blank chart", "[chart]") {
  const fonts::FontSet fonts(test::shipped_fonts());
  auto none = gdp_chart();
  for (auto& s : none.series) {
    s.values = {std::nullopt, std::nullopt, std::nullopt};
    s.labels = {"", "", ""};
  }
  {
    const core::UserError e =
        test::user_error_of([&] { chart::render_chart(none, 400, 240, fonts); });
    CHECK(core::format_diagnostic(e.diagnostics()[0]) ==
          "s.yaml:20:5: error: the chart has no values to draw");
  }
  auto empty = gdp_chart();
  empty.categories.clear();
  CHECK_THROWS_AS(chart::render_chart(empty, 400, 240, fonts), core::UserError);
  auto zeros = gdp_chart();
  zeros.series[0].values = {0.0, 0.0, 0.0};
  zeros.series[0].labels = {"0", "0", "0"};
  CHECK(chart::render_chart(zeros, 400, 240, fonts).rfind("%PDF-", 0) == 0);
}

TEST_CASE("chart labels fall back through the same fonts as body text", "[chart]") {
  const fonts::FontSet fonts(test::shipped_fonts());
  // 《 》 are in hei: fine. U+E000 is in no font: an error at the chart.
  auto c = gdp_chart();
  c.categories[0] = "《2023》";
  CHECK(chart::render_chart(c, 400, 240, fonts).rfind("%PDF-", 0) == 0);
  c.categories[0] = "\xEE\x80\x80";  // U+E000, private use: in no font
  {
    const core::UserError e = test::user_error_of([&] { chart::render_chart(c, 400, 240, fonts); });
    CHECK(core::format_diagnostic(e.diagnostics()[0]) ==
          "s.yaml:20:5: error: no font has the character '\xEE\x80\x80' (U+E000) in a chart label");
  }
}

TEST_CASE("check_chart gives what render_chart refuses: every rule at once, then drawing's own",
          "[chart]") {
  const fonts::FontSet fonts(test::shipped_fonts());
  CHECK(chart::check_chart(gdp_chart(), 400, 240, fonts).empty());

  // A pie of 13 slices, one missing and one labelled with a character no font has.
  model::Chart pie;
  pie.type = vocab::ChartType::pie;
  pie.where = {"s.yaml", 30, 5};
  model::ChartSeries s{"值", "亿元", vocab::Axis::left, {}, {}, {}};
  for (int i = 0; i < 13; ++i) {
    pie.categories.push_back(i == 5 ? "笑\xF0\x9F\x98\x80" : "类" + std::to_string(i));
    s.values.push_back(i == 3 ? std::nullopt : std::optional<double>(i + 1));
    s.labels.push_back(i == 3 ? "" : std::to_string(i + 1));
  }
  pie.series = {s};
  std::vector<std::string> expected = {
      "s.yaml:30:5: error: a pie of 13 slices cannot be read\n"
      "  hint: show at most 12, or use type: hbar for a ranking",
      "s.yaml:30:5: error: the pie's slice '类3' has no value\n"
      "  hint: a pie cannot leave a gap; leave the slice out with rows: [...]",
      "s.yaml:30:5: error: no font has the character '\xF0\x9F\x98\x80' (U+1F600) in a chart "
      "label"};
  auto formatted = [](const std::vector<core::Diagnostic>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) out.push_back(core::format_diagnostic(d));
    return out;
  };
  CHECK(formatted(chart::check_chart(pie, 400, 240, fonts)) == expected);
  const auto e = test::user_error_of([&] { chart::render_chart(pie, 400, 240, fonts); });
  CHECK(e.code() == core::ExitCode::data_error);
  CHECK(formatted(e.diagnostics()) == expected);

  // Found by the chart's plan, once the rules on its data pass: the plot box left after the
  // legend is too low. render_chart and export_chart refuse it with the same diagnostic.
  auto low = gdp_chart();
  for (auto& series : low.series) series.name = std::string(30, 'N');
  const auto planned = chart::check_chart(low, 400, 60, fonts);
  REQUIRE(planned.size() == 1);
  CHECK(core::format_diagnostic(planned[0]) ==
        "s.yaml:20:5: error: the chart is too low to draw\n  hint: raise its height_mm");
  const auto refused = test::user_error_of([&] { chart::render_chart(low, 400, 60, fonts); });
  CHECK(formatted(refused.diagnostics()) == formatted(planned));
  for (auto format : {chart::ChartFormat::svg, chart::ChartFormat::png}) {
    const auto exported =
        test::user_error_of([&] { chart::export_chart(low, 400, 60, fonts, format); });
    CHECK(formatted(exported.diagnostics()) == formatted(planned));
  }
}
