#include "render/chart/ticks.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "model/expression.hpp"

namespace jb::chart {

namespace {

double nice_step(double raw) {
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double nice = norm <= 1.0 + 1e-9   ? 1.0
                      : norm <= 2.0 + 1e-9 ? 2.0
                      : norm <= 5.0 + 1e-9 ? 5.0
                                           : 10.0;
  return nice * mag;
}

int decimals_for(double step) {
  if (step >= 1.0) return 0;
  return static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
}

Ticks make(double min, double step, int intervals) {
  Ticks t;
  t.min = min;
  t.step = step;
  t.max = min + step * intervals;
  t.decimals = decimals_for(step);
  for (int i = 0; i <= intervals; ++i) {
    double v = min + step * i;
    if (std::fabs(v) < step * 1e-9) v = 0.0;
    t.values.push_back(v);
  }
  return t;
}

}  // namespace

Ticks nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || target < 1)
    throw std::invalid_argument("nice_ticks: bad range");
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {  // a flat range: give it some room
    const double pad = hi == 0 ? 1.0 : std::fabs(hi) * 0.5;
    lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
    hi += pad;
  }
  const double step = nice_step((hi - lo) / target);
  const double min = std::floor(lo / step + 1e-9) * step;
  const auto intervals = static_cast<int>(std::ceil((hi - min) / step - 1e-9));
  return make(min, step, std::max(1, intervals));
}

namespace {

// The smallest 1-2-5 step that covers `need`.
double step_at_least(double need) {
  if (need <= 0) return 0;
  double step = nice_step(need);
  if (step < need * (1 - 1e-9)) step = nice_step(step * 1.01);
  return step;
}

}  // namespace

std::pair<Ticks, Ticks> dual_axis_ticks(double llo, double lhi, double rlo, double rhi) {
  for (double v : {llo, lhi, rlo, rhi})
    if (!std::isfinite(v)) throw std::invalid_argument("dual_axis_ticks: bad range");
  llo = std::min(llo, 0.0), rlo = std::min(rlo, 0.0);
  lhi = std::max(lhi, 0.0), rhi = std::max(rhi, 0.0);
  if (lhi - llo <= 0) lhi = 1;
  if (rhi - rlo <= 0) rhi = 1;
  std::pair<Ticks, Ticks> best;
  double best_waste = 1e300;
  for (int n = 3; n <= 8; ++n)
    for (int k = 0; k <= n; ++k) {  // k intervals below zero, n - k above
      if ((llo < 0 || rlo < 0) && k == 0) continue;
      if ((lhi > 0 || rhi > 0) && k == n) continue;
      auto step_for = [&](double lo, double hi) {
        double need = 0;
        if (lo < 0) need = std::max(need, -lo / k);
        if (hi > 0) need = std::max(need, hi / (n - k));
        return step_at_least(need);
      };
      const double ls = step_for(llo, lhi), rs = step_for(rlo, rhi);
      if (ls <= 0 || rs <= 0) continue;
      // Unused share of each axis, plus a little per interval (fewer lines read better).
      const double waste =
          (1 - (lhi - llo) / (ls * n)) + (1 - (rhi - rlo) / (rs * n)) + 0.04 * std::abs(n - 5);
      if (waste < best_waste) {
        best_waste = waste;
        best = {make(-k * ls, ls, n), make(-k * rs, rs, n)};
      }
    }
  return best;
}

std::string tick_label(double value, const Ticks& ticks) {
  const double top = std::max(std::fabs(ticks.min), std::fabs(ticks.max));
  for (const auto& [scale, unit] : {std::pair{1e8, "亿"}, std::pair{1e4, "万"}}) {
    if (top >= scale * 10) {
      const int d = decimals_for(ticks.step / scale);
      return model::format_fixed(value / scale, d) + (value == 0 ? "" : unit);
    }
  }
  return model::format_fixed(value, ticks.decimals);
}

}  // namespace jb::chart
