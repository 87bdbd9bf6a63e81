#include "model/expression.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

#include "data/number.hpp"
#include "data/period.hpp"
#include "model/figure.hpp"

namespace jb::model {

using core::ExitCode;
using core::SourceLocation;
using core::UserError;
using detail::Cagr;
using detail::Decimal;
using detail::Value;
using detail::at;
using detail::trim;
using detail::number;

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

// The data a placeholder sees, and the entity `this` stands for (one report per row).
struct Scope {
  const data::IndicatorSet& data;
  std::string_view this_key;
};

const data::Table& find_table(const std::string& name, const SourceLocation& where,
                              const Scope& scope) {
  const data::Table* table = scope.data.find(name);
  if (!table && scope.data.is_unavailable(name))  // its loading failed and was reported
    throw UserError(ExitCode::data_error, std::vector<core::Diagnostic>{});
  if (!table) {
    std::vector<std::string> names;
    for (const auto& t : scope.data.tables) names.push_back(t.name);
    throw UserError(
        ExitCode::invalid_spec, where, "unknown data '" + name + "'",
        names.empty() ? "the spec has no 'data' section" : "data names: " + list_names(names));
  }
  return *table;
}

std::size_t find_column(const data::Table& table, const std::string& name,
                        const SourceLocation& where) {
  const auto col = table.column_index(name);
  if (!col)
    throw UserError(ExitCode::invalid_spec, where,
                    "no column '" + name + "' in '" + table.name + "'",
                    "columns: " + list_names(table.columns, 20));
  return *col;
}

const data::Row& find_row(const data::Table& table, const std::string& key,
                          const SourceLocation& where, const Scope& scope) {
  const data::Row* row = nullptr;
  if (key == "this") {
    if (scope.this_key.empty())
      throw UserError(ExitCode::invalid_spec, where,
                      "'this' names the report's own row, and this spec has no 'each'",
                      "each: {data: districts} renders one report per row of districts");
    row = table.find_row(scope.this_key);
    if (!row)
      throw UserError(ExitCode::data_error, where,
                      "'" + table.name + "' has no row for this report's '" +
                          std::string(scope.this_key) + "'",
                      "its first column '" + table.columns[0] + "' names the rows");
  } else if (key == "first" || key == "last") {
    if (table.rows.empty())
      throw UserError(ExitCode::data_error, SourceLocation{table.file, 1, 0},
                      "'" + table.name + "' has no rows");
    row = key == "first" ? &table.rows.front() : &table.rows.back();
  } else {
    row = table.find_row(key);
    if (!row) {
      std::vector<std::string> keys;
      for (const auto& r : table.rows) keys.emplace_back(r.cells[0]);
      throw UserError(ExitCode::invalid_spec, where,
                      "no row '" + key + "' in '" + table.name + "' (its first column '" +
                          table.columns[0] + "' has " + list_names(keys) + ")");
    }
  }
  return *row;
}

// One cell as a value; a missing one is an error (prose never prints a missing figure).
Value cell_value(const data::Table& table, const data::Row& row, std::size_t col,
                 const SourceLocation& where) {
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
    throw UserError(ExitCode::data_error, where,
                    "the value of " + v.what + " is missing (empty cell at " + table.file + ":" +
                        std::to_string(row.line) + ")",
                    "prose never prints a missing figure; fill in the data or reword the text");
  return v;
}

std::vector<std::string> path_of(const std::string& ref, const SourceLocation& where) {
  const std::vector<std::string> path = split(ref, '.');
  if (path.size() != 3 || path[0].empty() || path[1].empty() || path[2].empty())
    throw UserError(ExitCode::invalid_spec, where, "'" + ref + "' is not table.row.column",
                    "for example {{ gdp.last.gdp_yi_yuan }} or {{ gdp.2024.yoy_pct | change }}");
  return path;
}

// table.row.column -> the cell, or an error naming what exists. The row `this` is the current
// report's entity.
Value lookup(const std::string& ref, const SourceLocation& where, const Scope& scope) {
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
  const auto path = path_of(ref, where);
  if (path[1] == "*")
    throw UserError(ExitCode::invalid_spec, where,
                    "'" + ref + "' names every row; only sum, mean, max, min, count and rank "
                    "take such a column",
                    "for example {{ sum(" + ref + ") }}");
  const data::Table& table = find_table(path[0], where, scope);
  const data::Row& row = find_row(table, path[1], where, scope);
  return cell_value(table, row, find_column(table, path[2], where), where);
}

// The rows an aggregate or a ranking runs over: those named after among:, or else every row of
// the table but totals (合计, 全市, 其他…) and the 其中 rows below another.
std::vector<Value> column_values(const data::Table& table, std::size_t col,
                                 const std::vector<std::string>& among,
                                 const SourceLocation& where, const Scope& scope) {
  std::vector<Value> out;
  if (!among.empty()) {
    for (const auto& key : among) {
      const data::Row& row = find_row(table, key, where, scope);
      for (const auto& v : out)
        if (v.row == &row)
          throw UserError(ExitCode::invalid_spec, where, "among: names row '" + key + "' twice");
      out.push_back(cell_value(table, row, col, where));
    }
    return out;
  }
  for (const data::Row& r : table.rows)
    if (!is_total_key(r.cells[0]) && r.level == 0) out.push_back(cell_value(table, r, col, where));
  if (out.empty())
    throw UserError(ExitCode::data_error, SourceLocation{table.file, 1, 0},
                    "'" + table.name + "' has no rows to count but totals");
  return out;
}

constexpr const char* function_list =
    "growth(now, before), share(part, total), diff(a, b), ratio(a, b), "
    "cagr(first, last[, years]), rank(x[, among: row, ...]), sum, mean, max, min and count "
    "(table.*.column[, among: row, ...])";

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
  for (const Value* f : from) v.sources.insert(v.sources.end(), f->sources.begin(), f->sources.end());
  v.text = v.exact->fixed(decimals);
  return v;
}

