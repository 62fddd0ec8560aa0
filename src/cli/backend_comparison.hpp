// SPDX-License-Identifier: MIT
// The cross-backend comparison behind `auralis bench`: analysis and convolution of one track on the CPU and
// on every usable Vulkan device, each timed in the same run with what it moved and submitted.
#pragma once

#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/spectral.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace auralis::cli {

struct ComparisonOptions {
  unsigned repetitions = 3;         ///< Timed calls per backend after one untimed warm-up (plans, kernels).
  unsigned cpu_workers = 0;         ///< CPU backend threads (0: all cores).
  std::optional<BackendKind> only;  ///< cpu or vulkan: that backend alone.
  std::string device;               ///< Vulkan device name or index: that device alone.
  StftSpec spec{4096, 1024, Window::hann};
  std::size_t taps = 8191;  ///< Linear-phase FIR, as the mastering EQ uses at 44.1 kHz.
};

/// One backend's row. Times are medians over the repetitions, per call.
struct BackendRun {
  std::string backend;          ///< "cpu" or "vulkan".
  std::string device;           ///< SIMD target or GPU name.
  std::string failure;          ///< Why this backend could not run (then nothing else is filled).
  double warmup_seconds = 0.0;  ///< First analysis plus convolution: plans, kernels, buffers.
  double analysis_seconds = 0.0;
  double convolution_seconds = 0.0;
  /// GPU execution time of one analysis plus one convolution (mean over the repetitions, from device
  /// timestamps); 0 on the CPU and on devices without timestamps.
  double device_seconds = 0.0;
  double realtime = 0.0;                 ///< Audio seconds per second of analysis plus convolution.
  std::uint64_t bytes_moved = 0;         ///< Per analysis plus convolution.
  std::uint64_t submissions = 0;         ///< Per analysis plus convolution.
  std::optional<double> speedup_vs_cpu;  ///< CPU time / this time (analysis plus convolution).
};

/// Runs the comparison on `audio`. The CPU row comes first when it runs.
std::vector<BackendRun> compare_backends(const AudioBuffer& audio, const ComparisonOptions& options);

/// The rows as a fixed-width text table.
std::string format_table(const std::vector<BackendRun>& runs);

}  // namespace auralis::cli
