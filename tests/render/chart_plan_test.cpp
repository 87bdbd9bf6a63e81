// tests/render: the geometry of charts as planned before drawing, without Cairo or fonts: ranges
// and ticks, the plot box, the legend's rows, the second axis, the pie's labels, and the
// refusals that check and render share.
#include <algorithm>
#include <catch2/catch.hpp>

#include "core/utf8.hpp"
#include "model/expression.hpp"
#include "render/chart/axes_plan.hpp"
#include "render/chart/pie_plan.hpp"
#include "render/chart_support.hpp"

using namespace jb;
using vocab::ChartType;

namespace {

// A fixed-width measure: each character 1 em, ASCII 0.55 em.
double fixed_width(const std::string& utf8, double size) {
  const std::u32string text = core::decode_utf8(utf8).value_or(U"");
  double w = 0;
  for (char32_t c : text) w += (c < 0x80 ? 0.55 : 1.0) * size;
  return w;
}
const chart::TextWidth measure = fixed_width;

using test::series;

// At c.yaml:7:3, where the refusals below are located.
model::Chart chart_of(ChartType type, std::vector<std::string> cats,
                      std::vector<model::ChartSeries> ss) {
  return test::make_chart(type, std::move(cats), std::move(ss), 7, 3);
}

bool has_tick(const chart::Ticks& t, double v) {
  return std::any_of(t.values.begin(), t.values.end(),
                     [&](double x) { return std::fabs(x - v) < 1e-9; });
}

// The plot box lies inside the chart's box, and the axes map onto its edges.
void check_box(const chart::AxesPlan& p, double W, double H) {
  REQUIRE_FALSE(p.refusal);
  CHECK(p.x0 > 0);
  CHECK(p.x1 < W);
  CHECK(p.top > 0);
  CHECK(p.bottom < H);
  CHECK(p.x1 - p.x0 >= 60);
  CHECK(p.bottom - p.top >= 40);
  const double lo = p.pos(p.axis.min, p.axis), hi = p.pos(p.axis.max, p.axis);
  CHECK(lo == Approx(p.horizontal ? p.x0 : p.bottom));
  CHECK(hi == Approx(p.horizontal ? p.x1 : p.top));
}

}  // namespace

TEST_CASE("plan_axes: a bar chart's range, ticks, slots and plot box", "[chart][plan]") {
  const auto c =
      chart_of(ChartType::bar, {"2022", "2023", "2024"}, {series("出口", "亿元", {3, 7.5, 12})});
  const auto p = chart::plan_axes(c, 400, 240, measure);
  check_box(p, 400, 240);
  CHECK(p.bars == std::vector<std::size_t>{0});
  CHECK(p.lines.empty());
  CHECK(p.main_range.lo == 3);
  CHECK(p.main_range.hi == 12);
  CHECK(p.axis.min == 0);          // bars start at zero
  CHECK(p.axis.max >= 12 * 1.04);  // headroom over the tallest bar
  CHECK(p.axis.values.front() == 0);
  CHECK(p.axis.values.back() == p.axis.max);
  CHECK_FALSE(p.legend);  // one series, nothing else to explain
  CHECK(p.top == 4 + 14);
  CHECK(p.unit_left == "亿元");
  CHECK(p.slot == Approx((p.x1 - p.x0) / 3));
  CHECK(p.centre(0) == Approx(p.x0 + p.slot / 2));
  CHECK(p.centre(2) == Approx(p.x1 - p.slot / 2));
  CHECK(p.room_for_labels);
  // The tick labels fit left of the plot: the widest is "14" (or its like) at 8 pt.
  CHECK(p.x0 >= 8 + fixed_width("10", chart::label_size) + 6);
}

TEST_CASE("plan_axes: negative and positive values share one axis through zero", "[chart][plan]") {
  const auto c =
      chart_of(ChartType::bar, {"甲", "乙", "丙"}, {series("增长", "%", {-4.2, 9.1, 3})});
  const auto p = chart::plan_axes(c, 300, 200, measure);
  check_box(p, 300, 200);
  CHECK(p.main_range.lo == -4.2);
  CHECK(p.main_range.hi == 9.1);
  CHECK(p.axis.min <= -4.2);
  CHECK(p.axis.min < 0);
  CHECK(p.axis.max >= 9.1);
  CHECK(has_tick(p.axis, 0));
  const double zero = p.pos(0, p.axis);
  CHECK(zero > p.top);
  CHECK(zero < p.bottom);
  CHECK(p.pos(-4.2, p.axis) > zero);  // y downwards: a negative bar hangs below zero
}

