// tests/data: queries of SQLite files as data sources (data/query.hpp): each value's exact text,
// bound parameters, what is refused (writing, a second statement, another parameter syntax)
// with its message and place, the time limit, and that nothing is ever written to or beside
// the file. The fixtures are built here with SQLite's C API. Also the scanner that numbers a
// PostgreSQL query's :name parameters, which needs no server.
#include "data/query.hpp"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>

#include "core/diagnostic.hpp"
#include "data/csv.hpp"
#include "data/load_indicators.hpp"
#include "data/query_result.hpp"
#include "support.hpp"

// A refusal as Catch prints it when a check fails: its exit code and its message.
template <>
struct Catch::StringMaker<std::pair<jb::core::ExitCode, std::string>> {
  static std::string convert(const std::pair<jb::core::ExitCode, std::string>& r) {
    return std::to_string(static_cast<int>(r.first)) + " " + r.second;
  }
};

using namespace jb;
namespace fs = std::filesystem;

namespace {

// Creates the SQLite file `name` in `dir` by running `sql` in it.
fs::path make_db(const fs::path& dir, const std::string& sql, const std::string& name = "x.db") {
  const fs::path file = dir / name;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  INFO(message);
  REQUIRE(rc == SQLITE_OK);
  return file;
}

spec::DataSourceSpec source(const fs::path& file, const std::string& query,
                            std::vector<std::pair<std::string, std::string>> params = {}) {
  spec::DataSourceSpec s;
  s.name = "t";
  s.database = spec::Database::sqlite;
  s.file = file;
  s.where = {"spec.yaml", 3, 3};
  s.query = query;
  s.query_where = {"spec.yaml", 4, 12};
  s.query_params = std::move(params);
  return s;
}

std::string message(const core::UserError& e) {
  REQUIRE(e.diagnostics().size() >= 1);
  return core::format_diagnostic(e.diagnostics()[0]);
}

// The error read_query throws for `s`: its exit code and its first diagnostic.
std::pair<core::ExitCode, std::string> refusal(const spec::DataSourceSpec& s) {
  const auto e = test::user_error_of([&] { data::read_query(s); });
  return {e.code(), message(e)};
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

const std::string indicators =
    "CREATE TABLE t(指标 TEXT, 绝对值 TEXT, 增速 REAL, 户数 INTEGER, 备注 TEXT, period TEXT);"
    "INSERT INTO t VALUES('地区生产总值', '13500.50', 6.1, 12, NULL, '2025M9');"
    "INSERT INTO t VALUES('　　其中：工业', '6000', 5.0, -3, '', '2025M10');"
    "INSERT INTO t VALUES('O''Brien 指数', '7', -1.5, 9007199254740993, 'x', '2025M10');";

}  // namespace

TEST_CASE("SQLite query: each value arrives as its exact text", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  const data::Table t = data::read_query(source(db, "SELECT * FROM t ORDER BY rowid"));
  CHECK(t.columns == std::vector<std::string>{"指标", "绝对值", "增速", "户数", "备注", "period"});
  REQUIRE(t.rows.size() == 3);
  // TEXT as written (13500.50 keeps its zero), REAL as the shortest exact text, INTEGER as its
  // digits (beyond a double's 2^53), NULL and '' both a missing value.
  CHECK(t.rows[0].cells ==
        std::vector<std::string>{"地区生产总值", "13500.50", "6.1", "12", "", "2025M9"});
  CHECK(t.rows[1].cells ==
        std::vector<std::string>{"其中：工业", "6000", "5.0", "-3", "", "2025M10"});
  CHECK(t.rows[1].level == 2);  // two ideographic spaces, as in a CSV file
  CHECK(t.rows[2].cells[3] == "9007199254740993");
  CHECK(t.file == db.string());
  CHECK(t.sheet == "query");
  CHECK(t.rows[0].line == 2);
  CHECK(core::to_string(t.cell_location(t.rows[1], 2)) == db.string() + ":query!C3");
  CHECK(t.digest.size() == 64);
}

TEST_CASE("SQLite query: a REAL is written in plain decimal, shortest first", "[sqlite]") {
  using data::query_detail::real_text;
  CHECK(real_text(6.1) == "6.1");
  CHECK(real_text(0.1 + 0.2) == "0.30000000000000004");
  CHECK(real_text(5.0) == "5.0");
  CHECK(real_text(-2.5) == "-2.5");
  CHECK(real_text(1e-7) == "0.0000001");
  CHECK(real_text(-0.000123) == "-0.000123");
  CHECK(real_text(1e20) == "100000000000000000000.0");
  CHECK(real_text(123456.789) == "123456.789");
  CHECK(real_text(0.0) == "0.0");
  CHECK(real_text(-0.0) == "0.0");
}

TEST_CASE("SQLite query: the table is the one the same CSV file makes", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  const data::Table q = data::read_query(source(db, "SELECT 指标, 绝对值, 增速 FROM t"));
  const data::Table c = data::parse_csv(
      "指标,绝对值,增速\n地区生产总值,13500.50,6.1\n\u3000\u3000其中：工业,6000,5.0\nO'Brien "
      "指数,7,-1.5\n",
      "t.csv");
  CHECK(q.columns == c.columns);
  REQUIRE(q.rows.size() == c.rows.size());
  for (std::size_t r = 0; r < q.rows.size(); ++r) {
    CHECK(std::vector<std::string>(q.rows[r].cells.begin(), q.rows[r].cells.end()) ==
          std::vector<std::string>(c.rows[r].cells.begin(), c.rows[r].cells.end()));
    CHECK(q.rows[r].level == c.rows[r].level);
    CHECK(q.rows[r].line == c.rows[r].line);
  }
  // Loaded as a data source: the figures read and the keys checked as a CSV table's.
  spec::JobSpec spec;
  spec.data.push_back(source(db, "SELECT 指标, 绝对值, 增速 FROM t"));
  const data::IndicatorSet set = data::load_indicators(spec);
  REQUIRE(set.tables.size() == 1);
  CHECK(set.tables[0].name == "t");
  CHECK(set.tables[0].rows.size() == 3);
  // A repeated key is refused at its cell, as in a CSV file.
  spec.data[0] = source(db, "SELECT 指标, 绝对值 FROM t UNION ALL SELECT 指标, 绝对值 FROM t");
  const auto e = test::user_error_of([&] { data::load_indicators(spec); });
  CHECK(message(e).rfind(db.string() + ":query!A5: error: ", 0) == 0);
}

TEST_CASE("SQLite query: an empty result is a table with no rows", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  const data::Table t = data::read_query(source(db, "SELECT 指标, 增速 FROM t WHERE 0"));
  CHECK(t.columns == std::vector<std::string>{"指标", "增速"});
  CHECK(t.rows.empty());
}

TEST_CASE("SQLite query: parameters are bound, never pasted into the SQL", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  const std::string q = "SELECT 指标 FROM t WHERE period = :period OR 指标 = :period";
  const data::Table t = data::read_query(source(db, q, {{"period", "2025M10"}}));
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].cells[0] == "其中：工业");
  // A value holding a quote is a value: it matches the row that holds it, and what would break
  // out of a pasted string matches nothing and drops nothing.
  const data::Table quote =
      data::read_query(source(db, "SELECT 户数 FROM t WHERE 指标 = :k", {{"k", "O'Brien 指数"}}));
  REQUIRE(quote.rows.size() == 1);
  CHECK(quote.rows[0].cells[0] == "9007199254740993");
  const data::Table none =
      data::read_query(source(db, "SELECT 指标 FROM t WHERE period = :k", {{"k", "x' OR '1'='1"}}));
  CHECK(none.rows.empty());
  data::read_query(
      source(db, "SELECT 指标 FROM t WHERE period = :k", {{"k", "x'; DROP TABLE t; --"}}));
  CHECK(data::read_query(source(db, "SELECT count(*) AS n FROM t")).rows[0].cells[0] == "3");
}

