// LevelDetector: linked mean-square or peak envelope per sample.
#include "dsp/level_detector.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::dsp {

void LevelDetector::prepare(std::uint32_t sample_rate_hz, DetectorKind mode, double window_ms) {
  mode_ = mode;
  const double samples = std::max(1.0, window_ms * 1e-3 * sample_rate_hz);
  coefficient_ = mode == DetectorKind::rms ? 1.0 - std::exp(-1.0 / samples) : std::exp(-1.0 / samples);
  reset();
}

void LevelDetector::process(std::span<const float* const> planes, std::size_t frames, float* level) {
  const double inverse_channels = 1.0 / static_cast<double>(planes.size());
  if (mode_ == DetectorKind::rms) {
    for (std::size_t n = 0; n < frames; ++n) {
      double square = 0.0;
      for (const float* plane : planes) square += static_cast<double>(plane[n]) * plane[n];
      state_ += coefficient_ * (square * inverse_channels - state_);
      level[n] = static_cast<float>(state_);
    }
  } else {
    for (std::size_t n = 0; n < frames; ++n) {
      double peak = 0.0;
      for (const float* plane : planes) peak = std::max(peak, static_cast<double>(std::fabs(plane[n])));
      state_ = std::max(peak, state_ * coefficient_);
      level[n] = static_cast<float>(state_);
    }
  }
}

}  // namespace auralis::dsp
