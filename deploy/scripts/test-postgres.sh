#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite and prints its connection string.
# Usage: eval "$(deploy/scripts/test-postgres.sh start)"  ...  deploy/scripts/test-postgres.sh stop "$PGTEST_DIR"
set -euo pipefail

find_bin() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
  # initdb refuses to run as root: use the postgres account when we are root.
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

case "${1:-start}" in
  start)
    bin=$(find_bin)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
      echo "PostgreSQL server binaries not found; install them (apt-get install -y postgresql)." >&2
      exit 1
    fi
    if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then useradd --system --no-create-home postgres; fi
    dir=$(mktemp -d /tmp/op-pg.XXXXXX)
    [ "$(id -u)" = "0" ] && chown postgres "$dir"
    port=$(free_port)
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=400 -c shared_buffers=256MB" start >/dev/null
    echo "export PGTEST_DIR=$dir"
    echo "export PGTEST_BIN=$bin"
    echo "export PLATFORM_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50'"
    ;;
  stop)
    dir=${2:?data dir}
    bin=$(find_bin)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
