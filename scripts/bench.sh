#!/usr/bin/env bash
# The benchmark of issue 8 (`make bench`): builds release binaries, then for each database starts a
# fresh `outpost serve` (SQLite on an empty temp data dir; PostgreSQL on a fresh database created
# with psql and dropped afterwards), seeds it through the API and runs every outpost-bench scenario.
# Writes docs/benchmarks.md and docs/benchmarks.json.
#
# Sizes (environment):
#   BENCH_CLIENTS=1000,5000,10000      fan-out WebSocket clients, one run per size
#   BENCH_CONNECTIONS=10000,5000,1000  idle connections (memory), one measurement per size, largest
#                           first (later sizes reuse memory the allocator kept from earlier ones)
#   BENCH_RATE=2            fan-out posts/s                   BENCH_DURATION=10    seconds per timed phase
#   BENCH_WRITERS=32        concurrent posters                BENCH_READERS=16     concurrent readers
#   BENCH_USERS=200         users to seed; connections are spread over them round-robin (each user
#                           costs two PBKDF2 hashes on the server, ~0.1 s of CPU each)
#   BENCH_MIXED_START=2000  mixed workload: simulated users in the first step
#   BENCH_MIXED_STEP=2000   … users added per step        BENCH_MIXED_STEP_SECS=30  … seconds measured per step
#   BENCH_MIXED_MAX=20000   … most users tried (all seeded up front, copied in the database)
#   BENCH_MIXED_THINK_AVG=20  … mean idle seconds between a user's actions
#   BENCH_DBS="sqlite postgres"
#   BENCH_SCENARIOS=memory,fanout,writes,reads,startup,mixed
#   BENCH_LABEL_SUFFIX=     appended to each run's label (e.g. "-10k")
#   BENCH_PG=postgres://postgres@127.0.0.1:5432   PostgreSQL server (a database is created and dropped)
#   BENCH_OUT=docs          where benchmarks.md / benchmarks.json go
#   BENCH_SKIP_BUILD=1      reuse the binaries already built
#   BENCH_PROFILE=release   `debug` only to try this script quickly (figures meaningless)
# Functions below are called indirectly (traps):
# shellcheck disable=SC2317
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/outpost-target}"

CLIENTS="${BENCH_CLIENTS:-1000,5000,10000}"
CONNECTIONS="${BENCH_CONNECTIONS:-10000,5000,1000}"
DURATION="${BENCH_DURATION:-10}"
RATE="${BENCH_RATE:-2}"
WRITERS="${BENCH_WRITERS:-32}"
READERS="${BENCH_READERS:-16}"
DBS="${BENCH_DBS:-sqlite postgres}"
SCENARIOS="${BENCH_SCENARIOS:-memory,fanout,writes,reads,startup,mixed}"
MIXED_START="${BENCH_MIXED_START:-2000}"
MIXED_STEP="${BENCH_MIXED_STEP:-2000}"
MIXED_STEP_SECS="${BENCH_MIXED_STEP_SECS:-30}"
MIXED_MAX="${BENCH_MIXED_MAX:-20000}"
MIXED_THINK_AVG="${BENCH_MIXED_THINK_AVG:-20}"
PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
OUT="${BENCH_OUT:-docs}"
USERS="${BENCH_USERS:-200}"
USERS_ARG=(--users "$USERS")

PROFILE="${BENCH_PROFILE:-release}"
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
    if [[ "$PROFILE" == release ]]; then
        cargo build --release -p outpost-server -p outpost-bench
    else
        cargo build -p outpost-server -p outpost-bench
    fi
fi
OUTPOST="$CARGO_TARGET_DIR/$PROFILE/outpost"
BENCH="$CARGO_TARGET_DIR/$PROFILE/outpost-bench"

# Release builds lay out start-up code by crates/outpost-server/link-order.txt (decision 0008);
# say how much of the list this build matched (a stale list costs idle memory, nothing else).
LAYOUT="not used ($PROFILE build)"
ORDER="$(dirname "${BASH_SOURCE[0]}")/../crates/outpost-server/link-order.txt"
if [[ "$PROFILE" == release && -f "$ORDER" ]] && command -v nm >/dev/null; then
    found=$(comm -12 <(sort -u "$ORDER") <(nm "$OUTPOST" | awk '{print $NF}' | sort -u) | wc -l)
    LAYOUT="$found of $(wc -l <"$ORDER") functions of crates/outpost-server/link-order.txt found in the binary"
fi
echo "== code layout: $LAYOUT"

# The server and the generator both hold one descriptor per connection (the mixed workload: one
# WebSocket per simulated user). Raise the hard limit where allowed (root), else the soft one.
ulimit -n 262144 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

