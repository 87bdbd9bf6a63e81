// spec: the sections about data: the data sources (CSV files and inline tables), the sum checks
// on them, and 'each' (one report per row of a table).
#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "spec/input_paths.hpp"
#include "spec/read_sections.hpp"

namespace jb::spec::detail {

namespace {

// ---- data sources ---------------------------------------------------------------------------

struct SourceTarget {
  DataSourceSpec& source;
  const std::filesystem::path& base_dir;
};

// A data path may name the report's entity, as {{ this }} (one file per district), and the
// run's parameters, as {{ params.NAME }} (one folder per month), and nothing else: the entity
// is filled in for each report of the burst and the parameters once for the run, each path
// checked before any report starts.
void set_file(YamlReader& r, const Entry& f, const std::string& file, DataSourceSpec& d,
              const std::filesystem::path& base_dir) {
  d.file = base_dir / file;
  d.where = r.loc(f.value);
  if (file.find("{{") == std::string::npos && file.find("}}") == std::string::npos) return;
  bool known = true;
  const std::string rest = fill_path(file, [&](const std::string& name) {
    const bool param = name.rfind("params.", 0) == 0 && name.size() > 7;
    known = known && (name == "this" || param);
    d.per_entity = d.per_entity || name == "this";
    d.names_params = d.names_params || param;
    return std::optional<std::string>("");
  });
  if (known && rest.find("{{") == std::string::npos && rest.find("}}") == std::string::npos) return;
  d.per_entity = d.names_params = false;
  r.diags().error(
      r.loc(f.value),
      core::say("a data path may name only the report's entity, as {{{{ this }}}}, and "
                "the run's parameters, as {{{{ params.NAME }}}}: '{}'",
                file),
      core::say("file: \"districts/{{{{ this }}}}/gdp.csv\" reads each district's own "
                "file, file: \"{{{{ params.period }}}}/主要指标.csv\" the month's own"));
}

constexpr Option<bool> revised_rows_word[] = {{"rows", true}};
constexpr Shape revised_columns = map_of(a_text, nullptr, "each column's revision column");
constexpr Shape revised_alternatives[] = {choice<revised_rows_word>(), revised_columns};

void read_revised(YamlReader& r, const Entry& f, SourceTarget& t) {
  DataSourceSpec& d = t.source;
  if (f.value.IsScalar()) {
    if (auto rows = r.choice(f, revised_rows_word)) d.revised_rows = *rows;
    return;
  }
  for (const Entry& c : r.entries(f.value, {}, quoted_name("revised"), true))
    if (auto s = r.nonempty_string(c)) d.revised.push_back({c.key, *s});
}

void read_columns(YamlReader& r, const Entry& f, SourceTarget& t) {
  if (!f.value.IsSequence() || f.value.size() == 0) {
    r.diags().error(r.loc(f.value),
                    core::say("'columns' must be a non-empty list of column names"));
    return;
  }
  for (const auto& c : f.value) {
    Entry ce{"columns", f.key_node, c};
    if (auto s = r.nonempty_string(ce)) t.source.columns.push_back(*s);
  }
}

void read_rows(YamlReader& r, const Entry& f, SourceTarget& t) {
  if (!f.value.IsSequence()) {
    r.diags().error(r.loc(f.value),
                    core::say("'rows' must be a list of rows, each a list of cells"));
    return;
  }
  for (const auto& row : f.value) {
    if (!row.IsSequence()) {
      r.diags().error(r.loc(row), core::say("a row must be a list of cells: [地区生产总值, 5.0]"));
      continue;
    }
    std::vector<InlineCell> cells;
    for (const auto& cell : row) {
      if (cell.IsNull()) {
        cells.push_back({"", r.loc(row)});  // [a, , b] or [a, ~]: a missing value
        continue;
      }
      Entry ce{core::tr("a cell"), f.key_node, cell};  // named in a message: 'a cell' must be …
      if (auto s = r.string(ce)) cells.push_back({*s, r.loc(cell)});
    }
    t.source.rows.push_back(std::move(cells));
  }
}

// A long table's key: two or more columns, each once. One column is refused: every table is
// keyed by its first column already (each key once, a period however written), and a key of
// another column would leave the first one, which placeholders read the rows by, unchecked.
void read_key_columns(YamlReader& r, const Entry& f, SourceTarget& t) {
  t.source.key_where = r.loc(f.value);
  if (!f.value.IsSequence() || f.value.size() == 0) {
    r.diags().error(r.loc(f.value),
                    core::say("'key' must list the columns that together name a row"),
                    core::say("key: [district, period]"));
    return;
  }
  if (f.value.size() == 1) {
    r.diags().error(r.loc(f.value),
                    core::say("'key' names one column: a long table's key has two or more"),
                    core::say("a table without 'key' is keyed by its first column, each key on one "
                              "row; key: [district, period] holds one row for each district and "
                              "period"));
    return;
  }
  for (const auto& c : f.value)
    if (auto s = r.nonempty_string(Entry{"key", f.key_node, c})) {
      if (std::find(t.source.key.begin(), t.source.key.end(), *s) != t.source.key.end())
        r.diags().error(r.loc(c), core::say("'key' names column '{}' twice", *s));
      t.source.key.push_back(*s);
    }
}

// `range: A3:H40`: a workbook's cells, as Excel writes a range (the spec is checked here, the
// workbook when it is read).
void read_range(YamlReader& r, const Entry& f, SourceTarget& t) {
  t.source.range_where = r.loc(f.value);
  auto s = r.nonempty_string(f);
  if (!s) return;
  for (char& c : *s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // A cell (A3) or a whole column (A), both ends alike: A3:H40 or A:H.
  auto part = [](std::string_view p) {
    std::size_t i = 0;
    while (i < p.size() && std::isupper(static_cast<unsigned char>(p[i]))) ++i;
    const std::size_t letters = i;
    while (i < p.size() && std::isdigit(static_cast<unsigned char>(p[i]))) ++i;
    const bool shape = letters >= 1 && letters <= 3 && i == p.size() && i - letters <= 7 &&
                       (i == letters || p[letters] != '0');
    return shape ? static_cast<int>(i > letters) : -1;  // 1: a cell, 0: a column
  };
  const std::size_t colon = s->find(':');
  const int first = colon == std::string::npos ? -1 : part(std::string_view(*s).substr(0, colon));
  const bool ok = first >= 0 && part(std::string_view(*s).substr(colon + 1)) == first;
  if (!ok) {
    r.diags().error(r.loc(f.value),
                    core::say("'range' must be two cells as Excel writes them: A3:H40"),
                    core::say("the top left and the bottom right cell of the table, or whole "
                              "columns: A:H"));
    return;
  }
  t.source.range = *s;
}

// `sqlite: indicators.db`: the database file, a path like a data file's (it names no
// parameter or entity).
void read_sqlite(YamlReader& r, const Entry& f, SourceTarget& t) {
  t.source.database = Database::sqlite;
  const auto file = r.nonempty_string(f);
  if (!file) return;
  set_file(r, f, *file, t.source, t.base_dir);
  if (t.source.per_entity || t.source.names_params) {
    t.source.per_entity = t.source.names_params = false;
    r.diags().error(r.loc(f.value),
                    core::say("a database's path names no {{{{ this }}}} or {{{{ params.… }}}}"),
                    core::say("the query chooses the rows: where period = :period"));
  }
}

// `postgres: "service=stats"` (libpq's connection string; "" leaves it all to libpq's
// environment: PGHOST, PGSERVICE, ~/.pg_service.conf), or `postgres: {env: VAR}`: the
// connection string in that environment variable, read when the data is.
constexpr Key<DataSourceSpec> postgres_keys[] = {
    {"env",
     [](auto& r, auto& c, auto& d) {
       if (auto v = r.nonempty_string(c)) d.connection_env = *v;
     },
     text("the environment variable holding the connection string"), true},
};

SectionShape postgres_section() {
  return section_shape(postgres_keys, "postgres", "a PostgreSQL connection from the environment");
}
constexpr Shape postgres_alternatives[] = {maybe_empty_text("libpq's connection string"),
                                           section(postgres_section)};

void read_postgres(YamlReader& r, const Entry& f, SourceTarget& t) {
  t.source.database = Database::postgres;
  t.source.connection_where = r.loc(f.value);
  if (f.value.IsMap()) {
    read_section(r, f.value, postgres_keys, quoted_name("postgres"), t.source);
    if (t.source.connection_env.empty())
      r.diags().error(r.loc(f.value),
                      core::say("'postgres' names the variable holding the connection"),
                      core::say("postgres: {{env: STATS_DB}}, or postgres: \"service=stats\""));
    return;
  }
  if (auto s = r.string(f)) t.source.connection = *s;
}

constexpr Option<Encoding> encodings[] = {
    {"detect", Encoding::detect},   {"utf-8", Encoding::utf8},  {"utf8", Encoding::utf8},
    {"gb18030", Encoding::gb18030}, {"gbk", Encoding::gb18030}, {"gb2312", Encoding::gb18030}};
constexpr Option<bool> use_options[] = {{"first", false}, {"revised", true}};
constexpr Bounds header_rows{1, 1000};
constexpr Bounds timeout_seconds{1, 3600};

// An inline table's cell: a text or a number, or nothing (a missing value).
constexpr Shape a_cell = {.kind = ShapeKind::text,
                          .description = "a cell; nothing for a missing value",
                          .nullable = true};
constexpr Shape a_row = list_of(a_cell, 0, "a row: its cells");
// Excel's cells, A3:H40, or whole columns, A:H.
constexpr const char* range_pattern =
    "^[A-Za-z]{1,3}([1-9][0-9]{0,6})?:[A-Za-z]{1,3}([1-9][0-9]{0,6})?$";

// The readers of a table take (YamlReader& r, const Entry& e, Target& t).
constexpr Key<SourceTarget> source_keys[] = {
    {"file",
     [](auto& r, auto& f, auto& t) {
       if (auto file = r.nonempty_string(f)) set_file(r, f, *file, t.source, t.base_dir);
     },
     text("a CSV file or a workbook, from the spec's folder")},
    {"encoding",
     [](auto& r, auto& f, auto& t) {
       if (auto enc = r.choice(f, encodings)) t.source.encoding = *enc;
     },
     choice<encodings>()},
    {"columns", read_columns, list_of(a_text, 1, "an inline table's column names")},
    {"rows", read_rows, list_of(a_row, 0, "an inline table's rows")},
    {"revised", read_revised, any_of(revised_alternatives, "where the revised figures are")},
    {"use",
     [](auto& r, auto& f, auto& t) {
       if (auto use = r.choice(f, use_options)) t.source.use_revised = *use;
     },
     choice<use_options>()},
    {"header_row",
     [](auto& r, auto& f, auto& t) {
       if (auto n = r.integer(f, header_rows)) t.source.header_row = *n;
       t.source.header_row_where = r.loc(f.value);
     },
     integer(header_rows, "the CSV line with the column names")},
    {"key", read_key_columns, list_of(a_text, 2, "a long table's key columns")},
    {"sheet",
     [](auto& r, auto& f, auto& t) {
       if (auto s = r.nonempty_string(f)) t.source.sheet = *s;
       t.source.sheet_where = r.loc(f.value);
     },
     text("a workbook's sheet")},
    {"range", read_range, text_matching(range_pattern, "a workbook's cells: A3:H40")},
    {"sqlite", read_sqlite, text("an SQLite database file")},
    {"postgres", read_postgres, any_of(postgres_alternatives, "a PostgreSQL database")},
    {"query",
     [](auto& r, auto& f, auto& t) {
       if (auto s = r.nonempty_string(f)) t.source.query = *s;
       t.source.query_where = r.loc(f.value);
     },
     text("the database's query")},
    {"timeout",
     [](auto& r, auto& f, auto& t) {
       if (auto n = r.integer(f, timeout_seconds)) t.source.timeout_seconds = *n;
     },
     integer(timeout_seconds, "seconds the query may take")},
    {"from",
     [](auto& r, auto& f, auto& t) {
       if (auto s = r.nonempty_string(f)) t.source.from = *s, t.source.where = r.loc(f.value);
     },
     text("a view of this data")},
    {"where", [](auto& r, auto& f, auto& t) { read_where(r, f, t.source.filter); },
     deferred(where_shape)},
    {"entity", [](auto& r, auto& f, auto& t) { read_entity(r, f, t.source.filter); }, text()},
    {"pivot", [](auto& r, auto& f, auto& t) { read_pivot(r, f, t.source.filter); },
     deferred(pivot_shape)},
};

SectionShape source_section() {
  return section_shape(source_keys, "data_source",
                       "a data source: a file, an inline table, a database's query or a view");
}
constexpr Shape source_alternatives[] = {text("a CSV file or a workbook"), section(source_section)};
constexpr Shape a_source = any_of(source_alternatives);

// What a view (`from:`) and a long table (`key:`) may say: a view reads no file and keeps the
// report's rows or pivots them; a table of the files is filtered only in a view, a table or a
// chart. True for a view (its other checks do not apply).
bool check_view(YamlReader& r, const Entry& e, const std::vector<Entry>& entries,
                const DataSourceSpec& d) {
  if (d.revised_rows && !d.key.empty())
    r.diags().error(d.key_where, core::say("'key' and 'revised: rows' cannot be used together"),
                    core::say("a long table's revisions are given in a column of their own: "
                              "revised: {{gdp: gdp_revised}}"));
  if (!has_key(entries, "from")) {
    for (const char* k : {"where", "entity", "pivot"})
      for (const Entry& f : entries)
        if (f.key == k)
          r.diags().error(
              r.loc(f.key_node),
              core::say("'{}' is for a view of a table ('from:'), a table or a chart", f.key),
              core::say("own: {{from: {}, where: this}}", e.key));
    return false;
  }
  for (const Entry& f : entries)
    if (f.key != "from" && f.key != "where" && f.key != "entity" && f.key != "pivot")
      r.diags().error(
          r.loc(f.key_node),
          core::say("a view ('from:') reads no file of its own: '{}' is for its table", f.key));
  if (d.filter.empty())
    r.diags().error(r.loc(e.value),
                    core::say("the view '{}' needs 'where: this' or 'pivot'", e.key));
  return true;
}

// A file read as a workbook, by its name.
bool workbook_path(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".xlsx" || ext == ".xlsm" || ext == ".xls";
}

// What a query source (`sqlite:` or `postgres:` with `query:`) may say; true for one.
bool check_query(YamlReader& r, const Entry& e, const std::vector<Entry>& entries,
                 const DataSourceSpec& d) {
  const bool sqlite = has_key(entries, "sqlite"), postgres = has_key(entries, "postgres");
  if (!sqlite && !postgres) {
    for (const char* k : {"query", "timeout"})
      for (const Entry& f : entries)
        if (f.key == k)
          r.diags().error(r.loc(f.key_node), core::say("'{}' is for a database's query", f.key),
                          core::say("{}: {{sqlite: indicators.db, query: \"select …\"}}", e.key));
    return false;
  }
  if (sqlite && postgres)
    r.diags().error(r.loc(e.value), core::say("data '{}' names two databases", e.key));
  if (!has_key(entries, "query"))
    r.diags().error(
        r.loc(e.value), core::say("data '{}' names a database and no 'query'", e.key),
        core::say("query: \"select period, value from indicators where period = :period\""));
  constexpr std::string_view allowed[] = {"sqlite",  "postgres", "query", "timeout",
                                          "revised", "use",      "key"};
  for (const Entry& f : entries)
    if (std::find(std::begin(allowed), std::end(allowed), f.key) == std::end(allowed))
      r.diags().error(
          r.loc(f.key_node),
          core::say("'{}' is for a file: a database's table is its query's result", f.key));
  if (d.use_revised && d.revised.empty() && !d.revised_rows)
    r.diags().error(r.loc(e.value),
                    core::say("'use: revised' needs 'revised', naming each column's revision"));
  return true;
}

// One data source: `name: FILE`, `name: {file, encoding, revised, use}` or an inline table
// `name: {columns: [...], rows: [[...], ...]}`.
void read_data_source(YamlReader& r, const Entry& e, DataSourceSpec& d, const JobSpec& spec) {
  if (e.value.IsScalar()) {
    if (auto file = r.nonempty_string(e)) set_file(r, e, *file, d, spec.base_dir);
    return;
  }
  SourceTarget t{d, spec.base_dir};
  const auto entries = read_section(r, e.value, source_keys, core::say("data '{}'", e.key), t);
  const bool has_file = has_key(entries, "file"), has_rows = has_key(entries, "rows");
  check_filter(r, d.filter);
  if (check_view(r, e, entries, d)) return;
  if (check_query(r, e, entries, d)) return;
  if (has_file == (has_rows || !d.columns.empty()))
    r.diags().error(r.loc(e.value),
                    core::say("data '{}' needs either 'file' or 'columns' and 'rows'", e.key));
  if (has_key(entries, "sheet") || has_key(entries, "range"))
    if (!has_file || !workbook_path(d.file))
      r.diags().error(has_key(entries, "sheet") ? d.sheet_where : d.range_where,
                      core::say("'{}' is for a workbook: a file ending .xlsx, .xlsm or .xls",
                                has_key(entries, "sheet") ? "sheet" : "range"));
  if (d.use_revised && d.revised.empty() && !d.revised_rows)
    r.diags().error(r.loc(e.value),
                    core::say("'use: revised' needs 'revised', naming each column's revision"),
                    core::say("revised: {{gdp_yi_yuan: gdp_revised_yi_yuan}}, or revised: rows "
                              "when a later row revises an earlier one"));
  if (d.header_row > 0 && has_rows)
    r.diags().error(d.header_row_where,
                    core::say("'header_row' is for a CSV file, not an inline table"));
}

bool valid_data_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  }) && !std::isdigit(static_cast<unsigned char>(name[0]));
}

