// SPDX-License-Identifier: MIT
// Compressor: block-wise detector, gain computer, smoothing and gain application.
#include "dsp/compressor.hpp"

#include "dsp/compressor_kernels.hpp"

#include <auralis/audio_buffer.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace auralis::dsp {

namespace {
double one_pole(double time_ms, std::uint32_t rate) {
  const double samples = std::max(1.0, time_ms * 1e-3 * rate);
  return 1.0 - std::exp(-1.0 / samples);
}
}  // namespace

Compressor::Compressor(const CompressorPlan& plan, double amount, std::vector<std::size_t> detected)
    : plan_(plan),
      curve_{plan.threshold_dbfs, 1.0 + (plan.ratio - 1.0) * amount, plan.knee_db},
      makeup_db_(plan.makeup_db * amount),
      detected_(std::move(detected)) {}

void Compressor::prepare(const StreamSpec& spec) {
  detector_.prepare(spec.sample_rate_hz, plan_.detector, plan_.rms_window_ms, plan_.sidechain_high_pass_hz);
  attack_coefficient_ = one_pole(plan_.attack_ms, spec.sample_rate_hz);
  release_coefficient_ = one_pole(plan_.release_ms, spec.sample_rate_hz);
  sample_rate_hz_ = spec.sample_rate_hz;
  level_db_.assign(block_frames, 0.0f);
  gain_.assign(block_frames, 1.0f);
  reset();
}

void Compressor::reset() {
  detector_.reset();
  gain_db_ = 0.0;
  max_reduction_db_ = 0.0;
  reduction_.reset();
  window_gain_db_ = 0.0;
  window_level_db_ = -1000.0;
  window_fill_ = 0;
}

void Compressor::process(std::span<float* const> planes, std::size_t frames) {
  std::array<const float*, max_channels> inputs{};
  const bool amplitude = detector_.mode() == DetectorKind::peak;
  for (std::size_t start = 0; start < frames; start += block_frames) {
    const std::size_t count = std::min(block_frames, frames - start);
    std::size_t listened = 0;
    if (detected_.empty()) {
      for (std::size_t c = 0; c < planes.size(); ++c) inputs[listened++] = planes[c] + start;
    } else {
      for (const std::size_t c : detected_) inputs[listened++] = planes[c] + start;
    }
    detector_.process(std::span(inputs.data(), listened), count, level_db_.data());
    level_to_db(level_db_.data(), count, amplitude, level_db_.data());
    static_gain_db_block(curve_, level_db_.data(), count, gain_.data());
    // Attack while the gain falls, release while it recovers: the one recursive step, kept scalar.
    for (std::size_t n = 0; n < count; ++n) {
      const double target = gain_[n];
      const double coefficient = target < gain_db_ ? attack_coefficient_ : release_coefficient_;
      gain_db_ += coefficient * (target - gain_db_);
      max_reduction_db_ = std::min(max_reduction_db_, gain_db_);
      window_gain_db_ = std::min(window_gain_db_, gain_db_);
      window_level_db_ = std::max(window_level_db_, static_cast<double>(level_db_[n]));
      if (++window_fill_ == GainReductionMeter::window_frames) {
        reduction_.add_window(-window_gain_db_, window_level_db_ > GainReductionMeter::audible_db);
        window_gain_db_ = 0.0;
        window_level_db_ = -1000.0;
        window_fill_ = 0;
      }
      gain_[n] = static_cast<float>(gain_db_);
    }
    db_to_gain(gain_.data(), count, static_cast<float>(makeup_db_), gain_.data());
    for (float* plane : planes) {
      float* x = plane + start;
      for (std::size_t n = 0; n < count; ++n) x[n] *= gain_[n];
    }
  }
}

}  // namespace auralis::dsp
