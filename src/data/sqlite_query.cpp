// data: a query's result from an SQLite file, opened read-only: nothing is written to it or
// beside it, and only one statement that reads runs.
#include <sqlite3.h>

#include <cctype>
#include <charconv>
#include <chrono>
#include <climits>
#include <cmath>
#include <fstream>
#include <thread>

#include "core/text_file.hpp"
#include "core/utf8.hpp"
#include "data/query_result.hpp"

namespace jb::data::query_detail {

namespace {

using Clock = std::chrono::steady_clock;
using core::ExitCode;
using core::UserError;

struct Connection {
  sqlite3* db = nullptr;
  ~Connection() { sqlite3_close_v2(db); }
};

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  ~Statement() { sqlite3_finalize(stmt); }
};

// The statement's time runs out at `end`: the progress handler then interrupts it, and the busy
// handler stops waiting for a writer's lock.
struct Deadline {
  Clock::time_point end;
};

int past_deadline(void* deadline) { return Clock::now() >= static_cast<Deadline*>(deadline)->end; }

int wait_for_lock(void* deadline, int) {
  if (past_deadline(deadline)) return 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return 1;
}

struct Source {
  const spec::DataSourceSpec& spec;
  std::string file;  // as messages show it
};

// An error of SQLite's: the query's (its SQL) unless it is the file's or the time's.
[[noreturn]] void fail(const Source& s, sqlite3* db, int rc) {
  const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xFF) {
    case SQLITE_NOMEM:
      throw std::bad_alloc();
    case SQLITE_INTERRUPT:
      throw timed_out(s.spec);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw UserError(ExitCode::unavailable, s.spec.where,
                      core::say("'{}' is locked by a program writing it: {}", s.file, message),
                      core::say("run again once it is done; the query waits for it up to its "
                                "timeout: ({} s)",
                                s.spec.timeout_seconds));
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      throw UserError(
          ExitCode::data_error, s.spec.where,
          core::say("'{}' is not an SQLite database, or is damaged: {}", s.file, message));
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
    case SQLITE_READONLY:  // a journal left by a writer that stopped, which only a writer undoes
      throw UserError(ExitCode::missing_input, s.spec.where,
                      core::say("cannot read '{}': {}", s.file, message));
    default:
      throw UserError(ExitCode::invalid_spec, s.spec.query_where,
                      core::say("SQLite refuses the query: {}", message));
  }
}

// The file's first 100 bytes, SQLite's header: whether the file is a database at all, and
// whether it is in WAL mode (bytes 18 and 19 are 2).
bool wal_mode(const Source& s) {
  std::ifstream in(s.spec.file, std::ios::binary);
  char header[100] = {};
  in.read(header, sizeof header);
  const std::streamsize n = in.gcount();
  if (n == 0)
    throw UserError(ExitCode::data_error, s.spec.where,
                    core::say("'{}' is empty, not an SQLite database", s.file));
  if (n < static_cast<std::streamsize>(sizeof header) ||
      std::string_view(header, 16) != std::string_view("SQLite format 3\0", 16))
    throw UserError(ExitCode::data_error, s.spec.where,
                    core::say("'{}' is not an SQLite database", s.file),
                    core::say("sqlite: names an SQLite 3 database file"));
  return header[18] == 2 || header[19] == 2;
}

// The path as an SQLite URI (file:…?immutable=1): every byte but the unreserved ones and '/'
// percent-encoded.
std::string immutable_uri(const std::filesystem::path& file) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string uri = "file:";
  for (const char ch : file.string()) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~')
      uri += ch;
    else
      uri += {'%', hex[c >> 4], hex[c & 15]};
  }
  return uri + "?immutable=1";
}

// Opens the file read-only, so that it is never created. A WAL database whose -wal file is not
// there (no program has it open) is read as immutable: a read-only connection would create its
// -wal and -shm files beside it and leave them, owned by whoever ran the briefing.
void open(const Source& s, bool immutable, Connection& c, Deadline& deadline) {
  const std::string name = immutable ? immutable_uri(s.spec.file) : s.spec.file.string();
  const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | (immutable ? SQLITE_OPEN_URI : 0);
  if (const int rc = sqlite3_open_v2(name.c_str(), &c.db, flags, nullptr); rc != SQLITE_OK)
    fail(s, c.db, rc);
  sqlite3_extended_result_codes(c.db, 1);
  sqlite3_busy_handler(c.db, wait_for_lock, &deadline);
  sqlite3_progress_handler(c.db, 1000, past_deadline, &deadline);
  sqlite3_limit(c.db, SQLITE_LIMIT_ATTACHED, 0);  // ATTACH would open (or create) another file
  if (const int rc = sqlite3_exec(c.db, "PRAGMA query_only = 1", nullptr, nullptr, nullptr);
      rc != SQLITE_OK)
    fail(s, c.db, rc);
}

