// tests/render: charts made by hand for the chart tests: a series with its labels printed to one
// decimal, and a chart of categories located at c.yaml:LINE:COLUMN.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/document.hpp"
#include "model/expression.hpp"

namespace jb::test {

inline model::ChartSeries series(std::string name, std::string unit,
                                 std::vector<std::optional<double>> v,
                                 vocab::Axis axis = vocab::Axis::left) {
  model::ChartSeries s{std::move(name), std::move(unit), axis, std::move(v), {}, {}};
  for (const auto& x : s.values) s.labels.push_back(x ? model::format_fixed(*x, 1) : "");
  s.revised.assign(s.values.size(), false);
  return s;
}

inline model::Chart make_chart(vocab::ChartType type, std::vector<std::string> cats,
                               std::vector<model::ChartSeries> ss, int line = 3, int column = 5) {
  model::Chart c;
  c.type = type;
  c.categories = std::move(cats);
  c.partial.assign(c.categories.size(), false);
  c.series = std::move(ss);
  c.where = {"c.yaml", line, column};
  return c;
}

}  // namespace jb::test