// ---- checks and each ------------------------------------------------------------------------

void read_sum(YamlReader& r, const Entry& e, SumCheckSpec& c) {
  if (!e.value.IsSequence() || e.value.size() < 2) {
    r.diags().error(r.loc(e.value), core::say("'sum' must list at least two figures"));
    return;
  }
  for (const auto& part : e.value)
    if (auto s = r.nonempty_string(Entry{"sum", e.key_node, part})) c.parts.push_back(*s);
}

constexpr Bounds tolerances{0.0, 1e12};

constexpr Key<SumCheckSpec> check_keys[] = {
    {"sum", read_sum, list_of(a_text, 2, "the figures that add up"), true},
    {"total",
     [](auto& r, auto& e, auto& c) {
       if (auto s = r.nonempty_string(e)) c.total = *s;
     },
     text("the figure they add up to"), true},
    {"tolerance",
     [](auto& r, auto& e, auto& c) {
       if (auto v = r.number(e, tolerances)) c.tolerance = *v;
     },
     number(tolerances)},
};

SectionShape check_section() { return section_shape(check_keys, "check", "a sum check"); }
constexpr Shape a_check = section(check_section);

constexpr Key<EachSpec> each_keys[] = {
    {"data",
     [](auto& r, auto& e, auto& each) {
       if (auto s = r.nonempty_string(e)) each.data = *s;
     },
     text("the table with one row per report"), true},
    {"key",
     [](auto& r, auto& e, auto& each) {
       if (auto s = r.nonempty_string(e)) each.key = *s;
     },
     text("the column naming each report")},
    {"output", [](auto& r, auto& e, auto& each) { each.output = r.text(e); },
     text("each report's file name")},
};

