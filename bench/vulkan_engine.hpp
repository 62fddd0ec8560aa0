// SPDX-License-Identifier: MIT
// The Vulkan engine the benchmarks time: the device named by $AURALIS_BENCH_DEVICE, else the automatic
// choice (a hardware GPU), else lavapipe so the path is still exercised (its numbers only prove it works);
// and the per-call counters its cases report.
#pragma once

#include <auralis/backend.hpp>
#include <auralis/error.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace auralis::bench {

inline std::optional<SpectralEngine> vulkan_bench_engine(std::string& why) {
  BackendOptions options;
  options.kind = BackendKind::vulkan;
  const char* named = std::getenv("AURALIS_BENCH_DEVICE");
  for (const char* device : {named ? named : "", "llvmpipe"}) {
    options.device = device;
    try {
      return SpectralEngine(options);
    } catch (const Error& error) {
      why = error.what();
    }
    if (named) break;
  }
  return std::nullopt;
}

/// Per call of the timed loop: bytes moved, submissions and the device's execution time of `operation`;
/// an error when any call fell back to the CPU (the numbers would not be the GPU's).
inline void set_vulkan_counters(benchmark::State& state, const BackendStats& before,
                                const BackendStats& after, OperationStats BackendStats::*operation,
                                std::uint64_t calls) {
  if (after.cpu_fallbacks != before.cpu_fallbacks)
    state.SkipWithError(("fell back to the CPU: " + after.fault).c_str());
  state.SetLabel(after.device);
  if (calls == 0) return;
  const auto per_call = [&](double total) { return total / static_cast<double>(calls); };
  state.counters["bytes_moved"] = per_call(static_cast<double>(
      after.bytes_uploaded + after.bytes_downloaded - before.bytes_uploaded - before.bytes_downloaded));
  state.counters["submissions"] = per_call(static_cast<double>(after.submissions - before.submissions));
  state.counters["device_ms"] =
      per_call(1e3 * ((after.*operation).device_seconds - (before.*operation).device_seconds));
}

}  // namespace auralis::bench
