// tests/render: every chart type rendered to PNG and compared with its committed reference
// (tests/render/chart_references/*.png; JIANBAO_GOLDEN_UPDATE=1 or `make golden-update` accepts new
// ones on purpose); label geometry; grayscale distinctness; bad data.
#include <cairo.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include "core/diagnostic.hpp"
#include "data/load_indicators.hpp"
#include "model/build_document.hpp"
#include "model/expression.hpp"
#include "raster.hpp"
#include "render/chart/labels.hpp"
#include "render/chart/painter.hpp"
#include "render/chart/render_chart.hpp"
#include "render/chart/style.hpp"
#include "render/chart/ticks.hpp"
#include "render/chart_support.hpp"
#include "support.hpp"

using namespace jb;
using vocab::ChartType;

namespace {

using test::make_chart;
using test::series;

// The fixtures: each type with what makes it hard (a partial period, a missing value, a
// revised one, negatives on two axes, small slices).
std::vector<std::pair<std::string, model::Chart>> fixtures() {
  std::vector<std::pair<std::string, model::Chart>> out;
  auto years = std::vector<std::string>{"2020", "2021", "2022", "2023", "2024", "2025\n前三季度"};
  auto bar = make_chart(ChartType::bar, years,
                        {series("出口", "亿元", {120, 135, std::nullopt, 160, 171.5, 130}),
                         series("进口", "亿元", {80, 92, 95, 101, 110, 85})});
  bar.partial.back() = true;
  bar.partial_label = "前三季度";
  bar.series[0].revised[3] = true;
  out.push_back({"bar", bar});
  auto mono = bar;
  mono.style = vocab::ChartStyle::mono;
  out.push_back({"bar-mono", mono});
  out.push_back(
      {"hbar", make_chart(ChartType::hbar, {"海曙区", "江北区", "北仑区", "镇海区", "鄞州区"},
                          {series("增速", "%", {6.1, 5.2, 4.8, -1.3, 5.9})})});
  auto stack = make_chart(
      ChartType::stacked, {"2020", "2024"},
      {series("第一产业", "亿元", {338.4, 451.1}), series("第二产业", "亿元", {5693.9, 7882.7}),
       series("第三产业", "亿元", {6376.4, 9813.9})});
  out.push_back({"stacked", stack});
  auto stack100 = stack;
  stack100.type = ChartType::stacked100;
  out.push_back({"stacked100", stack100});
  auto line = make_chart(ChartType::line, years,
                         {series("规上工业", "%", {4.1, 11.2, 3.9, std::nullopt, 6.0, 5.5}),
                          series("服务业", "%", {2.0, 8.7, 2.2, 6.8, 5.1, 4.9}),
                          series("投资", "%", {5.5, 10.7, 9.6, 4.8, -2.1, 3.0})});
  line.partial.back() = true;
  line.partial_label = "前三季度";
  out.push_back({"line", line});
  auto line_mono = line;
  line_mono.style = vocab::ChartStyle::mono;
  out.push_back({"line-mono", line_mono});
  out.push_back({"area", make_chart(ChartType::area, {"2021", "2022", "2023", "2024"},
                                    {series("整机", "家", {1, 3, 5, 8}),
                                     series("配套", "家", {10, 25, 51, 89})})});
  out.push_back({"bar_line", make_chart(ChartType::bar_line, {"2021", "2022", "2023", "2024"},
                                        {series("利润", "亿元", {120, -40, 60, 150}),
                                         series("增速", "%", {15.2, -133.3, 250.0, 150.0},
                                                vocab::Axis::right)})});
  out.push_back({"pie", make_chart(ChartType::pie, {"第一产业", "第二产业", "第三产业"},
                                   {series("构成", "亿元", {451.1, 7882.7, 9813.9})})});
  out.push_back({"donut", make_chart(ChartType::donut, {"制造", "服务", "农业", "其他", "建筑"},
                                     {series("构成", "家", {45, 30, 2, 3, 20})})});
  return out;
}

// Luma of each pixel (0 black .. 255 white) of a PNG's bytes.
struct Gray {
  int width = 0, height = 0;
  std::vector<double> v;
  double at(int x, int y) const { return v[static_cast<std::size_t>(y * width + x)]; }
};
Gray gray_of(const std::string& png) {
  test::TempDir tmp;
  const auto path = tmp.path() / "c.png";
  std::ofstream(path, std::ios::binary) << png;
  cairo_surface_t* s = cairo_image_surface_create_from_png(path.c_str());
  REQUIRE(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
  Gray g;
  g.width = cairo_image_surface_get_width(s), g.height = cairo_image_surface_get_height(s);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* d = cairo_image_surface_get_data(s);
  for (int y = 0; y < g.height; ++y)
    for (int x = 0; x < g.width; ++x) {
      const unsigned char* p = d + y * stride + x * 4;  // B G R x
      g.v.push_back(0.0722 * p[0] + 0.7152 * p[1] + 0.2126 * p[2]);
    }
  cairo_surface_destroy(s);
  return g;
}

}  // namespace

TEST_CASE("every chart type renders as its reference", "[chart][golden]") {
  const fonts::FontSet fonts(test::shipped_fonts());
  const auto dir = test::source_dir / "tests/render/chart_references";
  const bool update = std::getenv("JIANBAO_GOLDEN_UPDATE") != nullptr;
  for (const auto& [name, c] : fixtures()) {
    INFO(name);
    const std::string png = chart::render_chart(c, 240, 160, fonts, chart::ChartFormat::png);
    const std::string pdf = chart::render_chart(c, 240, 160, fonts);
    CHECK(pdf.find("/Image") == std::string::npos);  // vector in the document
    const auto ref = dir / (name + ".png");
    test::TempDir tmp;
    const auto actual = tmp.path() / (name + ".png");
    std::ofstream(actual, std::ios::binary) << png;
    if (update) {
      std::filesystem::copy_file(actual, ref, std::filesystem::copy_options::overwrite_existing);
      WARN("chart reference " << ref.filename() << " updated");
      continue;
    }
    const test::Image got = test::load_png(actual), want = test::load_png(ref);
    REQUIRE(want.width == got.width);
    REQUIRE(want.height == got.height);
    std::size_t differing = 0;
    for (std::size_t i = 0; i < got.ink.size(); ++i)
      differing += std::abs(got.ink[i] - want.ink[i]) > 64;
    const double share = static_cast<double>(differing) / static_cast<double>(got.ink.size());
    if (share > 0.004)
      std::filesystem::copy_file(actual, dir / (name + ".actual.png"),
                                 std::filesystem::copy_options::overwrite_existing);
    CHECK(share <= 0.004);
  }
}

TEST_CASE("series stay apart in grayscale: default palette and mono style", "[chart]") {
  const fonts::FontSet fonts(test::shipped_fonts());
  for (const auto style : {vocab::ChartStyle::color, vocab::ChartStyle::mono}) {
    // Four series of one category, equal height: scan across the bars near their foot.
    auto c = make_chart(ChartType::bar, {"x"},
                        {series("甲", "", {10}), series("乙", "", {10}), series("丙", "", {10}),
                         series("丁", "", {10})});
    c.style = style;
    c.labels = false;
    const Gray g = gray_of(chart::render_chart(c, 400, 160, fonts, chart::ChartFormat::png));
    const int y = g.height - 130;  // above the axis labels, inside the bars
    // Each column's mean gray over 40 rows; runs of ink, joined across the small gaps of a
    // dotted or hatched fill (the gaps between bars are wider), give each bar's mean gray.
    std::vector<double> column(static_cast<std::size_t>(g.width));
    for (int x = 0; x < g.width; ++x)
      for (int dy = 0; dy < 40; ++dy) column[static_cast<std::size_t>(x)] += g.at(x, y - dy) / 40;
    std::vector<std::pair<int, int>> runs;
    for (int x = 0; x < g.width; ++x) {
      if (column[static_cast<std::size_t>(x)] >= 250) continue;
      if (!runs.empty() && x - runs.back().second <= 12)
        runs.back().second = x;
      else
        runs.push_back({x, x});
    }
    std::vector<double> bars;  // each bar's mean gray
    for (const auto& [from, to] : runs) {
      if (to - from < 30) continue;
      double sum = 0;
      for (int x = from; x <= to; ++x) sum += column[static_cast<std::size_t>(x)];
      bars.push_back(sum / (to - from + 1));
    }
    INFO((style == vocab::ChartStyle::mono ? "mono" : "color"));
    REQUIRE(bars.size() == 4);
    for (std::size_t i = 0; i < bars.size(); ++i)
      for (std::size_t j = i + 1; j < bars.size(); ++j) {
        INFO(i << " " << j << ": " << bars[i] << " vs " << bars[j]);
        CHECK(std::fabs(bars[i] - bars[j]) >= 30);  // of 255
      }
  }
  // Lines never rely on colour alone: each has its own dash and marker.
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = i + 1; j < 4; ++j) {
      const auto a = chart::line_look(vocab::ChartStyle::mono, i),
                 b = chart::line_look(vocab::ChartStyle::mono, j);
      CHECK((a.dash != b.dash || a.marker != b.marker));
      CHECK(a.marker != b.marker);
    }
}

