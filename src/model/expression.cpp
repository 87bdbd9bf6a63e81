#include "model/expression.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "data/number.hpp"
#include "data/period.hpp"
#include "model/figure.hpp"
#include "model/logic.hpp"

namespace jb::model {

using core::ExitCode;
using core::SourceLocation;
using detail::Cagr;
using detail::Decimal;
using detail::fail;
using detail::number;
using detail::Problems;
using detail::trim;
using detail::Value;

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto p = s.find(sep, start);
    parts.push_back(
        trim(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start)));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return parts;
}

std::string list_names(const std::vector<std::string>& names, std::size_t max = 8) {
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < max; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > max) s += ", ...";
  return s;
}

// The data a placeholder sees, the entity `this` stands for (one report per row), and where
// its problem goes.
struct Scope {
  const data::IndicatorSet& data;
  std::string_view this_key;
  Problems& problems;
  const Params* params = nullptr;   // the run's parameters (params.NAME)
  const RowBinding* row = nullptr;  // the current row of a loop over rows
};

// A long table (key: [district, period]) has several rows for each first cell: which one a
// placeholder means, or which of them an aggregate, a period's row or exists() may take,
// cannot be told, so every expression reads such a table through a view of one report's rows.
const data::Table* refuse_long_table(const data::Table& table, const SourceLocation& where,
                                     const Scope& scope) {
  std::string key;
  for (const auto& k : table.key_columns) key += (key.empty() ? "" : ", ") + k;
  fail(scope.problems, ExitCode::invalid_spec, where,
       core::say("'{}' holds several rows for each '{}' (key: {}): a placeholder reads them "
                 "through a view",
                 table.name, table.columns[0], key),
       core::say(
           "data: {{own: {{from: {}, where: this}}}}, then {{{{ own.2024.COLUMN }}}} (a key of "
           "three columns also wants pivot: {{rows: period, columns: indicator, value: value}})",
           table.name));
  return nullptr;
}

const data::Table* find_table(const std::string& name, const SourceLocation& where,
                              const Scope& scope) {
  const data::Table* table = scope.data.find(name);
  if (!table && scope.data.is_unavailable(name)) {  // its loading failed and was reported
    scope.problems.reported_before(ExitCode::data_error);
    return nullptr;
  }
  if (!table) {
    std::vector<std::string> names;
    for (const auto& t : scope.data.tables) names.push_back(t.name);
    fail(scope.problems, ExitCode::invalid_spec, where, core::say("unknown data '{}'", name),
         names.empty() ? core::say("the spec has no 'data' section")
                       : core::say("data names: {}", list_names(names)));
  }
  if (table && table->key_columns.size() > 1) return refuse_long_table(*table, where, scope);
  return table;
}

std::optional<std::size_t> find_column(const data::Table& table, const std::string& name,
                                       const SourceLocation& where, const Scope& scope) {
  const auto col = table.column_index(name);
  if (!col)
    return fail(scope.problems, ExitCode::invalid_spec, where,
                core::say("no column '{}' in '{}'", name, table.name),
                core::say("columns: {}", list_names(table.columns, 20)));
  return col;
}

const data::Row* find_row(const data::Table& table, const std::string& key,
                          const SourceLocation& where, const Scope& scope) {
  const data::Row* row = nullptr;
  if (key == "this") {
    if (scope.this_key.empty()) {
      fail(scope.problems, ExitCode::invalid_spec, where,
           core::say("'this' names the report's own row, and this spec has no 'each'"),
           core::say("each: {{data: districts}} renders one report per row of districts"));
      return nullptr;
    }
    row = table.find_row(scope.this_key);
    if (!row)
      fail(scope.problems, ExitCode::data_error, where,
           core::say("'{}' has no row for this report's '{}'", table.name, scope.this_key),
           core::say("its first column '{}' names the rows", table.columns[0]));
  } else if (key == "first" || key == "last") {
    if (table.rows.empty()) {
      fail(scope.problems, ExitCode::data_error, table.at(1),
           core::say("'{}' has no rows", table.name));
      return nullptr;
    }
    row = key == "first" ? &table.rows.front() : &table.rows.back();
  } else {
    row = table.find_row(key);
    if (!row) {
      std::vector<std::string> keys;
      for (const auto& r : table.rows) keys.emplace_back(r.cells[0]);
      fail(scope.problems, ExitCode::invalid_spec, where,
           core::say("no row '{}' in '{}' (its first column '{}' has {})", key, table.name,
                     table.columns[0], list_names(keys)));
    }
  }
  return row;
}

// One cell as a value; a missing one is an error (prose never prints a missing figure).
std::optional<Value> cell_value(const data::Table& table, const data::Row& row, std::size_t col,
                                const SourceLocation& where, const Scope& scope) {
  Value v;
  v.text = row.cells[col];
  v.what = table.name + "." + std::string(row.cells[0]) + "." + table.columns[col];
  v.data_where = table.location(row);
  v.row_key = row.cells[0];
  v.table = &table;
  v.row = &row;
  v.decimals = core::decimals_of(v.text);
  v.sources.push_back(table.cell_location(row, col));
  if (v.text.empty())
    return fail(
        scope.problems, ExitCode::data_error, where,
        core::say("the value of {} is missing (empty cell at {})", v.what,
                  core::to_string(table.location(row))),
        core::say("prose never prints a missing figure; fill in the data or reword the text"));
  return v;
}

