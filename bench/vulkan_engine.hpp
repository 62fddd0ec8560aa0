// The Vulkan engine the benchmarks time: the device named by $AURALIS_BENCH_DEVICE, else the automatic
// choice (a hardware GPU), else lavapipe so the path is still exercised (its numbers only prove it works).
#pragma once

#include <auralis/backend.hpp>
#include <auralis/error.hpp>

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

}  // namespace auralis::bench
