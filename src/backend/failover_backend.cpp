// SPDX-License-Identifier: MIT
// The failover wrapper (see failover_backend.hpp): chooses the backend for each job, re-runs a faulted job,
// and merges both backends' counts into the one BackendStats the engine reports.
#include "backend/failover_backend.hpp"

#include "backend/device_fault.hpp"

#include <chrono>
#include <cstdio>
#include <utility>

namespace auralis::backend {

namespace {

class FailoverBackend final : public Backend {
 public:
  FailoverBackend(std::unique_ptr<Backend> device, FailoverOptions options)
      : device_(std::move(device)), options_(std::move(options)) {}

  std::vector<SpectralAnalysis> analyze(std::span<const AudioBuffer* const> tracks, const StftSpec& spec,
                                        std::span<const BandLayout> layouts) override {
    std::size_t samples = 0;
    for (const AudioBuffer* track : tracks) samples += track->channels() * track->frames();
    return run(&BackendStats::analyze, samples,
               [&](Backend& backend) { return backend.analyze(tracks, spec, layouts); });
  }

  void convolve(std::span<const ConvolutionJob> jobs, std::span<AudioBuffer> outputs) override {
    std::size_t samples = 0;
    for (const ConvolutionJob& job : jobs) samples += job.input->channels() * job.input->frames();
    run(&BackendStats::convolve, samples, [&](Backend& backend) {
      backend.convolve(jobs, outputs);
      return 0;
    });
  }

  BackendStats stats() const override {
    // The device still names itself and counts its transfers and submissions after a fault.
    BackendStats s = device_->stats();
    s.threads = fallback_ ? fallback_->stats().threads : options_.fallback_threads;
    s.analyze = totals_.analyze;
    s.convolve = totals_.convolve;
    s.cpu_fallbacks = totals_.cpu_fallbacks;
    s.fault = totals_.fault;
    return s;
  }

 private:
  using Operation = OperationStats BackendStats::*;

  template <class Job>
  auto run(Operation operation, std::size_t samples, Job job) -> decltype(job(std::declval<Backend&>())) {
    const auto start = std::chrono::steady_clock::now();
    // The counts are those of the backend that finished the job; the wall time includes a failed attempt.
    const auto counted = [&](Backend& backend) {
      const OperationStats before = backend.stats().*operation;
      auto result = job(backend);
      const OperationStats after = backend.stats().*operation;
      OperationStats& total = totals_.*operation;
      total.calls += after.calls - before.calls;
      total.tracks += after.tracks - before.tracks;
      total.transforms += after.transforms - before.transforms;
      total.samples += after.samples - before.samples;
      total.device_seconds += after.device_seconds - before.device_seconds;
      total.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return result;
    };
    if (!device_failed_ && samples >= options_.min_device_samples) {
      try {
        return counted(*device_);
      } catch (const DeviceFault& fault) {
        give_up_device(fault);
      }
    }
    totals_.cpu_fallbacks += 1;
    if (!fallback_) fallback_ = options_.make_fallback();
    return counted(*fallback_);
  }

  void give_up_device(const DeviceFault& fault) {
    device_failed_ = true;
    totals_.fault = fault.what();
    const std::string message =
        totals_.fault + "; the job was re-run on the CPU backend, and later jobs run there too";
    if (options_.on_warning) {
      options_.on_warning(message);
    } else {
      std::fprintf(stderr, "auralis: warning: %s\n", message.c_str());
    }
  }

  std::unique_ptr<Backend> device_;
  FailoverOptions options_;
  std::unique_ptr<Backend> fallback_;
  bool device_failed_ = false;
  BackendStats totals_;  // the operations, cpu_fallbacks and fault; the rest comes from the backends
};

}  // namespace

std::unique_ptr<Backend> make_failover_backend(std::unique_ptr<Backend> device, FailoverOptions options) {
  return std::make_unique<FailoverBackend>(std::move(device), std::move(options));
}

}  // namespace auralis::backend
