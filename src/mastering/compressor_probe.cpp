// SPDX-License-Identifier: MIT
// CompressorProbe: the sidechain detector, window levels, and the compressor's smoothing at a grid of
// thresholds, per preset's attack and release.
#include "mastering/compressor_probe.hpp"

#include "dsp/gain_reduction_meter.hpp"
#include "mastering/presets.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::mastering {

namespace {

constexpr std::size_t kChunkFrames = 4096;
// A step lasts about this long (whole 16-frame windows, at least one): well under the shortest attack (10
// ms), 8 windows (128 frames) at 44.1 and 48 kHz.
constexpr double kStepSeconds = 0.003;
// A window counts when its level is above GainReductionMeter::audible_db (a mean square of 1e-7).
constexpr double kAudibleMeanSquare = 1e-7;

// Per-sample one-pole coefficient compounded over a step of `frames` samples.
double step_coefficient(double time_ms, std::uint32_t rate, std::size_t frames) {
  const double samples = std::max(1.0, time_ms * 1e-3 * rate);
  return 1.0 - std::exp(-static_cast<double>(frames) / samples);
}

// The reduction per unit of slope the knee asks for `over` dB above the threshold: the compressor's curve
// (gain_computer.hpp) with the slope taken out, without branches so that the probe's loop vectorises: the
// quadratic over the knee, (over + W/2)^2 / 2W, reaches W/2 at its top, where the straight part goes on.
double knee_overshoot(double over) {
  const double into_knee = std::clamp(over + planned_knee_db / 2.0, 0.0, planned_knee_db);
  return into_knee * into_knee / (2.0 * planned_knee_db) + std::max(0.0, over - planned_knee_db / 2.0);
}

}  // namespace

CompressorProbe::CompressorProbe(std::uint32_t sample_rate_hz, std::vector<std::size_t> detected)
    : detected_(std::move(detected)), level_(kChunkFrames) {
  const CompressorPlan planned;  // the detector every adaptive plan uses
  detector_.prepare(sample_rate_hz, DetectorKind::rms, planned.rms_window_ms, planned.sidechain_high_pass_hz);
  for (std::size_t k = 0; k < compressor_probe_count; ++k) {
    thresholds_[k] = compressor_probe_lowest_dbfs + static_cast<double>(k) * compressor_probe_step_db;
  }
  constexpr auto window = static_cast<double>(dsp::GainReductionMeter::window_frames);
  step_windows_wanted_ =
      std::max<std::size_t>(1, static_cast<std::size_t>(kStepSeconds * sample_rate_hz / window));
  const std::size_t step_frames = step_windows_wanted_ * dsp::GainReductionMeter::window_frames;
  for (std::size_t b = 0; b < compressor_probe_ballistics; ++b) {
    const PresetProfile& preset = preset_profile(static_cast<Preset>(b));
    attack_[b] = step_coefficient(preset.attack_ms, sample_rate_hz, step_frames);
    release_[b] = step_coefficient(preset.release_ms, sample_rate_hz, step_frames);
  }
}

void CompressorProbe::consume(std::span<const float* const> planes, std::size_t frames) {
  std::array<const float*, max_channels> chunk{};
  for (std::size_t start = 0; start < frames; start += kChunkFrames) {
    const std::size_t count = std::min(kChunkFrames, frames - start);
    for (std::size_t i = 0; i < detected_.size(); ++i) chunk[i] = planes[detected_[i]] + start;
    detector_.process(std::span(chunk.data(), detected_.size()), count, level_.data());
    for (std::size_t n = 0; n < count; ++n) {
      window_level_ = std::max(window_level_, static_cast<double>(level_[n]));
      if (++window_fill_ < dsp::GainReductionMeter::window_frames) continue;
      step_audible_ += window_level_ > kAudibleMeanSquare ? 1 : 0;
      step_level_ += window_level_;
      window_level_ = 0.0;
      window_fill_ = 0;
      if (++step_windows_ == step_windows_wanted_) add_step();
    }
  }
}

void CompressorProbe::add_step() {
  // The step's level: the mean of its windows' highest (the highest of all overstated the reduction, by up
  // to 0.35 dB of 3 on the drum loop of test_compressor_plan.cpp, where the gain follows the level smoothed).
  const double level_db =
      10.0 * std::log10(std::max(step_level_ / static_cast<double>(step_windows_), 1e-30));
  const auto weight = static_cast<double>(step_audible_);
  std::array<double, compressor_probe_count> target;
  for (std::size_t k = 0; k < compressor_probe_count; ++k)
    target[k] = knee_overshoot(level_db - thresholds_[k]);
  for (std::size_t b = 0; b < compressor_probe_ballistics; ++b) {
    const double attack = attack_[b], release = release_[b];
    double* smoothed = smoothed_[b].data();
    double* sum = sum_[b].data();
    for (std::size_t k = 0; k < compressor_probe_count; ++k) {
      // More reduction asked for: the attack; less: the release (the compressor's rule, on the gain).
      const double change = target[k] - smoothed[k];
      smoothed[k] += (change > 0.0 ? attack : release) * change;
      sum[k] += weight * smoothed[k];
    }
  }
  audible_windows_ += step_audible_;
  step_level_ = 0.0;
  step_windows_ = 0;
  step_audible_ = 0;
}

void CompressorProbe::finish(ContentProfile& profile) {
  if (step_windows_ > 0) add_step();
  const double windows = std::max<double>(1.0, static_cast<double>(audible_windows_));
  for (std::size_t b = 0; b < compressor_probe_ballistics; ++b) {
    for (std::size_t k = 0; k < compressor_probe_count; ++k) {
      profile.compressor_overshoot_db[b][k] = sum_[b][k] / windows;
    }
  }
}

}  // namespace auralis::mastering
