#!/usr/bin/env bash
# PostgreSQL for the tests of the PostgreSQL store (issue 21): Debian's server (installed when
# missing), a throwaway cluster in a temporary directory made and run by the `postgres` user
# (initdb refuses root), listening on 127.0.0.1 only, on a free port, password authentication
# only (scram-sha-256). `start` prints what the tests read:
#   SKIPTRACE_TEST_POSTGRES_URL=postgresql://skiptrace@127.0.0.1:PORT/skiptrace  (no password)
#   PGPASSFILE=<a 0600 file in the cluster's directory>  (libpq sends it to that host only)
# `stop` stops the cluster and removes its directory. Logs go to stderr.
# Where the cluster is, is kept in a file named after this checkout and the calling shell
# ($PPID): .ci/run (or a developer's shell) calls start and stop from one shell, so two runs on
# one machine, even from the same checkout, never stop each other's server.
set -euo pipefail
cd "$(dirname "$0")/../.."
state="${TMPDIR:-/tmp}/skiptrace-ci-postgres-$(printf '%s:%s' "$(pwd)" "$PPID" | sha256sum | cut -c1-12)"

bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ]; then
    echo "postgres.sh: installing Debian's postgresql" >&2
    { apt-get install -y -q postgresql || { apt-get update -q && apt-get install -y -q postgresql; }; } >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local bin port password
  bin=$(bin_dir)
  if [ -e "$state" ]; then stop; fi
  root=$(mktemp -d "${TMPDIR:-/tmp}/skiptrace-postgres.XXXXXX")
  echo "$root" >"$state"
  chmod 0700 "$root"
  password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
  printf '%s\n' "$password" >"$root/password"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$root"; fi
  as_postgres "$bin/initdb" -D "$root/data" -U postgres --auth=scram-sha-256 \
    --pwfile="$root/password" -E UTF8 --locale=C.UTF-8 >&2
  port=$(free_port)
  as_postgres "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -k $root -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >&2
  for _ in $(seq 1 60); do
    if "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q; then break; fi
    sleep 0.5
  done
  "$bin/pg_isready" -h 127.0.0.1 -p "$port" >&2
  PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q \
    -v ON_ERROR_STOP=1 -v pw="$password" >&2 <<'SQL'
CREATE ROLE skiptrace LOGIN PASSWORD :'pw';
CREATE DATABASE skiptrace OWNER skiptrace;
SQL
  rm -f "$root/password"
  # the tests' client runs as the caller: the passfile is theirs, 0600 (libpq refuses looser)
  umask 077
  printf '127.0.0.1:%s:*:skiptrace:%s\n' "$port" "$password" >"$root/pgpass"
  chown "$(id -u):$(id -g)" "$root/pgpass"
  echo "$port" >"$root/port"
  echo "SKIPTRACE_TEST_POSTGRES_URL=postgresql://skiptrace@127.0.0.1:$port/skiptrace"
  echo "PGPASSFILE=$root/pgpass"
}

stop() {
  [ -e "$state" ] || return 0
  local bin root
  root=$(cat "$state")
  bin=$(bin_dir)
  if [ -d "$root/data" ]; then
    as_postgres "$bin/pg_ctl" -D "$root/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$root" "$state"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
