#!/usr/bin/env bash
# Runs the benchmark suite of docs/BENCHMARKS.md on this machine, everything on loopback, and writes one JSON summary
# per scenario (plus logs, the exact commands and the machine's description) to a results folder outside version
# control. To publish a run under docs/benchmarks/, copy its JSON, commands.txt, machine.txt and load.txt: never the logs
# (.gitignore keeps *.log out of docs/benchmarks).
#   deploy/scripts/bench.sh [results-dir]          default: bench-results/<UTC timestamp>
# Knobs (environment): BENCH_ONLY=pg-append-client,pg-append-http (scenarios to run; default all) BENCH_DURATION=20s BENCH_WARMUP=15s (the JIT keeps optimising hot code for ~20 s after start) BENCH_WRITERS=64 BENCH_QUIET_WAIT=120 (seconds) BENCH_PROJECT_SEED=1000000 (backlog of pg-project and pg-project-marten)
#   BENCH_POSTGRES=127.0.0.1:55432 (an existing server, trust auth as postgres: the run gets a fresh database in it, dropped at the end; default: a throwaway server)
#   BENCH_CHECKSUM_ROUNDS=2 (pg-checksums: rounds of baseline, Host with checksums off, Host with checksums on)
# Exit status: 0 when every scenario ran without errors, 1 otherwise (the results are written either way).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
out=${1:-$repo/bench-results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
duration=${BENCH_DURATION:-20s}
warmup=${BENCH_WARMUP:-15s}
writers=${BENCH_WRITERS:-64}
quiet_wait=${BENCH_QUIET_WAIT:-120}
cluster=bench
host_dir=$repo/src/OrleansPlatform.Host/bin/Release/net10.0
bench_dll=$repo/src/OrleansPlatform.Bench/bin/Release/net10.0/OrleansPlatform.Bench.dll
work=$(mktemp -d /tmp/op-bench.XXXXXX)
host_pid=""
failures=0
PGTEST_DIR=""
bench_db=""
group=""
gateway_port=""
url=""

stop_host() {
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    kill -TERM "$host_pid"
    # The host drains queued appends on SIGTERM (30 s shutdown timeout); after that it is killed.
    for _ in $(seq 40); do kill -0 "$host_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  host_pid=""
}

cleanup() {
  stop_host
  if [ -n "$PGTEST_DIR" ]; then deploy/scripts/test-postgres.sh stop "$PGTEST_DIR"; fi
  if [ -n "$bench_db" ]; then dropdb --force -h "$pg_host" -p "$pg_port" -U postgres "$bench_db" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Machine-wide CPU use (percent of all cores) over two seconds, from /proc/stat.
cpu_busy() {
  read -r _ u1 n1 s1 i1 w1 q1 sq1 _ < /proc/stat; sleep 2
  read -r _ u2 n2 s2 i2 w2 q2 sq2 _ < /proc/stat
  local busy=$(( (u2+n2+s2+q2+sq2) - (u1+n1+s1+q1+sq1) )) idle=$(( (i2+w2) - (i1+w1) ))
  echo $(( 100 * busy / (busy + idle) ))
}

# Other people's work on a shared machine skews every number: wait (bounded) for a quiet moment and log what we got.
wait_for_quiet() {
  local deadline=$((SECONDS + quiet_wait)) busy
  busy=$(cpu_busy)
  while [ "$busy" -gt 15 ] && [ "$SECONDS" -lt "$deadline" ]; do busy=$(cpu_busy); done
  echo "$busy"
}

# CPU jiffies so far, machine-wide (all cores): "processes total ours kthreads irq steal". processes = user+system time of
# all processes; ours = the host, our PostgreSQL (postmaster, live backends, and exited ones through the postmaster's
# children's times) and everything this script ran and reaped (the bench); kthreads and irq = kernel threads and
# interrupt time (disk flushes, loopback networking); steal = time the hypervisor gave to other VMs. The rest is other people's work.
cpu_snapshot() {
  python3 - "$host_pid" "$pg_postmaster" $$ <<'PY'
import os, sys
def fields(pid):
    try:
        s = open(f"/proc/{pid}/stat").read()
    except (OSError, ValueError):
        return None
    return s[s.rindex(")") + 2:].split()
def own(f): return int(f[11]) + int(f[12]) if f else 0
def reaped(f): return int(f[13]) + int(f[14]) if f else 0
pm = int(sys.argv[2])
ours = (own(fields(sys.argv[1])) if sys.argv[1] else 0) + own(fields(pm)) + reaped(fields(pm)) + reaped(fields(sys.argv[3]))
kernel = own(fields(2))
for d in os.listdir("/proc"):
    f = fields(d) if d.isdigit() else None
    if f and int(f[1]) == pm:
        ours += own(f)
    elif f and int(f[1]) == 2:
        kernel += own(f)
cpu = [int(v) for v in open("/proc/stat").readline().split()[1:9]]
print(cpu[0] + cpu[1] + cpu[2], sum(cpu), ours, kernel, cpu[5] + cpu[6], cpu[7])
PY
}

# start_host NAME ENV=VALUE...: starts the Host from its build output on fresh loopback ports, waits for /health/ready.
start_host() {
  local name=$1; shift
  http_port=$(free_port); silo_port=$(free_port); gateway_port=$(free_port)
  url=http://127.0.0.1:$http_port
  (cd "$host_dir" && exec env "$@" Platform__ClusterId=$cluster Platform__ServiceId=$cluster \
      Platform__SiloPort="$silo_port" Platform__GatewayPort="$gateway_port" \
      dotnet OrleansPlatform.Host.dll --urls "$url") >"$out/host-$name.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 120); do
    if curl -sf "$url/health/ready" >/dev/null; then return 0; fi
    if ! kill -0 "$host_pid" 2>/dev/null; then echo "host $name exited; see $out/host-$name.log" >&2; return 1; fi
    sleep 1
  done
  echo "host $name not ready after 120 s; see $out/host-$name.log" >&2
  return 1
}

# The Host process's user+system CPU so far, in clock ticks.
host_cpu() { cut -d')' -f2 "/proc/$host_pid/stat" | awk '{ print $12 + $13 }'; }

# Rows in the event log (warm-up and measured appends, plus the platform's own few).
event_rows() { "${psql[@]}" -c 'SELECT count(*) FROM platform_events'; }

# selected NAME: whether BENCH_ONLY (comma-separated scenario names; empty: all) asks for NAME.
selected() { [ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *",$1,"* ]]; }

# Whether BENCH_ONLY asks for anything that runs on the main PostgreSQL-mode Host (the blocks after it start their own).
main_host_selected() {
  [ -z "${BENCH_ONLY:-}" ] || tr ',' '\n' <<<"$BENCH_ONLY" | grep -qvxE 'pg-checksums|pg-state-nosnap|sqlite-(append-client|append-http|readall-1000)'
}

# run_bench NAME ARGS...: one scenario; its exit status is recorded, not fatal, so the other scenarios still run.
run_bench() {
  local name=$1; shift
  selected "$name" || { [ -n "$group" ] && selected "$group"; } || return 0
  local quiet; quiet=$(wait_for_quiet)
  echo "== $name (machine CPU before: ${quiet}%, load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/load.txt"
  echo "dotnet src/OrleansPlatform.Bench/bin/Release/net10.0/OrleansPlatform.Bench.dll $* --json $name.json" \
    | sed "s#$PLATFORM_TEST_POSTGRES#\$PG#g" >>"$out/commands.txt"
  local status=0 before after host_before rows_before
  # In a group (pg-checksums), also the Host's own CPU per stored event: far less swayed by other people's load than
  # events/s, and what the checksum chain adds shows there first.
  if [ -n "$group" ] && [ -n "$host_pid" ]; then host_before=$(host_cpu); rows_before=$(event_rows); fi
  before=$(cpu_snapshot)
  dotnet "$bench_dll" "$@" --json "$out/$name.json" 2>&1 | tee "$out/$name.log" || status=$?
  after=$(cpu_snapshot)
  if [ -n "$group" ] && [ -n "$host_pid" ]; then
    local host_after rows_after; host_after=$(host_cpu); rows_after=$(event_rows)
    echo "   $name host CPU $(( (host_after - host_before) * 1000 / $(getconf CLK_TCK) )) ms for $((rows_after - rows_before)) stored events:" \
      "$(( (host_after - host_before) * 1000000 / $(getconf CLK_TCK) / (rows_after - rows_before + 1) )) us per event" | tee -a "$out/load.txt"
  fi
  local usage
  usage=$(awk -v b="$before" -v a="$after" 'BEGIN { split(b, x, " "); split(a, y, " "); t = y[2] - x[2]
    ours = y[3] - x[3]; kthreads = y[4] - x[4]; kernel = kthreads + y[5] - x[5]; steal = y[6] - x[6]
    # Softirq work (loopback networking) can be charged to our processes and to the irq columns at once: clamp at 0.
    others = (y[1] - x[1]) - ours - kthreads; if (others < 0) others = 0
    printf "benchmark %d%%, kernel %d%%, steal %d%%, other processes %d%% of all cores", 100 * ours / t, 100 * kernel / t, 100 * steal / t, 100 * others / t }')
  echo "   $name exit $status; CPU during the run: $usage; load after $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
  if [ "$status" -ne 0 ]; then failures=$((failures + 1)); fi
}

if [ -n "${BENCH_POSTGRES:-}" ]; then
  pg_host=${BENCH_POSTGRES%:*}; pg_port=${BENCH_POSTGRES##*:}
  bench_db=bench_$(date -u +%Y%m%d%H%M%S)_$$
  createdb -h "$pg_host" -p "$pg_port" -U postgres "$bench_db"
  PLATFORM_TEST_POSTGRES="Host=$pg_host;Port=$pg_port;Username=postgres;Database=$bench_db;Pooling=true;Maximum Pool Size=50"
  pg=$PLATFORM_TEST_POSTGRES
  psql=(psql -h "$pg_host" -p "$pg_port" -U postgres -d "$bench_db" -At)
  # The server's postmaster (parent of its checkpointer), whose children's CPU counts as ours; on a shared server
  # that includes other clients' backends.
  pg_postmaster=$(ps -o ppid= -p "$("${psql[@]}" -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")" | tr -d ' ')
else
  eval "$(deploy/scripts/test-postgres.sh start)"
  pg=$PLATFORM_TEST_POSTGRES
  psql=("$(dirname "$(readlink -f "$PGTEST_BIN/pg_ctl")")/psql" -h 127.0.0.1 -p "$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$pg")" -U postgres -At)
  pg_postmaster=$(head -n 1 "$PGTEST_DIR/data/postmaster.pid")
fi

dotnet build OrleansPlatform.sln -c Release -nologo -v quiet >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git rev-parse --short HEAD)"
  echo "nproc: $(nproc)"
  echo "memory: $(free -m | awk '/^Mem:/{print $2 " MiB"}')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "kernel: $(uname -r)"
  echo "dotnet: $(dotnet --version)"
  echo "postgres: $("${psql[@]}" -c 'SHOW server_version')"
  echo "fsync: $("${psql[@]}" -c 'SHOW fsync'), synchronous_commit: $("${psql[@]}" -c 'SHOW synchronous_commit'), wal_sync_method: $("${psql[@]}" -c 'SHOW wal_sync_method')"
  echo "shared_buffers: $("${psql[@]}" -c 'SHOW shared_buffers'), max_connections: $("${psql[@]}" -c 'SHOW max_connections')"
  echo "duration: $duration, warmup: $warmup, writers: $writers"
} | tee "$out/machine.txt"

