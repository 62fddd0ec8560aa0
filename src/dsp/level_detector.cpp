// LevelDetector: linked mean-square or peak envelope per sample.
#include "dsp/level_detector.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::dsp {

namespace {
constexpr double kFloorDb = -200.0;
}

void LevelDetector::prepare(std::uint32_t sample_rate_hz, DetectorMode mode, double window_ms) {
  mode_ = mode;
  const double samples = std::max(1.0, window_ms * 1e-3 * sample_rate_hz);
  coefficient_ = mode == DetectorMode::rms ? 1.0 - std::exp(-1.0 / samples) : std::exp(-1.0 / samples);
  reset();
}

void LevelDetector::process(std::span<const float* const> planes, std::size_t frames, float* level_db) {
  const double inverse_channels = 1.0 / static_cast<double>(planes.size());
  for (std::size_t n = 0; n < frames; ++n) {
    double level;
    if (mode_ == DetectorMode::rms) {
      double square = 0.0;
      for (const float* plane : planes) square += static_cast<double>(plane[n]) * plane[n];
      state_ += coefficient_ * (square * inverse_channels - state_);
      level = state_ > 0.0 ? 10.0 * std::log10(state_) : kFloorDb;
    } else {
      double peak = 0.0;
      for (const float* plane : planes) peak = std::max(peak, static_cast<double>(std::fabs(plane[n])));
      state_ = std::max(peak, state_ * coefficient_);
      level = state_ > 0.0 ? 20.0 * std::log10(state_) : kFloorDb;
    }
    level_db[n] = static_cast<float>(std::max(level, kFloorDb));
  }
}

}  // namespace auralis::dsp
