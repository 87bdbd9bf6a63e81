// render/chart: the geometry of a pie or donut, decided before anything is drawn and without
// Cairo: each slice's angles, the disc's size beside its labels, and where each label goes. A
// pie its box cannot hold (a disc too small, labels that do not fit beside it) gets its refusal
// here, the one that check and render both give.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "model/document.hpp"
#include "render/chart/labels.hpp"

namespace jb::chart {

// What a pie refuses whatever its box: more than 12 slices, a missing slice, values that add up
// to nothing.
void pie_problems(const model::Chart& c, std::vector<core::Diagnostic>& out);

struct PiePlan {
  struct Slice {
    double a0 = 0, sweep = 0;  // radians clockwise from 12 o'clock
  };
  struct Label {
    std::string text;  // name and share: 工业 38.2%
    Box box;
    double ax = 0, ay = 0;  // the leader line's start on the rim
    bool right = false;     // on the right of the disc
  };
  double cx = 0, cy = 0, radius = 0, inner = 0;  // inner: a donut's hole, 0 for a pie
  std::vector<Slice> slices;
  std::vector<Label> labels;
  std::optional<core::Diagnostic> refusal;  // when set, slices and labels may be unset
};

// The pie in a width x height box, text measured by `width_of`. Expects a chart pie_problems
// passed.
PiePlan plan_pie(const model::Chart& c, double width, double height, const TextWidth& width_of);

}  // namespace jb::chart
