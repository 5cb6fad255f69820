# The two commands a newcomer needs:
#   make run    run a mock interview with the defaults
#   make test   format check, lints and every test (installs missing system packages first)
CARGO ?= cargo
ARGS ?=

.PHONY: run demo test build deps deps-test bench bench-analysis fmt lint

run: deps
	$(CARGO) run --release --quiet -- run $(ARGS)

# The whole flow without a microphone: a bundled sample answer plays as the microphone.
demo: deps
	$(CARGO) run --release --quiet -- run --demo $(ARGS)

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

# Criterion benchmarks (capture pipeline frames/s), then peak RSS of `rehearse record`
# for 1 vs 30 minutes of unpaced audio (must be flat).
bench:
	@scripts/ensure-deps.sh bench
	$(CARGO) bench
	$(CARGO) build --release
	scripts/bench-rss.sh target/release/rehearse

# rehearse analyze vs ffmpeg silencedetect on the same hour of speech (needs sox, ffmpeg)
bench-analysis:
	@scripts/ensure-deps.sh bench
	$(CARGO) build --release
	scripts/bench-vs-ffmpeg.sh

fmt:
	$(CARGO) fmt

lint:
	$(CARGO) clippy --all-targets -- -D warnings