TEST_CASE("labels are placed without overlaps, or left out", "[chart]") {
  using chart::Box;
  const Box bounds{0, 0, 100, 100};
  // Two labels wanting the same place: the second takes its alternative.
  const auto placed = chart::place_labels({{{10, 10, 30, 20}, {10, 30, 30, 40}},
                                           {{15, 12, 35, 22}, {15, 25, 35, 35}, {50, 50, 60, 60}}},
                                          {}, bounds);
  CHECK(placed[0] == std::size_t{0});
  CHECK(placed[1] == std::size_t{1});  // its first place is taken by the first label
  const auto third = chart::place_labels(
      {{{10, 10, 30, 20}}, {{15, 12, 35, 22}, {12, 15, 32, 25}, {50, 50, 60, 60}}}, {}, bounds);
  CHECK(third[1] == std::size_t{2});
  // An obstacle (a marker) and the bounds are respected; no room means no label.
  const auto none =
      chart::place_labels({{{0, 0, 10, 10}, {95, 95, 105, 105}}}, {{0, 0, 12, 12}}, bounds);
  CHECK_FALSE(none[0].has_value());
}

TEST_CASE("category labels stay straight + wrap + turn + or thin out", "[chart]") {
  const auto w = [](const std::string& s) { return 8.0 * static_cast<double>(s.size()) / 3.0; };
  const auto straight = chart::plan_axis_labels({"2023", "2025\n前三季度"}, 60, 8, w);
  CHECK_FALSE(straight.rotated);
  CHECK(straight.lines[1].size() == 2);
  const auto wrapped = chart::plan_axis_labels({"供应链配套企业"}, 35, 8, w);
  CHECK_FALSE(wrapped.rotated);
  CHECK(wrapped.lines[0].size() == 2);
  const auto turned = chart::plan_axis_labels({"人工智能与机器人产业", "科技服务业"}, 20, 8, w);
  CHECK(turned.rotated);
  CHECK(turned.every == 1);
  std::vector<std::string> many(200, "海曙区");
  const auto thinned = chart::plan_axis_labels(many, 2.0, 8, w);
  CHECK(thinned.rotated);
  CHECK(thinned.every >= 6);
}