SectionShape each_section() {
  return section_shape(each_keys, "each", "one report per row of a table");
}

}  // namespace

// ---- the report's own rows of a long table: where, entity, pivot ----------------------------

namespace {
constexpr Option<bool> where_words[] = {{"this", true}};
}  // namespace

void read_where(YamlReader& r, const Entry& e, EntityFilter& f) {
  f.where = r.loc(e.value);
  if (auto v = r.choice(e, where_words)) f.this_only = *v;
}

Shape where_shape() { return choice<where_words>("the report's own rows"); }

void read_entity(YamlReader& r, const Entry& e, EntityFilter& f) {
  f.entity_where = r.loc(e.value);
  if (auto s = r.nonempty_string(e)) f.entity = *s;
}

namespace {
constexpr Key<PivotSpec> pivot_keys[] = {
    {"rows",
     [](auto& r, auto& e, auto& p) {
       if (auto s = r.nonempty_string(e)) p.rows = *s;
     },
     text("the column whose values become the rows"), true},
    {"columns",
     [](auto& r, auto& e, auto& p) {
       if (auto s = r.nonempty_string(e)) p.columns = *s;
     },
     text("the column whose values become the columns"), true},
    {"value",
     [](auto& r, auto& e, auto& p) {
       if (auto s = r.nonempty_string(e)) p.value = *s;
     },
     text("the column of the figures"), true},
};

SectionShape pivot_section() {
  return section_shape(pivot_keys, "pivot", "a long table turned into a wide one");
}
}  // namespace

