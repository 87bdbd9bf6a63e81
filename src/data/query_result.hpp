// data: what the SQLite and PostgreSQL readers of data/query.hpp share: a result's rows made
// into a Table as a CSV file's are, the query's :name parameters and the messages of a query
// that runs out of time or binds what the spec does not give.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/indicator_set.hpp"
#include "data/records.hpp"
#include "spec/job_spec.hpp"

namespace jb::data::query_detail {

// The most text a result may hold: what a CSV file may (a briefing's table is small; a query
// that forgot its WHERE is stopped before it fills the memory).
constexpr std::size_t max_result_bytes = 64u << 20;

// A query's result, value by value, as the records of a table: row 1 its column names, then a
// row per result row, each value a cell (normalised as a CSV cell is), located
// <db>:query!C3. The digest is the sha256 of every value with its length (NULL apart from
// ''), row by row.
class ResultBuilder {
 public:
  ResultBuilder(std::string file, core::SourceLocation source_where);

  void begin_row();
  // The next value of the row (nullopt: NULL, a missing value). Throws UserError(data_error)
  // when the result grows past max_result_bytes.
  void value(std::optional<std::string_view> text);
  void end_row();
  // Where the next value goes.
  core::SourceLocation next_cell() const;
  // The next value cannot be read (binary data, not UTF-8): a data_error there, and the cell
  // left empty; finish() throws them all.
  void refuse(const core::Text& message, const core::Text& hint = {});
  // The table (file, sheet "query", columns, rows, digest). Throws UserError(data_error).
  Table finish();

 private:
  Table table_;
  Records records_;
  core::SourceLocation source_where_;
  core::DiagnosticList problems_;
  std::string serial_;  // what the digest is taken of
  std::size_t bytes_ = 0;
  std::uint32_t first_ = 0, count_ = 0;
  int level_ = 0;
};

// The value the run gives parameter `name` (source.query_params). Throws
// UserError(invalid_spec) at the query for a parameter the spec does not declare, or one whose
// value comes from the data (a latest: default, known only once the data is read).
const std::string& bound_value(const spec::DataSourceSpec& source, std::string_view name);

// The query ran for longer than source.timeout_seconds: unavailable (69).
core::UserError timed_out(const spec::DataSourceSpec& source);

// A query whose :name parameters are numbered $1..$n for libpq (the same name twice is the
// same number), scanned as PostgreSQL reads SQL: not inside '…' (and E'…') strings, "…"
// identifiers, $tag$…$tag$ strings or -- and /* */ comments, and `::` is a cast.
struct NumberedQuery {
  std::string sql;                 // without a ';' at its end
  std::vector<std::string> names;  // names[k] is $k+1
};
// Throws UserError(invalid_spec) at `where` for an empty query, a second statement after ';',
// and $1 parameters written in the query.
NumberedQuery number_parameters(std::string_view sql, const core::SourceLocation& where);

// A REAL as the shortest text that reads back as the same double, in plain decimal (1e-07 is
// 0.0000001), with a point (5.0, as SQLite shows a REAL).
std::string real_text(double v);

// The two readers (sqlite_query.cpp, postgres_query.cpp), as read_query describes them.
Table read_sqlite(const spec::DataSourceSpec& source);
Table read_postgres(const spec::DataSourceSpec& source);

}  // namespace jb::data::query_detail