# --- PostgreSQL mode: the cluster configuration -------------------------------------------------------------------
if main_host_selected; then
  start_host postgres Platform__Storage=Postgres ConnectionStrings__Postgres="$pg" Platform__AdvertisedAddress=127.0.0.1
fi
load=(--writers "$writers" --duration "$duration" --warmup "$warmup")
run_bench pg-append-client append --mode client --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster \
  --postgres "$pg" --baseline --events-per-append 1 "${load[@]}"
run_bench pg-append-http append --mode http --url "$url" --storage postgres --postgres "$pg" --baseline "${load[@]}"
run_bench pg-append-http-batch10 append --mode http --url "$url" --storage postgres --events-per-append 10 "${load[@]}"
# The peer a .NET team would pick instead: Marten's event store (Quick append) on the same database, same events.
run_bench pg-append-marten append --mode marten --postgres "$pg" --storage postgres "${load[@]}"
run_bench pg-publish publish --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --postgres "$pg" --baseline "${load[@]}"
run_bench pg-deliver deliver --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --postgres "$pg" --rate 2000 \
  --duration "$duration" --warmup "$warmup"
run_bench pg-tx tx --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --storage postgres --participants 2 "${load[@]}"
run_bench pg-saga saga --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --storage postgres "${load[@]}"
run_bench pg-readall-1000 readall --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --storage postgres --page-size 1000
run_bench pg-readall-5000 readall --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --storage postgres --page-size 5000
# The floors under the append ratio: the typed client's call path without storage, and PostgreSQL's own CPU per
# event-log row (group-commit shape, 18 rows per transaction, and the baseline's shape, one row per transaction).
run_bench pg-roundtrip roundtrip --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --storage postgres "${load[@]}"
# Issue 11: registry resolve from the typed client (its watched resolve cache), 64 callers by default.
run_bench pg-resolve resolve --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --storage postgres "${load[@]}"
# Issue 12: a 100,000-event stream's state at random versions, from snapshots (and below, the same stream without).
state_stream=bench-state-$(date -u +%s)
run_bench pg-state state --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --postgres "$pg" --storage postgres \
  --stream "$state_stream" --events 100000 --samples 2000
