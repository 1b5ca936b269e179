#!/usr/bin/env bash
# The web client's speed measurement (not a test): builds the client and the server, starts a
# fresh `outpost serve` (SQLite, a temporary data dir), seeds a long channel through the API and
# runs web/scripts/perf.mjs in Debian's chromium. Prints the results as JSON; docs/web-performance.md
# records a run.
#
#   bash scripts/web-perf.sh                 # debug server, 10,000 posts
#   PROFILE=release PERF_POSTS=100000 bash scripts/web-perf.sh
#   PERF_NO_BUILD=1 PROFILE=release bash scripts/web-perf.sh   # measure what is built
#   OUTPOST_BIN=/path/to/outpost bash scripts/web-perf.sh       # that server, no cargo build
#                                                               # (the client is still built unless PERF_NO_BUILD)

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/outpost-target}"
PROFILE="${PROFILE:-debug}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/outpost-web-perf.XXXXXX")"
PID=""
cleanup() {
    if [[ -n "$PID" ]]; then
        kill -TERM "$PID" 2>/dev/null || true
        wait "$PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

# PERF_NO_BUILD=1 measures the client and server already built (a release server embeds web/dist,
# so a fresh client build would mean rebuilding it too).
if [[ -z "${PERF_NO_BUILD:-}" ]]; then
    (cd web && { [[ -d node_modules ]] || npm ci --no-audit --no-fund; } && npm run --silent build)
    if [[ -n "${OUTPOST_BIN:-}" ]]; then
        : # a given server binary is used as it is
    elif [[ "$PROFILE" == release ]]; then
        cargo build --release -p outpost-server
    else
        cargo build -p outpost-server
    fi
fi
BIN="${OUTPOST_BIN:-$CARGO_TARGET_DIR/$PROFILE/outpost}"
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
URL="http://127.0.0.1:$PORT"
"$BIN" serve --listen "127.0.0.1:$PORT" --data-dir "$TMP/data" --site-url "$URL" >"$TMP/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do
    curl -fs -o /dev/null "$URL/api/v4/system/ping" && break
    sleep 0.2
done
(cd web && OUTPOST_URL="$URL" node scripts/perf.mjs)
