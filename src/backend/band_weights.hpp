// SPDX-License-Identifier: MIT
// Band reduction tables, a spectral definition both backends share: for each band, a run of consecutive FFT
// bins and the weight of each (the fraction of the bin's width inside the band, times the one-sided power
// scale).
#pragma once

#include <auralis/spectral.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace auralis::backend {

/// What a kernel reads: band b sums weights[offset[b] + i] * power[first_bin[b] + i] for i < bin_count[b].
struct BandWeightsView {
  std::size_t bands;
  const std::uint32_t* first_bin;
  const std::uint32_t* bin_count;
  const std::uint32_t* offset;
  const float* weights;
};

/// Weights of one layout for one FFT size, sample rate and window.
class BandWeights {
 public:
  /// `power_scale` multiplies every weight (the backend folds 1 / (N sum w^2) in here).
  BandWeights(BandLayout layout, double sample_rate_hz, std::size_t fft_size, double power_scale);

  const std::vector<double>& edges_hz() const noexcept { return edges_hz_; }
  BandWeightsView view() const noexcept {
    return {first_bin_.size(), first_bin_.data(), bin_count_.data(), offset_.data(), weights_.data()};
  }

 private:
  std::vector<double> edges_hz_;
  std::vector<std::uint32_t> first_bin_, bin_count_, offset_;
  std::vector<float> weights_;
};

}  // namespace auralis::backend