# Issue 11: the same GETs straight to a local backend and through the mesh, one run: ratio and added latency.
run_bench pg-mesh mesh --url "$url" --storage postgres "${load[@]}"
# Issue 12: a merge-patch projection catching up over 1M seeded events, then its live lag at 5,000 events/s.
run_bench pg-project project --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --storage postgres \
  --seed "${BENCH_PROJECT_SEED:-1000000}" --rate 5000 --live 30s
# Its peer: Marten's async daemon catching up over the same backlog shape, on the same PostgreSQL.
run_bench pg-project-marten project-marten --postgres "$pg" --storage postgres --seed "${BENCH_PROJECT_SEED:-1000000}"
pg_bin=$(dirname "${psql[0]}")
for shape in "18 4" "1 $writers"; do
  selected pg-floor || continue
  # shellcheck disable=SC2086 # rows and clients are two words on purpose
  PATH="$pg_bin:$PATH" PGHOST=127.0.0.1 PGPORT="$(sed 's/.*Port=\([0-9]*\).*/\1/' <<<"$pg")" PGUSER=postgres \
    deploy/scripts/pg-floor.sh $shape 20 | tee -a "$out/pg-floor.txt"
done
stop_host

if selected pg-state-nosnap; then
start_host postgres-nosnap Platform__Storage=Postgres ConnectionStrings__Postgres="$pg" Platform__AdvertisedAddress=127.0.0.1 \
  Platform__Snapshots__Enabled=false
