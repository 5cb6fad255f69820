# The two commands a newcomer needs:
#   make run    run a mock interview with the defaults
#   make test   format check, lints and every test (installs missing system packages first)
CARGO ?= cargo
ARGS ?=

.PHONY: run test build deps deps-test bench fmt lint

run: deps
	$(CARGO) run --release --quiet -- sets $(ARGS)

test: deps-test
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) test

build: deps
	$(CARGO) build --release

deps:
	@scripts/ensure-deps.sh build

deps-test:
	@scripts/ensure-deps.sh test

bench: deps-test
	$(CARGO) bench

fmt:
	$(CARGO) fmt

lint:
	$(CARGO) clippy --all-targets -- -D warnings
