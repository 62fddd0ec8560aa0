// SPDX-License-Identifier: MIT
// K-weighting design at any rate, and the channel bank that feeds the SIMD filter kernel.
#include "analysis/k_weighting.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace auralis::analysis {

namespace {
// Analogue prototype of BS.1770's stage 1 (the head's acoustic effect): a high shelf. The constants are
// those that make the bilinear design reproduce the Recommendation's 48 kHz coefficients exactly.
constexpr double kShelfHz = 1681.974450955533;
constexpr double kShelfGainDb = 3.999843853973347;
constexpr double kShelfQ = 0.7071752369554196;
constexpr double kShelfBandExponent = 0.4996667741545416;
// Stage 2, the revised low-frequency B-curve (RLB): a second-order high-pass.
constexpr double kHighPassHz = 38.13547087602444;
constexpr double kHighPassQ = 0.5003270373238773;
// The kernel handles up to this many channels per call; more are split into groups.
constexpr std::size_t kMaxChannelsPerCall = 8;
}  // namespace

KWeightingDesign design_k_weighting(std::uint32_t sample_rate_hz) {
  const double rate = static_cast<double>(sample_rate_hz);
  KWeightingDesign design{};
  {
    const double k = std::tan(std::numbers::pi * kShelfHz / rate);
    const double vh = std::pow(10.0, kShelfGainDb / 20.0);
    const double vb = std::pow(vh, kShelfBandExponent);
    const double a0 = 1.0 + k / kShelfQ + k * k;
    design.shelf = {(vh + vb * k / kShelfQ + k * k) / a0, 2.0 * (k * k - vh) / a0,
                    (vh - vb * k / kShelfQ + k * k) / a0, 2.0 * (k * k - 1.0) / a0,
                    (1.0 - k / kShelfQ + k * k) / a0};
  }
  {
    const double k = std::tan(std::numbers::pi * kHighPassHz / rate);
    const double a0 = 1.0 + k / kHighPassQ + k * k;
    design.high_pass = {1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / kHighPassQ + k * k) / a0};
  }
  return design;
}

void KWeightingBank::accumulate_squares(std::span<const float* const> planes, std::size_t offset,
                                        std::size_t count, double* sums) {
  const std::size_t channels = state_.size() / k_weighting_state_size;
  std::array<const float*, kMaxChannelsPerCall> group{};
  for (std::size_t first = 0; first < channels; first += kMaxChannelsPerCall) {
    const std::size_t size = std::min(kMaxChannelsPerCall, channels - first);
    for (std::size_t c = 0; c < size; ++c) group[c] = planes[first + c] + offset;
    k_weight_accumulate_squares(design_, std::span(group.data(), size), count,
                                state_.data() + first * k_weighting_state_size, sums + first);
  }
}

void KWeightingBank::reset() {
  std::ranges::fill(state_, 0.0);
}

}  // namespace auralis::analysis
