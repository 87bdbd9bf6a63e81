// tests/postgres: the tests' own PostgreSQL server (server.sh, ctest's fixture `postgres`, which
// sets JIANBAO_TEST_PG to its connection string) for the [postgres] cases. Without it they fail:
// none is skipped.
#pragma once

#include <libpq-fe.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

namespace jb::test {

inline std::string pg_server() {
  const char* conn = std::getenv("JIANBAO_TEST_PG");
  if (!conn || !*conn)
    FAIL(
        "JIANBAO_TEST_PG is not set: run the [postgres] tests through ctest, whose fixture "
        "starts their server (tests/postgres/server.sh)");
  return conn;
}

// Runs `sql` (several statements) on the tests' server, as its superuser.
inline void pg_run(const std::string& sql) {
  PGconn* c = PQconnectdb(pg_server().c_str());
  const bool connected = PQstatus(c) == CONNECTION_OK;
  const std::string error = PQerrorMessage(c);
  if (!connected) PQfinish(c);
  INFO(error);
  REQUIRE(connected);
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  const std::string message = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  INFO(message);
  REQUIRE(ok);
}

}  // namespace jb::test
