#!/usr/bin/env bash
# One outpost-bench run against a fresh release server, for A/B comparisons of builds (make bench
# runs every scenario and writes docs/benchmarks.md; this only prints one run's Markdown report).
#
#   bash scripts/bench-one.sh BINDIR sqlite|postgres LABEL [outpost-bench run arguments…]
#   bash scripts/bench-one.sh /var/tmp/outpost-lto/release sqlite head --scenarios writes --users 200 --writers 32 --duration 10
#
# BINDIR holds `outpost` and `outpost-bench` (copy a build aside to compare it with a later one).
# PostgreSQL: a fresh database on BENCH_PG (default postgres://postgres@127.0.0.1:5432), dropped after.
set -euo pipefail
BIN="$1" DB="$2" LABEL="$3"
shift 3
PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
WORK="$(mktemp -d -t outpost-bench-one.XXXXXX)"
mkdir -p "$WORK/data"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
args=(serve --listen "127.0.0.1:$port" --data-dir "$WORK/data" --log-level warn)
extra=()
name=""
if [[ "$DB" == postgres ]]; then
    name="outpost_bench_one_$$"
    psql "$PG/postgres" -qc "CREATE DATABASE $name" >/dev/null
    args+=(--database-url "$PG/$name")
    extra=(--server-database-url "$PG/$name")
fi
(cd "$WORK/data" && exec "$BIN/outpost" "${args[@]}") >"$WORK/server.log" 2>&1 &
pid=$!
cleanup() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [[ -n "$name" ]]; then psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 200); do
    curl -fsS "http://127.0.0.1:$port/api/v4/system/ping" >/dev/null 2>&1 && break
    sleep 0.05
done
"$BIN/outpost-bench" run --url "http://127.0.0.1:$port" --label "$LABEL" --server-pid "$pid" \
    --server-data-dir "$WORK/data" --outpost-bin "$BIN/outpost" "${extra[@]}" \
    --json "$WORK/out.json" --markdown "$WORK/out.md" "$@"
cat "$WORK/out.md"
