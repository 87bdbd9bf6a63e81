#include "data/load_indicators.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <stdexcept>

#include "core/text_file.hpp"
#include "data/csv.hpp"
#include "data/encoding.hpp"
#include "data/number.hpp"
#include "data/period.hpp"
#include "data/query.hpp"
#include "data/workbook.hpp"

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

std::uint32_t CellStore::add(std::string_view text, int column) {
  if (text_.size() + text.size() > UINT32_MAX || cells_.size() >= UINT32_MAX)
    throw std::length_error("a table of more than 4 GiB");  // inputs are at most 64 MiB
  Cell c;
  c.start = static_cast<std::uint32_t>(text_.size());
  c.size = static_cast<std::uint32_t>(text.size());
  c.column = static_cast<std::uint32_t>(std::clamp(column, 0, INT32_MAX)) & 0x7FFFFFFFu;
  c.revised = 0;
  text_.append(text);
  cells_.push_back(c);
  return static_cast<std::uint32_t>(cells_.size() - 1);
}

void CellStore::shrink(std::uint32_t cell, std::string_view text) {
  Cell& c = cells_[cell];
  if (text.size() > c.size) throw std::logic_error("CellStore::shrink: a longer text");
  std::char_traits<char>::move(text_.data() + c.start, text.data(), text.size());
  c.size = static_cast<std::uint32_t>(text.size());
}

void CellStore::revise(std::uint32_t cell, std::uint32_t from) {
  cells_[cell] = cells_[from];
  cells_[cell].revised = 1;
}

void CellStore::copy_text(std::uint32_t cell, std::uint32_t from) {
  cells_[cell].start = cells_[from].start;
  cells_[cell].size = cells_[from].size;
}

std::uint32_t CellStore::add_copy(const CellStore& from, std::uint32_t cell) {
  // The text is copied first: from may be this store, whose buffer the append can move.
  const std::string text(from.text(cell));
  const std::uint32_t id = add(text, from.column(cell));
  cells_[id].revised = from.cells_[cell].revised;
  return id;
}

void CellStore::reserve(std::size_t text_bytes, std::size_t cells) {
  text_.reserve(text_bytes);
  cells_.reserve(cells);
}

const Table* IndicatorSet::find(std::string_view name) const {
  for (const Table& t : tables)
    if (t.name == name) return &t;
  return nullptr;
}