run_bench pg-state-nosnap state --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --postgres "$pg" --storage postgres \
  --stream "$state_stream" --events 100000 --samples 30 --snapshots false
stop_host
fi

# Issue 13: what the checksum chain costs. Each round: the raw PostgreSQL baseline, a Host with
# Platform:Integrity:Checksums off (plain appends) and one with it on (plain, schema, encrypted); both Hosts are
# configured alike (master key included) but for the switch, and each has a throwaway run before the measured ones.
if selected pg-checksums; then
  group=pg-checksums
  master_key=$(head -c 32 /dev/urandom | base64)
  host_env=(Platform__Storage=Postgres ConnectionStrings__Postgres="$pg" Platform__AdvertisedAddress=127.0.0.1 Platform__Erasure__MasterKey="$master_key")
  for round in $(seq "${BENCH_CHECKSUM_ROUNDS:-2}"); do
    run_bench "pg-checksums-baseline-$round" baseline --postgres "$pg" "${load[@]}"
    # Odd rounds measure off first, even rounds on first, so a drift in other people's load favours neither.
    sides=(off on); [ $((round % 2)) -eq 0 ] && sides=(on off)
    for side in "${sides[@]}"; do
      if [ "$side" = off ]; then
        start_host "checksums-off-$round" "${host_env[@]}" Platform__Integrity__Checksums=false
        payloads=(plain)
      else
        start_host "checksums-on-$round" "${host_env[@]}"
        payloads=(plain schema encrypted)
      fi
      # Not measured: on a loaded machine a fresh Host is still compiling its hot paths after a run's 25 s warm-up
      # (docs/BENCHMARKS.md, issue 13), so one throwaway run first makes every measured run a warm Host's.
      dotnet "$bench_dll" append --mode client --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --storage postgres \
        --payload plain "${load[@]}" >"$out/pg-checksums-$side-$round-throwaway.log" 2>&1 || true
      for payload in "${payloads[@]}"; do
        run_bench "pg-checksums-$side-$payload-$round" append --mode client --gateway "127.0.0.1:$gateway_port" \
          --cluster-id $cluster --storage postgres --payload "$payload" "${load[@]}"
      done
      stop_host
    done
  done
  group=""
