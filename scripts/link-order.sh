#!/usr/bin/env bash
# Regenerates crates/outpost-server/link-order.txt: the functions a release `outpost serve` runs
# from process start until it answers /api/v4/system/ping and sits idle (SQLite on an empty data
# dir; with LINK_ORDER_PG also PostgreSQL on a fresh database),
# recorded by valgrind's callgrind. Release builds place those functions together (see
# crates/outpost-server/build.rs), so an idle server maps ~3 MB of its code instead of most of it.
#
#   bash scripts/link-order.sh [RELEASE_BINARY]    (default $CARGO_TARGET_DIR/release/outpost)
#
# Needs valgrind and nm. Run it after changes that move start-up code, then rebuild (release).

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-${CARGO_TARGET_DIR:-/var/tmp/outpost-target}/release/outpost}"
OUT="$ROOT/crates/outpost-server/link-order.txt"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/outpost-link-order.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# record NAME [DATABASE_URL]: one start-up under callgrind, into $TMP/NAME.out
record() {
    local name="$1" port pid
    local extra=()
    [[ -n "${2:-}" ]] && extra=(--database-url "$2")
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$TMP/$name.out" \
        "$BIN" serve --listen "127.0.0.1:$port" --data-dir "$TMP/$name-data" --log-level warn \
        "${extra[@]}" >"$TMP/$name.log" 2>&1 &
    pid=$!
    for _ in $(seq 600); do
        curl -sf "http://127.0.0.1:$port/api/v4/system/ping" >/dev/null && break
        sleep 0.2
    done
    if ! curl -sf "http://127.0.0.1:$port/api/v4/system/ping" >/dev/null; then
        cat "$TMP/$name.log" >&2
        echo "the server ($name) did not answer under callgrind" >&2
        exit 1
    fi
    sleep 2 # idle: timers and background tasks run once
    kill -INT "$pid"
    wait "$pid" || true
}

record sqlite
# LINK_ORDER_PG=postgres://user@host:port also records a start-up on a fresh PostgreSQL database.
if [[ -n "${LINK_ORDER_PG:-}" ]]; then
    db="outpost_link_order_$$"
    psql "$LINK_ORDER_PG/postgres" -qc "CREATE DATABASE $db"
    record postgres "$LINK_ORDER_PG/$db"
    psql "$LINK_ORDER_PG/postgres" -qc "DROP DATABASE $db"
fi

# Every function callgrind saw (defined by `fn=(id) name` or `cfn=(id) name`), kept if it is a
# text symbol of the binary, sorted so the file's diffs stay readable.
cat "$TMP"/*.out | grep -oE '^c?fn=\([0-9]+\) .*' | sed -E 's/^c?fn=\([0-9]+\) //' | sort -u >"$TMP/seen"
nm "$BIN" | awk '$2 ~ /^[tTwW]$/ {print $3}' | sort -u >"$TMP/text"
comm -12 "$TMP/seen" "$TMP/text" >"$OUT"
echo "$(wc -l <"$OUT") functions written to $OUT"
