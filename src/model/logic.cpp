#include "model/logic.hpp"

#include <algorithm>
#include <charconv>

#include "core/utf8.hpp"
#include "data/number.hpp"

namespace jb::model {

using core::Decimal;
using core::ExitCode;
using core::SourceLocation;
using detail::Context;
using detail::fail;
using detail::Problems;
using detail::trim;
using detail::Value;

namespace {

// What a part of a condition is: true or false, a figure or a text; or nothing, its problem
// written.
struct Term {
  enum class Kind { failed, truth, figure, text } kind = Kind::failed;
  bool truth = false;
  Decimal figure;
  std::string text;     // a text's value
  std::string written;  // the part as the condition writes it
  SourceLocation where;
};

Term truth_term(bool truth, const Term& from) {
  Term t;
  t.kind = Term::Kind::truth;
  t.truth = truth;
  t.written = from.written;
  t.where = from.where;
  return t;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A condition, parsed and evaluated in one pass: or < and < not < comparison < operand.
class Condition {
 public:
  Condition(std::string_view text, SourceLocation where, bool locate, const Context& context)
      : text_(text), where_(std::move(where)), locate_(locate), context_(context) {}

  std::optional<bool> evaluate(Problems& problems) {
    Problems found;
    Term t = any(found);
    skip_blanks();
    if (!broken_ && pos_ < text_.size())
      syntax_error(
          found, pos_,
          core::say("the condition goes on after a whole condition: '{}'",
                    core::excerpt(text_.substr(pos_))),
          core::say(
              "join conditions with and, or; compare two figures at a time (a > b and b > c)"));
    if (!broken_) truth_or_error(t, found);
    problems.add(found);
    if (found.has_errors() || t.kind != Term::Kind::truth) return std::nullopt;
    return t.truth;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  SourceLocation where_;
  bool locate_;
  const Context& context_;
  bool broken_ = false;  // a syntax error was reported: nothing more is read
  int depth_ = 0;        // of parentheses and not

  SourceLocation at(std::size_t offset) const {
    SourceLocation w = where_;
    if (locate_) w.column += static_cast<int>(core::count_code_points(text_.substr(0, offset)));
    return w;
  }

  void skip_blanks() {
    while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
  }

  // Whether `word` stands at `offset`, followed by a blank, '(' or the end.
  bool word_at(std::size_t offset, std::string_view word) const {
    if (text_.substr(offset, word.size()) != word) return false;
    const std::size_t end = offset + word.size();
    return end == text_.size() || is_blank(text_[end]) || text_[end] == '(';
  }

  bool keyword(std::string_view word) {
    skip_blanks();
    if (!word_at(pos_, word)) return false;
    pos_ += word.size();
    return true;
  }

  Term syntax_error(Problems& problems, std::size_t offset, const core::Text& message,
                    const core::Text& hint = {}) {
    if (!broken_) problems.error(ExitCode::invalid_spec, at(offset), message, hint);
    broken_ = true;
    return Term{};
  }

  // A figure or a text where a condition must be is an error.
  bool truth_or_error(Term& t, Problems& problems) {
    if (t.kind == Term::Kind::truth) return true;
    if (t.kind == Term::Kind::failed) return false;
    problems.error(
        ExitCode::invalid_spec, t.where,
        t.kind == Term::Kind::figure
            ? core::say("'{}' is a figure, not a condition: compare it", core::excerpt(t.written))
            : core::say("'{}' is a text, not a condition: compare it", core::excerpt(t.written)),
        core::say("for example {} > 0, or exists({})", t.written, t.written));
    t.kind = Term::Kind::failed;
    return false;
  }

  // `left and right` (`decides` false), `left or right` (true): the right side is evaluated
  // too, so that its names are checked; when the left decides, its missing data is no problem.
  Term join(Term left, Term right, const Problems& right_found, bool decides, Problems& problems) {
    const bool left_ok = truth_or_error(left, problems);
    const bool right_ok = truth_or_error(right, problems);
    const bool settled = left_ok && left.truth == decides;
    for (const core::Diagnostic& d : right_found.all())
      if (!settled || !decided_by_data(d)) problems.add(d);
    if (!settled && right_found.has_errors() && right_found.error_count() == 0)
      problems.reported_before(ExitCode::data_error);
    if (settled) return left;
    if (!left_ok || !right_ok) return Term{};
    return right;
  }

  Term any(Problems& problems) {
    Term left = all(problems);
    while (!broken_ && keyword("or")) {
      Problems found;
      Term right = all(found);
      left = join(std::move(left), std::move(right), found, true, problems);
    }
    return left;
  }

  Term all(Problems& problems) {
    Term left = negation(problems);
    while (!broken_ && keyword("and")) {
      Problems found;
      Term right = negation(found);
      left = join(std::move(left), std::move(right), found, false, problems);
    }
    return left;
  }

  Term negation(Problems& problems) {
    skip_blanks();
    const std::size_t start = pos_;
    if (!keyword("not")) return comparison(problems);
    if (++depth_ > 32)
      return syntax_error(problems, start, core::say("the condition is nested too deeply"));
    Term t = negation(problems);
    --depth_;
    if (broken_ || !truth_or_error(t, problems)) return Term{};
    Term out = truth_term(!t.truth, t);
    out.where = at(start);
    return out;
  }

  std::optional<std::string> comparison_operator(Problems& problems) {
    skip_blanks();
    for (const char* op : {"<=", ">=", "==", "!=", "<", ">"})
      if (text_.substr(pos_, std::string_view(op).size()) == op) {
        pos_ += std::string_view(op).size();
        return op;
      }
    if (pos_ < text_.size() && (text_[pos_] == '=' || text_[pos_] == '!'))
      syntax_error(problems, pos_, core::say("'{}' compares nothing", std::string(1, text_[pos_])),
                   core::say("the comparisons are < <= > >= == !="));
    return std::nullopt;
  }

  Term comparison(Problems& problems) {
    skip_blanks();
    const std::size_t start = pos_;
    Term left = operand(problems);
    if (broken_) return left;
    skip_blanks();
    const std::size_t op_at = pos_;
    const auto op = comparison_operator(problems);
    if (!op) return left;
    Term right = operand(problems);
    if (broken_) return right;
    Term out = compare(left, *op, right, at(op_at), problems);
    out.written = trim(text_.substr(start, pos_ - start));  // what a message quotes of it
    out.where = at(start);
    return out;
  }

  Term compare(const Term& a, const std::string& op, const Term& b, const SourceLocation& where,
               Problems& problems) {
    using Kind = Term::Kind;
    if (a.kind == Kind::failed || b.kind == Kind::failed) return Term{};
    const Term& truth = a.kind == Kind::truth ? a : b;
    if (truth.kind == Kind::truth) {
      problems.error(
          ExitCode::invalid_spec, truth.where,
          core::say("'{}' is a condition, not a figure to compare", core::excerpt(truth.written)),
          core::say("join conditions with and, or"));
      return Term{};
    }
    if (a.kind != b.kind) {
      const Term& text = a.kind == Kind::text ? a : b;
      const Term& figure = a.kind == Kind::text ? b : a;
      problems.error(ExitCode::invalid_spec, where,
                     core::say("'{}' compares a text with a figure: {} is '{}', {} a figure", op,
                               text.written, core::excerpt(text.text), figure.written),
                     core::say("compare a figure with a figure, a text with a text ('海曙区')"));
      return Term{};
    }
    Term out = truth_term(false, a);
    if (a.kind == Kind::text) {
      if (op != "==" && op != "!=") {
        problems.error(
            ExitCode::invalid_spec, where,
            core::say("texts are compared only with == and !=, not '{}'", op),
            core::say("'{}' and '{}' are texts", core::excerpt(a.text), core::excerpt(b.text)));
        return Term{};
      }
      out.truth = (a.text == b.text) == (op == "==");
      return out;
    }
    const auto order = a.figure <=> b.figure;  // exact: rationals, never binary fractions
    out.truth = op == "<"    ? order < 0
                : op == "<=" ? order <= 0
                : op == ">"  ? order > 0
                : op == ">=" ? order >= 0
                : op == "==" ? order == 0
                             : order != 0;
    return out;
  }

  // How far an operand runs: to an operator, a closing parenthesis or an and/or outside the
  // parentheses (and quotes) it holds.
  std::size_t operand_end(std::size_t from) const {
    int depth = 0;
    char quote = 0;
    for (std::size_t i = from; i < text_.size(); ++i) {
      const char c = text_[i];
      if (quote) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        if (depth-- == 0) return i;
      } else if (depth == 0 && (c == '<' || c == '>' || c == '=' || c == '!')) {
        return i;
      } else if (depth == 0 && is_blank(c)) {
        std::size_t j = i;
        while (j < text_.size() && is_blank(text_[j])) ++j;
        if (word_at(j, "and") || word_at(j, "or")) return i;
      }
    }
    return text_.size();
  }

  Term operand(Problems& problems) {
    skip_blanks();
    const std::size_t start = pos_;
    if (pos_ >= text_.size())
      return syntax_error(
          problems, start, core::say("the condition ends where a figure or a test should be"),
          core::say("for example exists(gdp.2025.gdp) and gdp.2025.gdp > gdp.2024.gdp"));
    const char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      if (++depth_ > 32)
        return syntax_error(problems, start, core::say("the condition is nested too deeply"));
      Term t = any(problems);
      --depth_;
      skip_blanks();
      if (broken_) return t;
      if (pos_ >= text_.size() || text_[pos_] != ')')
        return syntax_error(problems, start, core::say("this '(' is not closed"));
      ++pos_;
      return t;
    }
    if (c == '\'' || c == '"') return quoted(problems);
    const std::size_t end = operand_end(pos_);
    Term t;
    t.written = trim(text_.substr(pos_, end - pos_));
    t.where = at(start);
    pos_ = end;
    if (t.written.empty())
      return syntax_error(
          problems, start,
          core::say("a figure or a test is missing before '{}'",
                    core::excerpt(text_.substr(start))),
          core::say("the comparisons are < <= > >= == !=; conditions join with and, or, not"));
    return value(std::move(t), problems);
  }

  Term quoted(Problems& problems) {
    const std::size_t start = pos_;
    const auto close = text_.find(text_[start], start + 1);
    if (close == std::string_view::npos)
      return syntax_error(problems, start, core::say("the text opened here is not closed"));
    Term t;
    t.kind = Term::Kind::text;
    t.text = std::string(text_.substr(start + 1, close - start - 1));
    t.written = std::string(text_.substr(start, close - start + 1));
    t.where = at(start);
    pos_ = close + 1;
    return t;
  }

  // exists(ref), or a value: a reference, a figure written in the spec, a function's result.
  Term value(Term t, Problems& problems) {
    const std::string& w = t.written;
    if (w.rfind("exists", 0) == 0 && trim(w.substr(0, w.find('('))) == "exists") {
      if (w.find('(') == std::string::npos || w.back() != ')')
        return syntax_error(problems, pos_,
                            core::say("exists takes one cell: exists(table.row.column)"));
      const std::size_t open = w.find('(');
      const auto there = detail::cell_exists(trim(w.substr(open + 1, w.size() - open - 2)), t.where,
                                             context_, problems);
      return there ? truth_term(*there, t) : Term{};
    }
    const auto v = detail::value_of(w, t.where, context_, problems);
    if (!v) return Term{};
    if (v->derived() || data::parse_number(v->text)) {
      const auto n = detail::number(*v, t.where, problems);
      if (!n) return Term{};
      t.kind = Term::Kind::figure;
      t.figure = *n;
    } else {
      t.kind = Term::Kind::text;
      t.text = v->text;
    }
    return t;
  }
};

// ---- loops over rows ------------------------------------------------------------------------

// What a loop keeps of a table's rows.
struct Loop {
  const data::Table* table = nullptr;
  std::string where;  // a condition, or empty
  SourceLocation where_at;
  bool locate = false;  // where_at is the condition's own first character
  std::string sort;     // an expression, or empty
  SourceLocation sort_at;
  bool descending = true;
  std::size_t top = 0;  // 0: all
};

// A column's bare name as a sort key is the current row's cell.
std::string sort_expression(const std::string& sort) {
  return sort.find_first_of(".(") == std::string::npos ? "row." + sort : sort;
}

// The figure each row sorts by; a text is an error.
std::optional<std::vector<Decimal>> sort_keys(const Loop& loop,
                                              const std::vector<const data::Row*>& rows,
                                              const Context& context, Problems& problems) {
  std::vector<Decimal> keys;
  const std::string expression = sort_expression(loop.sort);
  for (const data::Row* r : rows) {
    const RowBinding row{loop.table, r};
    const Context here{context.data, context.this_key, &row, context.params};
    const auto v = detail::value_of(expression, loop.sort_at, here, problems);
    if (!v) return std::nullopt;
    if (!v->derived() && !data::parse_number(v->text))
      return fail(problems, ExitCode::invalid_spec, loop.sort_at,
                  core::say("sort: {} is no figure: for '{}' it is '{}'", loop.sort, r->cells[0],
                            core::excerpt(v->text)),
                  core::say("a loop sorts by a column of figures, such as gdp_growth_pct"));
    const auto n = detail::number(*v, loop.sort_at, problems);
    if (!n) return std::nullopt;
    keys.push_back(*n);
  }
  return keys;
}

// The rows of a loop: every row but totals and 其中 rows (as sum, mean and rank count them),
// those `where` keeps, sorted stably (ties keep the data's order), the first `top`.
std::optional<std::vector<const data::Row*>> select(const Loop& loop, const Context& context,
                                                    Problems& problems) {
  const data::Table& table = *loop.table;
  std::vector<const data::Row*> rows;
  for (const data::Row& r : table.rows) {
    if (is_total_key(r.cells[0]) || r.level != 0) continue;
    if (!loop.where.empty()) {
      const RowBinding row{&table, &r};
      const auto keep = evaluate_condition(loop.where, loop.where_at, context.data, problems,
                                           context.this_key, &row, loop.locate, context.params);
      if (!keep) return std::nullopt;  // its problem would be the same on every row
      if (!*keep) continue;
    }
    rows.push_back(&r);
  }
  if (!loop.sort.empty() && !rows.empty()) {
    const auto keys = sort_keys(loop, rows, context, problems);
    if (!keys) return std::nullopt;
    std::vector<std::size_t> order(rows.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return loop.descending ? (*keys)[a] > (*keys)[b] : (*keys)[a] < (*keys)[b];
    });
    std::vector<const data::Row*> sorted;
    for (const std::size_t k : order) sorted.push_back(rows[k]);
    rows = std::move(sorted);
  }
  if (loop.top && rows.size() > loop.top) rows.resize(loop.top);
  return rows;
}

// 甲; 甲和乙; 甲、乙和丙: names as a Chinese sentence lists them.
std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t k = 0; k < names.size(); ++k)
    s += (k == 0 ? "" : k + 1 == names.size() ? "和" : "、") + names[k];
  return s;
}

