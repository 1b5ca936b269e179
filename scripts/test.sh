#!/usr/bin/env bash
# The one test command for Outpost (`make test` and CI both run exactly this).
#
#   1. lint: cargo fmt --check, cargo clippy -D warnings
#   2. build the `outpost` binary, then the Rust tests on SQLite          (suite sqlite-rust)
#   3. the Rust tests on PostgreSQL, in a throwaway database              (suite postgres-rust)
#   3b. the S3 file store against moto's S3 server (from PyPI)           (s3-files)
#   4. wire compatibility with the official Mattermost clients, each run
#      against a fresh `outpost serve` (fresh data dir, fresh database):
#        @mattermost/client (Node)  on SQLite and PostgreSQL              (node-sqlite, node-postgres)
#        mattermostdriver (Python)  on SQLite and PostgreSQL              (python-sqlite, python-postgres)
#   5. the web client (scripts/test-web.sh): Vitest, then end-to-end tests in Debian's Chromium
#      against a fresh `outpost serve` (skipped with a clear line when chromium is missing;
#      CI installs it)                                                    (web)
#   6. scripts/bench-smoke.sh: every benchmark scenario at a tiny size       (bench-smoke)
#
# Environment:
#   CARGO_TARGET_DIR            build cache, outside the clone (default /var/tmp/outpost-target)
#   OUTPOST_TEST_POSTGRES_URL   an existing database to connect to (default postgres://postgres@127.0.0.1:5432/test);
#                               the suites create and drop their own databases next to it
#   OUTPOST_REQUIRE_POSTGRES=1  fail instead of skipping when PostgreSQL is unreachable (CI sets it)
#   OUTPOST_SKIP_LINT=1         skip fmt/clippy (local iteration only)
#   OUTPOST_SKIP_PYTHON=1       skip the Python compat suite
#
# Every suite runs even when an earlier one failed; the exit status is non-zero if anything failed.
# The last line is `Summary: N passed, M failed[, K skipped]`.

# Functions below are called indirectly (run_step, traps):
# shellcheck disable=SC2317
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/outpost-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
PG_URL="${OUTPOST_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
REQUIRE_PG="${OUTPOST_REQUIRE_POSTGRES:-0}"
BIN="$CARGO_TARGET_DIR/debug/outpost"
PY_VENV="$CARGO_TARGET_DIR/compat-python-venv"
S3_VENV="$CARGO_TARGET_DIR/s3-venv"
RUN_ID="$(date +%s)_$$"

# ---------------------------------------------------------------------------------------------
# bookkeeping

PASSED=()
FAILED=()
SKIPPED=()
REPORT=()
SERVER_PID=""
SERVER_DIR=""
CREATED_DBS=()
TMP_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/outpost-test.XXXXXX")"

log() { printf '\n==> %s\n' "$*"; }
warn() { printf '!!! %s\n' "$*" >&2; }

record() { # record NAME pass|fail|skip SECONDS [NOTE]
    local name="$1" result="$2" secs="$3" note="${4:-}"
    case "$result" in
        pass) PASSED+=("$name") ;;
        fail) FAILED+=("$name") ;;
        skip) SKIPPED+=("$name") ;;
    esac
    REPORT+=("$(printf '  %-16s %-7s %5ss  %s' "$name" "${result^^}" "$secs" "$note")")
}

# run_step NAME CMD...: runs CMD, records pass/fail with its duration; never aborts the script.
run_step() {
    local name="$1"
    shift
    local start=$SECONDS rc=0
    log "$name: $*"
    "$@" || rc=$?
    if [[ $rc -eq 0 ]]; then
        record "$name" pass $((SECONDS - start))
    else
        warn "$name FAILED (exit $rc)"
        record "$name" fail $((SECONDS - start)) "exit $rc"
    fi
    return 0
}

pg_admin() { # run one SQL statement against the admin database given by PG_URL
    PGCONNECT_TIMEOUT=5 psql "$PG_URL" -v ON_ERROR_STOP=1 -qAtc "$1"
}