std::optional<std::vector<std::string>> path_of(const std::string& ref, const SourceLocation& where,
                                                const Scope& scope) {
  std::vector<std::string> path = split(ref, '.');
  if (path.size() != 3 || path[0].empty() || path[1].empty() || path[2].empty())
    return fail(
        scope.problems, ExitCode::invalid_spec, where,
        core::say("'{}' is not table.row.column", ref),
        core::say(
            "for example {{{{ gdp.last.gdp_yi_yuan }}}} or {{{{ gdp.2024.yoy_pct | change }}}}"));
  return path;
}

std::optional<Value> param_value(const std::string& ref, const SourceLocation& where,
                                 const Scope& scope);
std::optional<Value> selected_cell(const std::string& ref, const SourceLocation& where,
                                   const Scope& scope);

// Whether `ref` names the current row of a loop: `row.COLUMN`, or `TABLE.*.COLUMN` of the
// looped table; the column's name, or nothing.
std::optional<std::string> loop_row(const std::string& ref, const Scope& scope) {
  const std::vector<std::string> path = split(ref, '.');
  if (path.size() == 2 && path[0] == "row") return path[1];
  if (scope.row && path.size() == 3 && path[1] == "*" && path[0] == scope.row->table->name)
    return path[2];
  return std::nullopt;
}

std::optional<Value> loop_cell(const std::string& ref, const std::string& column,
                               const SourceLocation& where, const Scope& scope) {
  if (!scope.row)
    return fail(scope.problems, ExitCode::invalid_spec, where,
                core::say("'{}' names the current row of a loop, and there is none here", ref),
                core::say("row.COLUMN is a cell of the row in a list over rows (list: {{each: "
                          "TABLE, item: ...}}) and in the where: and sort: of names(...)"));
  const auto col = find_column(*scope.row->table, column, where, scope);
  if (!col) return std::nullopt;
  return cell_value(*scope.row->table, *scope.row->row, *col, where, scope);
}

// table.row.column -> the cell, or an error naming what exists. The row `this` is the current
// report's entity.
std::optional<Value> lookup(const std::string& ref, const SourceLocation& where,
                            const Scope& scope) {
  if (ref.rfind("params.", 0) == 0 && ref.find('.', 7) == std::string::npos)
    return param_value(ref, where, scope);
  if (ref.find('[') != std::string::npos) return selected_cell(ref, where, scope);
  // A figure written as an argument (diff(x, 5.0): against a target) is a figure of the spec.
  if (const auto written = data::parse_number(ref) ? Decimal::parse(ref) : std::nullopt) {
    Value v;
    v.text = ref;
    v.what = ref;
    v.data_where = where;
    v.decimals = core::decimals_of(ref);
    v.row_key = ref;
    v.sources.push_back(where);
    return v;
  }
  if (const auto bound = loop_row(ref, scope)) return loop_cell(ref, *bound, where, scope);
  const auto path = path_of(ref, where, scope);
  if (!path) return std::nullopt;
  if ((*path)[1] == "*")
    return fail(
        scope.problems, ExitCode::invalid_spec, where,
        core::say(
            "'{}' names every row; only sum, mean, max, min, count and rank take such a column",
            ref),
        core::say("for example {{{{ sum({}) }}}}", ref));
  const data::Table* table = find_table((*path)[0], where, scope);
  if (!table) return std::nullopt;
  // The column before the row: a typo in a column's name is the spec's, whatever rows the data
  // has this month (a block left out until its row is published is checked all the same).
  const auto col = find_column(*table, (*path)[2], where, scope);
  if (!col) return std::nullopt;
  const data::Row* row = find_row(*table, (*path)[1], where, scope);
  if (!row) return std::nullopt;
  return cell_value(*table, *row, *col, where, scope);
}

// The rows an aggregate or a ranking runs over: those named after among:, or else every row of
// the table but totals (合计, 全市, 其他…) and the 其中 rows below another.
std::optional<std::vector<Value>> column_values(const data::Table& table, std::size_t col,
                                                const std::vector<std::string>& among,
                                                const SourceLocation& where, const Scope& scope) {
  std::vector<Value> out;
  if (!among.empty()) {
    for (const auto& key : among) {
      const data::Row* row = find_row(table, key, where, scope);
      if (!row) return std::nullopt;
      for (const auto& v : out)
        if (v.row == row)
          return fail(scope.problems, ExitCode::invalid_spec, where,
                      core::say("among: names row '{}' twice", key));
      auto v = cell_value(table, *row, col, where, scope);
      if (!v) return std::nullopt;
      out.push_back(std::move(*v));
    }
    return out;
  }
  for (const data::Row& r : table.rows) {
    if (is_total_key(r.cells[0]) || r.level != 0) continue;
    auto v = cell_value(table, r, col, where, scope);
    if (!v) return std::nullopt;
    out.push_back(std::move(*v));
  }
  if (out.empty())
    return fail(scope.problems, ExitCode::data_error, table.at(1),
                core::say("'{}' has no rows to count but totals", table.name));
  return out;
}

