// tests/data: queries of PostgreSQL as data sources (data/query.hpp), against the tests' own
// server (tests/postgres/server.sh, ctest's fixture `postgres`, which sets JIANBAO_TEST_PG to
// its connection string). Without it every test here fails: none is skipped. Each test makes
// its own tables, so that they may run at once.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>

#include "core/diagnostic.hpp"
#include "data/query.hpp"
#include "postgres/support.hpp"
#include "support.hpp"

// A refusal as Catch prints it when a check fails: its exit code and its message.
template <>
struct Catch::StringMaker<std::pair<jb::core::ExitCode, std::string>> {
  static std::string convert(const std::pair<jb::core::ExitCode, std::string>& r) {
    return std::to_string(static_cast<int>(r.first)) + " " + r.second;
  }
};

using namespace jb;

namespace {

spec::DataSourceSpec source(const std::string& query,
                            std::vector<std::pair<std::string, std::string>> params = {}) {
  spec::DataSourceSpec s;
  s.name = "t";
  s.database = spec::Database::postgres;
  s.connection = test::pg_server();
  s.where = {"spec.yaml", 3, 3};
  s.connection_where = {"spec.yaml", 3, 13};
  s.query = query;
  s.query_where = {"spec.yaml", 4, 12};
  s.query_params = std::move(params);
  return s;
}

std::pair<core::ExitCode, std::string> refusal(const spec::DataSourceSpec& s) {
  const auto e = test::user_error_of([&] { data::read_query(s); });
  REQUIRE(!e.diagnostics().empty());
  return {e.code(), core::format_diagnostic(e.diagnostics()[0])};
}

std::vector<std::string> cells(const data::Row& r) { return {r.cells.begin(), r.cells.end()}; }

// The table of values, under each test's own name (the tests run at once).
std::string values_table(const std::string& name) {
  std::string sql =
      "DROP TABLE IF EXISTS pg_values;"
      "CREATE TABLE pg_values(k text, n numeric(21,4), f float8, b bool, d date, t text, i int);"
      "INSERT INTO pg_values VALUES"
      " ('地区生产总值', 12345678901234567.1234, 6.1, true, '2025-10-01', '13500.50', 7),"
      " ('　　其中：工业', -0.5, 0.1::float8 + 0.2::float8, false, '2025-09-30', 'O''Brien', NULL),"
      " ('合计', NULL, NULL, NULL, NULL, NULL, -3);";
  for (std::size_t at = 0; (at = sql.find("pg_values", at)) != std::string::npos; at += name.size())
    sql.replace(at, 9, name);
  return sql;
}

}  // namespace

TEST_CASE("postgres: each value arrives as the server's exact text", "[postgres]") {
  test::pg_run(values_table("pg_values"));
  const data::Table t = data::read_query(source("SELECT * FROM pg_values ORDER BY i NULLS LAST"));
  CHECK(t.columns == std::vector<std::string>{"k", "n", "f", "b", "d", "t", "i"});
  REQUIRE(t.rows.size() == 3);
  // numeric as its digits (no double holds them), float8 as the server's shortest exact text,
  // bool as TRUE/FALSE, a date in ISO 8601, NULL a missing value.
  CHECK(cells(t.rows[1]) == std::vector<std::string>{"地区生产总值", "12345678901234567.1234",
                                                     "6.1", "TRUE", "2025-10-01", "13500.50", "7"});
  CHECK(cells(t.rows[2]) == std::vector<std::string>{"其中：工业", "-0.5000", "0.30000000000000004",
                                                     "FALSE", "2025-09-30", "O'Brien", ""});
  CHECK(t.rows[2].level == 2);
  CHECK(cells(t.rows[0]) == std::vector<std::string>{"合计", "", "", "", "", "", "-3"});
  CHECK(t.file == "postgres:" + test::pg_server());
  CHECK(t.sheet == "query");
  CHECK(core::to_string(t.cell_location(t.rows[1], 1)) ==
        "postgres:" + test::pg_server() + ":query!B3");
  CHECK(t.digest.size() == 64);
  // Dates are ISO 8601 whatever DateStyle the server or the connection sets.
  auto german = source("SELECT d FROM pg_values WHERE i = 7");
  german.connection += " options='-c DateStyle=German'";
  CHECK(data::read_query(german).rows[0].cells[0] == "2025-10-01");
}

