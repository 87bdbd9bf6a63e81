#include "data/load_indicators.hpp"

#include <unordered_map>

#include "core/text_file.hpp"
#include "data/csv.hpp"
#include "data/encoding.hpp"
#include "data/number.hpp"
#include "data/period.hpp"

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
  const auto period = parse_period(key);
  if (!period) return nullptr;
  for (const Row& r : rows)
    if (const auto p = r.cells.empty() ? std::nullopt : parse_period(r.cells[0]);
        p && p->same_as(*period))
      return &r;
  return nullptr;
}

const Table* IndicatorSet::find(std::string_view name) const {
  for (const Table& t : tables)
    if (t.name == name) return &t;
  return nullptr;
}

namespace {

// A revision row's figures over the first-published row's (an empty cell keeps the first's);
// the row is then located at the revision.
void revise_row(Row& first, const Row& revision) {
  bool any = false;
  for (std::size_t c = 1; c < first.cells.size(); ++c)
    if (!revision.cells[c].empty() && revision.cells[c] != first.cells[c]) {
      first.cells[c] = revision.cells[c];
      first.revised.resize(first.cells.size());
      first.revised[c] = true;
      if (c < first.columns.size() && c < revision.columns.size())
        first.columns[c] = revision.columns[c];
      any = true;
    }
  if (any) first.line = revision.line;
}

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
    row.level = indentation_level(cells.front().text);
    for (const auto& c : cells) {
      row.cells.push_back(normalize_cell(c.text));
      row.columns.push_back(c.where.line == at.line ? c.where.column : 0);
    }
    t.rows.push_back(std::move(row));
  }
  diags.throw_if_errors(core::ExitCode::invalid_spec);
  return t;
}

// A column of rates: its name says so (yoy_pct, 增速（%）, 比重), or every figure in it carries %.
bool rate_column(const Table& t, std::size_t c) {
  const std::string& name = t.columns[c];
  for (const char* word :
       {"%", "％", "pct", "percent", "rate", "率", "增速", "增长", "比重", "占比"})
    if (name.find(word) != std::string::npos) return true;
  bool any = false;
  for (const Row& r : t.rows) {
    if (r.cells[c].empty() || is_missing_mark(r.cells[c])) continue;
    if (!without_percent(r.cells[c])) return false;
    any = true;
  }
  return any;
}

// Cells outside the key column: a missing mark (—, …, x) is a missing value; "6.1%" in a
// column of rates is the figure 6.1, elsewhere an error at the cell.
void read_figures(Table& t, core::DiagnosticList& diags) {
  int marks = 0;
  for (std::size_t c = 1; c < t.columns.size(); ++c) {
    const bool rates = rate_column(t, c);
    for (Row& r : t.rows) {
      std::string& cell = r.cells[c];
      if (is_missing_mark(cell)) {
        cell.clear(), ++marks;
      } else if (const auto figure = without_percent(cell); figure && rates) {
        cell = *figure;
      } else if (figure) {
        diags.error(
            t.location(r, c),
            "'" + core::excerpt(cell) + "' in column '" + t.columns[c] + "', which is not a column of rates",
            "a column of rates says so in its name (yoy_pct, 增速（%）), or every figure "
            "in it carries %");
      }
    }
  }
  if (marks > 0)
    t.notes.push_back(std::to_string(marks) +
                      " cell(s) marked as having no figure (—, …, x, /) read as missing values");
}

// The same key twice in the first column (also as two spellings of one period: 2025M1-9 and
// 2025年1—9月) is an error at the second row, unless the source declares `revised: rows`: then
// a later row revises the first one, whose place it takes with use: revised (its non-empty
// cells replace the first-published ones), and is set aside with use: first.
void check_keys(Table& t, const spec::DataSourceSpec& source, core::DiagnosticList& diags) {
  std::vector<Row> kept;
  std::unordered_map<std::string, std::size_t> seen;  // key (a period: its span) -> kept row
  int revisions = 0;
  for (Row& row : t.rows) {
    const auto period = parse_period(row.cells[0]);
    const std::string key = period ? "\x01" + std::to_string(period->year) +
                                         (period->kind == Period::Kind::month_end ? "E" : "") +
                                         ":" + std::to_string(period->first_month()) + "-" +
                                         std::to_string(period->last_month())
                                   : row.cells[0];
    const auto [at, fresh] = seen.try_emplace(key, kept.size());
    if (row.cells[0].empty() || fresh) {
      kept.push_back(std::move(row));
      continue;
    }
    Row& first = kept[at->second];
    if (source.revised_rows) {
      ++revisions;
      if (source.use_revised) revise_row(first, row);
      continue;
    }
    const std::string what =
        first.cells[0] == row.cells[0]
            ? "duplicate key '" + row.cells[0] + "' in the first column"
            : "'" + row.cells[0] + "' is the same period as '" + first.cells[0] + "'";
    diags.error(t.location(row, 0), what + " (line " + std::to_string(first.line) + ")",
                "line " + std::to_string(first.line) +
                    " has it first; a placeholder could not tell which row it means. A corrected "
                    "figure replaces the old one, or, with revised: rows in the spec's data "
                    "section, a later row is the revision of the first");
  }
  t.rows = std::move(kept);
  if (revisions > 0)
    t.notes.push_back(std::to_string(revisions) + " revision row(s) (a key repeated) " +
                      (source.use_revised ? "used in place of the first-published rows"
                                          : "set aside: use: revised uses them"));
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

std::string read_data_file(const spec::DataSourceSpec& source) {
  return core::read_text_file(source.file, source.where, max_csv_bytes,
                              core::ExitCode::data_error);
}

IndicatorSet load_indicators(const spec::JobSpec& spec, const ReadDataFile& read) {
  std::vector<core::Diagnostic> problems;
  core::ExitCode code = core::ExitCode::data_error;
  IndicatorSet set = load_indicators(spec, problems, code, read);
  if (!problems.empty()) throw core::UserError(code, std::move(problems));
  return set;
}

IndicatorSet load_indicators(const spec::JobSpec& spec, std::vector<core::Diagnostic>& problems,
                             core::ExitCode& code, const ReadDataFile& read) {
  IndicatorSet set;
  for (const spec::DataSourceSpec& source : spec.data) {
    try {
      Table t;
      if (source.is_inline()) {
        t = inline_table(source, spec.spec_path.string());
      } else {
        const std::string bytes = read(source);
        const std::string file = source.file.lexically_normal().string();
        std::string note;
        t = parse_csv(decode_text(bytes, source.encoding, file, &note), file,
                      CsvOptions{source.header_row, source.header_row_where});
        if (!note.empty()) t.notes.insert(t.notes.begin(), note);
      }
      t.name = source.name;
      const auto bad_data =
          source.is_inline() ? core::ExitCode::invalid_spec : core::ExitCode::data_error;
      core::DiagnosticList diags;
      read_figures(t, diags);
      check_keys(t, source, diags);
      diags.throw_if_errors(bad_data);
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