// The functions a placeholder may call, for a hint.
core::Text functions_hint() {
  return core::say(
      "functions: growth(now, before), share(part, total), diff(a, b), ratio(a, b), "
      "cagr(first, last[, years]), rank(x[, among: row, ...]), sum, mean, max, min and count "
      "(table.*.column[, among: row, ...]), names(table.*.column[, where: ..., sort: ..., order: "
      "descending, top: n]), count(table.*.column, where: ...)");
}

// A function's arguments: the figures, and the rows named after `among:`.
struct Args {
  std::vector<std::string> refs;
  std::vector<std::string> among;
};

Args split_args(std::string_view inside) {
  Args a;
  bool in_among = false;
  for (std::string part : split(inside, ',')) {
    if (!in_among && part.rfind("among:", 0) == 0) {
      in_among = true;
      part = trim(part.substr(6));
    }
    (in_among ? a.among : a.refs).push_back(part);
  }
  return a;
}

// A derived figure from exact operands.
Value derived(const std::string& expr, const SourceLocation& where, Decimal d, int decimals,
              std::vector<const Value*> from) {
  Value v;
  v.what = expr;
  v.data_where = where;
  v.exact = std::move(d);
  v.decimals = decimals;
  for (const Value* f : from)
    v.sources.insert(v.sources.end(), f->sources.begin(), f->sources.end());
  v.text = v.exact->fixed(decimals);
  return v;
}

std::optional<Decimal> divisor(const Value& v, const std::string& name, const SourceLocation& where,
                               const Scope& scope) {
  const auto d = number(v, where, scope.problems);
  if (d && d->is_zero())
    return fail(scope.problems, ExitCode::data_error, v.data_where,
                core::say("{} is 0, and {}(...) divides by it", v.what, name),
                core::say("used at {}", core::to_string(where)));
  return d;
}

std::optional<unsigned> cagr_years(const Args& args, const Value& a, const Value& b,
                                   const SourceLocation& where, const Scope& scope) {
  if (args.refs.size() == 3) {
    unsigned y = 0;
    const std::string& t = args.refs[2];
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), y);
    if (ec != std::errc() || p != t.data() + t.size() || y < 1 || y > 200)
      return fail(scope.problems, ExitCode::invalid_spec, where,
                  core::say("cagr's years must be a whole number from 1 to 200, not '{}'", t));
    return y;
  }
  const auto pa = data::parse_period(a.row_key), pb = data::parse_period(b.row_key);
  if (!pa || !pb || pa->partial() || pb->partial() || pb->year <= pa->year)
    return fail(
        scope.problems, ExitCode::invalid_spec, where,
        core::say("cagr cannot tell the years between rows '{}' and '{}'", a.row_key, b.row_key),
        core::say("give them: cagr(first, last, 6), or use rows keyed by full years"));
  return static_cast<unsigned>(pb->year - pa->year);
}

// Every value as a number, in order; nothing from the first that is not one.
std::optional<std::vector<Decimal>> numbers(const std::vector<Value>& values,
                                            const SourceLocation& where, const Scope& scope) {
  std::vector<Decimal> out;
  for (const auto& v : values) {
    auto n = number(v, where, scope.problems);
    if (!n) return std::nullopt;
    out.push_back(std::move(*n));
  }
  return out;
}

// rank(x[, among: ...]): 1 for the largest of the values.
std::optional<Value> rank_of(const std::string& expr, const Args& args,
                             const std::vector<std::string>& path, const data::Table& table,
                             const std::vector<Value>& values, const SourceLocation& where,
                             const Scope& scope) {
  const data::Row* mine = find_row(table, path[1], where, scope);
  if (!mine) return std::nullopt;
  const auto self =
      std::find_if(values.begin(), values.end(), [&](const Value& v) { return v.row == mine; });
  if (self == values.end())
    return fail(
        scope.problems, ExitCode::invalid_spec, where,
        core::say("rank({}): row '{}' is not among the rows ranked", args.refs[0], mine->cells[0]),
        args.among.empty() ? core::say("totals (合计, 全市, 其他…) and 其中 rows are left "
                                       "out; name the rows with among:")
                           : core::say("add it to among:"));
  const auto x = number(*self, where, scope.problems);
  if (!x) return std::nullopt;
  const auto all = numbers(values, where, scope);
  if (!all) return std::nullopt;
  long r = 1;
  for (const auto& n : *all) r += n > *x;
  return derived(expr, where, Decimal(r), 0, {&*self});
}

