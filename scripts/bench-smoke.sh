#!/usr/bin/env bash
# A tiny run of every outpost-bench scenario against a debug build on SQLite, so the benchmark
# never rots (CI runs this). The mixed workload runs 10 then 20 users with latency thresholds
# loosened for a debug build on a busy machine: only errors fail it. Exits non-zero if any scenario fails; the last line is
#   bench-smoke: N passed, M failed
#
# Environment: CARGO_TARGET_DIR (default /var/tmp/outpost-target), BENCH_SMOKE_SKIP_BUILD=1 to reuse binaries.
# Functions below are called indirectly (traps):
# shellcheck disable=SC2317
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/outpost-target}"
SCENARIO_COUNT=10

if [[ "${BENCH_SMOKE_SKIP_BUILD:-}" != 1 ]]; then
    cargo build --quiet -p outpost-server -p outpost-bench
fi
OUTPOST="$CARGO_TARGET_DIR/debug/outpost"
BENCH="$CARGO_TARGET_DIR/debug/outpost-bench"

WORK="$(mktemp -d -t outpost-bench-smoke.XXXXXX)"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -n "${BENCH_SMOKE_KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
mkdir -p "$WORK/data"
(cd "$WORK" && exec "$OUTPOST" serve --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" --log-level warn) \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
    curl -fsS "$URL/api/v4/system/ping" >/dev/null 2>&1 && break
    sleep 0.1
done

set +e
"$BENCH" run --url "$URL" --label smoke \
    --server-pid "$SERVER_PID" --server-data-dir "$WORK/data" --outpost-bin "$OUTPOST" \
    --users 20 --clients 10,20 --connections 10,20 --writers 4 --readers 4 \
    --duration 2 --rate 10 --drain 5 --settle 1 --startup-runs 2 --upload-mb 8 \
    --scenarios memory,fanout,writes,reads,upload,startup,search,mixed --search-posts 2000 --search-queries 5 \
    --mixed-start 10 --mixed-step 10 --mixed-max 20 --mixed-step-secs 3 --mixed-think-avg 1 --mixed-think-min 0.1 \
    --mixed-max-mean-ms 5000 --mixed-max-p99-ms 30000 \
    --json "$WORK/smoke.json" --markdown "$WORK/smoke.md" 2>&1 | tee "$WORK/bench.out"
STATUS=${PIPESTATUS[0]}
set -e

LINE="$(grep '^bench-result:' "$WORK/bench.out" | tail -1 || true)"
if [[ "$LINE" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped ]]; then
    PASSED=${BASH_REMATCH[1]}
    FAILED=$((BASH_REMATCH[2] + BASH_REMATCH[3]))
else
    PASSED=0
    FAILED=$SCENARIO_COUNT
fi
if [[ $STATUS -ne 0 && $FAILED -eq 0 ]]; then FAILED=1; fi
if [[ $FAILED -ne 0 ]]; then
    echo "--- server log (last 40 lines) ---"
    tail -40 "$WORK/server.log" || true
fi
echo "bench-smoke: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