namespace {

// A revision row's figures over the first-published row's (an empty cell keeps the first's);
// the row is then located at the revision.
void revise_row(CellStore& store, Row& first, const Row& revision) {
  bool any = false;
  for (std::size_t c = 1; c < first.cells.size(); ++c)
    if (!revision.cells[c].empty() && revision.cells[c] != first.cells[c]) {
      store.revise(first.cells.id(c), revision.cells.id(c));
      any = true;
    }
  if (any) first.line = revision.line;
}

// An inline table of the spec, each row located at its line there; a row of the wrong length is
// the spec's problem.
Table inline_table(const spec::DataSourceSpec& source, const std::string& spec_file,
                   core::DiagnosticList& problems) {
  Table t;
  t.file = spec_file;
  t.columns = source.columns;
  for (const auto& cells : source.rows) {
    const core::SourceLocation& at = cells.empty() ? source.where : cells.front().where;
    if (cells.size() != t.columns.size()) {
      problems.error(
          core::ExitCode::invalid_spec, at,
          core::say("row has {} cells, 'columns' has {}", cells.size(), t.columns.size()));
      continue;
    }
    const std::uint32_t first = t.store->size();
    for (const auto& c : cells)
      t.store->add(normalize_cell(c.text), c.where.line == at.line ? c.where.column : 0);
    t.rows.push_back(Row{Cells(t.store.get(), first, static_cast<std::uint32_t>(cells.size())),
                         at.line, indentation_level(cells.front().text)});
  }
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
// column of rates is the figure 6.1, elsewhere an error at the cell (calling for `code`).
void read_figures(Table& t, core::ExitCode code, core::DiagnosticList& problems) {
  int marks = 0;
  for (std::size_t c = 1; c < t.columns.size(); ++c) {
    const bool rates = rate_column(t, c);
    for (Row& r : t.rows) {
      const std::string_view cell = r.cells[c];
      if (is_missing_mark(cell)) {
        t.store->shrink(r.cells.id(c), {}), ++marks;
      } else if (const auto figure = without_percent(cell); figure && rates) {
        t.store->shrink(r.cells.id(c), *figure);
      } else if (figure) {
        problems.error(code, t.location(r, c),
                       core::say("'{}' in column '{}', which is not a column of rates",
                                 core::excerpt(cell), t.columns[c]),
                       core::say("a column of rates says so in its name (yoy_pct, 增速（%）), or "
                                 "every figure in it carries %"));
      }
    }
  }
  if (marks > 0)
    t.notes.push_back(
        core::say("{} cell(s) marked as having no figure (—, …, x, /) read as missing values",
                  marks)
            .str());
}

// The same key twice in the first column (also as two spellings of one period: 2025M1-9 and
// 2025年1—9月) is an error at the second row, unless the source declares `revised: rows`: then
// a later row revises the first one, whose place it takes with use: revised (its non-empty
// cells replace the first-published ones), and is set aside with use: first. The rows are
// sorted by key once (a hash map of a million keys would cost more than the table itself).
void check_keys(Table& t, const spec::DataSourceSpec& source, core::ExitCode code,
                core::DiagnosticList& problems) {
  const std::size_t n = t.rows.size();
  // A period's key is its span, so that its spellings meet; other keys are their text.
  constexpr std::uint32_t none = UINT32_MAX;
  std::vector<std::string> spans;
  std::vector<std::uint32_t> span_of(n, none);
  for (std::size_t i = 0; i < n; ++i)
    if (const auto period = parse_period(t.rows[i].cells[0])) {
      span_of[i] = static_cast<std::uint32_t>(spans.size());
      spans.push_back("\x01" + std::to_string(period->year) +
                      (period->kind == Period::Kind::month_end ? "E" : "") + ":" +
                      std::to_string(period->first_month()) + "-" +
                      std::to_string(period->last_month()));
    }
  auto key = [&](std::uint32_t i) -> std::string_view {
    return span_of[i] == none ? t.rows[i].cells[0] : std::string_view(spans[span_of[i]]);
  };
  // first[i]: the first row with row i's key (empty keys are each their own).
  std::vector<std::uint32_t> order;
  order.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i)
    if (!t.rows[i].cells[0].empty()) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  std::vector<std::uint32_t> first(n);
  for (std::uint32_t i = 0; i < n; ++i) first[i] = i;
  for (std::size_t k = 1; k < order.size(); ++k)
    if (key(order[k]) == key(order[k - 1])) first[order[k]] = first[order[k - 1]];
  order = {};

  // The rows kept, moved up in place; first[] of a kept row becomes its new place.
  int revisions = 0;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (first[i] == i) {
      t.rows[kept] = t.rows[i];
      first[i] = static_cast<std::uint32_t>(kept++);
      continue;
    }
    Row& head = t.rows[first[first[i]]];
    const Row& row = t.rows[i];
    if (source.revised_rows) {
      ++revisions;
      if (source.use_revised) revise_row(*t.store, head, row);
      continue;
    }
    problems.error(
        code, t.location(row, 0),
        head.cells[0] == row.cells[0]
            ? core::say("duplicate key '{}' in the first column (line {})", row.cells[0], head.line)
            : core::say("'{}' is the same period as '{}' (line {})", row.cells[0], head.cells[0],
                        head.line),
        core::say("line {} has it first; a placeholder could not tell which row it means. A "
                  "corrected figure replaces the old one, or, with revised: rows in the spec's "
                  "data section, a later row is the revision of the first",
                  head.line));
  }
  t.rows.resize(kept);
  if (revisions > 0)
    t.notes.push_back(
        (source.use_revised
             ? core::say("{} revision row(s) (a key repeated) used in place of the "
                         "first-published rows",
                         revisions)
             : core::say("{} revision row(s) (a key repeated) set aside: use: revised uses them",
                         revisions))
            .str());
}

