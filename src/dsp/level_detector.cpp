// SPDX-License-Identifier: MIT
// LevelDetector: sidechain high-pass, then a linked mean-square or peak envelope per sample.
#include "dsp/level_detector.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace auralis::dsp {

std::vector<std::size_t> detected_channels(std::span<const Speaker> layout) {
  std::vector<std::size_t> channels;
  for (std::size_t c = 0; c < layout.size(); ++c) {
    if (layout[c] != Speaker::lfe) channels.push_back(c);
  }
  if (channels.empty()) {
    for (std::size_t c = 0; c < layout.size(); ++c) channels.push_back(c);
  }
  return channels;
}

void LevelDetector::prepare(std::uint32_t sample_rate_hz, DetectorKind mode, double window_ms,
                            double high_pass_hz) {
  mode_ = mode;
  const double samples = std::max(1.0, window_ms * 1e-3 * sample_rate_hz);
  coefficient_ = mode == DetectorKind::rms ? 1.0 - std::exp(-1.0 / samples) : std::exp(-1.0 / samples);
  high_pass_ = high_pass_hz > 0.0;
  if (high_pass_) {
    // The fourth-order Butterworth high-pass as two bilinear-transform sections, Q = 1 / (2 cos(pi/8)) and
    // 1 / (2 cos(3 pi/8)).
    const double corner = std::min(high_pass_hz, 0.45 * sample_rate_hz);
    const double w = 2.0 * std::numbers::pi * corner / sample_rate_hz;
    for (std::size_t k = 0; k < kSections; ++k) {
      const double q = 1.0 / (2.0 * std::cos(std::numbers::pi * static_cast<double>(2 * k + 1) / 8.0));
      const double alpha = std::sin(w) / (2.0 * q);
      const double a0 = 1.0 + alpha;
      sections_[k] = {(1.0 + std::cos(w)) / (2.0 * a0), -2.0 * std::cos(w) / a0, (1.0 - alpha) / a0};
    }
  }
  reset();
}

void LevelDetector::reset() noexcept {
  state_ = 0.0;
  for (auto& channel : filter_state_) {
    for (auto& s : channel) s = {0.0, 0.0};
  }
}

// The general loop below with its states in locals (the same operations in the same order, so the results
// are the same bits); through members, the states went to memory and back every sample, lengthening the
// loop's dependency chains by the store-to-load delay, which made this the costliest loop of a master.
template <std::size_t Channels, bool HighPass, bool Rms>
void LevelDetector::process_fixed(std::span<const float* const> planes, std::size_t frames,
                                  float* level) noexcept {
  const std::array<Section, kSections> sections = sections_;
  std::array<SectionStates, Channels> filters;
  for (std::size_t c = 0; c < Channels; ++c) filters[c] = filter_state_[c];
  const double coefficient = coefficient_;
  const double inverse_channels = 1.0 / static_cast<double>(Channels);
  double state = state_;
  for (std::size_t n = 0; n < frames; ++n) {
    double detected = 0.0;
    for (std::size_t c = 0; c < Channels; ++c) {
      double x = planes[c][n];
      if constexpr (HighPass) x = filter(sections, filters[c], x);
      if constexpr (Rms) {
        detected += x * x;
      } else {
        detected = std::max(detected, std::fabs(x));
      }
    }
    if constexpr (Rms) {
      state += coefficient * (detected * inverse_channels - state);
    } else {
      state = std::max(detected, state * coefficient);
    }
    level[n] = static_cast<float>(state);
  }
  state_ = state;
  for (std::size_t c = 0; c < Channels; ++c) filter_state_[c] = filters[c];
}

void LevelDetector::process(std::span<const float* const> planes, std::size_t frames, float* level) {
  const bool rms = mode_ == DetectorKind::rms;
  if (planes.size() == 2) {
    if (high_pass_) {
      return rms ? process_fixed<2, true, true>(planes, frames, level)
                 : process_fixed<2, true, false>(planes, frames, level);
    }
    return rms ? process_fixed<2, false, true>(planes, frames, level)
               : process_fixed<2, false, false>(planes, frames, level);
  }
  if (planes.size() == 1) {
    if (high_pass_) {
      return rms ? process_fixed<1, true, true>(planes, frames, level)
                 : process_fixed<1, true, false>(planes, frames, level);
    }
    return rms ? process_fixed<1, false, true>(planes, frames, level)
               : process_fixed<1, false, false>(planes, frames, level);
  }
  const double inverse_channels = 1.0 / static_cast<double>(planes.size());
  const auto sidechain = [&](std::size_t c, std::size_t n) {
    return high_pass_ ? filter(sections_, filter_state_[c], planes[c][n]) : static_cast<double>(planes[c][n]);
  };
  if (mode_ == DetectorKind::rms) {
    for (std::size_t n = 0; n < frames; ++n) {
      double square = 0.0;
      for (std::size_t c = 0; c < planes.size(); ++c) {
        const double x = sidechain(c, n);
        square += x * x;
      }
      state_ += coefficient_ * (square * inverse_channels - state_);
      level[n] = static_cast<float>(state_);
    }
  } else {
    for (std::size_t n = 0; n < frames; ++n) {
      double peak = 0.0;
      for (std::size_t c = 0; c < planes.size(); ++c) peak = std::max(peak, std::fabs(sidechain(c, n)));
      state_ = std::max(peak, state_ * coefficient_);
      level[n] = static_cast<float>(state_);
    }
  }
}

}  // namespace auralis::dsp