// sum, mean, max, min, count and rank over a column's rows.
std::optional<Value> aggregate(const std::string& name, const std::string& expr, const Args& args,
                               const SourceLocation& where, const Scope& scope) {
  const auto path = path_of(args.refs[0], where, scope);
  if (!path) return std::nullopt;
  const bool rank = name == "rank";
  if (rank == ((*path)[1] == "*"))
    return fail(scope.problems, ExitCode::invalid_spec, where,
                rank ? core::say("rank takes one figure, table.row.column")
                     : core::say("{} takes a whole column, table.*.column", name),
                rank
                    ? core::say("for example {{{{ rank(industries.工业.增速) }}}}")
                    : core::say("for example {{{{ {}({}.*.{}) }}}}", name, (*path)[0], (*path)[2]));
  const data::Table* table = find_table((*path)[0], where, scope);
  if (!table) return std::nullopt;
  const auto col = find_column(*table, (*path)[2], where, scope);
  if (!col) return std::nullopt;
  const auto values = column_values(*table, *col, args.among, where, scope);
  if (!values) return std::nullopt;
  std::vector<const Value*> from;
  for (const auto& v : *values) from.push_back(&v);
  if (name == "count")
    return derived(expr, where, Decimal(static_cast<long>(values->size())), 0, {});
  if (rank) return rank_of(expr, args, *path, *table, *values, where, scope);
  // A value that is not a number is an error, whichever the others are.
  const auto all = numbers(*values, where, scope);
  if (!all) return std::nullopt;
  if (name == "max" || name == "min") {
    std::size_t best = 0;
    for (std::size_t k = 0; k < all->size(); ++k)
      if (name == "max" ? (*all)[k] > (*all)[best] : (*all)[k] < (*all)[best]) best = k;
    return (*values)[best];
  }
  Decimal total;
  int decimals = 0;
  for (std::size_t k = 0; k < all->size(); ++k)
    total = total + (*all)[k], decimals = std::max(decimals, (*values)[k].decimals);
  if (name == "mean") total = total / Decimal(static_cast<long>(values->size()));
  return derived(expr, where, total, decimals, from);
}

// growth, share, ratio and diff of two figures.
std::optional<Value> quotient(const std::string& name, const std::string& expr, const Args& args,
                              const SourceLocation& where, const Scope& scope) {
  const auto a = lookup(args.refs[0], where, scope);
  if (!a) return std::nullopt;
  const auto b = lookup(args.refs[1], where, scope);
  if (!b) return std::nullopt;
  // The second figure is read first, as it always was: of two that are not numbers, its
  // error is the one reported.
  const auto before =
      name == "diff" ? number(*b, where, scope.problems) : divisor(*b, name, where, scope);
  if (!before) return std::nullopt;
  const auto now = number(*a, where, scope.problems);
  if (!now) return std::nullopt;
  if (name == "diff") {
    Value d = derived(expr, where, *now - *before, std::max(a->decimals, b->decimals), {&*a, &*b});
    d.now = *now, d.before = *before;
    return d;
  }
  const Decimal q = *now / *before;
  // From a loss (-20 to -10, -100 to 50) a quotient's sign says the opposite of what happened.
  if (name == "growth" && before->sign() < 0)
    return fail(
        scope.problems, ExitCode::data_error, b->data_where,
        core::say("{} is {}, and growth(...) from a negative base has no meaning", b->what,
                  b->text),
        core::say("used at {}; word it yourself (亏损收窄, 扭亏为盈) with diff(now, before)",
                  core::to_string(where)));
  if (name == "ratio") return derived(expr, where, q, 2, {&*a, &*b});
  return derived(expr, where, name == "growth" ? (q - Decimal(1)) * Decimal(100) : q * Decimal(100),
                 1, {&*a, &*b});
}

// cagr(first, last[, years]).
std::optional<Value> cagr(const std::string& expr, const Args& args, const SourceLocation& where,
                          const Scope& scope) {
  const auto a = lookup(args.refs[0], where, scope);
  if (!a) return std::nullopt;
  const auto b = lookup(args.refs[1], where, scope);
  if (!b) return std::nullopt;
  const auto years = cagr_years(args, *a, *b, where, scope);
  if (!years) return std::nullopt;
  const auto first = divisor(*a, "cagr", where, scope);  // read before the last, as always
  if (!first) return std::nullopt;
  const auto last = number(*b, where, scope.problems);
  if (!last) return std::nullopt;
  const Decimal ratio = *last / *first;
  // Two losses give a ratio above zero, whose rate would read as a growth of the loss's size.
  if (first->sign() < 0 || last->sign() <= 0)
    return fail(scope.problems, ExitCode::data_error, where,
                core::say("cagr needs two values above zero, and {} is {}, {} is {}", a->what,
                          a->text, b->what, b->text));
  const double guess = (std::pow(ratio.to_double(), 1.0 / *years) - 1) * 100;
  if (!std::isfinite(guess) || std::fabs(guess) > 1e12)
    return fail(
        scope.problems, ExitCode::data_error, where,
        core::say("cagr(...) is beyond what a briefing prints (about {}%)", format_fixed(guess, 0)),
        core::say("check the two figures and the years between them"));
  Value v = derived(expr, where, Decimal(0), 1, {&*a, &*b});
  v.exact.reset();
  v.cagr = Cagr{ratio, *years};
  v.text = *detail::rounded_text(v, 1, where, scope.problems);  // a CAGR is always a number
  return v;
}