# postgres://u@h:p/db?opts -> postgres://u@h:p/NEWDB?opts
pg_url_for_db() {
    local url="$1" db="$2" base query=""
    if [[ "$url" == *\?* ]]; then
        query="?${url#*\?}"
        url="${url%%\?*}"
    fi
    base="${url%/*}"
    if [[ "$base" == *:/ || "$base" == *:// ]]; then # no database part at all: postgres://host
        base="$url"
    fi
    printf '%s/%s%s' "$base" "$db" "$query"
}

create_pg_db() { # create_pg_db SUFFIX: creates a fresh, empty database; sets NEW_DB_URL
    local db="outpost_test_${RUN_ID}_$1"
    NEW_DB_URL=""
    pg_admin "CREATE DATABASE \"$db\"" >/dev/null || return 1
    CREATED_DBS+=("$db") # not in a subshell, so cleanup() sees it
    NEW_DB_URL="$(pg_url_for_db "$PG_URL" "$db")"
}

stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            kill -TERM "$SERVER_PID" 2>/dev/null || true
            local i
            for ((i = 0; i < 100; i++)); do
                kill -0 "$SERVER_PID" 2>/dev/null || break
                sleep 0.1
            done
            if kill -0 "$SERVER_PID" 2>/dev/null; then
                warn "outpost (pid $SERVER_PID) ignored SIGTERM for 10s; killing it"
                kill -KILL "$SERVER_PID" 2>/dev/null || true
            fi
        fi
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

cleanup() {
    local rc=$?
    stop_server
    if [[ ${#CREATED_DBS[@]} -gt 0 ]]; then
        local db
        for db in "${CREATED_DBS[@]}"; do
            pg_admin "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
                warn "could not drop database $db"
        done
    fi
    rm -rf "$TMP_ROOT"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# start_server NAME [DATABASE_URL]: starts `outpost serve` on a free port with a fresh data dir and
# waits for /api/v4/system/ping. Sets SERVER_URL. Returns non-zero (with the log) if it never answers.
start_server() {
    local name="$1" db_url="${2:-}" port
    port="$(free_port)"
    SERVER_URL="http://127.0.0.1:$port"
    SERVER_DIR="$TMP_ROOT/$name"
    mkdir -p "$SERVER_DIR/data"
    local args=(serve --listen "127.0.0.1:$port" --data-dir "$SERVER_DIR/data" --site-url "$SERVER_URL")
    if [[ -n "$db_url" ]]; then
        args+=(--database-url "$db_url")
    fi
    echo "starting: outpost ${args[*]}"
    "$BIN" "${args[@]}" >"$SERVER_DIR/server.log" 2>&1 &
    SERVER_PID=$!
    local deadline=$((SECONDS + 60))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            wait "$SERVER_PID" 2>/dev/null || true
            SERVER_PID=""
            warn "outpost exited before answering ping; its log:"
            tail -n 60 "$SERVER_DIR/server.log" >&2 || true
            return 1
        fi
        if curl -fs --max-time 2 -o /dev/null "$SERVER_URL/api/v4/system/ping"; then
            echo "outpost is up at $SERVER_URL (pid $SERVER_PID)"
            return 0
        fi
        sleep 0.2
    done
    warn "outpost did not answer $SERVER_URL/api/v4/system/ping within 60s; its log:"
    tail -n 60 "$SERVER_DIR/server.log" >&2 || true
    stop_server
    return 1
}

show_server_log_on_failure() {
    local rc="$1"
    if [[ $rc -ne 0 && -n "$SERVER_DIR" && -f "$SERVER_DIR/server.log" ]]; then
        warn "last lines of the server log ($SERVER_DIR/server.log):"
        tail -n 40 "$SERVER_DIR/server.log" >&2 || true
    fi
}

node_suite() { # node_suite NAME [DATABASE_URL]
    local rc=0
    start_server "$1" "${2:-}" || return 1
    (cd compat/node && OUTPOST_URL="$SERVER_URL" node --test --test-reporter=spec --test-concurrency=1 test/) || rc=$?
    show_server_log_on_failure "$rc"
    stop_server
    return "$rc"
}

python_suite() { # python_suite NAME [DATABASE_URL]
    local rc=0
    start_server "$1" "${2:-}" || return 1
    OUTPOST_URL="$SERVER_URL" "$PY_VENV/bin/python" -m pytest -q -p no:cacheprovider compat/python || rc=$?
    show_server_log_on_failure "$rc"
    stop_server
    return "$rc"
}

ensure_node_modules() {
    local stamp="compat/node/node_modules/.package-lock.json"
    if [[ ! -f "$stamp" || compat/node/package-lock.json -nt "$stamp" ]]; then
        log "installing compat/node dependencies (npm ci)"
        (cd compat/node && npm ci --no-audit --no-fund)
    fi
}

ensure_s3_venv() {
    local want have=""
    want="$(sha256sum compat/s3/requirements.txt | cut -d' ' -f1)"
    [[ -f "$S3_VENV/.requirements.sha256" ]] && have="$(cat "$S3_VENV/.requirements.sha256")"
    if [[ ! -x "$S3_VENV/bin/moto_server" || "$want" != "$have" ]]; then
        log "creating the S3 server venv (moto) in $S3_VENV"
        rm -rf "$S3_VENV"
        python3 -m venv "$S3_VENV"
        "$S3_VENV/bin/pip" install --quiet --disable-pip-version-check -r compat/s3/requirements.txt
        echo "$want" >"$S3_VENV/.requirements.sha256"
    fi
}

# s3_suite: the S3 file-store test against a real S3-compatible server (moto) on a free port.
s3_suite() {
    local rc=0 port pid
    ensure_s3_venv || return 1
    port="$(free_port)"
    "$S3_VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$TMP_ROOT/moto.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
        sleep 0.2
    done
    env -u OUTPOST_TEST_DATABASE_URL OUTPOST_TEST_S3_URL="http://127.0.0.1:$port" \
        cargo test -p outpost-server --test files_s3 -- --ignored || rc=$?
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [[ $rc -ne 0 ]] && tail -n 30 "$TMP_ROOT/moto.log"
    return "$rc"
}

ensure_python_venv() {
    local want have=""
    want="$(sha256sum compat/python/requirements.txt | cut -d' ' -f1)"
    [[ -f "$PY_VENV/.requirements.sha256" ]] && have="$(cat "$PY_VENV/.requirements.sha256")"
    if [[ ! -x "$PY_VENV/bin/python" || "$want" != "$have" ]]; then
        log "creating the Python compat venv in $PY_VENV"
        rm -rf "$PY_VENV"
        python3 -m venv "$PY_VENV"
        "$PY_VENV/bin/pip" install --quiet --disable-pip-version-check -r compat/python/requirements.txt
        echo "$want" >"$PY_VENV/.requirements.sha256"
    fi
}

# ---------------------------------------------------------------------------------------------
# 0. preconditions

log "Outpost test run $RUN_ID (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
for tool in cargo node npm curl; do
    command -v "$tool" >/dev/null || {
        warn "required tool '$tool' is not installed"
        exit 1
    }
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 20)); then
    warn "Node.js 20 or newer is required (found $(node --version))"
    exit 1
fi

PG_OK=0
PG_WHY=""
if ! command -v psql >/dev/null; then
    PG_WHY="psql is not installed"
elif pg_admin 'select 1' >/dev/null 2>"$TMP_ROOT/psql.err"; then
    PG_OK=1
else
    PG_WHY="$(tr '\n' ' ' <"$TMP_ROOT/psql.err")"
fi
if [[ $PG_OK -eq 1 ]]; then
    echo "PostgreSQL reachable at $PG_URL"
elif [[ "$REQUIRE_PG" == 1 ]]; then
    warn "OUTPOST_REQUIRE_POSTGRES=1 but PostgreSQL is not usable at $PG_URL: $PG_WHY"
    echo "Summary: 0 passed, 1 failed"
    exit 1
else
    echo "PostgreSQL not reachable at $PG_URL ($PG_WHY); the PostgreSQL suites will be skipped"
fi

# ---------------------------------------------------------------------------------------------
# 1. lint

if [[ "${OUTPOST_SKIP_LINT:-0}" == 1 ]]; then
    record lint skip 0 "OUTPOST_SKIP_LINT=1"
else
    lint() {
        local rc=0
        cargo fmt --all -- --check || rc=1
        cargo clippy --workspace --all-targets -- -D warnings || rc=1
        bash scripts/check-layers.sh || rc=1
        return "$rc"
    }
    run_step lint lint
fi

# ---------------------------------------------------------------------------------------------
# 2. build + Rust tests on SQLite

BUILD_OK=0
log "build: cargo build -p outpost-server"
build_start=$SECONDS
if cargo build -p outpost-server && [[ -x "$BIN" ]]; then
    BUILD_OK=1
else
    warn "cargo build -p outpost-server failed (or $BIN is missing)"
fi
build_secs=$((SECONDS - build_start))

# --no-fail-fast: a failing test binary must not hide the results of the others.
run_step sqlite-rust env -u OUTPOST_TEST_DATABASE_URL cargo test --workspace --no-fail-fast

# ---------------------------------------------------------------------------------------------
# 3. Rust tests on PostgreSQL

if [[ $PG_OK -eq 1 ]]; then
    if create_pg_db rust; then
        echo "PostgreSQL test database: $NEW_DB_URL"
        run_step postgres-rust env OUTPOST_TEST_DATABASE_URL="$NEW_DB_URL" cargo test --workspace --no-fail-fast
    else
        warn "could not create a PostgreSQL test database"
        record postgres-rust fail 0 "CREATE DATABASE failed"
    fi
else
    echo "PostgreSQL suite SKIPPED: no server at $PG_URL"
    record postgres-rust skip 0 "no server at $PG_URL"
fi

# ---------------------------------------------------------------------------------------------
# 3b. the S3-compatible file store against a real S3 server (moto, from PyPI)

if [[ "${OUTPOST_SKIP_PYTHON:-0}" == 1 ]]; then
    echo "S3 file-store suite SKIPPED: OUTPOST_SKIP_PYTHON=1 (it needs moto from PyPI)"
    record s3-files skip 0 "OUTPOST_SKIP_PYTHON=1"
else
    run_step s3-files s3_suite
fi

# ---------------------------------------------------------------------------------------------
# 4. wire compatibility with the official clients

COMPAT_SUITES=(node)
if [[ "${OUTPOST_SKIP_PYTHON:-0}" != 1 && -f compat/python/requirements.txt ]]; then
    COMPAT_SUITES+=(python)
fi

declare -A DEPS_OK=([node]=1 [python]=1)
if ! ensure_node_modules; then
    warn "npm ci in compat/node failed"
    DEPS_OK[node]=0
fi
if [[ " ${COMPAT_SUITES[*]} " == *" python "* ]] && ! ensure_python_venv; then
    warn "could not install compat/python/requirements.txt into $PY_VENV"
    DEPS_OK[python]=0
fi

for suite in "${COMPAT_SUITES[@]}"; do
    for backend in sqlite postgres; do
        name="$suite-$backend"
        if [[ $BUILD_OK -ne 1 ]]; then
            record "$name" fail 0 "not run: the outpost binary did not build"
            continue
        fi
        if [[ ${DEPS_OK[$suite]} -ne 1 ]]; then
            record "$name" fail 0 "not run: its dependencies did not install"
            continue
        fi
        if [[ $backend == sqlite ]]; then
            run_step "$name" "${suite}_suite" "$name"
        elif [[ $PG_OK -eq 1 ]]; then
            if create_pg_db "$suite"; then
                run_step "$name" "${suite}_suite" "$name" "$NEW_DB_URL"
            else
                record "$name" fail 0 "CREATE DATABASE failed"
            fi
        else
            echo "PostgreSQL suite SKIPPED: no server at $PG_URL"
            record "$name" skip 0 "no server at $PG_URL"
        fi
    done
done

# ---------------------------------------------------------------------------------------------
# 5. the web client: unit tests and end-to-end tests in Chromium against a real server

CHROMIUM="${CHROMIUM_PATH:-$(command -v chromium || true)}"
if [[ -z "$CHROMIUM" && "${CI:-}" == true ]]; then
    record web fail 0 "chromium is not installed (.ci/run installs it)"
elif [[ -z "$CHROMIUM" ]]; then
    echo "Web end-to-end suite SKIPPED: no chromium (apt-get install -y chromium)"
    record web skip 0 "no chromium"
else
    run_step web env CHROMIUM_PATH="$CHROMIUM" bash scripts/test-web.sh
fi

# ---------------------------------------------------------------------------------------------
# 6. the benchmark's smoke run: every scenario, tiny, so the load generator never rots

if [[ $BUILD_OK -eq 1 ]]; then
    run_step bench-smoke bash scripts/bench-smoke.sh
else
    record bench-smoke fail 0 "not run: the outpost binary did not build"
fi

# ---------------------------------------------------------------------------------------------
# summary

printf '\n==> Results\n'
if [[ $BUILD_OK -eq 1 ]]; then
    printf '  %-16s %-7s %5ss\n' build ok "$build_secs"
else
    printf '  %-16s %-7s %5ss\n' build FAILED "$build_secs"
fi
printf '%s\n' "${REPORT[@]}"
echo
fail_count=${#FAILED[@]}
if [[ $BUILD_OK -ne 1 && $fail_count -eq 0 ]]; then
    fail_count=1
fi
summary="Summary: ${#PASSED[@]} passed, $fail_count failed"
if [[ ${#SKIPPED[@]} -gt 0 ]]; then
    summary+=", ${#SKIPPED[@]} skipped"
fi
echo "$summary"
if [[ $fail_count -gt 0 ]]; then
    exit 1
fi
exit 0