// The arguments of a loop function, split at the commas outside parentheses and quotes.
std::vector<std::string> arguments(std::string_view inside) {
  std::vector<std::string> parts;
  int depth = 0;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= inside.size(); ++i) {
    const char c = i < inside.size() ? inside[i] : ',';
    if (quote) {
      quote = c == quote ? 0 : quote;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == ')') {
      depth += c == '(' ? 1 : -1;
    } else if (c == ',' && depth == 0) {
      parts.push_back(trim(inside.substr(start, i - start)));
      start = i + 1;
    }
  }
  return parts;
}

// `key: value` of a loop function's option, or nothing when the argument is none.
std::optional<std::pair<std::string, std::string>> option_of(const std::string& argument) {
  for (const char* key : {"where", "sort", "order", "top", "among"}) {
    const std::string k = key;
    if (argument.rfind(k, 0) == 0 && trim(argument.substr(k.size())).rfind(':', 0) == 0) {
      const std::string rest = trim(argument.substr(k.size()));
      return std::pair{k, trim(rest.substr(1))};
    }
  }
  return std::nullopt;
}

// One option of names(...) or count(...) into the loop; false with the problem written.
bool read_option(const std::string& name, const std::string& key, const std::string& value,
                 Loop& loop, const SourceLocation& where, Problems& problems) {
  auto refuse = [&](const core::Text& message) {
    problems.error(ExitCode::invalid_spec, where, message);
    return false;
  };
  if (name == "count" && key != "where")
    return refuse(core::say("count(...) takes where:, not {}:", key));
  if (key == "among")
    return refuse(core::say("{}(...) chooses its rows with where:, not among:", name));
  if (value.empty()) return refuse(core::say("{}: is empty in {}(...)", key, name));
  if (key == "where") loop.where = value;
  if (key == "sort") loop.sort = value;
  if (key == "order") {
    if (value != "descending" && value != "ascending")
      return refuse(core::say("order: is descending or ascending, not '{}'", core::excerpt(value)));
    loop.descending = value == "descending";
  }
  if (key == "top") {
    unsigned long n = 0;
    const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || p != value.data() + value.size() || n < 1 || n > 100000)
      return refuse(
          core::say("top: is a whole number from 1 to 100000, not '{}'", core::excerpt(value)));
    loop.top = n;
  }
  return true;
}