// `name(...)` calls a function only when `name` is a plain word: text before a '(' that holds a
// dot is a reference whose column name has brackets, as Excel exports write them
// (`t.this.增速(%)`, `t.this.县(市、区)`).
bool is_call(const std::string& formula) {
  const auto open = formula.find('(');
  // `t[prev(params.period)].x` selects a row: its '(' is the selector's.
  return open != std::string::npos &&
         formula.substr(0, open).find_first_of(".[") == std::string::npos;
}

// name(arg, ...) -> a derived figure from data cells (and, for cagr, a number of years).
std::optional<Value> call(const std::string& expr, const SourceLocation& where,
                          const Scope& scope) {
  const auto open = expr.find('(');
  const std::string name = trim(expr.substr(0, open));
  if (expr.back() != ')')
    return fail(scope.problems, ExitCode::invalid_spec, where,
                core::say("'{}' is missing ')'", expr));
  const std::string_view inside = std::string_view(expr).substr(open + 1, expr.size() - open - 2);
  if (detail::is_loop_call(name, inside))
    return detail::loop_call(name, expr, inside, where,
                             detail::Context{scope.data, scope.this_key, scope.row, scope.params},
                             scope.problems);
  const Args args = split_args(inside);
  auto takes = [&](std::size_t lo, std::size_t hi, bool among = false) {
    if (args.refs.size() < lo || args.refs.size() > hi) {
      fail(scope.problems, ExitCode::invalid_spec, where,
           lo == hi ? core::say("{} takes {} arguments", name, lo)
                    : core::say("{} takes {} or {} arguments", name, lo, hi),
           functions_hint());
      return false;
    }
    if (!among && !args.among.empty()) {
      fail(scope.problems, ExitCode::invalid_spec, where, core::say("{} takes no among:", name));
      return false;
    }
    return true;
  };
  if (name == "growth" || name == "share" || name == "ratio" || name == "diff") {
    if (!takes(2, 2)) return std::nullopt;
    return quotient(name, expr, args, where, scope);
  }
  if (name == "cagr") {
    if (!takes(2, 3)) return std::nullopt;
    return cagr(expr, args, where, scope);
  }
  if (name == "rank" || name == "sum" || name == "mean" || name == "max" || name == "min" ||
      name == "count") {
    if (!takes(1, 1, true)) return std::nullopt;
    return aggregate(name, expr, args, where, scope);
  }
  return fail(scope.problems, ExitCode::invalid_spec, where,
              core::say("unknown function '{}'", name), functions_hint());
}

// The value part and the formatters of a placeholder: split at bars outside parentheses.
std::optional<std::vector<std::string>> stages_of(const std::string& expression,
                                                  const SourceLocation& where, const Scope& scope) {
  std::vector<std::string> stages;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth < 0) break;
    if (c == '|' && depth == 0) {
      stages.push_back(trim(std::string_view(expression).substr(start, i - start)));
      start = i + 1;
    }
  }
  if (depth != 0)
    return fail(scope.problems, ExitCode::invalid_spec, where,
                core::say("unbalanced parentheses in '{}'", expression),
                core::say("for example {{{{ growth(gdp.2024.gdp, gdp.2023.gdp) | change }}}}"));
  stages.push_back(trim(std::string_view(expression).substr(start)));
  if (stages[0].empty())
    return fail(scope.problems, ExitCode::invalid_spec, where, core::say("empty placeholder"),
                core::say("for example {{{{ gdp.last.gdp_yi_yuan | yi }}}}"));
  return stages;
}

// ---- parameters, and the rows a period selects ----------------------------------------------

core::Text param_names(const Scope& scope) {
  std::vector<std::string> names;
  if (scope.params)
    for (const auto& p : *scope.params) names.push_back(p.name);
  return names.empty() ? core::say("the spec has no 'params' section")
                       : core::say("parameters: {}", list_names(names));
}

// params.NAME: the run's value of the parameter, as a figure of the spec.
std::optional<Value> param_value(const std::string& ref, const SourceLocation& where,
                                 const Scope& scope) {
  const std::string name = ref.substr(7);
  const ParamValue* p = scope.params ? find_param(*scope.params, name) : nullptr;
  if (!p)
    return fail(scope.problems, ExitCode::invalid_spec, where,
                core::say("unknown parameter '{}'", name), param_names(scope));
  Value v;
  v.text = p->value;
  v.what = ref;
  v.data_where = p->where;
  v.decimals = core::decimals_of(v.text);
  v.row_key = p->value;
  v.sources.push_back(p->where);
  return v;
}