TEST_CASE("SQLite query: an unknown or late parameter is refused at the query", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  auto s = source(db, "SELECT * FROM t WHERE period = :month", {{"period", "2025M10"}});
  s.late_params = {"latest_month"};
  CHECK(refusal(s) ==
        std::pair{core::ExitCode::invalid_spec,
                  std::string("spec.yaml:4:12: error: the query binds :month, which is not a "
                              "parameter of the spec\n  hint: the spec's parameters: "
                              ":latest_month, :period")});
  s.query_params.clear();
  s.late_params.clear();
  CHECK(refusal(s).second ==
        "spec.yaml:4:12: error: the query binds :month, which is not a parameter of the spec\n"
        "  hint: the spec declares no parameters (params:)");
  s.late_params = {"month"};
  CHECK(refusal(s) ==
        std::pair{core::ExitCode::invalid_spec,
                  std::string("spec.yaml:4:12: error: the query binds :month, whose value comes "
                              "from the data (a latest: default), known only once the data is "
                              "read\n  hint: give it on the command line: --set month=…")});
}

TEST_CASE("SQLite query: parameters other than :name are refused", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  for (const std::string p : {"?", "?1", "@period", "$period"})
    CHECK(refusal(source(db, "SELECT * FROM t WHERE period = " + p, {{"period", "2025M10"}})) ==
          std::pair{core::ExitCode::invalid_spec,
                    "spec.yaml:4:12: error: the query's parameter " + p +
                        " is not written :name\n  hint: name a parameter of the spec: WHERE "
                        "period = :period"});
}