TEST_CASE("two axes keep their zero lines together, tick labels in 万 and 亿", "[chart]") {
  const auto [l, r] = chart::dual_axis_ticks(-40, 150, -133.3, 250);
  CHECK(l.values.size() == r.values.size());
  std::size_t lz = 99, rz = 98;
  for (std::size_t i = 0; i < l.values.size(); ++i) {
    if (l.values[i] == 0) lz = i;
    if (r.values[i] == 0) rz = i;
  }
  CHECK(lz == rz);
  CHECK(l.min <= -40);
  CHECK(l.max >= 150);
  CHECK(r.min <= -133.3);
  CHECK(r.max >= 250);
  const auto big = chart::nice_ticks(0, 1e12, 5);
  CHECK(chart::tick_label(2e11, big) == "2000亿");
  const auto mid = chart::nice_ticks(0, 350000, 5);
  CHECK(chart::tick_label(100000, mid) == "10万");
  CHECK(chart::tick_label(15000, chart::nice_ticks(0, 20000, 5)) == "15000");
}

TEST_CASE("bad chart data: a readable chart or an error at the chart", "[chart]") {
  const fonts::FontSet fonts(test::shipped_fonts());
  auto render = [&](const model::Chart& c) { return chart::render_chart(c, 400, 220, fonts); };
  // All zeros and a single point: drawn.
  CHECK_NOTHROW(render(make_chart(ChartType::bar, {"a", "b"}, {series("s", "", {0, 0})})));
  CHECK_NOTHROW(render(make_chart(ChartType::line, {"a"}, {series("s", "", {3.5})})));
  CHECK_NOTHROW(render(make_chart(ChartType::pie, {"a"}, {series("s", "", {3.5})})));
  // 1e-9 to 1e12 on one axis: drawn, ticks in 亿.
  CHECK_NOTHROW(render(make_chart(ChartType::bar, {"a", "b"}, {series("s", "", {1e-9, 1e12})})));
  // 200 categories: a line with thinned labels; bars would be too thin: an error at the chart.
  std::vector<std::string> cats;
  std::vector<std::optional<double>> vals;
  for (int i = 0; i < 200; ++i) cats.push_back(std::to_string(2000 + i)), vals.push_back(i % 17);
  CHECK_NOTHROW(render(make_chart(ChartType::line, cats, {series("s", "", vals)})));
  const auto e = test::user_error_of(
      [&] { render(make_chart(ChartType::bar, cats, {series("s", "", vals)})); });
  CHECK(core::format_diagnostic(e.diagnostics()[0])
            .rfind("c.yaml:3:5: error: the chart has 200 categories: their bars would be thinner "
                   "than 2.5 pt",
                   0) == 0);
  // A pie of zero, or with a missing slice; 13 slices.
  CHECK_THROWS_AS(render(make_chart(ChartType::pie, {"a", "b"}, {series("s", "", {0, 0})})),
                  core::UserError);
  CHECK_THROWS_AS(
      render(make_chart(ChartType::pie, {"a", "b"}, {series("s", "", {1, std::nullopt})})),
      core::UserError);
  std::vector<std::string> thirteen(13, "x");
  CHECK_THROWS_AS(
      render(make_chart(ChartType::pie, thirteen,
                        {series("s", "", std::vector<std::optional<double>>(13, 1.0))})),
      core::UserError);
}