// The period of a row selector: params.NAME (a period parameter), a period written out
// (2025M10), prev(SELECTOR) or same_period_last_year(SELECTOR).
std::optional<data::Period> selected_period(const std::string& selector,
                                            const SourceLocation& where, const Scope& scope) {
  for (const std::string fn : {"prev", "same_period_last_year"}) {
    if (selector.rfind(fn + "(", 0) != 0 || selector.back() != ')') continue;
    const std::string inner = trim(selector.substr(fn.size() + 1, selector.size() - fn.size() - 2));
    const auto p = selected_period(inner, where, scope);
    if (!p) return std::nullopt;
    if (fn == "same_period_last_year") return data::same_period_last_year(*p);
    if (const auto before = data::previous_period(*p)) return before;
    return fail(scope.problems, ExitCode::invalid_spec, where,
                core::say("prev({}): {} has no period before it in its year", inner, p->label_zh()),
                core::say("prev takes a month, a quarter, a cumulation from January or a year"));
  }
  if (selector.rfind("params.", 0) == 0) {
    const auto v = param_value(selector, where, scope);
    if (!v) return std::nullopt;
    const ParamValue* p = find_param(*scope.params, selector.substr(7));
    if (p->type != spec::ParamType::period)
      return fail(
          scope.problems, ExitCode::invalid_spec, where,
          core::say("'{}' is not a period parameter, and only a period selects a row", selector),
          core::say("params: {{{}: {{type: period}}}}", p->name));
    return data::parse_period(p->value);
  }
  if (const auto p = data::parse_period(selector)) return p;
  return fail(scope.problems, ExitCode::invalid_spec, where,
              core::say("'{}' does not name a period", selector),
              core::say("a row is selected by params.NAME, prev(...), same_period_last_year(...) "
                        "or a period such as 2025M10"));
}

// table[SELECTOR].column: the cell of the row keyed by the selector's period (however the data
// writes it: 2025M10 finds 2025年10月).
// table[period].column read: the table, the column, the period's row (nullptr when the data
// has none), or nothing with the problem reported.
struct Selection {
  const data::Table* table = nullptr;
  std::size_t col = 0;
  const data::Row* row = nullptr;
  data::Period period;
  std::string selector;
};

std::optional<Selection> select(const std::string& ref, const SourceLocation& where,
                                const Scope& scope) {
  const auto open = ref.find('['), close = ref.rfind(']');
  if (close == std::string::npos || close < open || close + 1 >= ref.size() ||
      ref[close + 1] != '.' || open == 0) {
    fail(scope.problems, ExitCode::invalid_spec, where,
         core::say("'{}' is not table[period].column", ref),
         core::say("for example {{{{ monthly[params.period].value }}}}"));
    return std::nullopt;
  }
  Selection s;
  s.table = find_table(trim(ref.substr(0, open)), where, scope);
  if (!s.table) return std::nullopt;
  s.selector = trim(ref.substr(open + 1, close - open - 1));
  const auto period = selected_period(s.selector, where, scope);
  if (!period) return std::nullopt;
  s.period = *period;
  // The column before the row, as for table.row.column: a typo in its name is the spec's,
  // whichever months the data has (a block left out until its month is published included).
  const auto col = find_column(*s.table, trim(ref.substr(close + 2)), where, scope);
  if (!col) return std::nullopt;
  s.col = *col;
  s.row = s.table->find_row(period->code());
  return s;
}

std::optional<Value> selected_cell(const std::string& ref, const SourceLocation& where,
                                   const Scope& scope) {
  const auto s = select(ref, where, scope);
  if (!s) return std::nullopt;
  if (!s->row) {
    std::vector<std::string> keys;
    for (const auto& r : s->table->rows) keys.emplace_back(r.cells[0]);
    return fail(scope.problems, ExitCode::data_error, where,
                core::say("'{}' has no row for {} ({} = {})", s->table->name, s->period.label_zh(),
                          s->selector, s->period.code()),
                core::say("its first column '{}' has {}", s->table->columns[0], list_names(keys)));
  }
  return cell_value(*s->table, *s->row, s->col, where, scope);
}

}  // namespace

bool is_total_key(std::string_view key) {
  const std::string k = trim(key);
  for (const char* word : {"合计", "总计", "总量", "全部", "其他", "其它", "小计"})
    if (k == word) return true;
  auto starts = [&](const char* p) { return k.rfind(p, 0) == 0; };
  auto ends = [&](const char* p) {
    const std::string s = p;
    return k.size() >= s.size() && k.compare(k.size() - s.size(), s.size(), s) == 0;
  };
  // 全市, 全省, 全区, 全县, 全国, 全旗 (two characters, 3 bytes each); 全市合计, 其中：…
  return (starts("全") && k.size() == 6) || ends("合计") || ends("总计") || starts("其他") ||
         starts("其它") || starts("其中");
}

