// SPDX-License-Identifier: MIT
// The compressor probe of the content analysis: what the compressor planner needs to know of a track to land
// the compressor on a target gain reduction, measured in one streaming pass with bounded memory. It runs the
// compressor's own sidechain detector over the track and, at a grid of thresholds and for each preset's
// attack and release, the compressor's gain smoothing (in steps of about 3 ms), accumulating the mean
// reduction.
#pragma once

#include <auralis/mastering.hpp>

#include "dsp/level_detector.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace auralis::mastering {

/// The soft knee every adaptive plan uses (and the probe assumes), dB.
inline constexpr double planned_knee_db = 6.0;

class CompressorProbe {
 public:
  /// Listens to the `detected` channels (dsp::detected_channels of the layout), as the compressor will.
  CompressorProbe(std::uint32_t sample_rate_hz, std::vector<std::size_t> detected);
  void consume(std::span<const float* const> planes, std::size_t frames);
  /// Fills the profile's compressor_overshoot_db.
  void finish(ContentProfile& profile);

 private:
  void add_step();

  std::vector<std::size_t> detected_;
  dsp::LevelDetector detector_;
  std::vector<float> level_;  // one chunk of the detector's mean squares
  std::array<double, compressor_probe_count> thresholds_{};
  std::array<double, compressor_probe_ballistics> attack_{}, release_{};  // per-step coefficients
  // Per ballistics and threshold: the smoothed overshoot, and its sum over the audible windows.
  std::array<std::array<double, compressor_probe_count>, compressor_probe_ballistics> smoothed_{}, sum_{};
  std::uint64_t audible_windows_ = 0;
  double window_level_ = 0.0;  // highest mean square of the current window
  std::size_t window_fill_ = 0;
  double step_level_ = 0.0;              // sum of the current step's windows' highest mean squares
  std::size_t step_windows_wanted_ = 1;  // windows a step takes at this sample rate
  std::size_t step_windows_ = 0, step_audible_ = 0;
};

}  // namespace auralis::mastering