// The loop a names(...) or count(...) call describes, after its first argument.
std::optional<Loop> loop_of(const std::string& name, const std::vector<std::string>& args,
                            const SourceLocation& where, Problems& problems) {
  Loop loop;
  loop.where_at = loop.sort_at = where;
  std::vector<std::string> seen;
  bool ordered = false;
  for (std::size_t k = 1; k < args.size(); ++k) {
    const auto option = option_of(args[k]);
    if (!option)
      return fail(
          problems, ExitCode::invalid_spec, where,
          core::say("{}(...) takes one column, then options: '{}' is neither", name,
                    core::excerpt(args[k])),
          core::say(
              "names(districts.*.district, where: ..., sort: ..., order: descending, top: 3)"));
    if (std::find(seen.begin(), seen.end(), option->first) != seen.end())
      return fail(problems, ExitCode::invalid_spec, where,
                  core::say("{}(...) has {}: twice", name, option->first));
    seen.push_back(option->first);
    ordered = ordered || option->first == "order";
    if (!read_option(name, option->first, option->second, loop, where, problems))
      return std::nullopt;
  }
  if (ordered && loop.sort.empty())
    return fail(problems, ExitCode::invalid_spec, where,
                core::say("order: orders by sort:, and {}(...) has none", name));
  return loop;
}

}  // namespace

