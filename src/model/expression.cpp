#include "model/expression.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

#include "data/number.hpp"
#include "data/period.hpp"

namespace jb::model {

using core::ExitCode;
using core::SourceLocation;
using core::UserError;

namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

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

// A formatter and its arguments: whole numbers (decimals) or words (for word(...)).
struct Formatter {
  std::string name;
  std::vector<std::string> args;
};

Formatter parse_formatter(const std::string& text, const SourceLocation& where) {
  Formatter f;
  const auto open = text.find('(');
  f.name = trim(text.substr(0, open));
  if (open == std::string::npos) return f;
  if (text.back() != ')')
    throw UserError(ExitCode::invalid_spec, where, "formatter '" + text + "' is missing ')'");
  for (std::string a :
       split(std::string_view(text).substr(open + 1, text.size() - open - 2), ',')) {
    if (a.size() >= 2 && a.front() == '"' && a.back() == '"') a = a.substr(1, a.size() - 2);
    f.args.push_back(a);
  }
  return f;
}

// A value: a data cell (its published text) or a derived figure (exact, with a text of one
// decimal), with what is needed to blame it.
struct Value {
  std::string text;
  std::string what;  // "gdp.2024.gdp_yi_yuan" or "growth(...)"
  SourceLocation data_where;
  std::optional<double> exact;
  std::string row_key;                 // the row's first cell, e.g. "2024" (for cagr's years)
  const data::Table* table = nullptr;  // a data cell's table and row (for its basis)
  const data::Row* row = nullptr;
};

// The bases of change Chinese statistics uses, as the column `change_basis` writes them.
constexpr const char* known_bases[] = {"同比", "环比", "较年初", "比上年", "较上年末", "较上月"};

std::string at(const SourceLocation& where) {
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

double as_number(const Value& v, const SourceLocation& where) {
  if (v.exact) return *v.exact;
  std::string why;
  const auto d = data::parse_number(v.text, &why);
  if (!d)
    throw UserError(ExitCode::data_error, {core::Diagnostic{core::Severity::error, v.data_where,
                                                            "value '" + v.text + "' of " + v.what +
                                                                " is not a number: " + why,
                                                            "used at " + at(where)}});
  return *d;
}

int decimals_arg(const Formatter& f, std::size_t max_args, int fallback,
                 const SourceLocation& where) {
  if (f.args.size() > max_args)
    throw UserError(ExitCode::invalid_spec, where,
                    "formatter '" + f.name + "' takes at most " + std::to_string(max_args) +
                        " argument" + (max_args == 1 ? "" : "s"));
  if (f.args.empty()) return fallback;
  int v = 0;
  const std::string& a = f.args[0];
  const auto [p, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
  if (ec != std::errc() || p != a.data() + a.size() || v < 0 || v > 6)
    throw UserError(ExitCode::invalid_spec, where,
                    "formatter argument '" + a + "' must be a whole number from 0 to 6");
  return v;
}

// Without an argument a formatter keeps the figure as published (its digits, not a rounding
// of ours); with one it rounds to that many decimals.
std::string number_text(const Formatter& f, const Value& v, const SourceLocation& where,
                        double scale = 1.0, int fallback_decimals = -1) {
  const double d = as_number(v, where) * scale;
  const int decimals = decimals_arg(f, 1, fallback_decimals, where);
  if (decimals >= 0 || scale != 1.0) return format_fixed(d, decimals >= 0 ? decimals : 1);
  std::string s = v.text;
  if (!s.empty() && s[0] == '+') s.erase(0, 1);
  return s;
}

// The magnitude of a change as text, and whether it rounds to zero.
std::pair<std::string, bool> magnitude(const Formatter& f, const Value& v,
                                       const SourceLocation& where) {
  std::string mag = number_text(f, v, where);
  if (!mag.empty() && mag[0] == '-') mag.erase(0, 1);
  return {mag, mag.find_first_not_of("0.") == std::string::npos};
}

std::string with_thousands(const std::string& number) {
  const auto start = number.find_first_of("0123456789");
  const auto point = number.find('.');
  const auto int_end = point == std::string::npos ? number.size() : point;
  std::string out = number.substr(0, int_end);
  for (auto k = static_cast<long>(int_end) - 3; k > static_cast<long>(start); k -= 3)
    out.insert(static_cast<std::size_t>(k), ",");
  return out + number.substr(int_end);
}

constexpr const char* formatter_list =
    "fixed(n), yi(n), wanyi(n), percent(n), change(n), basis_change(n), points(n), thousands(n), "
    "period, year, "
    "word(if above zero, if below zero, if zero)";

std::string apply(const Formatter& f, const Value& v, const SourceLocation& where) {
  if (f.name == "fixed") return number_text(f, v, where, 1.0, 1);
  if (f.name == "yi") return number_text(f, v, where) + "亿元";
  if (f.name == "wanyi") return number_text(f, v, where, 1e-4, 2) + "万亿元";
  if (f.name == "percent") return number_text(f, v, where) + "%";
  if (f.name == "thousands") return with_thousands(number_text(f, v, where));
  if (f.name == "change") {  // a rate of change: 增长5.0% / 下降2.1% / 持平
    const auto [mag, zero] = magnitude(f, v, where);
    if (zero) return "持平";
    return (as_number(v, where) > 0 ? "增长" : "下降") + mag + "%";
  }
  if (f.name == "basis_change") {  // 同比增长5.0% / 较年初增长27.19%, from the row's basis
    const data::Table* t = v.table;
    const auto basis_col = t ? t->column_index("change_basis") : std::nullopt;
    if (!basis_col)
      throw UserError(ExitCode::invalid_spec, where,
                      "basis_change needs a data cell whose table has a 'change_basis' column",
                      "or write the basis yourself: 同比{{ x | change }}");
    const std::string& basis = v.row->cells[*basis_col];
    if (std::find(std::begin(known_bases), std::end(known_bases), basis) == std::end(known_bases))
      throw UserError(ExitCode::data_error,
                      {core::Diagnostic{core::Severity::error, v.data_where,
                                        "the change_basis of " + v.what + " is '" + basis +
                                            "', not a basis of change",
                                        "bases: 同比, 环比, 较年初, 比上年, 较上年末, 较上月"}});
    Formatter change = f;
    change.name = "change";
    return basis + apply(change, v, where);
  }
  if (f.name == "points") {  // a difference of two rates: 提高1.2个百分点 / 回落0.3个百分点
    const auto [mag, zero] = magnitude(f, v, where);
    if (zero) return "持平";
    return (as_number(v, where) > 0 ? "提高" : "回落") + mag + "个百分点";
  }
  if (f.name == "word") {  // wording that depends on the data's sign
    if (f.args.size() < 2 || f.args.size() > 3)
      throw UserError(
          ExitCode::invalid_spec, where,
          "word takes two or three words: word(加快, 放缓) or word(高于, 低于, 持平于)");
    const double d = as_number(v, where);
    if (d == 0 && f.args.size() < 3)
      throw UserError(
          ExitCode::data_error,
          {core::Diagnostic{core::Severity::error, where,
                            v.what + " is 0 and word(...) has no word for zero",
                            "add a third word: word(" + f.args[0] + ", " + f.args[1] + ", 持平)"}});
    return d > 0 ? f.args[0] : d < 0 ? f.args[1] : f.args[2];
  }
  if (f.name == "period" || f.name == "year") {
    decimals_arg(f, 0, 0, where);
    const auto p = data::parse_period(v.text);
    if (!p)
      throw UserError(
          ExitCode::data_error,
          {core::Diagnostic{core::Severity::error, v.data_where,
                            "'" + v.text + "' of " + v.what + " is not a period",
                            "periods are written 2024, 2025Q1-3, 2025M1-9 or 2025M09E"}});
    return f.name == "year" ? std::to_string(p->year) + "年" : p->label_zh();
  }
  throw UserError(ExitCode::invalid_spec, where, "unknown formatter '" + f.name + "'",
                  std::string("formatters: ") + formatter_list);
}

// The data a placeholder sees, and the entity `this` stands for (one report per row).
struct Scope {
  const data::IndicatorSet& data;
  std::string_view this_key;
};

// table.row.column -> the cell, or an error naming what exists. The row `this` is the current
// report's entity.
Value lookup(const std::string& ref, const SourceLocation& where, const Scope& scope) {
  const data::IndicatorSet& data = scope.data;
  const std::vector<std::string> path = split(ref, '.');
  if (path.size() != 3 || path[0].empty() || path[1].empty() || path[2].empty())
    throw UserError(ExitCode::invalid_spec, where, "'" + ref + "' is not table.row.column",
                    "for example {{ gdp.last.gdp_yi_yuan }} or {{ gdp.2024.yoy_pct | change }}");
  const data::Table* table = data.find(path[0]);
  if (!table && data.is_unavailable(path[0]))  // its loading failed and was reported
    throw UserError(ExitCode::data_error, std::vector<core::Diagnostic>{});
  if (!table) {
    std::vector<std::string> names;
    for (const auto& t : data.tables) names.push_back(t.name);
    throw UserError(
        ExitCode::invalid_spec, where, "unknown data '" + path[0] + "'",
        names.empty() ? "the spec has no 'data' section" : "data names: " + list_names(names));
  }
  const data::Row* row = nullptr;
  if (path[1] == "this") {
    if (scope.this_key.empty())
      throw UserError(ExitCode::invalid_spec, where,
                      "'this' names the report's own row, and this spec has no 'each'",
                      "each: {data: districts} renders one report per row of districts");
    row = table->find_row(scope.this_key);
    if (!row)
      throw UserError(ExitCode::data_error, where,
                      "'" + table->name + "' has no row for this report's '" +
                          std::string(scope.this_key) + "'",
                      "its first column '" + table->columns[0] + "' names the rows");
  } else if (path[1] == "first" || path[1] == "last") {
    if (table->rows.empty())
      throw UserError(ExitCode::data_error, SourceLocation{table->file, 1, 0},
                      "'" + table->name + "' has no rows");
    row = path[1] == "first" ? &table->rows.front() : &table->rows.back();
  } else {
    row = table->find_row(path[1]);
    if (!row) {
      std::vector<std::string> keys;
      for (const auto& r : table->rows) keys.push_back(r.cells[0]);
      throw UserError(ExitCode::invalid_spec, where,
                      "no row '" + path[1] + "' in '" + table->name + "' (its first column '" +
                          table->columns[0] + "' has " + list_names(keys) + ")");
    }
  }
  const auto col = table->column_index(path[2]);
  if (!col)
    throw UserError(ExitCode::invalid_spec, where,
                    "no column '" + path[2] + "' in '" + table->name + "'",
                    "columns: " + list_names(table->columns, 20));
  Value v{row->cells[*col],
          table->name + "." + row->cells[0] + "." + path[2],
          table->location(*row),
          std::nullopt,
          row->cells[0],
          table,
          row};
  if (v.text.empty())
    throw UserError(ExitCode::data_error, where,
                    "the value of " + v.what + " is missing (empty cell at " + table->file + ":" +
                        std::to_string(row->line) + ")",
                    "prose never prints a missing figure; fill in the data or reword the text");
  return v;
}

// The rank of `v` (1 = largest) among the values of its column, every row counted.
int rank_of(const std::string& ref, const Value& v, const SourceLocation& where,
            const Scope& scope) {
  const data::IndicatorSet& data = scope.data;
  const std::vector<std::string> path = split(ref, '.');
  const data::Table* table = data.find(path[0]);
  const auto col = table->column_index(path[2]);
  const double mine = as_number(v, where);
  int rank = 1;
  for (const data::Row& r : table->rows) {
    const std::string& cell = r.cells[*col];
    if (cell.empty())
      throw UserError(ExitCode::data_error, table->location(r),
                      "rank(" + ref + ") needs every row's " + path[2] + "; this row has none",
                      "used at " + at(where));
    rank += as_number(Value{cell, table->name + "." + r.cells[0] + "." + path[2],
                            table->location(r), std::nullopt, r.cells[0], table, &r},
                      where) > mine;
  }
  return rank;
}

constexpr const char* function_list =
    "growth(now, before), share(part, total), diff(a, b), ratio(a, b), "
    "cagr(first, last[, years]), rank(x)";

// name(arg, ...) -> a derived figure from data cells (and, for cagr, a number of years).
Value call(const std::string& expr, const SourceLocation& where, const Scope& data) {
  const auto open = expr.find('(');
  const std::string name = trim(expr.substr(0, open));
  if (expr.back() != ')')
    throw UserError(ExitCode::invalid_spec, where, "'" + expr + "' is missing ')'");
  const auto args = split(std::string_view(expr).substr(open + 1, expr.size() - open - 2), ',');
  auto need = [&](std::size_t lo, std::size_t hi) {
    if (args.size() < lo || args.size() > hi)
      throw UserError(ExitCode::invalid_spec, where,
                      name + " takes " + std::to_string(lo) +
                          (lo == hi ? "" : " or " + std::to_string(hi)) + " arguments",
                      std::string("functions: ") + function_list);
  };
  auto derived = [&](double d, int decimals = 1) {
    if (!std::isfinite(d) || std::fabs(d) >= 1e15)
      throw UserError(ExitCode::data_error, where, name + "(...) has no finite value here");
    return Value{format_fixed(d, decimals), expr, where, d, {}, nullptr, nullptr};
  };
  auto divisor = [&](const Value& v) {
    const double d = as_number(v, where);
    if (d == 0)
      throw UserError(ExitCode::data_error,
                      {core::Diagnostic{core::Severity::error, v.data_where,
                                        v.what + " is 0, and " + name + "(...) divides by it",
                                        "used at " + at(where)}});
    return d;
  };
  if (name == "growth" || name == "share" || name == "ratio" || name == "diff") {
    need(2, 2);
    const Value a = lookup(args[0], where, data), b = lookup(args[1], where, data);
    if (name == "diff") return derived(as_number(a, where) - as_number(b, where));
    const double q = as_number(a, where) / divisor(b);
    if (name == "ratio") return derived(q, 2);
    return derived(name == "growth" ? (q - 1) * 100 : q * 100);
  }
  if (name == "cagr") {
    need(2, 3);
    const Value a = lookup(args[0], where, data), b = lookup(args[1], where, data);
    double years = 0;
    if (args.size() == 3) {
      const auto y = data::parse_number(args[2]);
      if (!y || *y <= 0)
        throw UserError(ExitCode::invalid_spec, where, "cagr's years must be a number above 0");
      years = *y;
    } else {
      const auto pa = data::parse_period(a.row_key), pb = data::parse_period(b.row_key);
      if (!pa || !pb || pa->partial() || pb->partial() || pb->year <= pa->year)
        throw UserError(
            ExitCode::invalid_spec, where,
            "cagr cannot tell the years between rows '" + a.row_key + "' and '" + b.row_key + "'",
            "give them: cagr(first, last, 6), or use rows keyed by full years");
      years = pb->year - pa->year;
    }
    const double ratio = as_number(b, where) / divisor(a);
    if (ratio <= 0)
      throw UserError(ExitCode::data_error, where, "cagr needs two values of the same sign");
    return derived((std::pow(ratio, 1.0 / years) - 1) * 100);
  }
  if (name == "rank") {
    need(1, 1);
    const Value v = lookup(args[0], where, data);
    return derived(rank_of(args[0], v, where, data), 0);
  }
  throw UserError(ExitCode::invalid_spec, where, "unknown function '" + name + "'",
                  std::string("functions: ") + function_list);
}

}  // namespace

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

std::string evaluate_placeholder(const std::string& expression, const SourceLocation& where,
                                 const data::IndicatorSet& indicators, SourceLocation* value_where,
                                 std::string_view this_key) {
  const Scope data{indicators, this_key};
  // The value may be a call with commas and bars in it: split at bars outside parentheses.
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
  Value v = stages[0].find('(') != std::string::npos ? call(stages[0], where, data)
                                                     : lookup(stages[0], where, data);
  if (value_where) *value_where = v.data_where;
  std::string out = v.text;
  for (std::size_t i = 1; i < stages.size(); ++i) {
    if (stages[i].empty())
      throw UserError(ExitCode::invalid_spec, where, "empty formatter after '|'");
    out = apply(parse_formatter(stages[i], where), v, where);
    v.text = out;
    v.exact.reset();
  }
  return out;
}

}  // namespace jb::model
