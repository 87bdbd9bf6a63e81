// data: a query's result from PostgreSQL (or a server that speaks its protocol) through libpq:
// one statement in a read-only transaction, within the spec's timeout, every value as the
// server's text (numeric as its exact digits, never a double).
#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <memory>

#include "core/trim.hpp"
#include "core/utf8.hpp"
#include "data/query_result.hpp"

namespace jb::data::query_detail {

namespace {

using Clock = std::chrono::steady_clock;
using core::ExitCode;
using core::UserError;

constexpr Oid bool_oid = 16, bytea_oid = 17;  // pg_type's
// A server that does not end the statement at its statement_timeout (a pooler in between, a
// server that only speaks the protocol, a network that stopped) gets this much longer before
// the query is given up here.
constexpr auto grace = std::chrono::seconds(5);

struct Connection {
  PGconn* conn = nullptr;
  // Closing the connection ends the read-only transaction (the server rolls it back).
  ~Connection() { PQfinish(conn); }
};

using ResultPtr = std::unique_ptr<PGresult, void (*)(PGresult*)>;

struct Source {
  const spec::DataSourceSpec& spec;
  std::string name;  // postgres:<connection string>, as messages show it
};

// libpq's message on one line: its lines trimmed and joined by "; ".
std::string one_line(const char* message) {
  std::string out;
  std::string_view rest = message ? message : "";
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find('\n'), rest.size());
    const std::string_view line = core::trim(rest.substr(0, end), core::white_space);
    if (!line.empty()) out += (out.empty() ? "" : "; ") + std::string(line);
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  return out;
}

[[noreturn]] void lost(const Source& s, PGconn* conn) {
  throw UserError(
      ExitCode::unavailable, s.spec.connection_where,
      core::say("the connection to the database was lost: {}", one_line(PQerrorMessage(conn))));
}

// libpq's options from the spec's connection string (a password refused), with a connect
// timeout unless one is given, and UTF-8 as the client's encoding.
void connect(const Source& s, Connection& c) {
  // `postgres: {env: VAR}`: the string is the deployment's, and may hold its password.
  const bool from_env = !s.spec.connection_env.empty();
  const char* env = from_env ? std::getenv(s.spec.connection_env.c_str()) : nullptr;
  if (from_env && !env)
    throw UserError(
        ExitCode::invalid_spec, s.spec.connection_where,
        core::say("the environment variable {} (the connection string) is not set",
                  s.spec.connection_env),
        core::say("set it where the run starts (the crontab, the systemd unit's Environment=), "
                  "or name the database in the spec: postgres: \"service=stats\""));
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(from_env ? env : s.spec.connection.c_str(), &error);
  if (!parsed) {
    if (!error) throw std::bad_alloc();
    const std::string why = one_line(error);
    PQfreemem(error);
    throw UserError(ExitCode::invalid_spec, s.spec.connection_where,
                    core::say("the connection string cannot be read: {}", why),
                    core::say("libpq's form: \"host=db.example dbname=stats user=briefing\", or "
                              "\"service=stats\" (pg_service.conf)"));
  }
  const std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> own(parsed, PQconninfoFree);
  std::vector<const char*> keys, values;
  bool timeout = std::getenv("PGCONNECT_TIMEOUT") != nullptr;
  for (const PQconninfoOption* o = parsed; o->keyword; ++o) {
    if (!o->val) continue;
    const std::string_view key = o->keyword;
    if (key == "password" && !from_env)
      throw UserError(ExitCode::invalid_spec, s.spec.connection_where,
                      core::say("the connection string holds a password"),
                      core::say("keep it out of the spec: libpq reads it from ~/.pgpass, "
                                "PGPASSFILE or the service file (service=…)"));
    if (key == "client_encoding") continue;  // the values are read as UTF-8
    timeout = timeout || key == "connect_timeout";
    keys.push_back(o->keyword);
    values.push_back(o->val);
  }
  // A host that does not answer cannot hold a cron job for ever.
  if (!timeout) keys.push_back("connect_timeout"), values.push_back("10");
  keys.push_back("client_encoding"), values.push_back("UTF8");
  keys.push_back("fallback_application_name"), values.push_back("jianbao");
  keys.push_back(nullptr), values.push_back(nullptr);
  c.conn = PQconnectdbParams(keys.data(), values.data(), 0);
  if (!c.conn) throw std::bad_alloc();
  if (PQstatus(c.conn) != CONNECTION_OK)
    throw UserError(
        ExitCode::unavailable, s.spec.connection_where,
        core::say("cannot connect to the database: {}", one_line(PQerrorMessage(c.conn))),
        core::say("is the server up, and does the connection string (or libpq's "
                  "environment: PGHOST, PGSERVICE, …) name it?"));
}

// An error the server (or libpq) gave for what was sent: the query's, unless it is the time's,
// the connection's or the server's state.
[[noreturn]] void refuse(const Source& s, const PGresult* r, PGconn* conn) {
  const char* field = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  const std::string state = field ? field : "";
  field = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  std::string message = field ? field : one_line(PQresultErrorMessage(r));
  if (message.empty()) message = one_line(PQerrorMessage(conn));
  const char* server_hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT);
  if (state == "57014") throw timed_out(s.spec);  // statement_timeout
  if (state == "25006")                           // read_only_sql_transaction
    throw UserError(
        ExitCode::invalid_spec, s.spec.query_where, core::say("the query writes to the database"),
        core::say("a data source only reads: write a SELECT (the server: {})", message));
  if (state == "42601" && message.find("multiple commands") != std::string::npos)
    throw UserError(ExitCode::invalid_spec, s.spec.query_where,
                    core::say("the query holds more than one statement"),
                    core::say("a data source is one SELECT (or WITH … SELECT): nothing after its "
                              "';'"));
  // No state (libpq's own error), a lost connection, a server shutting down or out of
  // resources, a lock or a conflict: the server cannot answer now, the query may be right.
  if (state.empty() || state.starts_with("08") || state.starts_with("53") ||
      state.starts_with("57P") || state.starts_with("40") || state == "55P03" ||
      PQstatus(conn) == CONNECTION_BAD)
    throw UserError(
        ExitCode::unavailable, s.spec.connection_where,
        state.empty()
            ? core::say("the database cannot answer the query: {}", message)
            : core::say("the database cannot answer the query: {} (SQLSTATE {})", message, state));
  throw UserError(ExitCode::invalid_spec, s.spec.query_where,
                  core::say("the server refuses the query: {} (SQLSTATE {})", message, state),
                  // The server's own hint, as it gives it.
                  server_hint ? core::say("{}", std::string_view(server_hint)) : core::Text{});
}

