// SPDX-License-Identifier: MIT
// A device backend (the GPU) with the CPU backend behind it. A job the device faults on (DeviceFault) is
// re-run on the CPU and the user is warned once; every later job runs on the CPU. Jobs too small to be
// worth the device go to the CPU from the start. Only this wrapper holds both backends, so neither backend
// includes the other; it takes them as interfaces, so it sits below both.
#pragma once

#include "backend/backend.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace auralis::backend {

struct FailoverOptions {
  /// Makes the CPU backend when a job first needs it, so no worker thread starts while the device copes.
  std::function<std::unique_ptr<Backend>()> make_fallback;
  /// The CPU backend's worker threads, reported by stats() before it exists: callers size their own
  /// threaded work (meters, limiter) by it.
  unsigned fallback_threads = 0;
  /// Jobs with fewer input samples (over all tracks and channels) run on the CPU without trying the device.
  std::size_t min_device_samples = 0;
  /// Receives the fault's one-line warning (see BackendOptions::on_warning); unset: stderr.
  std::function<void(const std::string&)> on_warning;
};

/// stats() reports the device's name and transfers, and the operations as run on whichever backend
/// finished them; cpu_fallbacks counts the jobs the CPU ran, `fault` the device's fault.
std::unique_ptr<Backend> make_failover_backend(std::unique_ptr<Backend> device, FailoverOptions options);

}  // namespace auralis::backend