TEST_CASE("plan_axes: bar_line puts its line on a right axis whose zero is the left one's",
          "[chart][plan]") {
  const auto c = chart_of(ChartType::bar_line, {"2022", "2023", "2024", "2025"},
                          {series("地区生产总值", "亿元", {16452.8, 18147.7, 19000, 13500}),
                           series("增长", "%", {5.5, -1.2, 6.1, 5.0}, vocab::Axis::right)});
  const auto p = chart::plan_axes(c, 420, 240, measure);
  check_box(p, 420, 240);
  CHECK(p.dual);
  CHECK(p.bars == std::vector<std::size_t>{0});
  CHECK(p.lines == std::vector<std::size_t>{1});
  CHECK(p.main_range.hi == 19000);
  CHECK(p.right_range.lo == -1.2);
  CHECK(p.right_range.hi == 6.1);
  REQUIRE(p.right.values.size() == p.axis.values.size());  // shared grid lines
  CHECK(p.right.max >= 6.1);
  CHECK(p.right.min <= -1.2);
  CHECK(p.pos(0, p.right) == Approx(p.pos(0, p.axis)));  // one zero line
  CHECK(p.unit_right == "%");
  CHECK(p.x1 < 420 - 10);  // room on the right for the right axis's tick labels
  REQUIRE(p.legend);
  REQUIRE(p.legend_items.size() == 2);
  CHECK(p.legend_items[0].text == "地区生产总值（亿元，左轴）");
  CHECK(p.legend_items[1].text == "增长（%，右轴）");
  CHECK(p.legend_items[1].kind == chart::LegendItem::Kind::line);
  // Without a line value there is no right axis to draw: refused.
  auto none = c;
  none.series[1].values.assign(4, std::nullopt);
  const auto refused = chart::plan_axes(none, 420, 240, measure);
  REQUIRE(refused.refusal);
  CHECK(refused.refusal->message == "the line series has no values");
  CHECK(refused.refusal->where.line == 7);
}

TEST_CASE("plan_axes: the legend wraps into centred rows that fit the width", "[chart][plan]") {
  std::vector<model::ChartSeries> ss;
  for (int i = 0; i < 6; ++i)
    ss.push_back(series("第" + std::to_string(i) + "产业增加值", "亿元", {1.0 + i, 2, 3}));
  const auto c = chart_of(ChartType::bar, {"甲", "乙", "丙"}, ss);
  const double W = 300;
  const auto p = chart::plan_axes(c, W, 300, measure);
  check_box(p, W, 300);
  REQUIRE(p.legend);
  const auto& rows = p.legend->rows;
  CHECK(rows.size() >= 2);
  std::size_t entries = 0;
  for (const auto& row : rows) {
    REQUIRE_FALSE(row.empty());
    const double left = row.front().x, right = row.back().x + row.back().width;
    CHECK(left >= 4);
    CHECK(right <= W - 4);
    CHECK((W - right) - left == Approx(0).margin(1e-9));  // centred
    for (std::size_t i = 1; i < row.size(); ++i)
      CHECK(row[i].x == Approx(row[i - 1].x + row[i - 1].width));
    entries += row.size();
  }
  CHECK(entries == 6);
  CHECK(p.legend->bottom == 14 + 13.0 * static_cast<double>(rows.size()));
  CHECK(p.top == p.legend->bottom + 14);
}

TEST_CASE("plan_axes: stacked100 shows shares to 100 on a 0-100 axis", "[chart][plan]") {
  auto c = chart_of(ChartType::stacked100, {"2023", "2024"},
                    {series("一产", "亿元", {1, 2}), series("二产", "亿元", {1, 3}),
                     series("三产", "亿元", {1, 5})});
  const auto p = chart::plan_axes(c, 360, 240, measure);
  check_box(p, 360, 240);
  CHECK(p.axis.min == 0);
  CHECK(p.axis.max == 100);
  CHECK(p.unit_left == "%");
  // Thirds: the largest remainders make 100.0% exactly, whatever a double would round to.
  int tenths = 0;
  for (std::size_t s = 0; s < 3; ++s) {
    const std::string& t = p.share_text[s][0];
    CHECK((t == "33.3%" || t == "33.4%"));
    tenths += std::stoi(t.substr(0, 2)) * 10 + (t[3] - '0');
  }
  CHECK(tenths == 1000);
  CHECK(p.share_text[0][1] == "20.0%");
  CHECK(p.share_text[2][1] == "50.0%");
  CHECK(*p.value[2][1] == Approx(50));
}