std::vector<long> shares_in_tenths(const std::vector<std::string>& published) {
  std::vector<Decimal> values;
  Decimal total;
  for (const auto& text : published) {
    const auto d = data::parse_number(text) ? Decimal::parse(text) : std::nullopt;
    if (!d) return {};
    values.push_back(*d);
    total = total + *d;
  }
  if (total.sign() <= 0) return {};
  std::vector<long> tenths;
  std::vector<std::pair<Decimal, std::size_t>> remainders;
  long sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const Decimal exact = values[i] * Decimal(1000) / total;
    const long whole = exact.floor();
    tenths.push_back(whole);
    sum += whole;
    remainders.push_back({exact - Decimal(whole), i});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; sum < 1000 && k < remainders.size(); ++k, ++sum)
    ++tenths[remainders[k].second];
  return tenths;
}

std::string exact_sum(const std::vector<std::string>& published) {
  Decimal total;
  int decimals = 0;
  for (const auto& text : published) {
    const auto d = data::parse_number(text) ? Decimal::parse(text) : std::nullopt;
    if (d) total = total + *d, decimals = std::max(decimals, core::decimals_of(text));
  }
  return total.fixed(decimals);
}

std::string format_fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);  // "C" locale: never set otherwise
  std::string s = buf;
  if (s.rfind("-", 0) == 0 && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string chinese_number(int n) {
  static const char* const digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n >= 100) return std::to_string(n);
  if (n < 10) return digit[n];
  std::string s = n / 10 == 1 ? "" : digit[n / 10];
  s += "十";
  if (n % 10) s += digit[n % 10];
  return s;
}

namespace {

// A Chinese keyboard types ｜，（）。 where a placeholder needs | , ( ) . : the marks an
// expression has of them.
std::string full_width_marks(const std::string& expression) {
  std::string typed;
  for (const char* mark : {"｜", "，", "（", "）", "。"})
    if (expression.find(mark) != std::string::npos) typed += mark;
  return typed;
}

// What a formatter after the first printed is the spec's doing, not the data's: when the
// formatter cannot read it as a figure, the placeholder is blamed.
void formatter_failed(const std::vector<std::string>& stages, std::size_t i, const Value& v,
                      const SourceLocation& where, const Problems& found, Problems& problems) {
  if (i == 1 || found.exit_code() != ExitCode::data_error || data::parse_number(v.text)) {
    problems.add(found);
    return;
  }
  problems.error(ExitCode::invalid_spec, where,
                 core::say("'{}' cannot read '{}', which '{}' printed, as a figure", stages[i],
                           core::excerpt(v.text), stages[i - 1]),
                 core::say("a formatter after another reads its digits: only fixed(n) leaves a "
                           "plain figure ({} | fixed(1) | {})",
                           stages[0], stages[i]));
}

std::optional<Evaluation> evaluate_in(const std::string& expression, const SourceLocation& where,
                                      const Scope& scope) {
  const auto stages = stages_of(expression, where, scope);
  if (!stages) return std::nullopt;
  const std::string& formula = (*stages)[0];
  auto v = is_call(formula) ? call(formula, where, scope) : lookup(formula, where, scope);
  if (!v) return std::nullopt;
  Evaluation e;
  e.formula = formula;
  e.sources = v->sources;
  e.value_where = v->data_where;
  if (v->derived()) {
    auto text = detail::rounded_text(*v, v->decimals, where, scope.problems);
    if (!text) return std::nullopt;
    e.text = std::move(*text);
  } else {
    e.text = detail::published_text(*v);
  }
  for (std::size_t i = 1; i < stages->size(); ++i) {
    const std::string& stage = (*stages)[i];
    if (stage.empty())
      return fail(scope.problems, ExitCode::invalid_spec, where,
                  core::say("empty formatter after '|'"));
    Problems found;
    auto text = detail::apply_formatter(stage, *v, where, found);
    if (!text) {
      formatter_failed(*stages, i, *v, where, found, scope.problems);
      return std::nullopt;
    }
    e.text = std::move(*text);
    e.formatters += (i > 1 ? " | " : "") + stage;
    const std::string name = trim(stage.substr(0, stage.find('(')));
    const bool abs = name == "abs";
    e.chose_word = name == "word";
    const bool zero = e.text.find_first_not_of("0.") == std::string::npos;
    e.dropped_sign = 0;
    if (abs && !zero) {
      const auto n = detail::number(*v, where, scope.problems);  // abs has read it
      if (!n) return std::nullopt;
      e.dropped_sign = n->sign();
    }
    e.abs_zero = abs && zero;
    // A further formatter reads what this one printed, as a cell of that text.
    Value printed;
    printed.text = e.text;
    printed.what = v->what + " | " + stage;
    printed.data_where = v->data_where;
    printed.decimals = core::decimals_of(e.text);
    printed.row_key = v->row_key;
    printed.table = v->table;
    printed.row = v->row;
    *v = std::move(printed);
  }
  return e;
}

}  // namespace