TEST_CASE("postgres: :name parameters are bound, and casts and strings left alone", "[postgres]") {
  test::pg_run(values_table("pg_bound"));
  const data::Table t =
      data::read_query(source("SELECT k, n::text AS n, ':t' AS \":period\", $$ :t $$ AS dollar, "
                              ":period::date AS p /* :nope */ FROM pg_bound -- :nope\n"
                              "WHERE d = :period::date OR t = :t ORDER BY k",
                              {{"period", "2025-10-01"}, {"t", "O'Brien"}}));
  CHECK(t.columns == std::vector<std::string>{"k", "n", ":period", "dollar", "p"});
  REQUIRE(t.rows.size() == 2);
  CHECK(cells(t.rows[0]) ==
        std::vector<std::string>{"其中：工业", "-0.5000", ":t", ":t", "2025-10-01"});
  CHECK(cells(t.rows[1]) == std::vector<std::string>{"地区生产总值", "12345678901234567.1234", ":t",
                                                     ":t", "2025-10-01"});
  // What would break out of a pasted string is a value: it matches nothing and drops nothing.
  CHECK(data::read_query(source("SELECT k FROM pg_bound WHERE t = :t", {{"t", "x' OR '1'='1"}}))
            .rows.empty());
  CHECK(data::read_query(
            source("SELECT k FROM pg_bound WHERE t = :t", {{"t", "x'; DROP TABLE pg_bound; --"}}))
            .rows.empty());
  CHECK(data::read_query(source("SELECT count(*) FROM pg_bound")).rows[0].cells[0] == "3");
  auto late = source("SELECT k FROM pg_bound WHERE d = :period::date");
  late.late_params = {"period"};
  CHECK(refusal(late) ==
        std::pair{core::ExitCode::invalid_spec,
                  std::string("spec.yaml:4:12: error: the query binds :period, whose value comes "
                              "from the data (a latest: default), known only once the data is "
                              "read\n  hint: give it on the command line: --set period=…")});
  CHECK(refusal(source("SELECT k FROM pg_bound WHERE d = :month", {{"period", "2025-10-01"}})) ==
        std::pair{core::ExitCode::invalid_spec,
                  std::string("spec.yaml:4:12: error: the query binds :month, which is not a "
                              "parameter of the spec\n  hint: the spec's parameters: :period")});
}

TEST_CASE("postgres: a query past its timeout is stopped by the server", "[postgres]") {
  auto s = source("SELECT pg_sleep(30) AS s");
  s.timeout_seconds = 1;
  const auto start = std::chrono::steady_clock::now();
  CHECK(refusal(s) ==
        std::pair{core::ExitCode::unavailable,
                  std::string("spec.yaml:4:12: error: the query did not finish within 1 s "
                              "(timeout: 1)\n  hint: make the query faster, or give it longer: "
                              "timeout: in its data entry")});
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(took >= std::chrono::milliseconds(950));
  CHECK(took < std::chrono::seconds(20));  // stopped, not run for its 30 s
}

TEST_CASE("postgres: a query that writes is refused by the read-only transaction", "[postgres]") {
  test::pg_run(
      "DROP TABLE IF EXISTS pg_writes; CREATE TABLE pg_writes(k text);"
      "INSERT INTO pg_writes VALUES ('a');"
      "DROP SEQUENCE IF EXISTS pg_writes_seq; CREATE SEQUENCE pg_writes_seq;");
  const auto writes = [](const std::string& query, const std::string& server_says) {
    CHECK(refusal(source(query)) ==
          std::pair{core::ExitCode::invalid_spec,
                    "spec.yaml:4:12: error: the query writes to the database\n  hint: a data "
                    "source only reads: write a SELECT (the server: " +
                        server_says + ")"});
  };
  writes("INSERT INTO pg_writes VALUES ('b')", "cannot execute INSERT in a read-only transaction");
  // The server names the statement (a SELECT), the read-only transaction refuses its DELETE.
  writes("WITH d AS (DELETE FROM pg_writes RETURNING k) SELECT * FROM d",
         "cannot execute SELECT in a read-only transaction");
  writes("CREATE TABLE pg_writes_2(a int)",
         "cannot execute CREATE TABLE in a read-only transaction");
  writes("SELECT nextval('pg_writes_seq')", "cannot execute nextval() in a read-only transaction");
  CHECK(refusal(source("SET search_path = public")) ==
        std::pair{core::ExitCode::invalid_spec,
                  std::string("spec.yaml:4:12: error: the query returns no result: it is "
                              "not a SELECT\n  hint: a data source is a SELECT (or WITH … "
                              "SELECT) whose result is the table")});
  CHECK(data::read_query(source("SELECT count(*) FROM pg_writes")).rows[0].cells[0] == "1");
}

TEST_CASE("postgres: a second statement is refused", "[postgres]") {
  test::pg_run(
      "DROP TABLE IF EXISTS pg_two; CREATE TABLE pg_two(k text); INSERT INTO pg_two VALUES "
      "('a');");
  for (const std::string q : {"SELECT 1 AS a; SELECT 2 AS b", "SELECT 1 AS a; DROP TABLE pg_two"})
    CHECK(refusal(source(q)) ==
          std::pair{core::ExitCode::invalid_spec,
                    std::string("spec.yaml:4:12: error: the query holds more than one "
                                "statement\n  hint: a data source is one SELECT (or WITH … "
                                "SELECT): nothing after its ';'")});
  CHECK(data::read_query(source("SELECT k FROM pg_two; -- one\n")).rows.size() == 1);
}

