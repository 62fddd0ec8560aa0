// SPDX-License-Identifier: MIT
// Entry point of auralis_bench: every suite in this folder registers itself with Google Benchmark.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
