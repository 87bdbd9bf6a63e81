#include "render/chart/chart_plan.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/utf8.hpp"
#include "layout/font_choice.hpp"

namespace jb::chart {

namespace {

// The chart's own text and the furniture it draws with it (tick labels in 万 and 亿, legend
// brackets, the donut's 合计, the revised mark): each character no font of hei or latin_sans
// has, once.
void glyph_problems(const model::Chart& c, const fonts::FontSet& fonts,
                    std::vector<core::Diagnostic>& out) {
  std::string text = "0123456789.-%万亿 ";
  if (vocab::has_right_axis(c.type)) text += "（，）左轴右轴";
  if (c.type == vocab::ChartType::donut) text += "合计";
  if (std::find(c.partial.begin(), c.partial.end(), true) != c.partial.end())
    text += c.partial_label + "数据";
  for (const auto& cat : c.categories) text += cat;
  for (const auto& s : c.series) {
    text += s.name + (s.unit.empty() ? "" : "（" + s.unit + "）");
    if (std::find(s.revised.begin(), s.revised.end(), true) != s.revised.end()) text += "＊修订数";
    if (c.labels)
      for (const auto& l : s.labels) text += l;
  }
  std::u32string seen;
  for (char32_t ch : core::decode_utf8(text).value_or(U"")) {
    if (ch == '\n' || seen.find(ch) != std::u32string::npos) continue;
    seen.push_back(ch);
    if (!layout::choose_font(fonts, {vocab::FontRole::hei, vocab::FontRole::latin_sans}, ch))
      out.push_back(core::make_diagnostic(
          core::Severity::error, c.where,
          core::say("{} in a chart label", layout::missing_character_message(ch).str())));
  }
}

// Too many categories for the box: bars thinner than 2.5 pt, or points closer than 1 pt.
void size_problems(const model::Chart& c, double width_pt, double height_pt,
                   std::vector<core::Diagnostic>& out) {
  const bool bars = vocab::has_bars(c.type);
  const auto n = static_cast<double>(c.categories.size());
  const double room = vocab::is_horizontal(c.type) ? height_pt - 40 : width_pt - 60;
  if (bars && room / n < 2.5)
    out.push_back(core::make_diagnostic(
        core::Severity::error, c.where,
        core::say("the chart has {} categories: their bars would be thinner than 2.5 pt",
                  c.categories.size()),
        core::say("chart fewer rows (rows: [...]), or use type: line")));
  if (!bars && room / n < 1.0)
    out.push_back(
        core::make_diagnostic(core::Severity::error, c.where,
                              core::say("the chart has {} categories, more than its width can show",
                                        c.categories.size())));
}

// What the chart's data and its box refuse whatever its geometry.
std::vector<core::Diagnostic> data_problems(const model::Chart& c, double width_pt,
                                            double height_pt, const fonts::FontSet& fonts) {
  if (c.categories.empty())
    return {core::make_diagnostic(core::Severity::error, c.where,
                                  core::say("the chart has no categories"))};
  for (const auto& s : c.series)
    if (s.values.size() != c.categories.size() || s.labels.size() != c.categories.size())
      throw std::logic_error("render_chart: series length mismatch");
  if (!(width_pt > 50 && width_pt < 5000 && height_pt > 50 && height_pt < 5000))
    throw std::logic_error("render_chart: bad chart size");
  std::vector<core::Diagnostic> out;
  if (vocab::is_pie(c.type))
    pie_problems(c, out);
  else
    size_problems(c, width_pt, height_pt, out);
  glyph_problems(c, fonts, out);
  return out;
}

}  // namespace

ChartPlan plan_chart(const model::Chart& c, double width_pt, double height_pt,
                     const fonts::FontSet& fonts, const TextWidth& width_of) {
  ChartPlan plan;
  plan.refusals = data_problems(c, width_pt, height_pt, fonts);
  if (!plan.refusals.empty()) return plan;
  std::optional<core::Diagnostic> refusal;
  if (vocab::is_pie(c.type))
    refusal = plan.pie.emplace(plan_pie(c, width_pt, height_pt, width_of)).refusal;
  else
    refusal = plan.axes.emplace(plan_axes(c, width_pt, height_pt, width_of)).refusal;
  if (refusal) plan.refusals.push_back(std::move(*refusal));
  return plan;
}

}  // namespace jb::chart
