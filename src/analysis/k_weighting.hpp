// SPDX-License-Identifier: MIT
// BS.1770 K-weighting (high shelf + RLB high-pass) designed for any sample rate, run in double precision.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace auralis::analysis {

/// One biquad section, a0 normalised to 1.
struct Biquad {
  double b0, b1, b2, a1, a2;
};

/// The two stages of the K-weighting filter at a given rate.
struct KWeightingDesign {
  Biquad shelf;
  Biquad high_pass;
};

/// Designs both stages from their analogue prototypes with the bilinear transform (pre-warped at each
/// stage's centre frequency), which reproduces the BS.1770 48 kHz table to all printed digits and gives
/// the same response at every other rate.
KWeightingDesign design_k_weighting(std::uint32_t sample_rate_hz);

/// Doubles of filter state per channel: input and output history of both sections (direct form I).
inline constexpr std::size_t k_weighting_state_size = 8;

/// K-weights a group of channels at once (one channel per SIMD lane) and adds each channel's squared
/// outputs, in sample order, to sums[c]. `state` holds k_weighting_state_size doubles per channel; carrying
/// it across calls makes any split of a signal give bit-identical sums.
void k_weight_accumulate_squares(const KWeightingDesign& design, std::span<const float* const> planes,
                                 std::size_t frames, double* state, double* sums);

/// Per-channel state for k_weight_accumulate_squares.
class KWeightingBank {
 public:
  KWeightingBank(const KWeightingDesign& design, std::size_t channels)
      : design_(design), state_(channels * k_weighting_state_size, 0.0) {}

  /// Filters frames [0, count) of planes[c] + offset for every channel, adding squares to sums[c].
  void accumulate_squares(std::span<const float* const> planes, std::size_t offset, std::size_t count,
                          double* sums);
  void reset();

 private:
  KWeightingDesign design_;
  std::vector<double> state_;
};

}  // namespace auralis::analysis
