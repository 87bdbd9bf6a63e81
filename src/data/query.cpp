#include "data/query.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/sha256.hpp"
#include "data/number.hpp"
#include "data/query_result.hpp"

namespace jb::data {

namespace query_detail {

ResultBuilder::ResultBuilder(std::string file, core::SourceLocation source_where)
    : source_where_(std::move(source_where)) {
  table_.file = std::move(file);
  table_.sheet = "query";
}

void ResultBuilder::begin_row() {
  first_ = table_.store->size();
  count_ = 0;
  level_ = 0;
}

void ResultBuilder::value(std::optional<std::string_view> text) {
  const std::string_view t = text.value_or("");
  bytes_ += t.size();
  if (bytes_ > max_result_bytes)
    throw core::UserError(
        core::ExitCode::data_error, source_where_,
        core::say("the query's result holds more than {} MiB of text", max_result_bytes >> 20),
        core::say("select only the rows and columns the briefing needs (WHERE, "
                  "GROUP BY)"));
  if (count_ == 0) level_ = indentation_level(t);
  table_.store->add(normalize_cell(t), static_cast<int>(count_) + 1);
  ++count_;
  // Each value with its length, so that no two results serialise alike; NULL is not ''.
  if (text) {
    serial_ += std::to_string(t.size());
    serial_ += ':';
    serial_ += t;
  } else {
    serial_ += '~';
  }
}

void ResultBuilder::end_row() {
  const int line = static_cast<int>(records_.rows.size()) + 1;
  records_.rows.push_back(Row{Cells(table_.store.get(), first_, count_), line, level_});
  serial_ += '\n';
}

core::SourceLocation ResultBuilder::next_cell() const {
  return table_.at(static_cast<int>(records_.rows.size()) + 1, static_cast<int>(count_) + 1);
}

void ResultBuilder::refuse(const core::Text& message, const core::Text& hint) {
  problems_.error(next_cell(), message, hint);
  value(std::string_view());
}

Table ResultBuilder::finish() {
  problems_.throw_if_errors(core::ExitCode::data_error);
  table_.digest = core::sha256_bytes(serial_);
  shape_table(std::move(records_), ShapeOptions{0, {}, true}, table_);
  return std::move(table_);
}

const std::string& bound_value(const spec::DataSourceSpec& source, std::string_view name) {
  for (const auto& [n, v] : source.query_params)
    if (n == name) return v;
  const std::string p(name);
  if (std::find(source.late_params.begin(), source.late_params.end(), name) !=
      source.late_params.end())
    throw core::UserError(core::ExitCode::invalid_spec, source.query_where,
                          core::say("the query binds :{}, whose value comes from the data (a "
                                    "latest: default), known only once the data is read",
                                    p),
                          core::say("give it on the command line: --set {}=…", p));
  std::vector<std::string> declared;
  for (const auto& [n, v] : source.query_params) declared.push_back(n);
  declared.insert(declared.end(), source.late_params.begin(), source.late_params.end());
  std::sort(declared.begin(), declared.end());
  std::string list;
  for (const std::string& d : declared) list += (list.empty() ? ":" : ", :") + d;
  throw core::UserError(core::ExitCode::invalid_spec, source.query_where,
                        core::say("the query binds :{}, which is not a parameter of the spec", p),
                        declared.empty() ? core::say("the spec declares no parameters (params:)")
                                         : core::say("the spec's parameters: {}", list));
}

core::UserError timed_out(const spec::DataSourceSpec& source) {
  return core::UserError(
      core::ExitCode::unavailable, source.query_where,
      core::say("the query did not finish within {0} s (timeout: {0})", source.timeout_seconds),
      core::say("make the query faster, or give it longer: timeout: in its data entry"));
}

namespace {

bool name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool digit(char c) { return c >= '0' && c <= '9'; }
bool name_char(char c) { return name_start(c) || digit(c); }

// The end of the string, quoted identifier or comment that starts at i, or i when none does.
// Block comments nest, as PostgreSQL reads them; E'…' strings take backslash escapes.
std::size_t skip_quoted(std::string_view sql, std::size_t i) {
  const auto at = [&](std::size_t k) { return k < sql.size() ? sql[k] : '\0'; };
  const char c = sql[i];
  if (c == '-' && at(i + 1) == '-') return std::min(sql.find('\n', i), sql.size());
  if (c == '/' && at(i + 1) == '*') {
    int depth = 0;
    for (std::size_t k = i; k < sql.size(); ++k) {
      if (sql[k] == '/' && at(k + 1) == '*') {
        ++depth, ++k;
      } else if (sql[k] == '*' && at(k + 1) == '/') {
        ++k;
        if (--depth == 0) return k + 1;
      }
    }
    return sql.size();
  }
  if (c == '\'' || c == '"') {
    const bool escapes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                         (i < 2 || !name_char(sql[i - 2]));
    for (std::size_t k = i + 1; k < sql.size(); ++k) {
      if (escapes && sql[k] == '\\') {
        ++k;
      } else if (sql[k] == c) {
        if (at(k + 1) != c) return k + 1;
        ++k;  // '' or "" inside
      }
    }
    return sql.size();
  }
  if (c == '$' && (i == 0 || !name_char(sql[i - 1]))) {  // $$…$$ or $tag$…$tag$
    std::size_t k = i + 1;
    if (name_start(at(k)))
      while (name_char(at(k))) ++k;
    if (at(k) != '$') return i;
    const std::string_view tag = sql.substr(i, k + 1 - i);
    const std::size_t end = sql.find(tag, k + 1);
    return end == std::string_view::npos ? sql.size() : end + tag.size();
  }
  return i;
}

[[noreturn]] void refuse_query(const core::SourceLocation& where, const core::Text& message,
                               const core::Text& hint) {
  throw core::UserError(core::ExitCode::invalid_spec, where, message, hint);
}

// Copies the SQL at i (not a string, a comment, a blank or ';') to out, a :name as its $n;
// returns where the next token starts.
std::size_t plain_token(std::string_view sql, std::size_t i, NumberedQuery& out,
                        const core::SourceLocation& where) {
  const auto at = [&](std::size_t k) { return k < sql.size() ? sql[k] : '\0'; };
  std::size_t e = i + 1;
  if (sql[i] == ':' && at(i + 1) == ':') {  // a cast
    out.sql += "::";
    return i + 2;
  }
  if (sql[i] == ':' && name_start(at(i + 1))) {
    while (name_char(at(e))) ++e;
    const std::string name(sql.substr(i + 1, e - i - 1));
    auto n = std::find(out.names.begin(), out.names.end(), name);
    if (n == out.names.end()) n = out.names.insert(n, name);
    out.sql += "$" + std::to_string(n - out.names.begin() + 1);
    return e;
  }
  if (sql[i] == '$' && digit(at(i + 1))) {
    while (digit(at(e))) ++e;
    refuse_query(where,
                 core::say("the query's parameter {} is not written :name", sql.substr(i, e - i)),
                 core::say("name a parameter of the spec: WHERE period = :period"));
  }
  if (name_char(sql[i]))  // a word, whole: a $ inside an identifier is no quote
    while (name_char(at(e)) || at(e) == '$') ++e;
  out.sql.append(sql.substr(i, e - i));
  return e;
}

}  // namespace

NumberedQuery number_parameters(std::string_view sql, const core::SourceLocation& where) {
  NumberedQuery out;
  bool statement = false, ended = false;  // SQL seen; a ';' after it
  for (std::size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    const std::size_t quoted = skip_quoted(sql, i);
    const bool comment = quoted != i && (c == '-' || c == '/');
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || comment) {
      out.sql.append(sql.substr(i, std::max(quoted, i + 1) - i));
      i = std::max(quoted, i + 1);
      continue;
    }
    if (c == ';') {
      ended = ended || statement;
      ++i;
      continue;
    }
    if (ended)
      refuse_query(where, core::say("the query holds more than one statement"),
                   core::say("a data source is one SELECT (or WITH … SELECT): nothing after its "
                             "';'"));
    statement = true;
    if (quoted != i) {
      out.sql.append(sql.substr(i, quoted - i));
      i = quoted;
    } else {
      i = plain_token(sql, i, out, where);
    }
  }
  if (!statement)
    refuse_query(where, core::say("the query is empty"),
                 core::say("write the SELECT whose result is the table"));
  return out;
}

}  // namespace query_detail

Table read_query(const spec::DataSourceSpec& source) {
  switch (source.database) {
    case spec::Database::sqlite:
      return query_detail::read_sqlite(source);
    case spec::Database::postgres:
      return query_detail::read_postgres(source);
    case spec::Database::none:
      break;
  }
  throw std::logic_error("read_query: a data source that is not a query");
}

}  // namespace jb::data
