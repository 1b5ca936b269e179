# Outpost developer commands. `make run` starts a server on :8065 with ./data; `make test` runs the
# whole suite (the same command CI runs).

CARGO_TARGET_DIR ?= /var/tmp/outpost-target
export CARGO_TARGET_DIR

LISTEN   ?= 0.0.0.0:8065
DATA_DIR ?= ./data

.PHONY: run test build fmt lint bench bench-smoke

run:
	cargo run -p outpost-server -- serve --listen $(LISTEN) --data-dir $(DATA_DIR)

test:
	bash scripts/test.sh

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