bool decided_by_data(const core::Diagnostic& d) {
  // By the English format (the message itself may be in another language).
  const std::string_view english = d.id ? std::string_view(d.id) : std::string_view(d.message);
  return d.code == ExitCode::data_error || english.starts_with("no row '") ||
         english.find("' has no row for ") != std::string_view::npos;
}

std::optional<bool> evaluate_condition(const std::string& condition, const SourceLocation& where,
                                       const data::IndicatorSet& data,
                                       core::DiagnosticList& problems, std::string_view this_key,
                                       const RowBinding* row, bool locate, const Params* params) {
  const Context context{data, this_key, row, params};
  return Condition(condition, where, locate, context).evaluate(problems);
}

std::optional<std::vector<const data::Row*>> select_rows(const RowSelection& spec,
                                                         const data::IndicatorSet& data,
                                                         core::DiagnosticList& problems,
                                                         std::string_view this_key,
                                                         const Params* params) {
  const Context context{data, this_key, nullptr, params};
  Loop loop;
  loop.table = detail::table_named(spec.data, spec.data_where, context, problems);
  if (!loop.table) return std::nullopt;
  loop.where = spec.where;
  loop.where_at = spec.where_where;
  loop.locate = true;
  loop.sort = spec.sort;
  loop.sort_at = spec.sort_where;
  loop.descending = spec.descending;
  loop.top = static_cast<std::size_t>(spec.top);
  auto rows = select(loop, context, problems);
  if (rows && rows->empty())
    return fail(
        problems, ExitCode::data_error, spec.data_where,
        spec.where.empty()
            ? core::say("the list over '{}' has no row to print but totals", spec.data)
            : core::say("the list over '{}' has no row to print that where: {} keeps", spec.data,
                        core::excerpt(spec.where)),
        core::say(
            "a when: on the list leaves it out then: when: \"count({}.*.COLUMN, where: ...) > 0\"",
            spec.data));
  return rows;
}