TEST_CASE("SQLite query: a query that writes is refused, and nothing is written", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  const auto before = names_in(tmp.path());
  for (const std::string& q : std::vector<std::string>{
           "INSERT INTO t(指标) VALUES ('x')", "WITH d AS (SELECT 1) DELETE FROM t",
           "UPDATE t SET 户数 = 0", "PRAGMA user_version = 5", "DROP TABLE t",
           "VACUUM INTO '" + (tmp.path() / "copy.db").string() + "'"})
    CHECK(
        refusal(source(db, q)) ==
        std::pair{core::ExitCode::invalid_spec,
                  std::string("spec.yaml:4:12: error: the query writes to the database\n  hint: a "
                              "data source only reads: write a SELECT")});
  // ATTACH would open another file (or create one); it returns no columns either.
  CHECK(refusal(source(db, "ATTACH '" + (tmp.path() / "z.db").string() + "' AS z")) ==
        std::pair{core::ExitCode::invalid_spec,
                  std::string("spec.yaml:4:12: error: the query returns no columns\n  hint: "
                              "write the SELECT whose result is the table")});
  // PRAGMA query_only is the connection's, not the file's: no columns, refused all the same.
  CHECK(refusal(source(db, "PRAGMA query_only = 0")).second ==
        "spec.yaml:4:12: error: the query returns no columns\n  hint: write the SELECT whose "
        "result is the table");
  CHECK(names_in(tmp.path()) == before);
  CHECK(data::read_query(source(db, "SELECT count(*) AS n FROM t")).rows[0].cells[0] == "3");
}

TEST_CASE("SQLite query: a second statement is refused", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  for (const std::string q : {"SELECT 1 AS a; SELECT 2 AS b", "SELECT 1 AS a; DROP TABLE t",
                              "SELECT 1 AS a; nonsense", "SELECT 1 AS a;; SELECT 2 AS b"})
    CHECK(refusal(source(db, q)) ==
          std::pair{core::ExitCode::invalid_spec,
                    std::string("spec.yaml:4:12: error: the query holds more than one "
                                "statement\n  hint: a data source is one SELECT (or WITH … "
                                "SELECT): nothing after its ';'")});
  // A ';' at the end, blanks and comments after it are one statement.
  CHECK(data::read_query(source(db, "SELECT 1 AS a; -- the end\n /* more */ ")).rows.size() == 1);
  CHECK(data::read_query(source(db, "SELECT count(*) AS n FROM t")).rows[0].cells[0] == "3");
  CHECK(refusal(source(db, " -- nothing\n")).second ==
        "spec.yaml:4:12: error: the query is empty\n  hint: write the SELECT whose result is "
        "the table");
}

TEST_CASE("SQLite query: a database file that is not there is refused and never created",
          "[sqlite]") {
  test::TempDir tmp;
  const fs::path missing = tmp.path() / "nope.db";
  CHECK(refusal(source(missing, "SELECT 1 AS a")) ==
        std::pair{core::ExitCode::missing_input, "spec.yaml:3:3: error: cannot open '" +
                                                     missing.string() +
                                                     "': No such file or directory"});
  CHECK(names_in(tmp.path()).empty());
  std::ofstream(tmp.path() / "notes.txt") << "not a database, but long enough to hold a header "
                                             "of a hundred bytes, which SQLite's files begin "
                                             "with: this one does not.";
  CHECK(refusal(source(tmp.path() / "notes.txt", "SELECT 1 AS a")) ==
        std::pair{core::ExitCode::data_error,
                  "spec.yaml:3:3: error: '" + (tmp.path() / "notes.txt").string() +
                      "' is not an SQLite database\n  hint: sqlite: names an SQLite 3 database "
                      "file"});
  std::ofstream(tmp.path() / "empty.db").flush();
  CHECK(refusal(source(tmp.path() / "empty.db", "SELECT 1 AS a")) ==
        std::pair{core::ExitCode::data_error, "spec.yaml:3:3: error: '" +
                                                  (tmp.path() / "empty.db").string() +
                                                  "' is empty, not an SQLite database"});
  CHECK(refusal(source(tmp.path(), "SELECT 1 AS a")) ==
        std::pair{core::ExitCode::missing_input, "spec.yaml:3:3: error: '" + tmp.path().string() +
                                                     "' is a directory, expected a file"});
}

