#!/usr/bin/env bash
# Redis for the tests of the limits and breakers shared by workers (issue 21,
# skiptrace/connectors/shared.py). `start`: install Debian's redis-server if missing, run it on
# 127.0.0.1 on a free port (no persistence: no RDB, no AOF; protected mode on), wait until
# `redis-cli ping` answers, print SKIPTRACE_TEST_REDIS_URL=redis://127.0.0.1:PORT/0 on stdout.
# `stop`: shut it down and remove its directory. Logs go to stderr and to the server's log file.
# The state (port, pid, log) lives in a directory named after this checkout and the calling
# shell (.ci/run, or yours: start and stop are called from the same one), so two runs on one
# machine, even in one checkout, each get their own server and never stop the other's.
set -euo pipefail
cd "$(dirname "$0")/../.."
checkout=$(pwd -P)
state="${TMPDIR:-/tmp}/skiptrace-ci-redis-$(printf '%s:%s' "$checkout" "$PPID" | sha256sum | cut -c1-12)"

log() { echo "redis.sh: $*" >&2; }

install() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && return 0
  log "installing Debian's redis-server"
  apt-get install -y -q redis-server >&2 || { apt-get update -q >&2 && apt-get install -y -q redis-server >&2; }
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  install
  stop_quietly
  mkdir -p "$state"
  chmod 700 "$state"
  local port tries
  for tries in 1 2 3; do
    port=$(free_port)
    # --save "" and --appendonly no: nothing written to disk; the keys are limits' state only
    if redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --daemonize yes \
        --save "" --appendonly no --dir "$state" --pidfile "$state/redis.pid" \
        --logfile "$state/redis.log" >&2; then
      for _ in $(seq 1 100); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
          echo "$port" >"$state/port"
          log "Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on 127.0.0.1:$port"
          echo "SKIPTRACE_TEST_REDIS_URL=redis://127.0.0.1:$port/0"
          return 0
        fi
        sleep 0.1
      done
    fi
    log "no answer on port $port (attempt $tries); log:"
    tail -5 "$state/redis.log" >&2 2>/dev/null || true
    stop_quietly
    mkdir -p "$state"
  done
  log "Redis did not start"
  return 1
}

stop_quietly() {
  [ -d "$state" ] || return 0
  if [ -f "$state/port" ]; then
    redis-cli -h 127.0.0.1 -p "$(cat "$state/port")" shutdown nosave >/dev/null 2>&1 || true
  fi
  if [ -f "$state/redis.pid" ]; then
    local pid
    pid=$(cat "$state/redis.pid")
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
  fi
  rm -rf "$state"
}

case "${1:-}" in
  start) start ;;
  stop) stop_quietly; log "stopped" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