// A long table (key: [district, period]): every row has a cell in each of the key's columns (an
// empty one is an error at it), and no two rows hold the same cells in all of them, each compared
// as check_keys compares one (a period by its span); the second is an error at its row. A key
// column the table does not have is the spec's problem.
void check_compound_keys(Table& t, const spec::DataSourceSpec& source, core::ExitCode code,
                         core::DiagnosticList& problems) {
  std::vector<std::size_t> cols;
  for (const auto& name : source.key)
    if (const auto c = t.column_index(name))
      cols.push_back(*c);
    else
      problems.error(
          core::ExitCode::invalid_spec, source.key_where,
          core::say("'key' names column '{}', which '{}' does not have", name, source.name));
  if (cols.size() != source.key.size()) return;
  t.key_columns = source.key;
  // A row without one of its key's cells is nobody's, or another row's by the rest of its key:
  // Excel exports a merged cell (甲区 over its periods) as its first row's text and blanks.
  const int before = problems.error_count();
  for (const Row& r : t.rows)
    for (std::size_t c : cols)
      if (r.cells[c].empty())  // blanks are trimmed from every cell
        problems.error(code, t.location(r, c),
                       core::say("row has no '{}' (a column of the key)", t.columns[c]),
                       core::say("each row of a long table names its own {}; a spreadsheet "
                                 "exports a merged cell as text on its first row only: fill it "
                                 "in on every row before saving as CSV",
                                 t.columns[c]));
  if (problems.error_count() != before) return;
  auto part = [](std::string_view cell) {
    const auto p = parse_period(cell);
    return p ? "\x01" + p->same_key() : std::string(cell);
  };
  std::vector<std::pair<std::string, std::uint32_t>> keys;  // sorted once, as check_keys does
  keys.reserve(t.rows.size());
  for (std::uint32_t i = 0; i < t.rows.size(); ++i) {
    std::string k;
    for (std::size_t c : cols) k += part(t.rows[i].cells[c]) + '\x1f';
    keys.emplace_back(std::move(k), i);
  }
  std::stable_sort(keys.begin(), keys.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string names, cells;
  for (std::size_t k = 1; k < keys.size(); ++k) {
    if (keys[k].first != keys[k - 1].first) continue;
    const Row& first = t.rows[keys[k - 1].second];
    const Row& row = t.rows[keys[k].second];
    names.clear(), cells.clear();
    for (std::size_t c : cols)
      names += (names.empty() ? "" : ", ") + t.columns[c],
          cells += (cells.empty() ? "" : ", ") + std::string(row.cells[c]);
    problems.error(
        code, t.location(row, cols.front()),
        core::say("duplicate key ({}) '{}' (line {})", names, cells, first.line),
        core::say("line {} has it first; a long table holds one row for each combination of its "
                  "key's columns",
                  first.line));
  }
}

// With use: revised, each revised figure replaces the first-published one (the log says how
// many); an empty revision keeps the first-published figure. A column it names that the table
// does not have is the spec's problem.
void apply_revisions(Table& t, const spec::DataSourceSpec& source, core::DiagnosticList& problems) {
  for (const auto& [column, revision] : source.revised) {
    const auto c = t.column_index(column), r = t.column_index(revision);
    if (!c || !r) {
      problems.error(core::ExitCode::invalid_spec, source.where,
                     core::say("'revised' names column '{}', which '{}' does not have",
                               c ? revision : column, source.name));
      continue;
    }
    if (!source.use_revised) continue;
    int replaced = 0;
    for (Row& row : t.rows)
      if (!row.cells[*r].empty() && row.cells[*r] != row.cells[*c])
        t.store->copy_text(row.cells.id(*c), row.cells.id(*r)), ++replaced;
    t.notes.push_back(
        core::say("{}: {} revised value(s) from {}", column, replaced, revision).str());
  }
}

// One source's table, or nothing with its problems in `problems` (100 of each kind): each step
// that finds any stops the table. Reading, decoding and parsing a file throw core::UserError.
std::optional<Table> load_table(const spec::JobSpec& spec, const spec::DataSourceSpec& source,
                                const ReadDataFile& read, core::DiagnosticList& problems) {
  Table t;
  if (source.is_inline()) {
    t = inline_table(source, spec.spec_path.string(), problems);
    if (problems.has_errors()) return std::nullopt;
  } else if (source.is_query()) {
    t = read_query(source);
  } else if (is_workbook(source.file)) {
    t = read_workbook(source, source.file.lexically_normal().string(), read(source));
  } else {
    const std::string file = source.file.lexically_normal().string();
    std::string note;
    // The file's bytes are freed once decoded: at most the file and its text at once.
    const std::string text = decode_text(read(source), source.encoding, file, &note);
    t = parse_csv(text, file, CsvOptions{source.header_row, source.header_row_where});
    if (!note.empty()) t.notes.insert(t.notes.begin(), note);
  }
  t.name = source.name;
  // What is wrong in a table of the spec's own is the spec's problem.
  const auto bad_data =
      source.is_inline() ? core::ExitCode::invalid_spec : core::ExitCode::data_error;
  read_figures(t, bad_data, problems);
  if (source.key.empty())
    check_keys(t, source, bad_data, problems);
  else
    check_compound_keys(t, source, bad_data, problems);
  if (problems.has_errors()) return std::nullopt;
  apply_revisions(t, source, problems);
  if (problems.has_errors()) return std::nullopt;
  return t;
}

// A table's source that failed: the code its problems call for is data_error, unless the file
// cannot be read (missing_input), the database cannot be reached (unavailable) or the spec is
// wrong (invalid_spec).
void add_failure(const core::UserError& e, core::DiagnosticList& problems) {
  const core::ExitCode code = e.code() == core::ExitCode::missing_input ||
                                      e.code() == core::ExitCode::invalid_spec ||
                                      e.code() == core::ExitCode::unavailable
                                  ? e.code()
                                  : core::ExitCode::data_error;
  if (e.diagnostics().empty()) problems.reported_before(code);
  for (core::Diagnostic d : e.diagnostics()) {
    d.code = code;
    problems.add(std::move(d));
  }
}

}  // namespace

