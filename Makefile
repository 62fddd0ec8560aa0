# SPDX-License-Identifier: MIT
# The README's commands. Builds go through CMake presets (CMakePresets.json); PRESET picks one.
PRESET ?= release
BUILD := build/$(PRESET)
JOBS ?= $(shell nproc)
# make fuzz: seconds per harness, and which harnesses (all when empty); see docs/reliability-fuzzing.md.
FUZZ_SECONDS ?= 60
FUZZERS ?=

.PHONY: deps build demo test bench fuzz

deps:
	tools/install-deps

build: deps
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET) -j $(JOBS)

demo: build
	@echo "== the compute backends here (auralis backends)"
	$(BUILD)/auralis backends
	mkdir -p $(BUILD)/demo
	$(BUILD)/make_demo_track $(BUILD)/demo/demo.wav
	@echo "== the plan auralis decides for the demo track (auralis master --plan)"
	$(BUILD)/auralis master $(BUILD)/demo/demo.wav $(BUILD)/demo/demo-mastered.wav --plan
	@echo "== mastering it"
	$(BUILD)/auralis master $(BUILD)/demo/demo.wav $(BUILD)/demo/demo-mastered.wav --profile \
	  --json $(BUILD)/demo/demo-report.json --report $(BUILD)/demo/demo-report.html
	@echo "== the HTML report: $(BUILD)/demo/demo-report.html"
	@echo "== before and after (auralis analyze)"
	$(BUILD)/auralis analyze $(BUILD)/demo/demo.wav $(BUILD)/demo/demo-mastered.wav

test: build
	ctest --preset $(PRESET) -j $(JOBS)

bench: build
	$(BUILD)/bench/auralis_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
	  --benchmark_out=$(BUILD)/bench.json --benchmark_out_format=json
	bench/compare.py $(BUILD)/bench.json
	bench/whole_process.py --auralis $(BUILD)/auralis --workdir $(BUILD)/bench-work --json $(BUILD)/bench-whole-process.json
	bench/batch_process.py --auralis $(BUILD)/auralis --workdir $(BUILD)/bench-batch

# The libFuzzer harnesses (tests/fuzz) in their own preset, each run FUZZ_SECONDS on its corpus.
fuzz: deps
	cmake --preset fuzz
	cmake --build --preset fuzz -j $(JOBS)
	tests/fuzz/run-fuzzers $(FUZZ_SECONDS) $(FUZZERS)