std::optional<Evaluation> evaluate(const std::string& expression, const SourceLocation& where,
                                   const data::IndicatorSet& indicators, Problems& problems,
                                   std::string_view this_key, const Params* params,
                                   const RowBinding* row) {
  Problems found;
  auto e = evaluate_in(expression, where, Scope{indicators, this_key, found, params, row});
  if (e) return e;
  const std::string typed = full_width_marks(expression);
  if (found.exit_code() != ExitCode::invalid_spec || typed.empty()) {
    problems.add(found);
    return std::nullopt;
  }
  for (auto d : found.all()) {
    if (d.where.file == where.file && d.where.line == where.line && d.where.column == where.column)
      d.hint = core::say(
                   "the placeholder has the full-width {}: placeholders are written with "
                   "ASCII | , ( ) . (a column named 增速（%） keeps its own)",
                   typed)
                   .str();
    problems.add(std::move(d));
  }
  return std::nullopt;
}

std::string evaluate_placeholder(const std::string& expression, const SourceLocation& where,
                                 const data::IndicatorSet& indicators, SourceLocation* value_where,
                                 std::string_view this_key) {
  Problems problems;
  const auto e = evaluate(expression, where, indicators, problems, this_key);
  problems.throw_if_errors();
  if (!e) throw std::logic_error("a placeholder failed without a problem");
  if (value_where) *value_where = e->value_where;
  return e->text;
}

// ---- what conditions and loops over rows ask of the expressions (logic.cpp) ------------------

namespace detail {

std::optional<Value> value_of(const std::string& formula, const SourceLocation& where,
                              const Context& context, Problems& problems) {
  const Scope scope{context.data, context.this_key, problems, context.params, context.row};
  return is_call(formula) ? call(formula, where, scope) : lookup(formula, where, scope);
}

namespace {

// The row exists(...) looks at: nullptr when the data has no such row (yet), which is no error.
std::optional<const data::Row*> row_to_test(const data::Table& table, const std::string& key,
                                            const SourceLocation& where, const Scope& scope) {
  if (key == "*")
    return fail(
        scope.problems, ExitCode::invalid_spec, where,
        core::say("exists(...) tests one cell, and '*' names every row"),
        core::say("count(table.*.column, where: exists(row.column)) counts the rows with a value"));
  if (key == "this") {
    if (scope.this_key.empty()) {
      find_row(table, key, where, scope);  // says that the spec has no each
      return std::nullopt;
    }
    return table.find_row(scope.this_key);
  }
  if (key == "first" || key == "last") {
    if (table.rows.empty()) return nullptr;
    return key == "first" ? &table.rows.front() : &table.rows.back();
  }
  return table.find_row(key);
}

}  // namespace

std::optional<bool> cell_exists(const std::string& ref, const SourceLocation& where,
                                const Context& context, Problems& problems) {
  const Scope scope{context.data, context.this_key, problems, context.params, context.row};
  if (const auto column = loop_row(ref, scope)) {
    if (!scope.row) {
      loop_cell(ref, *column, where, scope);  // says that there is no loop here
      return std::nullopt;
    }
    const auto col = find_column(*scope.row->table, *column, where, scope);
    if (!col) return std::nullopt;
    return !scope.row->row->cells[*col].empty();
  }
  if (ref.find('[') != std::string::npos) {  // table[period].column: its month not yet there
    const auto s = select(ref, where, scope);
    if (!s) return std::nullopt;
    return s->row && !s->row->cells[s->col].empty();
  }
  const auto path = path_of(ref, where, scope);
  if (!path) return std::nullopt;
  const data::Table* table = find_table((*path)[0], where, scope);
  if (!table) return std::nullopt;
  // The column first: a typo in its name is an error whether or not the row is there.
  const auto col = find_column(*table, (*path)[2], where, scope);
  if (!col) return std::nullopt;
  const auto row = row_to_test(*table, (*path)[1], where, scope);
  if (!row) return std::nullopt;
  return *row && !(*row)->cells[*col].empty();
}

const data::Table* table_named(const std::string& name, const SourceLocation& where,
                               const Context& context, Problems& problems) {
  return find_table(name, where,
                    Scope{context.data, context.this_key, problems, context.params, context.row});
}

std::optional<std::pair<const data::Table*, std::size_t>> every_row_column(
    const std::string& ref, const SourceLocation& where, const Context& context,
    Problems& problems) {
  const Scope scope{context.data, context.this_key, problems, context.params, context.row};
  const auto path = path_of(ref, where, scope);
  if (!path) return std::nullopt;
  if ((*path)[1] != "*")
    return fail(
        problems, ExitCode::invalid_spec, where,
        core::say("'{}' names one row; a loop runs over table.*.column", ref),
        core::say("for example names(districts.*.district, top: 3, sort: districts.*.gdp)"));
  const data::Table* table = find_table((*path)[0], where, scope);
  if (!table) return std::nullopt;
  const auto col = find_column(*table, (*path)[2], where, scope);
  if (!col) return std::nullopt;
  return std::pair{table, *col};
}

}  // namespace detail

}  // namespace jb::model
