#!/usr/bin/env bash
# tests/postgres: a PostgreSQL server of the tests' own, for the [postgres] test cases (ctest's
# fixture `postgres`): Debian's server binaries (the newest /usr/lib/postgresql/*/bin), a
# cluster in DIR with trust authentication, the superuser `jianbao` and a database
# `jianbao_test`, listening on a Unix socket in DIR only (no TCP port).
#   server.sh start DIR   initdb into DIR/data and start the server (pg_ctl -w); a server or
#                         files an earlier run left in DIR are stopped and removed first
#   server.sh stop DIR    stop it (pg_ctl stop -m fast) and remove DIR
# PostgreSQL refuses to run as root: as root, initdb and the server run as the `postgres`
# system user (which Debian's postgresql package creates), who then owns DIR; the tests, as
# root, reach its socket all the same.
set -euo pipefail
export LC_ALL=C
usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 64
}
[ $# -eq 2 ] || usage
cmd=$1 dir=$2
case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
fail() {
  echo "server.sh: error: $*" >&2
  exit 1
}

bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/initdb" ] ||
  fail "no PostgreSQL server in /usr/lib/postgresql/*/bin (scripts/deps.sh installs postgresql)"

root=false
[ "$(id -u)" -eq 0 ] && root=true
# A server binary run as the server's user, from a folder that user may enter.
as_server() {
  if $root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w -s stop || true
  fi
  rm -rf "$dir"
}

start() {
  # The socket's path (DIR/.s.PGSQL.5432) must fit in a sockaddr_un's 108 bytes; pg_ctl hands
  # the options to a shell, so the path holds no blank or quote.
  [ ${#dir} -le 90 ] || fail "'$dir' is too long for a Unix socket's path (at most 90 bytes)"
  case $dir in *[[:space:]\'\"\\]*) fail "'$dir' holds a blank or a quote" ;; esac
  stop
  mkdir -p "$dir"
  if $root; then
    id postgres >/dev/null 2>&1 || fail "no 'postgres' user to run the server as (root may not)"
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      fail "the postgres user cannot reach '$dir': its parent folders must be searchable (o+x)"
  fi
  as_server "$bin/initdb" -D "$dir/data" --auth=trust --username=jianbao --encoding=UTF8 \
    --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    fail "initdb failed"
  }
  # No durability is needed of a cluster thrown away after the tests.
  as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 -s -o \
    "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off \
     -c synchronous_commit=off -c full_page_writes=off -c max_connections=40" start || {
    tail -n 40 "$dir/data/server.log" >&2 || true
    fail "the server did not start"
  }
  "$bin/createdb" -h "$dir" -U jianbao jianbao_test || fail "createdb jianbao_test failed"
  echo "PostgreSQL $("$bin/postgres" --version | awk "{print \$3}") on $dir/.s.PGSQL.5432" \
    "(as $(if $root; then echo postgres; else id -un; fi)), database jianbao_test"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