TEST_CASE("a negative part of a pie is an error at the chart's spec line", "[chart]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "p.csv") << "k,v\na,5\nb,-3\n";
  const auto spec = test::parse_yaml(
      "document: {title: t, date: 2025-11-20}\ndata:\n  p: " + (tmp.path() / "p.csv").string() +
      "\nbody:\n  - chart: {type: pie, data: p, x: k, series: [{column: v, name: 构成}]}\n");
  const auto e =
      test::user_error_of([&] { model::build_document(spec, data::load_indicators(spec)); });
  CHECK(core::format_diagnostic(e.diagnostics()[0])
            .rfind("test.yaml:5:5: error: the chart's '构成' is -3 for 'b': a pie cannot show a "
                   "negative part",
                   0) == 0);
}

TEST_CASE("Cairo never sees an arc of absurd radius or a non-finite coordinate", "[chart]") {
  const fonts::FontSet fonts(test::shipped_fonts());
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
  cairo_t* cr = cairo_create(s);
  const model::Chart c;
  chart::Painter p(cr, fonts, c);
  const auto look = chart::fill_look(vocab::ChartStyle::color, 0);
  CHECK_THROWS_AS(p.sector(5, 5, 1e30, 0, 0, 1, look), std::logic_error);
  CHECK_THROWS_AS(p.rect(std::nan(""), 0, 1, 1, look), std::logic_error);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

TEST_CASE("chart notes and labels break where Chinese text may break", "[chart]") {
  const auto w = [](const std::string& s) { return 8.0 * static_cast<double>(s.size()) / 3.0; };
  const std::string note =
      "资料来源：宁波市统计局，二〇二五年前三季度数据（初步核算），增速按可比价格计算。";
  for (double width = 24; width <= 120; width += 8) {
    INFO(width);
    std::string joined;
    for (const auto& line : chart::wrap_text(note, width, 8, w)) {
      CHECK(line.rfind("，", 0) != 0);
      CHECK(line.rfind("）", 0) != 0);
      CHECK(line.rfind("。", 0) != 0);
      joined += line;
    }
    CHECK(joined == note);
  }
  // A category label halved for a narrow slot never leaves its closing bracket alone.
  const auto plan = chart::plan_axis_labels({"增速（%）"}, 30, 8, w);
  for (const auto& line : plan.lines[0]) CHECK(line.rfind("）", 0) != 0);
}

namespace {

// The share of a rendered chart's pixels (in rows y0..y1 of the image, as fractions of its
// height) that have the partial band's gray.
double band_share(const model::Chart& c, double y0, double y1) {
  const fonts::FontSet fonts(test::shipped_fonts());
  const Gray g = gray_of(chart::render_chart(c, 240, 160, fonts, chart::ChartFormat::png));
  const double band = 255 * chart::luma(chart::partial_band_look().fill);
  std::size_t n = 0, all = 0;
  for (int y = static_cast<int>(y0 * g.height); y < static_cast<int>(y1 * g.height); ++y)
    for (int x = 0; x < g.width; ++x, ++all) n += std::abs(g.at(x, y) - band) < 0.8;
  return static_cast<double>(n) / static_cast<double>(all);
}

model::Chart chart_of(const std::string& type, const std::string& rows) {
  const auto spec = test::parse_yaml(
      "document: {title: t, date: 2025-11-20}\ndata:\n  q:\n    columns: [period, v, g]\n"
      "    rows: " +
      rows + "\nbody:\n  - chart: {type: " + type +
      ", data: q, x: period, series: [{column: v, name: 产值, unit: 亿元}, {column: g, name: "
      "增速, unit: \"%\", axis: right}]}\n");
  const auto doc = model::build_document(spec, data::load_indicators(spec));
  REQUIRE(doc.charts.size() == 1);
  return doc.charts[0];
}

}  // namespace

TEST_CASE("a series of single quarters is complete: no partial mark, no band", "[chart]") {
  const auto quarters =
      chart_of("bar_line",
               "[[2024Q1, 10, 5.1], [2024Q2, 11, 5.0], [2024Q3, 12, 4.8], [2024Q4, 13, 5.2], "
               "[2025Q1, 11, 5.4], [2025Q2, 12, 5.3], [2025Q3, 13, 5.0]]");
  CHECK(quarters.partial == std::vector<bool>(7, false));
  CHECK(quarters.partial_label.empty());
  CHECK(quarters.categories[0] == "2024\n一季度");  // still labelled as a quarter
  CHECK(band_share(quarters, 0, 1) < 0.001);
  // Among whole years, 前三季度 is partial, and drawn on its band.
  const auto years =
      chart_of("bar_line", "[[2023, 10, 5.1], [2024, 11, 5.0], [2025前三季度, 9, 4.8]]");
  CHECK(years.partial == std::vector<bool>{false, false, true});
  CHECK(years.partial_label == "前三季度");
  CHECK(band_share(years, 0, 1) > 0.02);
  // A year-to-date series (1—2月 … 1—10月) is complete too.
  const auto ytd = chart_of("bar_line",
                            "[[2025M1-2, 1, 5.1], [2025M1-3, 2, 5.0], [2025M1-4, 3, 4.8], "
                            "[2025M1-5, 4, 5.2], [2025M1-6, 5, 5.4]]");
  CHECK(ytd.partial == std::vector<bool>(5, false));
  CHECK(band_share(ytd, 0, 1) < 0.001);
}

TEST_CASE("a line chart explains its dashed step into a partial period in the legend",
          "[chart][e2e]") {
  auto line = make_chart(
      ChartType::line, {"2022", "2023", "2024", "2025\n前三季度"},
      {series("规上工业", "%", {3.9, 4.1, 6.0, 5.5}), series("服务业", "%", {2.2, 6.8, 5.1, 4.9})});
  auto complete = line;
  line.partial.back() = true;
  line.partial_label = "前三季度";
  // The legend (the top fifth of the chart) holds the band's swatch only when something is
  // partial.
  CHECK(band_share(line, 0, 0.2) > 0.005);
  CHECK(band_share(complete, 0, 0.2) < 0.001);
  // ... and says what it is.
  const fonts::FontSet fonts(test::shipped_fonts());
  test::TempDir tmp;
  for (const auto& [c, expected] : {std::pair{line, true}, std::pair{complete, false}}) {
    std::ofstream(tmp.path() / "c.pdf", std::ios::binary)
        << chart::render_chart(c, 240, 160, fonts);
    const auto text = test::run("pdftotext -enc UTF-8 '" + (tmp.path() / "c.pdf").string() + "' -");
    CHECK((text.out.find("前三季度数据") != std::string::npos) == expected);
  }
}

TEST_CASE("a stacked100 chart labels exact shares that add up to 100.0%, as a pie does",
          "[chart]") {
  const fonts::FontSet fonts(test::shipped_fonts());
  auto c = make_chart(ChartType::stacked100, {"2023", "2024"},
                      {series("一产", "", {12.25, 1}), series("二产", "", {40.5, 1}),
                       series("三产", "", {47.25, 1})});
  // the published digits (the helper writes one decimal)
  c.series[0].labels = {"12.25", "1"};
  c.series[1].labels = {"40.5", "1"};
  c.series[2].labels = {"47.25", "1"};
  std::vector<std::string> drawn;
  chart::render_chart(c, 400, 240, fonts, chart::ChartFormat::pdf, &drawn);
  auto count = [&](const std::string& t) { return std::count(drawn.begin(), drawn.end(), t); };
  // 12.25% is 12.3% (四舍五入), not a double's 12.2%; 1:1:1 is 33.4% + 33.3% + 33.3%, not 99.9%
  CHECK(count("12.3%") == 1);
  CHECK(count("12.2%") == 0);
  CHECK(count("40.5%") == 1);
  CHECK(count("47.2%") == 1);
  CHECK(count("33.4%") == 1);
  CHECK(count("33.3%") == 2);
}

TEST_CASE("the highlighted category's name is text in the chart, as every other name is",
          "[chart][e2e]") {
  // It is set in bold by thickening its outline; the outline alone (how it was drawn before)
  // left the name out of the PDF's text: a district could not find itself in its own chart.
  const fonts::FontSet fonts(test::shipped_fonts());
  test::TempDir tmp;
  for (const auto type : {ChartType::hbar, ChartType::bar}) {
    auto c =
        make_chart(type, {"海曙区", "江北区", "北仑区"}, {series("增速", "%", {5.6, 5.1, 6.4})});
    c.highlight = 1;
    std::ofstream(tmp.path() / "c.pdf", std::ios::binary)
        << chart::render_chart(c, 300, 200, fonts);
    const auto text = test::strip_whitespace(
        test::run("pdftotext -enc UTF-8 '" + (tmp.path() / "c.pdf").string() + "' -").out);
    INFO(text);
    for (const char* name : {"海曙区", "江北区", "北仑区"})
      CHECK(text.find(name) != std::string::npos);
  }
}