std::string read_data_file(const spec::DataSourceSpec& source) {
  return core::read_text_file(source.file, source.where, max_csv_bytes, core::ExitCode::data_error);
}

std::optional<Table> load_source(const spec::JobSpec& spec, const spec::DataSourceSpec& source,
                                 core::DiagnosticList& problems, const ReadDataFile& read) {
  core::DiagnosticList found;  // this table's: 100 of each kind
  std::optional<Table> t;
  try {
    t = load_table(spec, source, read, found);
  } catch (const core::UserError& e) {
    add_failure(e, problems);
  }
  problems.add(found);
  return t;
}

IndicatorSet load_indicators(const spec::JobSpec& spec, const ReadDataFile& read) {
  core::DiagnosticList problems(SIZE_MAX);
  IndicatorSet set = load_indicators(spec, problems, read);
  problems.throw_if_errors();
  return set;
}

IndicatorSet load_indicators(const spec::JobSpec& spec, std::vector<core::Diagnostic>& problems,
                             core::ExitCode& code, const ReadDataFile& read) {
  core::DiagnosticList found(SIZE_MAX);
  IndicatorSet set = load_indicators(spec, found, read);
  for (auto& d : found.all()) problems.push_back(std::move(d));
  if (found.has_errors()) code = found.exit_code();
  return set;
}

IndicatorSet load_indicators(const spec::JobSpec& spec, core::DiagnosticList& problems,
                             const ReadDataFile& read) {
  IndicatorSet set;
  for (const spec::DataSourceSpec& source : spec.data) {
    if (source.is_view()) continue;   // made for each report by the model, from loaded tables
    if (source.per_entity) continue;  // each report's own file: load_source, per report
    std::optional<Table> t = load_source(spec, source, problems, read);
    if (t)
      set.tables.push_back(std::move(*t));
    else
      set.unavailable.push_back(source.name);
  }
  return set;
}

}  // namespace jb::data
