#include "model/entity_view.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "data/period.hpp"

namespace jb::model {

using core::ExitCode;
using core::SourceLocation;

namespace {

std::string column_names(const data::Table& t) {
  std::string names;
  for (const auto& n : t.columns) names += (names.empty() ? "" : ", ") + n;
  return names;
}

std::optional<std::size_t> named_column(const data::Table& src, const std::string& name,
                                        const SourceLocation& where,
                                        core::DiagnosticList& problems) {
  const auto c = src.column_index(name);
  if (!c)
    problems.error(ExitCode::invalid_spec, where,
                   core::say("no column '{}' in '{}'", name, src.name),
                   core::say("columns: {}", column_names(src)));
  return c;
}

// The entity column of `where: this`: the filter's, else each's key column when src has it.
std::optional<std::size_t> entity_column(const data::Table& src, const vocab::EntityFilter& f,
                                         const std::string& each_key,
                                         core::DiagnosticList& problems) {
  if (!f.entity.empty()) return named_column(src, f.entity, f.entity_where, problems);
  if (const auto c = src.column_index(each_key); c && !each_key.empty()) return c;
  problems.error(ExitCode::invalid_spec, f.where,
                 core::say("'where: this' does not know which column of '{}' names the report's "
                           "entity: it has no column '{}' (each's key)",
                           src.name, each_key),
                 core::say("name it: entity: COLUMN (columns: {})", column_names(src)));
  return std::nullopt;
}

// A table with src's description and no rows yet, in a store of its own.
data::Table empty_like(const data::Table& src, const std::string& name) {
  data::Table t;
  t.name = name;
  t.file = src.file;
  t.footnotes = src.footnotes;
  return t;
}

void copy_row(const data::Row& r, const data::Table& src, const std::vector<std::size_t>& order,
              data::Table& out) {
  const std::uint32_t first = out.store->size();
  for (std::size_t c : order) out.store->add_copy(*src.store, r.cells.id(c));
  out.rows.push_back(
      data::Row{data::Cells(out.store.get(), first, static_cast<std::uint32_t>(order.size())),
                r.line, r.level});
}

// where: this: the entity's rows, its remaining key columns first and the entity column last.
std::optional<data::Table> own_rows(const data::Table& src, const vocab::EntityFilter& f,
                                    const std::string& entity, const std::string& each_key,
                                    const std::string& name, core::DiagnosticList& problems) {
  if (entity.empty()) {
    problems.error(
        ExitCode::invalid_spec, f.where,
        core::say("'where: this' keeps the report's own rows, and this spec has no 'each'"),
        core::say("each: {{data: districts}} renders one report per row of districts"));
    return std::nullopt;
  }
  const auto ec = entity_column(src, f, each_key, problems);
  if (!ec) return std::nullopt;
  std::vector<std::size_t> order;
  for (const auto& k : src.key_columns)
    if (const auto c = src.column_index(k); c && *c != *ec) order.push_back(*c);
  const std::size_t rest_of_key = order.size();
  for (std::size_t c = 0; c < src.columns.size(); ++c)
    if (c != *ec && std::find(order.begin(), order.end(), c) == order.end()) order.push_back(c);
  order.push_back(*ec);
  data::Table out = empty_like(src, name);
  for (std::size_t c : order) out.columns.push_back(src.columns[c]);
  if (rest_of_key > 1)  // still several rows per first cell: a pivot reads them
    out.key_columns.assign(out.columns.begin(),
                           out.columns.begin() + static_cast<long>(rest_of_key));
  for (const data::Row& r : src.rows)
    if (r.cells[*ec] == entity) copy_row(r, src, order, out);
  if (out.rows.empty()) {
    problems.error(ExitCode::data_error, f.where,
                   core::say("'{}' has no rows for this report's '{}' in column '{}'", src.name,
                             entity, src.columns[*ec]),
                   core::say("its rows are read from {}", src.file));
    return std::nullopt;
  }
  return out;
}

// The pivot's rows and columns, each value once in the order it first appears, as it is first
// written. A period is one value however it is spelled (2025, 2025年; 2025M10, 2025年10月), as
// the long table's key check counts it: else one year would make two rows, each half empty.
struct PivotAxis {
  std::vector<std::string_view> values;
  std::unordered_map<std::string, std::size_t> index;
  std::size_t at(std::string_view v) {
    const auto p = data::parse_period(v);
    const std::string key = p ? "\x01" + p->same_key() : std::string(v);
    const auto [it, added] = index.emplace(key, values.size());
    if (added) values.push_back(v);
    return it->second;
  }
};

std::optional<data::Table> pivot(const data::Table& src, const vocab::PivotSpec& p,
                                 const std::string& name, core::DiagnosticList& problems) {
  const auto rc = named_column(src, p.rows, p.where, problems);
  const auto cc = named_column(src, p.columns, p.where, problems);
  const auto vc = named_column(src, p.value, p.where, problems);
  if (!rc || !cc || !vc) return std::nullopt;
  PivotAxis rows, cols;
  std::map<std::pair<std::size_t, std::size_t>, const data::Row*> cell;
  std::vector<const data::Row*> first_of_row;
  const int before = problems.error_count();
  for (const data::Row& r : src.rows) {
    if (r.cells[*rc].empty() || r.cells[*cc].empty()) {
      problems.error(ExitCode::data_error, src.location(r, r.cells[*rc].empty() ? *rc : *cc),
                     core::say("an empty '{}' in a row that 'pivot' reads from '{}'",
                               src.columns[r.cells[*rc].empty() ? *rc : *cc], src.name));
      continue;
    }
    const std::size_t i = rows.at(r.cells[*rc]), j = cols.at(r.cells[*cc]);
    if (i == first_of_row.size()) first_of_row.push_back(&r);
    const auto [it, added] = cell.emplace(std::pair{i, j}, &r);
    if (!added)
      problems.error(ExitCode::data_error, src.location(r, *vc),
                     core::say("a second row for {} '{}' and {} '{}' in '{}' (line {})", p.rows,
                               r.cells[*rc], p.columns, r.cells[*cc], src.name, it->second->line),
                     core::say("'pivot' makes one cell of each combination; line {} has it first",
                               it->second->line));
  }
  if (problems.error_count() != before) return std::nullopt;
  data::Table out = empty_like(src, name);
  out.columns.push_back(p.rows);
  for (auto c : cols.values) out.columns.emplace_back(c);
  for (std::size_t i = 0; i < rows.values.size(); ++i) {
    const std::uint32_t first = out.store->add_copy(*src.store, first_of_row[i]->cells.id(*rc));
    for (std::size_t j = 0; j < cols.values.size(); ++j) {
      const auto it = cell.find({i, j});
      if (it == cell.end())
        out.store->add("", 0);  // no row: a missing value, never a zero
      else
        out.store->add_copy(*src.store, it->second->cells.id(*vc));
    }
    out.rows.push_back(data::Row{
        data::Cells(out.store.get(), first, static_cast<std::uint32_t>(cols.values.size() + 1)),
        first_of_row[i]->line, 0});
  }
  return out;
}

}  // namespace

std::optional<data::Table> entity_view(const data::Table& src, const vocab::EntityFilter& filter,
                                       const std::string& entity, const std::string& each_key,
                                       const std::string& name, core::DiagnosticList& problems) {
  std::optional<data::Table> own;
  if (filter.this_only) {
    own = own_rows(src, filter, entity, each_key, name, problems);
    if (!own) return std::nullopt;
  }
  if (!filter.pivot) return own;
  return pivot(own ? *own : src, *filter.pivot, name, problems);
}

}  // namespace jb::model