TEST_CASE("plan_axes: a box the chart cannot use is refused, with the reason", "[chart][plan]") {
  const auto c =
      chart_of(ChartType::bar, {"2022", "2023", "2024"},
               {series("出口", "亿元", {3, 7.5, 12}), series("进口", "亿元", {1, 2, 3})});
  auto narrow = chart::plan_axes(c, 90, 240, measure);
  REQUIRE(narrow.refusal);
  CHECK(narrow.refusal->message == "the chart is too narrow to draw");
  auto low = chart::plan_axes(c, 400, 70, measure);
  REQUIRE(low.refusal);
  CHECK(low.refusal->message == "the chart is too low to draw");
  CHECK(low.refusal->hint == "raise its height_mm");
  auto empty = c;
  for (auto& s : empty.series) s.values.assign(3, std::nullopt);
  const auto none = chart::plan_axes(empty, 400, 240, measure);
  REQUIRE(none.refusal);
  CHECK(none.refusal->message == "the chart has no values to draw");
  CHECK_FALSE(chart::plan_axes(c, 400, 240, measure).refusal);
}

TEST_CASE("plan_axes: hbar lists its categories left of a horizontal value axis", "[chart][plan]") {
  const auto c = chart_of(ChartType::hbar, {"海曙区", "江北区", "北仑区", "镇海区"},
                          {series("增加值", "亿元", {300, 250, -20, 120})});
  const auto p = chart::plan_axes(c, 400, 240, measure);
  check_box(p, 400, 240);
  CHECK(p.horizontal);
  CHECK(p.x0 == Approx(8 + fixed_width("海曙区", chart::label_size) + 6));
  CHECK(p.slot == Approx((p.bottom - p.top) / 4));
  CHECK(p.pos(-20, p.axis) < p.pos(0, p.axis));  // negatives to the left of zero
}

TEST_CASE("plan_pie: slices round the disc, labels beside it without overlaps", "[chart][plan]") {
  auto c =
      chart_of(ChartType::donut, {"一产", "二产", "三产"}, {series("增加值", "亿元", {2, 45, 53})});
  const double W = 400, H = 240;
  const auto p = chart::plan_pie(c, W, H, measure);
  REQUIRE_FALSE(p.refusal);
  REQUIRE(p.slices.size() == 3);
  CHECK(p.slices[0].a0 == 0);
  double end = 0;
  for (const auto& s : p.slices) end = s.a0 + s.sweep;
  CHECK(end == Approx(2 * M_PI));
  CHECK(p.slices[1].sweep == Approx(0.45 * 2 * M_PI));
  CHECK(p.inner == Approx(p.radius * 0.58));
  CHECK(p.radius >= 20);
  REQUIRE(p.labels.size() == 3);
  CHECK(p.labels[0].text == "一产 2.0%");
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& b = p.labels[i].box;
    CHECK(b.inside(chart::Box{0, 0, W, H}));
    CHECK(b.x1 - b.x0 == Approx(fixed_width(p.labels[i].text, chart::label_size)));
    for (std::size_t j = 0; j < i; ++j) CHECK_FALSE(b.overlaps(p.labels[j].box));
    // Clear of the disc: a label's box never reaches within the radius of the centre.
    const double nx = std::clamp(p.cx, b.x0, b.x1), ny = std::clamp(p.cy, b.y0, b.y1);
    CHECK(std::hypot(nx - p.cx, ny - p.cy) >= p.radius);
  }
}

TEST_CASE("plan_pie: a disc too small or labels that do not fit are refused", "[chart][plan]") {
  auto wide = chart_of(ChartType::pie, {"一个名字非常非常非常长的类别", "乙"},
                       {series("值", "亿元", {1, 2})});
  const auto small = chart::plan_pie(wide, 200, 240, measure);
  REQUIRE(small.refusal);
  CHECK(small.refusal->message == "the chart is too small to draw");
  std::vector<std::string> cats;
  std::vector<std::optional<double>> values;
  // One slice of nearly all, eleven small ones crowded together left of 12 o'clock.
  for (int i = 0; i < 12; ++i)
    cats.push_back("类别" + std::to_string(i)), values.push_back(i == 0 ? 100 : 1);
  const auto crowded =
      chart::plan_pie(chart_of(ChartType::pie, cats, {series("值", "", values)}), 400, 90, measure);
  REQUIRE(crowded.refusal);
  CHECK(crowded.refusal->message == "the pie's labels do not fit beside it");
  CHECK(crowded.refusal->where.file == "c.yaml");
}