WORK="$(mktemp -d -t outpost-bench.XXXXXX)"
SERVER_PID=""
PG_DBS=()
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
cleanup() {
    stop_server
    for db in "${PG_DBS[@]}"; do
        psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server DATA_DIR [DATABASE_URL]: starts `outpost serve`, waits for ping, sets SERVER_PID and URL.
start_server() {
    local data="$1" db="${2:-}" port
    port="$(free_port)"
    URL="http://127.0.0.1:$port"
    mkdir -p "$data"
    local args=(serve --listen "127.0.0.1:$port" --data-dir "$data" --log-level warn)
    if [[ -n "$db" ]]; then args+=(--database-url "$db"); fi
    (cd "$data" && exec "$OUTPOST" "${args[@]}") >"$data.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 600); do
        curl -fsS "$URL/api/v4/system/ping" >/dev/null 2>&1 && break
        sleep 0.05
    done
    curl -fsS "$URL/api/v4/system/ping" >/dev/null
    sleep 1 # let the process settle before the idle RSS is read
}

FAILED=0
RUNS=()
for db in $DBS; do
    data="$WORK/$db/data"
    extra=()
    case "$db" in
        sqlite)
            start_server "$data"
            ;;
        postgres)
            name="outpost_bench_$$"
            empty="outpost_bench_empty_$$"
            PG_DBS+=("$name" "$empty")
            psql "$PG/postgres" -qc "CREATE DATABASE $name" >/dev/null
            psql "$PG/postgres" -qc "CREATE DATABASE $empty" >/dev/null
            start_server "$data" "$PG/$name"
            extra=(--server-database-url "$PG/$name" --startup-empty-database-url "$PG/$empty")
            ;;
        *) echo "unknown database $db" >&2; exit 2 ;;
    esac
    echo "== $db: server pid $SERVER_PID at $URL"
    if ! "$BENCH" run --url "$URL" --label "$db${BENCH_LABEL_SUFFIX:-}" --scenarios "$SCENARIOS" \
        --server-pid "$SERVER_PID" --server-data-dir "$data" --outpost-bin "$OUTPOST" "${extra[@]}" \
        "${USERS_ARG[@]}" --clients "$CLIENTS" --connections "$CONNECTIONS" --writers "$WRITERS" \
        --readers "$READERS" --rate "$RATE" --duration "$DURATION" \
        --mixed-start "$MIXED_START" --mixed-step "$MIXED_STEP" --mixed-step-secs "$MIXED_STEP_SECS" \
        --mixed-max "$MIXED_MAX" --mixed-think-avg "$MIXED_THINK_AVG" \
        --json "$WORK/$db.json" --markdown "$WORK/$db.md"; then
        FAILED=1
    fi
    stop_server
    if [[ -f "$WORK/$db.json" ]]; then RUNS+=("$WORK/$db.json"); fi
done

if [[ ${#RUNS[@]} -gt 0 ]]; then
    PREAMBLE="Produced by \`make bench\` (scripts/bench.sh) on $(date -u +%Y-%m-%d) with
\`BENCH_CLIENTS=$CLIENTS BENCH_CONNECTIONS=$CONNECTIONS BENCH_DURATION=$DURATION BENCH_RATE=$RATE BENCH_WRITERS=$WRITERS BENCH_READERS=$READERS BENCH_USERS=$USERS
BENCH_MIXED_START=$MIXED_START BENCH_MIXED_STEP=$MIXED_STEP BENCH_MIXED_STEP_SECS=$MIXED_STEP_SECS BENCH_MIXED_MAX=$MIXED_MAX BENCH_MIXED_THINK_AVG=$MIXED_THINK_AVG\`:
$PROFILE builds, a fresh \`outpost serve\` per database (SQLite in an empty temp data dir; PostgreSQL in a fresh database),
seeded through the public API, with the generator (\`outpost-bench\`) on the same machine. Each run's exact command is below.
Figures are measured, whatever they are; a target that is missed is missed.

Not measured by this script:
- One user per fan-out client (the issue says N users): the clients are spread round-robin over $USERS seeded users (seeding logs every user
  in once; with PBKDF2 at 600k rounds that is ~0.1 s of server CPU per hash, two per user), all members of the channel.
- Profiles: they are taken by hand (\`perf record\` on the server during a scenario) and written below the runs.
- Server and generator share this machine's cores; each scenario below lists the CPU time of both.

Code layout (decision 0008): $LAYOUT."
    "$BENCH" report --markdown "$OUT/benchmarks.md" --json "$OUT/benchmarks.json" --preamble "$PREAMBLE" "${RUNS[@]}"
    echo "wrote $OUT/benchmarks.md and $OUT/benchmarks.json"
fi
exit $FAILED
