#include "model/expression.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

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

struct Formatter {
  std::string name;
  std::vector<int> args;
};

Formatter parse_formatter(const std::string& text, const SourceLocation& where) {
  Formatter f;
  const auto open = text.find('(');
  f.name = trim(text.substr(0, open));
  if (open == std::string::npos) return f;
  if (text.back() != ')')
    throw UserError(ExitCode::invalid_spec, where, "formatter '" + text + "' is missing ')'");
  for (const std::string& a :
       split(std::string_view(text).substr(open + 1, text.size() - open - 2), ',')) {
    int v = 0;
    const auto [p, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
    if (ec != std::errc() || p != a.data() + a.size() || v < 0 || v > 6)
      throw UserError(ExitCode::invalid_spec, where,
                      "formatter argument '" + a + "' must be a whole number from 0 to 6");
    f.args.push_back(v);
  }
  return f;
}

// A data value with what is needed to blame it.
struct Value {
  std::string text;
  std::string what;  // "gdp.2024.gdp_yi_yuan"
  SourceLocation data_where;
};

double as_number(const Value& v, const SourceLocation& where) {
  double d = 0;
  const std::string& s = v.text;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(d))
    throw UserError(ExitCode::data_error,
                    {core::Diagnostic{core::Severity::error, v.data_where,
                                      "value '" + s + "' of " + v.what + " is not a number",
                                      "used at " + where.file + ":" + std::to_string(where.line) +
                                          ":" + std::to_string(where.column)}});
  return d;
}

int arg_or(const Formatter& f, std::size_t max_args, int fallback, const SourceLocation& where) {
  if (f.args.size() > max_args)
    throw UserError(
        ExitCode::invalid_spec, where,
        "formatter '" + f.name + "' takes at most " + std::to_string(max_args) + " argument");
  return f.args.empty() ? fallback : f.args[0];
}

// Without an argument a formatter keeps the figure as published (its digits, not a rounding
// of ours); with one it rounds to that many decimals.
std::string number_text(const Formatter& f, const Value& v, const SourceLocation& where,
                        double scale = 1.0, int fallback_decimals = -1) {
  const double d = as_number(v, where) * scale;
  const int decimals = arg_or(f, 1, fallback_decimals, where);
  if (decimals >= 0) return format_fixed(d, decimals);
  std::string s = v.text;
  if (!s.empty() && s[0] == '+') s.erase(0, 1);
  return s;
}

std::string apply(const Formatter& f, const Value& v, const SourceLocation& where) {
  if (f.name == "fixed") return number_text(f, v, where, 1.0, 1);
  if (f.name == "yi") return number_text(f, v, where) + "亿元";
  if (f.name == "wanyi") return number_text(f, v, where, 1e-4, 2) + "万亿元";
  if (f.name == "percent") return number_text(f, v, where) + "%";
  if (f.name == "change") {
    const double d = as_number(v, where);
    std::string mag = number_text(f, v, where);
    if (!mag.empty() && mag[0] == '-') mag.erase(0, 1);
    if (mag.find_first_not_of("0.") == std::string::npos) return "持平";
    return (d > 0 ? "增长" : "下降") + mag + "%";
  }
  if (f.name == "period") {
    arg_or(f, 0, 0, where);
    const auto p = data::parse_period(v.text);
    if (!p)
      throw UserError(ExitCode::data_error,
                      {core::Diagnostic{core::Severity::error, v.data_where,
                                        "'" + v.text + "' of " + v.what + " is not a period",
                                        "periods are written 2024, 2025Q1 or 2025Q1-3"}});
    return p->label_zh();
  }
  throw UserError(ExitCode::invalid_spec, where, "unknown formatter '" + f.name + "'",
                  "formatters: fixed(n), yi(n), wanyi(n), percent(n), change(n), period");
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
                                 const data::IndicatorSet& data, SourceLocation* value_where) {
  const std::vector<std::string> stages = split(expression, '|');
  const std::vector<std::string> path = split(stages[0], '.');
  if (path.size() != 3 || path[0].empty() || path[1].empty() || path[2].empty())
    throw UserError(ExitCode::invalid_spec, where,
                    "placeholder '" + expression + "' is not table.row.column",
                    "for example {{ gdp.last.gdp_yi_yuan }} or {{ gdp.2024.yoy_pct | change }}");
  const data::Table* table = data.find(path[0]);
  if (!table) {
    std::vector<std::string> names;
    for (const auto& t : data.tables) names.push_back(t.name);
    throw UserError(
        ExitCode::invalid_spec, where, "unknown data '" + path[0] + "'",
        names.empty() ? "the spec has no 'data' section" : "data names: " + list_names(names));
  }
  const data::Row* row = nullptr;
  if (path[1] == "first" || path[1] == "last") {
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
  Value v{row->cells[*col], table->name + "." + row->cells[0] + "." + path[2],
          table->location(*row)};
  if (v.text.empty())
    throw UserError(ExitCode::data_error, where,
                    "the value of " + v.what + " is missing (empty cell at " + table->file + ":" +
                        std::to_string(row->line) + ")",
                    "prose never prints a missing figure; fill in the data or reword the text");
  if (value_where) *value_where = v.data_where;
  std::string out = v.text;
  for (std::size_t i = 1; i < stages.size(); ++i) {
    if (stages[i].empty())
      throw UserError(ExitCode::invalid_spec, where, "empty formatter after '|'");
    out = apply(parse_formatter(stages[i], where), v, where);
    v.text = out;
  }
  return out;
}

}  // namespace jb::model