Decimal divisor(const Value& v, const std::string& name, const SourceLocation& where) {
  const Decimal d = number(v, where);
  if (d.is_zero())
    throw UserError(ExitCode::data_error,
                    {core::Diagnostic{core::Severity::error, v.data_where,
                                      v.what + " is 0, and " + name + "(...) divides by it",
                                      "used at " + at(where)}});
  return d;
}

unsigned cagr_years(const Args& args, const Value& a, const Value& b, const SourceLocation& where) {
  if (args.refs.size() == 3) {
    unsigned y = 0;
    const std::string& t = args.refs[2];
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), y);
    if (ec != std::errc() || p != t.data() + t.size() || y < 1 || y > 200)
      throw UserError(ExitCode::invalid_spec, where,
                      "cagr's years must be a whole number from 1 to 200, not '" + t + "'");
    return y;
  }
  const auto pa = data::parse_period(a.row_key), pb = data::parse_period(b.row_key);
  if (!pa || !pb || pa->partial() || pb->partial() || pb->year <= pa->year)
    throw UserError(
        ExitCode::invalid_spec, where,
        "cagr cannot tell the years between rows '" + a.row_key + "' and '" + b.row_key + "'",
        "give them: cagr(first, last, 6), or use rows keyed by full years");
  return static_cast<unsigned>(pb->year - pa->year);
}

// sum, mean, max, min, count and rank over a column's rows.
Value aggregate(const std::string& name, const std::string& expr, const Args& args,
                const SourceLocation& where, const Scope& scope) {
  const auto path = path_of(args.refs[0], where);
  const bool rank = name == "rank";
  if (rank == (path[1] == "*"))
    throw UserError(ExitCode::invalid_spec, where,
                    rank ? "rank takes one figure, table.row.column"
                         : name + " takes a whole column, table.*.column",
                    rank ? "for example {{ rank(industries.工业.增速) }}"
                         : "for example {{ " + name + "(" + path[0] + ".*." + path[2] + ") }}");
  const data::Table& table = find_table(path[0], where, scope);
  const std::size_t col = find_column(table, path[2], where);
  const std::vector<Value> values = column_values(table, col, args.among, where, scope);
  std::vector<const Value*> from;
  for (const auto& v : values) from.push_back(&v);
  if (name == "count") return derived(expr, where, Decimal(static_cast<long>(values.size())), 0, {});
  if (rank) {
    const data::Row& mine = find_row(table, path[1], where, scope);
    const auto self = std::find_if(values.begin(), values.end(),
                                   [&](const Value& v) { return v.row == &mine; });
    if (self == values.end())
      throw UserError(ExitCode::invalid_spec, where,
                      "rank(" + args.refs[0] + "): row '" + std::string(mine.cells[0]) +
                          "' is not among the rows ranked",
                      args.among.empty() ? "totals (合计, 全市, 其他…) and 其中 rows are left out; "
                                           "name the rows with among:"
                                         : "add it to among:");
    const Decimal x = number(*self, where);
    long r = 1;
    for (const auto& v : values) r += number(v, where) > x;
    return derived(expr, where, Decimal(r), 0, {&*self});
  }
  if (name == "max" || name == "min") {
    const Value* best = &values.front();
    for (const auto& v : values)
      if (name == "max" ? number(v, where) > number(*best, where)
                        : number(v, where) < number(*best, where))
        best = &v;
    return *best;
  }
  Decimal total;
  int decimals = 0;
  for (const auto& v : values) total = total + number(v, where), decimals = std::max(decimals, v.decimals);
  if (name == "mean") total = total / Decimal(static_cast<long>(values.size()));
  return derived(expr, where, total, decimals, from);
}

