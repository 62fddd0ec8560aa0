# The README's commands. Builds go through CMake presets (CMakePresets.json); PRESET picks one.
PRESET ?= release
BUILD := build/$(PRESET)
JOBS ?= $(shell nproc)

.PHONY: deps build demo test bench

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
	  --json $(BUILD)/demo/demo-report.json
	@echo "== before and after (auralis analyze)"
	$(BUILD)/auralis analyze $(BUILD)/demo/demo.wav $(BUILD)/demo/demo-mastered.wav

test: build
	ctest --preset $(PRESET) -j $(JOBS)

bench: build
	$(BUILD)/bench/auralis_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
	  --benchmark_out=$(BUILD)/bench.json --benchmark_out_format=json
	bench/compare.py $(BUILD)/bench.json
