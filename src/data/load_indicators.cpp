#include "data/load_indicators.hpp"

#include "core/text_file.hpp"
#include "data/csv.hpp"
#include "data/encoding.hpp"
#include "data/number.hpp"

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

namespace {

// An inline table of the spec, each row located at its line there.
Table inline_table(const spec::DataSourceSpec& source, const std::string& spec_file) {
  core::DiagnosticList diags;
  Table t;
  t.file = spec_file;
  t.columns = source.columns;
  for (const auto& cells : source.rows) {
    const core::SourceLocation& at = cells.empty() ? source.where : cells.front().where;
    if (cells.size() != t.columns.size()) {
      diags.error(at, "row has " + std::to_string(cells.size()) + " cells, 'columns' has " +
                          std::to_string(t.columns.size()));
      continue;
    }
    Row row;
    row.line = at.line;
    for (const auto& c : cells) row.cells.push_back(normalize_cell(c.text));
    t.rows.push_back(std::move(row));
  }
  diags.throw_if_errors(core::ExitCode::invalid_spec);
  return t;
}

// With use: revised, each revised figure replaces the first-published one (the log says how
// many); an empty revision keeps the first-published figure.
void apply_revisions(Table& t, const spec::DataSourceSpec& source) {
  core::DiagnosticList diags;
  for (const auto& [column, revision] : source.revised) {
    const auto c = t.column_index(column), r = t.column_index(revision);
    if (!c || !r) {
      diags.error(source.where, "'revised' names column '" + (c ? revision : column) +
                                    "', which '" + source.name + "' does not have");
      continue;
    }
    if (!source.use_revised) continue;
    int replaced = 0;
    for (Row& row : t.rows)
      if (!row.cells[*r].empty() && row.cells[*r] != row.cells[*c])
        row.cells[*c] = row.cells[*r], ++replaced;
    t.notes.push_back(column + ": " + std::to_string(replaced) + " revised value(s) from " +
                      revision);
  }
  diags.throw_if_errors(core::ExitCode::invalid_spec);
}

}  // namespace

IndicatorSet load_indicators(const spec::JobSpec& spec) {
  std::vector<core::Diagnostic> problems;
  core::ExitCode code = core::ExitCode::data_error;
  IndicatorSet set = load_indicators(spec, problems, code);
  if (!problems.empty()) throw core::UserError(code, std::move(problems));
  return set;
}

IndicatorSet load_indicators(const spec::JobSpec& spec, std::vector<core::Diagnostic>& problems,
                             core::ExitCode& code) {
  IndicatorSet set;
  for (const spec::DataSourceSpec& source : spec.data) {
    try {
      Table t;
      if (source.is_inline()) {
        t = inline_table(source, spec.spec_path.string());
      } else {
        const std::string bytes = core::read_text_file(source.file, source.where, max_csv_bytes,
                                                       core::ExitCode::data_error);
        const std::string file = source.file.lexically_normal().string();
        std::string note;
        t = parse_csv(decode_text(bytes, source.encoding, file, &note), file);
        if (!note.empty()) t.notes.push_back(note);
      }
      t.name = source.name;
      apply_revisions(t, source);
      set.tables.push_back(std::move(t));
    } catch (const core::UserError& e) {
      if (e.code() == core::ExitCode::missing_input) code = core::ExitCode::missing_input;
      if (e.code() == core::ExitCode::invalid_spec && code == core::ExitCode::data_error)
        code = core::ExitCode::invalid_spec;
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
      set.unavailable.push_back(source.name);
    }
  }
  return set;
}

}  // namespace jb::data