// name(arg, ...) -> a derived figure from data cells (and, for cagr, a number of years).
Value call(const std::string& expr, const SourceLocation& where, const Scope& scope) {
  const auto open = expr.find('(');
  const std::string name = trim(expr.substr(0, open));
  if (expr.back() != ')')
    throw UserError(ExitCode::invalid_spec, where, "'" + expr + "' is missing ')'");
  const Args args = split_args(std::string_view(expr).substr(open + 1, expr.size() - open - 2));
  auto need = [&](std::size_t lo, std::size_t hi, bool among = false) {
    if (args.refs.size() < lo || args.refs.size() > hi)
      throw UserError(ExitCode::invalid_spec, where,
                      name + " takes " + std::to_string(lo) +
                          (lo == hi ? "" : " or " + std::to_string(hi)) + " arguments",
                      std::string("functions: ") + function_list);
    if (!among && !args.among.empty())
      throw UserError(ExitCode::invalid_spec, where, name + " takes no among:");
  };
  if (name == "growth" || name == "share" || name == "ratio" || name == "diff") {
    need(2, 2);
    const Value a = lookup(args.refs[0], where, scope), b = lookup(args.refs[1], where, scope);
    if (name == "diff") {
      Value d = derived(expr, where, number(a, where) - number(b, where),
                        std::max(a.decimals, b.decimals), {&a, &b});
      d.now = number(a, where), d.before = number(b, where);
      return d;
    }
    const Decimal q = number(a, where) / divisor(b, name, where);
    // From a loss (-20 to -10, -100 to 50) a quotient's sign says the opposite of what happened.
    if (name == "growth" && number(b, where).sign() < 0)
      throw UserError(
          ExitCode::data_error,
          {core::Diagnostic{core::Severity::error, b.data_where,
                            b.what + " is " + b.text +
                                ", and growth(...) from a negative base has no meaning",
                            "used at " + at(where) +
                                "; word it yourself (亏损收窄, 扭亏为盈) with diff(now, before)"}});
    if (name == "ratio") return derived(expr, where, q, 2, {&a, &b});
    return derived(expr, where, name == "growth" ? (q - Decimal(1)) * Decimal(100) : q * Decimal(100),
                   1, {&a, &b});
  }
  if (name == "cagr") {
    need(2, 3);
    const Value a = lookup(args.refs[0], where, scope), b = lookup(args.refs[1], where, scope);
    const unsigned years = cagr_years(args, a, b, where);
    const Decimal ratio = number(b, where) / divisor(a, name, where);
    // Two losses give a ratio above zero, whose rate would read as a growth of the loss's size.
    if (number(a, where).sign() < 0 || number(b, where).sign() <= 0)
      throw UserError(ExitCode::data_error, where,
                      "cagr needs two values above zero, and " + a.what + " is " + a.text +
                          ", " + b.what + " is " + b.text);
    const double guess = (std::pow(ratio.to_double(), 1.0 / years) - 1) * 100;
    if (!std::isfinite(guess) || std::fabs(guess) > 1e12)
      throw UserError(ExitCode::data_error, where,
                      "cagr(...) is beyond what a briefing prints (about " +
                          format_fixed(guess, 0) + "%)",
                      "check the two figures and the years between them");
    Value v = derived(expr, where, Decimal(0), 1, {&a, &b});
    v.exact.reset();
    v.cagr = Cagr{ratio, years};
    v.text = detail::rounded_text(v, 1, where);
    return v;
  }
  if (name == "rank" || name == "sum" || name == "mean" || name == "max" || name == "min" ||
      name == "count") {
    need(1, 1, true);
    return aggregate(name, expr, args, where, scope);
  }
  throw UserError(ExitCode::invalid_spec, where, "unknown function '" + name + "'",
                  std::string("functions: ") + function_list);
}

