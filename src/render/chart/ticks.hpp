// render/chart: "nice" axis ticks in 1-2-5 steps.
#pragma once

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

// Ticks starting at `lo` with exactly `intervals` steps of a 1-2-5 size covering [lo, hi];
// used for a second axis whose grid lines must coincide with the first.
Ticks ticks_with_intervals(double lo, double hi, int intervals);

}  // namespace jb::chart