TEST_CASE("postgres: SQL the server refuses is an error at the query", "[postgres]") {
  CHECK(refusal(source("SELECT * FROM pg_nope")) ==
        std::pair{core::ExitCode::invalid_spec,
                  std::string("spec.yaml:4:12: error: the server refuses the query: relation "
                              "\"pg_nope\" does not exist (SQLSTATE 42P01)")});
  CHECK(refusal(source("SELECT 1 FORM x")).second ==
        "spec.yaml:4:12: error: the server refuses the query: syntax error at or near \"x\" "
        "(SQLSTATE 42601)");
  CHECK(refusal(source("SELECT 1 / (g - 3) AS q FROM generate_series(1, 5) g")).second ==
        "spec.yaml:4:12: error: the server refuses the query: division by zero (SQLSTATE 22012)");
  CHECK(refusal(source("SELECT FROM generate_series(1, 2)")).second ==
        "spec.yaml:4:12: error: the query returns no columns\n  hint: write the SELECT whose "
        "result is the table");
}

TEST_CASE("postgres: a password in the connection string is refused", "[postgres]") {
  const std::string expected =
      "spec.yaml:3:13: error: the connection string holds a password\n  hint: keep it out of "
      "the spec: libpq reads it from ~/.pgpass, PGPASSFILE or the service file (service=…)";
  auto s = source("SELECT 1 AS a");
  s.connection += " password=secret";
  CHECK(refusal(s) == std::pair{core::ExitCode::invalid_spec, expected});
  s.connection = "postgresql://jianbao:secret@localhost/jianbao_test";
  CHECK(refusal(s) == std::pair{core::ExitCode::invalid_spec, expected});
  s.connection = "host=/tmp nonsense";
  CHECK(refusal(s) ==
        std::pair{core::ExitCode::invalid_spec,
                  std::string("spec.yaml:3:13: error: the connection string cannot be read: "
                              "missing \"=\" after \"nonsense\" in connection info string\n  "
                              "hint: libpq's form: \"host=db.example dbname=stats "
                              "user=briefing\", or \"service=stats\" (pg_service.conf)")});
}

TEST_CASE("postgres: a server that is not there is unavailable, with libpq's message",
          "[postgres]") {
  test::TempDir empty;  // a socket folder with no server
  auto s = source("SELECT 1 AS a");
  s.connection = "host=" + empty.path().string() + " dbname=jianbao_test";
  CHECK(refusal(s) ==
        std::pair{core::ExitCode::unavailable,
                  "spec.yaml:3:13: error: cannot connect to the database: connection to server "
                  "on socket \"" +
                      empty.path().string() +
                      "/.s.PGSQL.5432\" failed: No such file or directory; Is the server running "
                      "locally and accepting connections on that socket?\n  hint: is the server "
                      "up, and does the connection string (or libpq's environment: PGHOST, "
                      "PGSERVICE, …) name it?"});
  auto missing = source("SELECT 1 AS a");
  missing.connection += " dbname=pg_no_such_db";
  const auto [code, text] = refusal(missing);
  CHECK(code == core::ExitCode::unavailable);
  CHECK(text.rfind("spec.yaml:3:13: error: cannot connect to the database: connection to server "
                   "on socket \"",
                   0) == 0);
  CHECK(text.find("failed: FATAL:  database \"pg_no_such_db\" does not exist\n  hint: ") !=
        std::string::npos);
}

TEST_CASE("postgres: binary values are refused at their cell, an empty result has no rows",
          "[postgres]") {
  CHECK(refusal(source("SELECT 'a' AS k, '\\x00ff'::bytea AS b")) ==
        std::pair{core::ExitCode::data_error,
                  "postgres:" + test::pg_server() +
                      ":query!B2: error: the value is binary data (bytea), not text or a "
                      "figure\n  hint: leave the column out of the SELECT, or select it as text"});
  const data::Table t = data::read_query(source("SELECT 'a' AS k, 1 AS v WHERE false"));
  CHECK(t.columns == std::vector<std::string>{"k", "v"});
  CHECK(t.rows.empty());
}

TEST_CASE("postgres: the digest follows the result", "[postgres]") {
  test::pg_run(
      "DROP TABLE IF EXISTS pg_digest; CREATE TABLE pg_digest(k text, v numeric);"
      "INSERT INTO pg_digest VALUES ('a', 1.50), ('b', 2);");
  const auto digest = [](const std::string& q) { return data::read_query(source(q)).digest; };
  const std::string first = digest("SELECT * FROM pg_digest ORDER BY k");
  CHECK(first == digest("SELECT * FROM pg_digest ORDER BY k"));
  test::pg_run("UPDATE pg_digest SET v = 1.5 WHERE k = 'a'");  // the same number, other digits
  CHECK(first != digest("SELECT * FROM pg_digest ORDER BY k"));
}
