// SPDX-License-Identifier: MIT
// The cross-backend comparison (see backend_comparison.hpp).
#include "cli/backend_comparison.hpp"

#include <auralis/error.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace auralis::cli {

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// A windowed-sinc low-pass at a quarter of the rate: a realistic dense linear-phase FIR.
FirFilter test_filter(std::size_t taps) {
  std::vector<float> h(taps);
  const double centre = 0.5 * static_cast<double>(taps - 1);
  for (std::size_t k = 0; k < taps; ++k) {
    const double t = static_cast<double>(k) - centre;
    const double sinc = t == 0.0 ? 1.0 : std::sin(0.5 * std::numbers::pi * t) / (0.5 * std::numbers::pi * t);
    const double window = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * (static_cast<double>(k) + 0.5) /
                                               static_cast<double>(taps));
    h[k] = static_cast<float>(0.5 * sinc * window);
  }
  return FirFilter::linear_phase(std::move(h));
}

using Clock = std::chrono::steady_clock;
double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

BackendRun measure(const AudioBuffer& audio, const BackendOptions& backend,
                   const ComparisonOptions& options) {
  BackendRun run;
  run.backend = to_string(backend.kind);
  run.device = backend.device;
  try {
    SpectralEngine engine(backend);
    const AudioBuffer* tracks[] = {&audio};
    const BandLayout layouts[] = {BandLayout::log64, BandLayout::bark};
    const ConvolutionJob jobs[] = {{&audio, {test_filter(options.taps)}}};
    std::vector<AudioBuffer> outputs(1);
    auto start = Clock::now();
    (void)engine.analyze(tracks, options.spec, layouts);
    engine.convolve(jobs, outputs);
    run.warmup_seconds = since(start);
    const BackendStats before = engine.stats();
    std::vector<double> analysis, convolution;
    for (unsigned r = 0; r < std::max(1u, options.repetitions); ++r) {
      start = Clock::now();
      (void)engine.analyze(tracks, options.spec, layouts);
      analysis.push_back(since(start));
      start = Clock::now();
      engine.convolve(jobs, outputs);
      convolution.push_back(since(start));
    }
    const BackendStats after = engine.stats();
    const auto per_call = [&](auto total) { return total / static_cast<decltype(total)>(analysis.size()); };
    run.backend = after.backend;
    run.device = after.device;
    run.analysis_seconds = median(analysis);
    run.convolution_seconds = median(convolution);
    run.realtime = audio.duration_seconds() / (run.analysis_seconds + run.convolution_seconds);
    run.bytes_moved = per_call(after.bytes_uploaded + after.bytes_downloaded - before.bytes_uploaded -
                               before.bytes_downloaded);
    run.submissions = per_call(after.submissions - before.submissions);
    run.device_seconds = per_call(after.analyze.device_seconds + after.convolve.device_seconds -
                                  before.analyze.device_seconds - before.convolve.device_seconds);
    if (!after.fault.empty()) run.failure = "fell back to the CPU: " + after.fault;
  } catch (const Error& error) {
    run.failure = error.what();
  }
  return run;
}

}  // namespace

std::vector<BackendRun> compare_backends(const AudioBuffer& audio, const ComparisonOptions& options) {
  std::vector<BackendRun> runs;
  if (options.only != BackendKind::vulkan)
    runs.push_back(measure(audio, BackendOptions::cpu(options.cpu_workers), options));
  if (options.only != BackendKind::cpu) {
    BackendOptions vulkan = BackendOptions::cpu(options.cpu_workers);
    vulkan.kind = BackendKind::vulkan;
    if (!options.device.empty()) {
      vulkan.device = options.device;
      runs.push_back(measure(audio, vulkan, options));
    } else {
      const BackendInventory inventory = describe_backends();
      bool any = false;
      for (const DeviceInfo& device : inventory.devices) {
        if (device.reason.starts_with("unusable")) continue;
        vulkan.device = std::to_string(device.index);
        runs.push_back(measure(audio, vulkan, options));
        any = true;
      }
      if (!any) {
        BackendRun none;
        none.backend = "vulkan";
        none.failure = inventory.vulkan_status;
        runs.push_back(none);
      }
    }
  }
  const auto cpu = std::find_if(runs.begin(), runs.end(),
                                [](const BackendRun& r) { return r.backend == "cpu" && r.failure.empty(); });
  if (cpu != runs.end()) {
    const double cpu_seconds = cpu->analysis_seconds + cpu->convolution_seconds;
    for (BackendRun& run : runs) {
      if (run.failure.empty())
        run.speedup_vs_cpu = cpu_seconds / (run.analysis_seconds + run.convolution_seconds);
    }
  }
  return runs;
}

std::string format_table(const std::vector<BackendRun>& runs) {
  std::string table;
  char line[512];
  std::snprintf(line, sizeof line, "%-7s %-34s %10s %10s %11s %10s %10s %10s %6s %8s\n", "backend", "device",
                "warm-up ms", "analyze ms", "convolve ms", "device ms", "x realtime", "MB moved", "submit",
                "vs cpu");
  table += line;
  for (const BackendRun& run : runs) {
    if (run.analysis_seconds == 0.0 && !run.failure.empty()) {
      std::snprintf(line, sizeof line, "%-7s %-34.34s unavailable: %s\n", run.backend.c_str(),
                    run.device.c_str(), run.failure.c_str());
      table += line;
      continue;
    }
    char speedup[32] = "-";
    if (run.speedup_vs_cpu) std::snprintf(speedup, sizeof speedup, "%.2fx", *run.speedup_vs_cpu);
    char device[32] = "-";
    if (run.device_seconds > 0.0) std::snprintf(device, sizeof device, "%.1f", 1e3 * run.device_seconds);
    std::snprintf(line, sizeof line, "%-7s %-34.34s %10.1f %10.1f %11.1f %10s %10.0f %10.1f %6llu %8s\n",
                  run.backend.c_str(), run.device.c_str(), 1e3 * run.warmup_seconds,
                  1e3 * run.analysis_seconds, 1e3 * run.convolution_seconds, device, run.realtime,
                  static_cast<double>(run.bytes_moved) / 1e6,
                  static_cast<unsigned long long>(run.submissions), speedup);
    table += line;
    if (!run.failure.empty()) table += "        note: " + run.failure + "\n";
  }
  return table;
}

}  // namespace auralis::cli
