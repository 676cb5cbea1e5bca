#!/usr/bin/env bash
# PostgreSQL's own cost of the event log's rows, without the platform: pgbench runs the group commit's statement shape
# (one multi-row INSERT per transaction, same columns, indexes and position stamping) into a scratch copy of
# platform_events, and the PostgreSQL processes' CPU is read from /proc meanwhile (server on this machine only).
# Usage: PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres deploy/scripts/pg-floor.sh [rows per txn] [clients] [seconds]
# Needs a database the platform has already started on (it copies platform_events' definition).
set -euo pipefail
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
rows=${1:-18}
clients=${2:-4}
seconds=${3:-20}

script=$(mktemp)
trap 'rm -f "$script"; psql -qX -c "DROP TABLE IF EXISTS bench_floor_events; DROP SEQUENCE IF EXISTS bench_floor_versions" >/dev/null' EXIT
psql -qX -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DROP TABLE IF EXISTS bench_floor_events;
CREATE TABLE bench_floor_events (LIKE platform_events INCLUDING ALL);
CREATE SEQUENCE IF NOT EXISTS bench_floor_versions;
SQL
cat >"$script" <<SQL
INSERT INTO bench_floor_events (position, stream_id, version, event_id, event_type, data, metadata, correlation_id, causation_id, created_at)
SELECT (pg_current_xact_id()::text::bigint << 20) | g, 'bench-stream-' || (g % 64), nextval('bench_floor_versions'),
       gen_random_uuid(), 'BenchEvent', '{"n":1,"text":"an event payload of about a hundred bytes, like the bench tool sends"}'::json,
       NULL, NULL, NULL, now()
FROM generate_series(1, $rows) g;
SQL

# CPU ticks of every process whose command line names postgres (the server and its backends, not pgbench).
pg_ticks() {
  local total=0 pid
  for pid in $(pgrep -f '(^|/)postgres([: ]|$)' || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

pgbench -n -M prepared -c "$clients" -j 1 -T "$seconds" -f "$script" >"$script.out" 2>&1 &
bench=$!
sleep $((seconds / 4))
window=$((seconds / 2))
before=$(pg_ticks)
sleep "$window"
after=$(pg_ticks)
wait "$bench"
tps=$(awk '/^tps/ {print $3}' "$script.out")
hz=$(getconf CLK_TCK)
python3 - "$tps" "$rows" "$before" "$after" "$hz" "$window" <<'PY'
import sys
tps, rows, before, after, hz, window = float(sys.argv[1]), int(sys.argv[2]), *map(int, sys.argv[3:])
cores = (after - before) / hz / window
per_row = cores / (tps * rows) * 1e6
print(f"{tps * rows:,.0f} rows/s in {tps:,.0f} transactions/s of {rows} rows; PostgreSQL used {cores:.2f} cores = {per_row:.1f} us of CPU per row")
PY
rm -f "$script.out"
