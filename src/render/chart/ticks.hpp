// render/chart: "nice" axis ticks in 1-2-5 steps.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace jb::chart {

struct Ticks {
  double min = 0, max = 1, step = 1;
  int decimals = 0;  // decimals a tick label needs
  std::vector<double> values;
};

// Ticks covering [lo, hi] with about `target` intervals. Throws std::invalid_argument for
// non-finite bounds.
Ticks nice_ticks(double lo, double hi, int target = 5);

// Two axes sharing their grid lines and their zero line: the same number of intervals, zero at
// the same one. Each range is widened to include 0. Chosen among 3 to 8 intervals for the
// least unused space.
std::pair<Ticks, Ticks> dual_axis_ticks(double left_lo, double left_hi, double right_lo,
                                        double right_hi);

// A tick label as Chinese charts write large numbers: 2000亿 for 2e11, 15万 for 150000; the
// value itself below 100,000.
std::string tick_label(double value, const Ticks& ticks);

}  // namespace jb::chart
