#!/usr/bin/env bash
# The web client's tests, self-contained:
#
#   1. web-deps     npm ci in web/ (only when package-lock.json changed)
#   2. web-build    tsc (strict) + vite build into web/dist
#   3. web-budget   initial JavaScript <= 250 KB gzipped (web/scripts/bundle-size.mjs)
#   4. web-unit     Vitest unit tests
#   5. server-build cargo build -p outpost-server (serves web/dist at /); with OUTPOST_BIN set, only
#                   checks that that binary exists (a debug build reads web/dist at run time)
#   6. web-e2e      playwright-core + Debian's chromium (headless) against a fresh `outpost serve`
#                   on a free port with a fresh data dir; screenshots in web/test-artifacts/
#
# Needs: node >= 20, npm, cargo, curl, and chromium (`apt-get install -y chromium`).
# Environment: CARGO_TARGET_DIR (default /var/tmp/outpost-target), CHROMIUM_PATH (default:
# `command -v chromium`), ARTIFACTS_DIR (default web/test-artifacts), OUTPOST_BIN (a server binary
# to use instead of building one; cargo is then not needed), E2E_ONLY (run only the end-to-end
# steps whose names match this regular expression, and the steps they build on; see e2e/run.mjs).
#
# Every step runs even if an earlier one failed (unless it needs its output). The last line is
# `web: N passed, M failed`, counting build checks, unit tests and end-to-end steps; the exit
# status is non-zero if anything failed.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/outpost-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export NPM_CONFIG_UPDATE_NOTIFIER=false
BIN="${OUTPOST_BIN:-$CARGO_TARGET_DIR/debug/outpost}"
ARTIFACTS_DIR="${ARTIFACTS_DIR:-$ROOT/web/test-artifacts}"
TMP_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/outpost-web-test.XXXXXX")"
SERVER_PID=""

PASSED=0
FAILED=0
REPORT=()

log() { printf '\n==> %s\n' "$*"; }
warn() { printf '!!! %s\n' "$*" >&2; }

record() { # record NAME pass|fail PASSED_COUNT FAILED_COUNT [NOTE]
    PASSED=$((PASSED + $3))
    FAILED=$((FAILED + $4))
    REPORT+=("$(printf '  %-13s %-5s %s' "$1" "${2^^}" "${5:-}")")
}

# check NAME CMD...: one pass/fail check
check() {
    local name="$1" rc=0
    shift
    log "$name: $*"
    "$@" || rc=$?
    if [[ $rc -eq 0 ]]; then
        record "$name" pass 1 0
    else
        warn "$name FAILED (exit $rc)"
        record "$name" fail 0 1 "exit $rc"
    fi
    return "$rc"
}

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        local i
        for ((i = 0; i < 100; i++)); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -n "$SERVER_PID" ]]; then
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