fi

# --- SQLite mode: the embedded single node, for comparison ---------------------------------------------------------
if selected sqlite-append-client || selected sqlite-append-http || selected sqlite-readall-1000; then
start_host sqlite Platform__Storage=Sqlite Platform__DataDirectory="$work/sqlite"
run_bench sqlite-append-client append --mode client --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster \
  --storage sqlite --events-per-append 1 "${load[@]}"
run_bench sqlite-append-http append --mode http --url "$url" --storage sqlite "${load[@]}"
run_bench sqlite-readall-1000 readall --gateway "127.0.0.1:$gateway_port" --cluster-id $cluster --storage sqlite --page-size 1000
stop_host
fi

python3 - "$out" <<'PY' | tee "$out/summary.md"
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
def kinds(s):
    k = s.get("errorKinds") or {}
    return " (" + ", ".join(f"{n}: {c}" for n, c in k.items()) + ")" if k else ""
print("| scenario | mode | storage | events/s | p50 ms | p99 ms | max ms | baseline inserts/s | ratio | load generator CPU | errors |")
print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for f in sorted(out.glob("*.json"), key=lambda p: p.stat().st_mtime):
    s = json.loads(f.read_text())
    base = f"{s['baselineInsertsPerSecond']:,.0f}" if s.get("baselineInsertsPerSecond") is not None else ""
    ratio = f"{s['ratio']:.2f}" if s.get("ratio") is not None else ""
    cpu = f"{s['loadGeneratorCpuPercent']:.0f} %" if s.get("loadGeneratorCpuPercent") is not None else ""
    print(f"| {f.stem} | {s['mode']} | {s['storage']} | {s['eventsPerSecond']:,.0f} | {s['p50Ms']:.2f} | {s['p99Ms']:.2f} "
          f"| {s['maxMs']:.2f} | {base} | {ratio} | {cpu} | {s['errors']}{kinds(s)} |")
PY
echo "results in $out"
[ "$failures" -eq 0 ]