namespace detail {

bool is_loop_call(const std::string& name, std::string_view inside) {
  if (name == "names") return true;
  if (name != "count") return false;
  const auto args = arguments(inside);
  return std::any_of(args.begin() + (args.empty() ? 0 : 1), args.end(), [](const auto& a) {
    const auto option = option_of(a);
    return option && option->first != "among";
  });
}

std::optional<Value> loop_call(const std::string& name, const std::string& expr,
                               std::string_view inside, const SourceLocation& where,
                               const Context& context, Problems& problems) {
  const auto args = arguments(inside);
  if (args.empty() || args[0].empty() || option_of(args[0]))
    return fail(
        problems, ExitCode::invalid_spec, where,
        name == "names"
            ? core::say("{}(...) starts with the column it names: table.*.column", name)
            : core::say("{}(...) starts with the column it counts: table.*.column", name),
        core::say(
            "for example names(districts.*.district, sort: districts.*.gdp_growth_pct, top: 3)"));
  const auto target = every_row_column(args[0], where, context, problems);
  if (!target) return std::nullopt;
  auto loop = loop_of(name, args, where, problems);
  if (!loop) return std::nullopt;
  loop->table = target->first;
  // The loop's own rows, not an outer loop's, are those `TABLE.*.COLUMN` names in where: and sort:.
  const Context outer{context.data, context.this_key, nullptr, context.params};
  const auto rows = select(*loop, outer, problems);
  if (!rows) return std::nullopt;
  Value v;
  v.what = expr;
  v.data_where = where;
  if (name == "count") {
    v.exact = Decimal(static_cast<long>(rows->size()));
    v.text = std::to_string(rows->size());
    return v;
  }
  if (rows->empty())
    return fail(problems, ExitCode::data_error, where,
                core::say("names(...) has no row to name: where: {} keeps none of '{}'",
                          core::excerpt(loop->where), loop->table->name),
                core::say("guard the text with when: \"count({}, where: ...) > 0\"", args[0]));
  std::vector<std::string> names;
  for (const data::Row* r : *rows) {
    const std::string_view cell = r->cells[target->second];
    if (cell.empty())
      return fail(problems, ExitCode::data_error, where,
                  core::say("the value of {}.{}.{} is missing (empty cell at {})",
                            loop->table->name, r->cells[0], loop->table->columns[target->second],
                            core::to_string(loop->table->location(*r))),
                  core::say("names(...) never prints a missing name"));
    names.emplace_back(cell);
    v.sources.push_back(loop->table->cell_location(*r, target->second));
  }
  v.text = joined(names);
  return v;
}

}  // namespace detail

}  // namespace jb::model