// The value part and the formatters of a placeholder: split at bars outside parentheses.
std::vector<std::string> stages_of(const std::string& expression, const SourceLocation& where) {
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
    throw UserError(ExitCode::invalid_spec, where, "unbalanced parentheses in '" + expression + "'",
                    "for example {{ growth(gdp.2024.gdp, gdp.2023.gdp) | change }}");
  stages.push_back(trim(std::string_view(expression).substr(start)));
  if (stages[0].empty())
    throw UserError(ExitCode::invalid_spec, where, "empty placeholder",
                    "for example {{ gdp.last.gdp_yi_yuan | yi }}");
  return stages;
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
Evaluation evaluate_in(const std::string& expression, const SourceLocation& where,
                       const data::IndicatorSet& indicators, std::string_view this_key);
}  // namespace

Evaluation evaluate(const std::string& expression, const SourceLocation& where,
                    const data::IndicatorSet& indicators, std::string_view this_key) {
  try {
    return evaluate_in(expression, where, indicators, this_key);
  } catch (const UserError& e) {
    // A Chinese keyboard types ｜，（）。 where a placeholder needs | , ( ) . : say so.
    std::string typed;
    for (const char* mark : {"｜", "，", "（", "）", "。"})
      if (expression.find(mark) != std::string::npos) typed += mark;
    if (e.code() != ExitCode::invalid_spec || typed.empty()) throw;
    std::vector<core::Diagnostic> diags = e.diagnostics();
    for (auto& d : diags)
      if (d.where.file == where.file && d.where.line == where.line &&
          d.where.column == where.column)
        d.hint = "the placeholder has the full-width " + typed +
                 ": placeholders are written with ASCII | , ( ) . (a column named 增速（%） "
                 "keeps its own)";
    throw UserError(e.code(), diags);
  }
}

namespace {
Evaluation evaluate_in(const std::string& expression, const SourceLocation& where,
                       const data::IndicatorSet& indicators, std::string_view this_key) {
  const Scope scope{indicators, this_key};
  const std::vector<std::string> stages = stages_of(expression, where);
  Value v = stages[0].find('(') != std::string::npos ? call(stages[0], where, scope)
                                                     : lookup(stages[0], where, scope);
  Evaluation e;
  e.formula = stages[0];
  e.sources = v.sources;
  e.value_where = v.data_where;
  e.text = v.derived() ? detail::rounded_text(v, v.decimals, where) : detail::published_text(v);
  for (std::size_t i = 1; i < stages.size(); ++i) {
    if (stages[i].empty())
      throw UserError(ExitCode::invalid_spec, where, "empty formatter after '|'");
    try {
      e.text = detail::apply_formatter(stages[i], v, where);
    } catch (const UserError& err) {
      // What a formatter printed is the spec's doing, not the data's: blame the placeholder.
      if (i == 1 || err.code() != ExitCode::data_error || data::parse_number(v.text)) throw;
      throw UserError(ExitCode::invalid_spec, where,
                      "'" + stages[i] + "' cannot read '" + core::excerpt(v.text) + "', which '" + stages[i - 1] +
                          "' printed, as a figure",
                      "a formatter after another reads its digits: only fixed(n) leaves a plain "
                      "figure (" + stages[0] + " | fixed(1) | " + stages[i] + ")");
    }
    e.formatters += (i > 1 ? " | " : "") + stages[i];
    const std::string name = trim(stages[i].substr(0, stages[i].find('(')));
    const bool abs = name == "abs";
    e.chose_word = name == "word";
    const bool zero = e.text.find_first_not_of("0.") == std::string::npos;
    e.dropped_sign = abs && !zero ? detail::number(v, where).sign() : 0;
    e.abs_zero = abs && zero;
    // A further formatter reads what this one printed, as a cell of that text.
    Value printed;
    printed.text = e.text;
    printed.what = v.what + " | " + stages[i];
    printed.data_where = v.data_where;
    printed.decimals = core::decimals_of(e.text);
    printed.row_key = v.row_key;
    printed.table = v.table;
    printed.row = v.row;
    v = std::move(printed);
  }
  return e;
}

}  // namespace

std::string evaluate_placeholder(const std::string& expression, const SourceLocation& where,
                                 const data::IndicatorSet& indicators, SourceLocation* value_where,
                                 std::string_view this_key) {
  Evaluation e = evaluate(expression, where, indicators, this_key);
  if (value_where) *value_where = e.value_where;
  return e.text;
}

}  // namespace jb::model