// The next result of what was sent, waited for until `give_up`; null once all are read.
ResultPtr next_result(const Source& s, PGconn* conn, Clock::time_point give_up) {
  while (PQisBusy(conn)) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(give_up - Clock::now()).count();
    if (left <= 0) throw timed_out(s.spec);
    pollfd p{PQsocket(conn), POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(std::min<long long>(left, INT_MAX))) < 0 && errno != EINTR)
      lost(s, conn);
    if (!PQconsumeInput(conn)) lost(s, conn);
  }
  return ResultPtr(PQgetResult(conn), PQclear);
}

// The transaction the query runs in: read-only, the statement's time limited by the server, and
// dates printed as ISO 8601 (2025-10-01) whatever the server's DateStyle.
void begin(const Source& s, PGconn* conn, Clock::time_point give_up) {
  const std::string sql = "BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = " +
                          std::to_string(s.spec.timeout_seconds * 1000LL) +
                          "; SET LOCAL DateStyle = ISO";
  if (!PQsendQuery(conn, sql.c_str())) lost(s, conn);
  while (ResultPtr r = next_result(s, conn, give_up))
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) refuse(s, r.get(), conn);
}

// The result's column names (the table's header).
void read_header(const Source& s, const PGresult* r, ResultBuilder& result) {
  if (PQnfields(r) == 0)
    throw UserError(ExitCode::invalid_spec, s.spec.query_where,
                    core::say("the query returns no columns"),
                    core::say("write the SELECT whose result is the table"));
  result.begin_row();
  for (int c = 0; c < PQnfields(r); ++c) result.value(std::string_view(PQfname(r, c)));
  result.end_row();
}

void read_rows(const PGresult* r, ResultBuilder& result) {
  for (int row = 0; row < PQntuples(r); ++row) {
    result.begin_row();
    for (int c = 0; c < PQnfields(r); ++c) {
      const std::string_view text(PQgetvalue(r, row, c),
                                  static_cast<std::size_t>(PQgetlength(r, row, c)));
      std::size_t bad = 0;
      if (PQgetisnull(r, row, c))
        result.value(std::nullopt);
      else if (PQftype(r, c) == bool_oid)
        result.value(text == "t" ? "TRUE" : "FALSE");
      else if (PQftype(r, c) == bytea_oid)
        result.refuse(core::say("the value is binary data (bytea), not text or a figure"),
                      core::say("leave the column out of the SELECT, or select it as text"));
      else if (!core::valid_utf8(text, &bad))
        result.refuse(core::say("the value is not valid UTF-8 (byte offset {})", bad),
                      core::say("the database holds text in another encoding: convert it"));
      else
        result.value(text);
    }
    result.end_row();
  }
}

}  // namespace

Table read_postgres(const spec::DataSourceSpec& source) {
  const Source s{source, source.connection_env.empty() ? "postgres:" + source.connection
                                                       : "postgres:$" + source.connection_env};
  const NumberedQuery q = number_parameters(source.query, source.query_where);
  std::vector<const char*> values;
  for (const std::string& name : q.names) values.push_back(bound_value(source, name).c_str());
  Connection c;
  connect(s, c);
  const Clock::time_point give_up =
      Clock::now() + std::chrono::seconds(source.timeout_seconds) + grace;
  begin(s, c.conn, give_up);
  // Bound as text of no stated type: the server takes each as the type its place calls for.
  if (!PQsendQueryParams(c.conn, q.sql.c_str(), static_cast<int>(values.size()), nullptr,
                         values.data(), nullptr, nullptr, 0))
    lost(s, c.conn);
  PQsetSingleRowMode(c.conn);  // rows as they come: a result too large is stopped part-way
  ResultBuilder result(s.name, source.connection_where);
  bool header = false;
  while (ResultPtr r = next_result(s, c.conn, give_up)) {
    const ExecStatusType status = PQresultStatus(r.get());
    if (status == PGRES_COMMAND_OK)
      throw UserError(ExitCode::invalid_spec, source.query_where,
                      core::say("the query returns no result: it is not a SELECT"),
                      core::say("a data source is a SELECT (or WITH … SELECT) whose result is the "
                                "table"));
    if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK) refuse(s, r.get(), c.conn);
    if (!header) read_header(s, r.get(), result);
    header = true;
    read_rows(r.get(), result);
  }
  return result.finish();
}

}  // namespace jb::data::query_detail