// The statement of the query: exactly one, which reads, its :name parameters bound.
void prepare(const Source& s, sqlite3* db, Statement& st) {
  const std::string& sql = s.spec.query;
  const char* tail = nullptr;
  if (sql.size() > INT_MAX) fail(s, db, SQLITE_TOOBIG);
  if (const int rc =
          sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &st.stmt, &tail);
      rc != SQLITE_OK)
    fail(s, db, rc);
  const auto refuse = [&](const core::Text& message, const core::Text& hint) {
    throw UserError(ExitCode::invalid_spec, s.spec.query_where, message, hint);
  };
  if (!st.stmt)
    refuse(core::say("the query is empty"),
           core::say("write the SELECT whose result is the table"));
  // What follows the first statement must be blanks and comments: a statement there is refused
  // (prepared, never run).
  Statement next;
  const int left = static_cast<int>(sql.data() + sql.size() - tail);
  if (sqlite3_prepare_v2(db, tail, left, &next.stmt, nullptr) != SQLITE_OK || next.stmt)
    refuse(core::say("the query holds more than one statement"),
           core::say("a data source is one SELECT (or WITH … SELECT): nothing after its ';'"));
  if (!sqlite3_stmt_readonly(st.stmt))
    refuse(core::say("the query writes to the database"),
           core::say("a data source only reads: write a SELECT"));
  if (sqlite3_column_count(st.stmt) == 0)
    refuse(core::say("the query returns no columns"),
           core::say("write the SELECT whose result is the table"));
  for (int i = 1; i <= sqlite3_bind_parameter_count(st.stmt); ++i) {
    const char* p = sqlite3_bind_parameter_name(st.stmt, i);
    const std::string_view name = p ? p : "?";
    if (name[0] != ':')
      refuse(core::say("the query's parameter {} is not written :name", name),
             core::say("name a parameter of the spec: WHERE period = :period"));
    const std::string& value = bound_value(s.spec, name.substr(1));
    if (const int rc = sqlite3_bind_text64(st.stmt, i, value.data(), value.size(), SQLITE_TRANSIENT,
                                           SQLITE_UTF8);
        rc != SQLITE_OK)
      fail(s, db, rc);
  }
}

}  // namespace

std::string real_text(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  const std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));  // -d.ddde+XX
  const std::size_t e = s.find('e');
  std::string digits;
  for (const char c : s.substr(0, e))
    if (c >= '0' && c <= '9') digits += c;
  const int exponent = std::stoi(std::string(s.substr(e + 1)));
  std::string out = s[0] == '-' && v != 0 ? "-" : "";
  const int point = exponent + 1;  // digits before the point
  if (point <= 0)
    out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  else if (static_cast<std::size_t>(point) >= digits.size())
    out += digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0') + ".0";
  else
    out += digits.substr(0, static_cast<std::size_t>(point)) + "." +
           digits.substr(static_cast<std::size_t>(point));
  return out;
}

namespace {

// One value of the current row as its text.
void read_value(sqlite3_stmt* stmt, int c, ResultBuilder& result) {
  switch (sqlite3_column_type(stmt, c)) {
    case SQLITE_NULL:
      return result.value(std::nullopt);
    case SQLITE_INTEGER:
      return result.value(std::to_string(sqlite3_column_int64(stmt, c)));
    case SQLITE_FLOAT: {
      const double v = sqlite3_column_double(stmt, c);
      if (!std::isfinite(v)) return result.refuse(core::say("the value is infinite, not a figure"));
      return result.value(real_text(v));
    }
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
      const std::string_view t(text ? text : "",
                               static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      std::size_t bad = 0;
      if (!core::valid_utf8(t, &bad))
        return result.refuse(core::say("the value is not valid UTF-8 (byte offset {})", bad),
                             core::say("the database holds text in another encoding: convert it"));
      return result.value(t);
    }
    default:
      return result.refuse(core::say("the value is a BLOB (binary data), not text or a figure"),
                           core::say("leave the column out of the SELECT, or select it as text"));
  }
}

Table run(const Source& s, bool immutable) {
  Deadline deadline{Clock::now() + std::chrono::seconds(s.spec.timeout_seconds)};
  Connection c;
  open(s, immutable, c, deadline);
  Statement st;
  prepare(s, c.db, st);
  ResultBuilder result(s.file, s.spec.where);
  const int columns = sqlite3_column_count(st.stmt);
  result.begin_row();
  for (int i = 0; i < columns; ++i) {
    const char* name = sqlite3_column_name(st.stmt, i);
    if (!name) throw std::bad_alloc();
    result.value(std::string_view(name));
  }
  result.end_row();
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(st.stmt)) == SQLITE_ROW) {
    result.begin_row();
    for (int i = 0; i < columns; ++i) read_value(st.stmt, i, result);
    result.end_row();
  }
  if (rc != SQLITE_DONE) fail(s, c.db, rc);
  return result.finish();
}

}  // namespace

Table read_sqlite(const spec::DataSourceSpec& source) {
  const Source s{source, source.file.lexically_normal().string()};
  // A file that is not there is refused before SQLite sees it (a read-only open creates
  // nothing, but says only "unable to open database file").
  core::check_input_file(source.file, source.where, SIZE_MAX, ExitCode::data_error);
  const bool wal = wal_mode(s);
  const std::filesystem::path wal_file = source.file.string() + "-wal";
  std::error_code ec;
  const bool immutable = wal && !std::filesystem::exists(wal_file, ec);
  Table t = run(s, immutable);
  // A program began writing while it was read as immutable: read it again through the -wal
  // file that program made.
  if (immutable && std::filesystem::exists(wal_file, ec)) t = run(s, false);
  return t;
}

}  // namespace jb::data::query_detail
