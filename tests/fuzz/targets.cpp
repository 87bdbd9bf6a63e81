#include "fuzz/targets.hpp"

#include "core/diagnostic.hpp"
#include "data/csv.hpp"
#include "data/encoding.hpp"
#include "data/number.hpp"
#include "data/period.hpp"
#include "model/expression.hpp"
#include "spec/parse_spec.hpp"

namespace jb::fuzz {

void spec_loader(std::string_view bytes) {
  try {
    spec::parse_spec_text(std::string(bytes), "fuzz.yaml", "/nonexistent",
                          spec::SpecOptions{"/nonexistent/fonts", false, {}});
  } catch (const core::UserError&) {
  }
}

void csv_reader(std::string_view bytes) {
  try {
    const data::Table t = data::parse_csv(
        data::decode_text(bytes, spec::Encoding::detect, "fuzz.csv", nullptr), "fuzz.csv");
    for (const auto& row : t.rows)
      for (const auto& cell : row.cells) {
        data::parse_number(cell);
        if (const auto p = data::parse_period(cell)) p->label_zh();
      }
  } catch (const core::UserError&) {
  }
}

void expression(std::string_view bytes) {
  static const data::IndicatorSet set = [] {
    data::IndicatorSet s;
    auto t = data::parse_csv(
        "period,gdp,yoy,note\n2023,16452.8,5.5,\n2024,18147.7,-2.14,x\n2025Q1-3,13500,0,\n",
        "gdp.csv");
    t.name = "gdp";
    s.tables.push_back(std::move(t));
    return s;
  }();
  for (const std::string_view entity : {"", "2024"}) {  // with and without a report's `this`
    try {
      model::evaluate_placeholder(std::string(bytes), core::SourceLocation{"fuzz.yaml", 1, 1}, set,
                                  nullptr, entity);
    } catch (const core::UserError&) {
    }
  }
}

}  // namespace jb::fuzz
