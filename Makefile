# Outpost developer commands. `make run` builds the web client (when its sources changed) and starts
# a server on :8065 with ./data; `make test` runs the whole suite (the same command CI runs);
# `make test-web` runs the web client's unit and browser tests.

CARGO_TARGET_DIR ?= /var/tmp/outpost-target
export CARGO_TARGET_DIR

LISTEN   ?= 0.0.0.0:8065
DATA_DIR ?= ./data

.PHONY: run test test-web build web fmt lint bench bench-smoke

# The web client is rebuilt only when something it is built from changed.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/package.json \
	web/vite.config.ts web/tsconfig.json web/tsconfig.app.json web/tsconfig.node.json

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build

run: web
	cargo run -p outpost-server -- serve --listen $(LISTEN) --data-dir $(DATA_DIR)

test:
	bash scripts/test.sh

test-web:
	bash scripts/test-web.sh

build:
	cargo build -p outpost-server

fmt:
	cargo fmt --all

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

# The benchmark of issue 8: release build, SQLite then PostgreSQL, writes docs/benchmarks.{md,json}.
# Sizes: BENCH_CLIENTS, BENCH_CONNECTIONS, BENCH_DURATION, BENCH_RATE, BENCH_WRITERS, BENCH_READERS (see the script).
bench:
	bash scripts/bench.sh

# A tiny run of every benchmark scenario on a debug build (CI).
bench-smoke:
	bash scripts/bench-smoke.sh
