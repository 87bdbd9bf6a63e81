#include "render/chart/labels.hpp"

#include <algorithm>
#include <cmath>

#include "core/utf8.hpp"
#include "layout/line_breaker.hpp"

namespace jb::chart {

std::vector<std::optional<std::size_t>> place_labels(
    const std::vector<std::vector<Box>>& candidates, const std::vector<Box>& obstacles,
    const Box& bounds) {
  std::vector<std::optional<std::size_t>> out;
  std::vector<Box> taken = obstacles;
  for (const auto& options : candidates) {
    std::optional<std::size_t> chosen;
    for (std::size_t k = 0; k < options.size() && !chosen; ++k) {
      const Box& b = options[k];
      if (!b.inside(bounds)) continue;
      if (std::none_of(taken.begin(), taken.end(), [&](const Box& t) { return t.overlaps(b); }))
        chosen = k;
    }
    if (chosen) taken.push_back(options[*chosen]);
    out.push_back(chosen);
  }
  return out;
}

namespace {

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto nl = s.find('\n', start);
    out.push_back(s.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) return out;
    start = nl + 1;
  }
}

// Two lines of about equal width from one, split where a line may break.
std::vector<std::string> halve(const std::string& line,
                               const std::function<double(const std::string&)>& width) {
  const auto cps = core::decode_utf8(line);
  if (!cps || cps->size() < 2) return {line};
  std::vector<bool> breaks = layout::find_breaks(*cps);
  layout::keep_words(*cps, breaks);  // 营业收入, 北仑区: never split
  std::vector<std::string> best{line};
  double best_w = width(line);
  for (std::size_t k = 1; k < cps->size(); ++k) {
    if (!breaks[k]) continue;
    const std::string a = core::encode_utf8(cps->substr(0, k)),
                      b = core::encode_utf8(cps->substr(k));
    const double w = std::max(width(a), width(b));
    if (w < best_w) best_w = w, best = {a, b};
  }
  return best;
}

}  // namespace

std::vector<std::string> wrap_text(const std::string& text, double width, double size,
                                   const std::function<double(const std::string&)>& width_of) {
  const auto cps = core::decode_utf8(text);
  if (!cps || cps->empty()) return {};
  std::vector<layout::ShapedGlyph> glyphs;
  for (char32_t c : *cps) {
    const double w = width_of(core::encode_utf8(std::u32string(1, c)));
    glyphs.push_back({c, vocab::FontRole::hei, w, 0.0, 0.0, w});
  }
  std::vector<std::string> out;
  for (const auto& line :
       layout::set_lines(glyphs, layout::find_breaks(*cps),
                         layout::LineStyle{size, width, 0, layout::LineAlign::left, false})) {
    std::u32string t;
    for (const auto& g : line.glyphs) t.push_back(g.cp);
    out.push_back(core::encode_utf8(t));
  }
  return out;
}

AxisLabels plan_axis_labels(const std::vector<std::string>& labels, double slot, double size,
                            const std::function<double(const std::string&)>& width) {
  AxisLabels plan;
  const double room = slot * 0.92;
  const double line_h = size * 1.3;
  // 1. Straight, each line wrapped once if it must be (at most three lines a label).
  bool fits = true;
  for (const auto& l : labels) {
    std::vector<std::string> lines;
    for (const auto& part : split_lines(l)) {
      if (width(part) <= room) {
        lines.push_back(part);
        continue;
      }
      for (auto& h : halve(part, width)) lines.push_back(h);
    }
    for (const auto& line : lines) fits = fits && width(line) <= room;
    fits = fits && lines.size() <= 3;
    plan.lines.push_back(std::move(lines));
  }
  if (fits) {
    std::size_t most = 1;
    for (const auto& l : plan.lines) most = std::max(most, l.size());
    plan.height = line_h * static_cast<double>(most) + 4;
    return plan;
  }
  // 2. Turned 45°, one line each; every k-th label when even that crowds.
  plan.rotated = true;
  double widest = 0;
  for (auto& lines : plan.lines) {
    std::string joined;
    for (const auto& part :
         split_lines(labels[static_cast<std::size_t>(&lines - plan.lines.data())]))
      joined += part;
    lines = {joined};
    widest = std::max(widest, width(joined));
  }
  const double pitch_needed = size * 1.45;  // a turned line's footprint along the axis
  plan.every = static_cast<std::size_t>(std::max(1.0, std::ceil(pitch_needed / slot)));
  plan.height = widest * std::sqrt(0.5) + size + 6;
  return plan;
}

}  // namespace jb::chart