TEST_CASE("SQLite query: SQL the database refuses is an error at the query", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  CHECK(refusal(source(db, "SELECT * FROM nope")) ==
        std::pair{core::ExitCode::invalid_spec,
                  std::string("spec.yaml:4:12: error: SQLite refuses the query: no such table: "
                              "nope")});
  CHECK(refusal(source(db, "SELECT * FORM t")).second ==
        "spec.yaml:4:12: error: SQLite refuses the query: near \"FORM\": syntax error");
  CHECK(refusal(source(db, "SELECT 1 AS a, 2 AS a")) ==
        std::pair{core::ExitCode::data_error,
                  db.string() + ":query!B1: error: duplicate column name 'a' in the header "
                                "row\n  hint: a placeholder could not tell which column it means: "
                                "name each once (an export's 本月 and 累计 columns both headed "
                                "同比增长% become 本月增长% and 累计增长%)"});
}

TEST_CASE("SQLite query: a query that runs past its timeout is stopped", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  auto s = source(db,
                  "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                  "SELECT count(*) AS n FROM c");
  s.timeout_seconds = 1;
  const auto start = std::chrono::steady_clock::now();
  CHECK(refusal(s) ==
        std::pair{core::ExitCode::unavailable,
                  std::string("spec.yaml:4:12: error: the query did not finish within 1 s "
                              "(timeout: 1)\n  hint: make the query faster, or give it longer: "
                              "timeout: in its data entry")});
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(took >= std::chrono::milliseconds(950));
  CHECK(took < std::chrono::seconds(20));  // stopped: the query never ends
}

TEST_CASE("SQLite query: a database a writer holds locked is unavailable", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  sqlite3* writer = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &writer) == SQLITE_OK);
  REQUIRE(sqlite3_exec(writer, "BEGIN EXCLUSIVE; DELETE FROM t", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  auto s = source(db, "SELECT * FROM t");
  s.timeout_seconds = 1;
  const auto [code, text] = refusal(s);
  sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(writer);
  CHECK(code == core::ExitCode::unavailable);
  CHECK(text == "spec.yaml:3:3: error: '" + db.string() +
                    "' is locked by a program writing it: database is locked\n  hint: run again "
                    "once it is done; the query waits for it up to its timeout: (1 s)");
}

TEST_CASE("SQLite query: a BLOB or text that is not UTF-8 is refused at its cell", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  CHECK(refusal(source(db, "SELECT 指标, x'00ff' AS b FROM t")) ==
        std::pair{core::ExitCode::data_error,
                  db.string() + ":query!B2: error: the value is a BLOB (binary data), not text "
                                "or a figure\n  hint: leave the column out of the SELECT, or "
                                "select it as text"});
  CHECK(refusal(source(db, "SELECT 1 AS a, CAST(x'41ff' AS TEXT) AS b")).second ==
        db.string() +
            ":query!B2: error: the value is not valid UTF-8 (byte offset 1)\n  hint: "
            "the database holds text in another encoding: convert it");
  CHECK(refusal(source(db, "SELECT 1e999 AS a")).second ==
        db.string() + ":query!A2: error: the value is infinite, not a figure");
}

TEST_CASE("SQLite query: the digest follows the result", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), indicators);
  const auto digest = [&](const std::string& q) { return data::read_query(source(db, q)).digest; };
  const std::string all = digest("SELECT * FROM t ORDER BY rowid");
  CHECK(all == digest("SELECT * FROM t ORDER BY rowid"));
  CHECK(all != digest("SELECT * FROM t ORDER BY rowid DESC"));
  CHECK(all !=
        digest("SELECT 指标 AS name, 绝对值, 增速, 户数, 备注, period FROM t ORDER BY rowid"));
  // NULL and '' are both a missing value in the table, but not the same result.
  CHECK(digest("SELECT NULL AS a, 1 AS b") != digest("SELECT '' AS a, 1 AS b"));
  // Values that run together alike: 'ab','c' and 'a','bc'.
  CHECK(digest("SELECT 'ab' AS a, 'c' AS b") != digest("SELECT 'a' AS a, 'bc' AS b"));
  sqlite3* w = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &w) == SQLITE_OK);
  sqlite3_exec(w, "UPDATE t SET 绝对值 = '13500.5' WHERE rowid = 1", nullptr, nullptr, nullptr);
  sqlite3_close(w);
  CHECK(all != digest("SELECT * FROM t ORDER BY rowid"));
}