Shape pivot_shape() { return section(pivot_section); }
Shape data_shape() {
  return map_of(a_source, name_pattern, "the data, by the names placeholders use");
}
Shape checks_shape() { return list_of(a_check, 0, "sum checks on the data"); }
Shape each_shape() { return section(each_section); }

void read_pivot(YamlReader& r, const Entry& e, EntityFilter& f) {
  PivotSpec p;
  p.where = r.loc(e.value);
  const auto entries = read_section(r, e.value, pivot_keys, quoted_name("pivot"), p);
  if (!e.value.IsMap() || !has_key(entries, "rows") || !has_key(entries, "columns") ||
      !has_key(entries, "value")) {
    r.diags().error(r.loc(e.value), core::say("'pivot' needs 'rows', 'columns' and 'value'"),
                    core::say("pivot: {{rows: period, columns: indicator, value: value}}"));
    return;
  }
  f.pivot = std::move(p);
}

void check_filter(YamlReader& r, const EntityFilter& f) {
  if (!f.entity.empty() && !f.this_only)
    r.diags().error(f.entity_where,
                    core::say("'entity' names the column 'where: this' keeps the rows of"),
                    core::say("where: this, entity: {}", f.entity));
}

// 'data' maps names the spec chooses (placeholders use them) to data sources.
void read_data(YamlReader& r, const YAML::Node& node, JobSpec& spec) {
  if (!node.IsMap()) {
    r.diags().error(r.loc(node),
                    core::say("expected a mapping of data names to CSV files for 'data'"));
    return;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    if (!valid_data_name(name)) {
      r.diags().error(r.loc(it->first),
                      core::say("data name '{}' must be letters, digits and _", name),
                      core::say("placeholders name it, as in {{{{ gdp.last.gdp_yi_yuan }}}}"));
      continue;
    }
    if (!seen.insert(name).second) {
      r.diags().error(r.loc(it->first), core::say("duplicate data name '{}'", name));
      continue;
    }
    DataSourceSpec d;
    d.name = name;
    d.where = r.loc(it->second);
    read_data_source(r, Entry{name, it->first, it->second}, d, spec);
    spec.data.push_back(std::move(d));
  }
}

void read_checks(YamlReader& r, const YAML::Node& node, JobSpec& spec) {
  if (!node.IsSequence()) {
    r.diags().error(r.loc(node), core::say("'checks' must be a list: - sum: [a, b]  total: c"));
    return;
  }
  for (const auto& item : node) {
    SumCheckSpec c;
    c.where = r.loc(item);
    const auto entries = read_section(r, item, check_keys, core::say("a check"), c);
    if (item.IsMap() && (!has_key(entries, "sum") || !has_key(entries, "total")))
      r.diags().error(r.loc(item), core::say("a check needs 'sum' and 'total'"));
    spec.checks.push_back(std::move(c));
  }
}

void read_each(YamlReader& r, const YAML::Node& node, JobSpec& spec) {
  EachSpec each;
  each.where = r.loc(node);
  const auto entries = read_section(r, node, each_keys, quoted_name("each"), each);
  if (node.IsMap() && !has_key(entries, "data"))
    r.diags().error(r.loc(node),
                    core::say("'each' has no 'data' (the table with one row per report)"));
  spec.each = std::move(each);
}

}  // namespace jb::spec::detail
