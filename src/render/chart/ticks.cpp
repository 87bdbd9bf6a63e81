#include "render/chart/ticks.hpp"

#include <cmath>
#include <stdexcept>

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

Ticks ticks_with_intervals(double lo, double hi, int intervals) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || intervals < 1)
    throw std::invalid_argument("ticks: bad range");
  if (hi <= lo) hi = lo + 1;
  double step = nice_step((hi - lo) / intervals);
  double min = std::floor(lo / step + 1e-9) * step;
  while (min + step * intervals <
         hi - 1e-9) {  // flooring the start can lose the top: grow the step
    step = nice_step(step * 1.01);
    min = std::floor(lo / step + 1e-9) * step;
  }
  return make(min, step, intervals);
}

}  // namespace jb::chart
