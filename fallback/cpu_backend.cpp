// SPDX-License-Identifier: MIT
// The CPU backend (see cpu_backend.hpp): timing and counting around the analysis and convolution drivers.
#include "fallback/cpu_backend.hpp"

#include "fallback/cpu_analysis.hpp"
#include "fallback/cpu_context.hpp"
#include "fallback/cpu_convolution.hpp"

#include <hwy/targets.h>

#include <chrono>

namespace auralis::fallback {

namespace {

class CpuBackend final : public backend::Backend {
 public:
  explicit CpuBackend(unsigned max_workers) : context_(max_workers) {
    stats_.backend = "cpu";
    stats_.device = simd_target_name();
    stats_.threads = context_.pool.workers();
  }

  std::vector<SpectralAnalysis> analyze(std::span<const AudioBuffer* const> tracks, const StftSpec& spec,
                                        std::span<const BandLayout> layouts) override {
    const auto start = std::chrono::steady_clock::now();
    auto results = analyze_on_cpu(context_, tracks, spec, layouts, stats_.analyze.transforms);
    count(stats_.analyze, start, tracks.size(), [&](std::size_t t) { return tracks[t]; });
    return results;
  }

  void convolve(std::span<const ConvolutionJob> jobs, std::span<AudioBuffer> outputs) override {
    const auto start = std::chrono::steady_clock::now();
    convolve_on_cpu(context_, jobs, outputs, stats_.convolve.transforms);
    count(stats_.convolve, start, jobs.size(), [&](std::size_t j) { return jobs[j].input; });
  }

  BackendStats stats() const override { return stats_; }

 private:
  template <class TrackAt>
  static void count(OperationStats& op, std::chrono::steady_clock::time_point start, std::size_t tracks,
                    TrackAt track_at) {
    op.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    op.calls += 1;
    op.tracks += tracks;
    for (std::size_t t = 0; t < tracks; ++t) op.samples += track_at(t)->channels() * track_at(t)->frames();
  }

  CpuContext context_;
  BackendStats stats_;
};

}  // namespace

std::unique_ptr<backend::Backend> make_cpu_backend(unsigned max_workers) {
  return std::make_unique<CpuBackend>(max_workers);
}

const char* simd_target_name() noexcept {
  // Highway numbers better targets with lower bits; dynamic dispatch takes the best one compiled and
  // supported.
  const std::int64_t targets = hwy::SupportedTargets() & HWY_TARGETS;
  return hwy::TargetName(targets & -targets);
}

}  // namespace auralis::fallback