TEST_CASE("SQLite query: a WAL database is read without a file made beside it", "[sqlite]") {
  test::TempDir tmp;
  const auto db = make_db(tmp.path(), "PRAGMA journal_mode = WAL;" + indicators);
  const auto before = names_in(tmp.path());
  CHECK(before == std::set<std::string>{"x.db"});  // the writer closed: its -wal is gone
  CHECK(data::read_query(source(db, "SELECT * FROM t")).rows.size() == 3);
  CHECK(names_in(tmp.path()) == before);
  // While a writer has it open (its -wal and -shm there), its last commit is read.
  sqlite3* w = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &w) == SQLITE_OK);
  REQUIRE(sqlite3_exec(w, "DELETE FROM t WHERE rowid = 1", nullptr, nullptr, nullptr) == SQLITE_OK);
  CHECK(data::read_query(source(db, "SELECT * FROM t")).rows.size() == 2);
  sqlite3_close(w);
  CHECK(names_in(tmp.path()) == before);
  // A database in rollback-journal mode: no -journal file either.
  const auto plain = make_db(tmp.path(), indicators, "plain.db");
  data::read_query(source(plain, "SELECT * FROM t"));
  CHECK(names_in(tmp.path()) == std::set<std::string>{"x.db", "plain.db"});
}

TEST_CASE("Query parameters: :name becomes $n outside strings, identifiers and comments",
          "[query]") {
  using data::query_detail::number_parameters;
  const core::SourceLocation at{"spec.yaml", 4, 12};
  const auto q = number_parameters(
      "SELECT x::numeric, ':a' AS \":b\", E'\\':c' -- :d\n /* :e /* :f */ :g */ "
      "$$ :h $$, $t$ :i $$ $t$ FROM t WHERE p = :period AND q = :q OR p2 = :period;",
      at);
  CHECK(q.sql ==
        "SELECT x::numeric, ':a' AS \":b\", E'\\':c' -- :d\n /* :e /* :f */ :g */ "
        "$$ :h $$, $t$ :i $$ $t$ FROM t WHERE p = $1 AND q = $2 OR p2 = $1");
  CHECK(q.names == std::vector<std::string>{"period", "q"});
  // '' inside a string; a $ inside an identifier is no quote; := and a[1:2] are no parameters.
  const auto r =
      number_parameters("SELECT 'it''s :x', a$b, f(n := 1), a[1:2] FROM t$ WHERE k=:k", at);
  CHECK(r.sql == "SELECT 'it''s :x', a$b, f(n := 1), a[1:2] FROM t$ WHERE k=$1");
  CHECK(r.names == std::vector<std::string>{"k"});
  const auto refused = [&](std::string_view sql) {
    return message(test::user_error_of([&] { number_parameters(sql, at); }));
  };
  CHECK(refused("SELECT 1; SELECT 2") ==
        "spec.yaml:4:12: error: the query holds more than one statement\n  hint: a data source "
        "is one SELECT (or WITH … SELECT): nothing after its ';'");
  CHECK(number_parameters("SELECT ';' ; -- after\n", at).sql == "SELECT ';'  -- after\n");
  CHECK(refused("SELECT * FROM t WHERE p = $1") ==
        "spec.yaml:4:12: error: the query's parameter $1 is not written :name\n  hint: name a "
        "parameter of the spec: WHERE period = :period");
  CHECK(refused(" /* nothing */ ;") ==
        "spec.yaml:4:12: error: the query is empty\n  hint: write the SELECT whose result is the "
        "table");
}
