#include "data/load_indicators.hpp"

#include "core/text_file.hpp"
#include "data/csv.hpp"

namespace jb::data {

namespace {
constexpr std::size_t max_csv_bytes = 64u << 20;
}

std::optional<std::size_t> Table::column_index(std::string_view column) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == column) return i;
  return std::nullopt;
}

const Row* Table::find_row(std::string_view key) const {
  for (const Row& r : rows)
    if (!r.cells.empty() && r.cells[0] == key) return &r;
  return nullptr;
}

const Table* IndicatorSet::find(std::string_view name) const {
  for (const Table& t : tables)
    if (t.name == name) return &t;
  return nullptr;
}

IndicatorSet load_indicators(const spec::JobSpec& spec) {
  IndicatorSet set;
  std::vector<core::Diagnostic> problems;
  core::ExitCode code = core::ExitCode::data_error;
  for (const spec::DataSourceSpec& source : spec.data) {
    try {
      const std::string text = core::read_text_file(source.file, source.where, max_csv_bytes,
                                                    core::ExitCode::data_error);
      Table t = parse_csv(text, source.file.lexically_normal().string());
      t.name = source.name;
      set.tables.push_back(std::move(t));
    } catch (const core::UserError& e) {
      if (e.code() == core::ExitCode::missing_input) code = core::ExitCode::missing_input;
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw core::UserError(code, std::move(problems));
  return set;
}

}  // namespace jb::data