cleanup() {
    local rc=$?
    stop_server
    rm -rf "$TMP_ROOT"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

start_server() { # sets SERVER_URL
    local port
    port="$(free_port)"
    SERVER_URL="http://127.0.0.1:$port"
    mkdir -p "$TMP_ROOT/data"
    "$BIN" serve --listen "127.0.0.1:$port" --data-dir "$TMP_ROOT/data" --site-url "$SERVER_URL" >"$TMP_ROOT/server.log" 2>&1 &
    SERVER_PID=$!
    local deadline=$((SECONDS + 60))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            warn "outpost exited before answering; its log:"
            tail -n 40 "$TMP_ROOT/server.log" >&2 || true
            SERVER_PID=""
            return 1
        fi
        if curl -fs --max-time 2 -o /dev/null "$SERVER_URL/api/v4/system/ping"; then
            echo "outpost is up at $SERVER_URL (pid $SERVER_PID)"
            return 0
        fi
        sleep 0.2
    done
    warn "outpost did not answer within 60s"
    return 1
}

TOOLS=(node npm curl)
[[ -n "${OUTPOST_BIN:-}" ]] || TOOLS+=(cargo)
for tool in "${TOOLS[@]}"; do
    command -v "$tool" >/dev/null || {
        warn "required tool '$tool' is not installed"
        echo "web: 0 passed, 1 failed"
        exit 1
    }
done

# ---------------------------------------------------------------------------------------------
# 1–4: the client

DEPS_OK=1
stamp="web/node_modules/.package-lock.json"
if [[ ! -f "$stamp" || web/package-lock.json -nt "$stamp" ]]; then
    check web-deps bash -c 'cd web && npm ci --no-audit --no-fund' || DEPS_OK=0
fi

BUILD_OK=0
if [[ $DEPS_OK -eq 1 ]] && check web-build bash -c 'cd web && npm run --silent build'; then
    BUILD_OK=1
    check web-budget node web/scripts/bundle-size.mjs web/dist || true
fi

if [[ $DEPS_OK -eq 1 ]]; then
    log "web-unit: vitest run"
    unit_json="$TMP_ROOT/vitest.json"
    unit_rc=0
    (cd web && npx vitest run --reporter=default --reporter=json --outputFile="$unit_json") || unit_rc=$?
    if [[ -f "$unit_json" ]]; then
        counts="$(node -e 'const r = require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0))' "$unit_json" 2>/dev/null || echo '0 1')"
        read -r up uf <<<"$counts"
        if [[ $unit_rc -ne 0 && $uf -eq 0 ]]; then uf=1; fi
    else
        up=0
        uf=1
    fi
    record web-unit "$([[ $uf -eq 0 ]] && echo pass || echo fail)" "$up" "$uf" "$up passed, $uf failed"
fi

# ---------------------------------------------------------------------------------------------
# 5–6: the server, and the client in a real browser against it

SERVER_OK=0
if [[ -n "${OUTPOST_BIN:-}" ]]; then
    check server-build test -x "$BIN" && SERVER_OK=1
elif check server-build cargo build -p outpost-server && [[ -x "$BIN" ]]; then
    SERVER_OK=1
fi

# One run of the end-to-end suite against a fresh server and data dir: sets EP and EF (steps
# passed and failed).
run_e2e() { # run_e2e RUN_NUMBER
    local e2e_log="$TMP_ROOT/e2e-$1.log" e2e_rc=0 summary
    rm -rf "$TMP_ROOT/data"
    if start_server; then
        (cd web && OUTPOST_URL="$SERVER_URL" ARTIFACTS_DIR="$ARTIFACTS_DIR" node e2e/run.mjs) 2>&1 | tee "$e2e_log" || e2e_rc=$?
        cp "$TMP_ROOT/server.log" "$ARTIFACTS_DIR/server-$1.log" 2>/dev/null || true
    else
        e2e_rc=1
    fi
    stop_server
    summary="$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' "$e2e_log" 2>/dev/null | tail -n 1 || true)"
    if [[ "$summary" =~ ^e2e:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
        EP="${BASH_REMATCH[1]}"
        EF="${BASH_REMATCH[2]}"
        if [[ $e2e_rc -ne 0 && $EF -eq 0 ]]; then EF=1; fi
    else
        EP=0
        EF=1
    fi
}

# E2E_REPEAT=N runs the suite N times (each against a fresh server), e.g. with E2E_ONLY to
# repeat one step; every run's steps are counted.
E2E_REPEAT="${E2E_REPEAT:-1}"
if [[ $SERVER_OK -eq 1 && $BUILD_OK -eq 1 ]]; then
    log "web-e2e: chromium against a fresh outpost serve${E2E_ONLY:+ (only steps matching '$E2E_ONLY')}, $E2E_REPEAT run(s)"
    rm -rf "$ARTIFACTS_DIR"
    mkdir -p "$ARTIFACTS_DIR"
    for ((run = 1; run <= E2E_REPEAT; run++)); do
        run_e2e "$run"
        record web-e2e "$([[ $EF -eq 0 ]] && echo pass || echo fail)" "$EP" "$EF" "run $run: $EP passed, $EF failed; screenshots and server-$run.log in $ARTIFACTS_DIR"
    done
else
    record web-e2e fail 0 1 "not run: the client or the server did not build"
fi

printf '\n==> Results\n'
printf '%s\n' "${REPORT[@]}"
echo
echo "web: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
