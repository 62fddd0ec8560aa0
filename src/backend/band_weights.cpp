// SPDX-License-Identifier: MIT
// BandWeights: fractional overlap of each FFT bin's frequency interval with each band, in double.
#include "backend/band_weights.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::backend {

BandWeights::BandWeights(BandLayout layout, double sample_rate_hz, std::size_t fft_size, double power_scale)
    : edges_hz_(band_edges_hz(layout, sample_rate_hz)) {
  const std::size_t bins = fft_size / 2 + 1;
  const double bin_hz = sample_rate_hz / static_cast<double>(fft_size);
  const double nyquist = sample_rate_hz / 2.0;
  for (std::size_t b = 0; b + 1 < edges_hz_.size(); ++b) {
    const double lo = edges_hz_[b], hi = edges_hz_[b + 1];
    // Bin k covers [(k - 1/2), (k + 1/2)] * bin_hz, clipped to [0, Nyquist].
    const auto first = static_cast<std::size_t>(std::max(0.0, std::floor(lo / bin_hz + 0.5)));
    const auto last = std::min(bins - 1, static_cast<std::size_t>(std::ceil(hi / bin_hz + 0.5)));
    first_bin_.push_back(static_cast<std::uint32_t>(first));
    bin_count_.push_back(0);
    offset_.push_back(static_cast<std::uint32_t>(weights_.size()));
    if (!(hi > lo)) continue;  // a band above Nyquist: no bins, reads 0
    std::size_t count = 0;
    for (std::size_t k = first; k <= last; ++k) {
      const double bin_lo = std::max(0.0, (static_cast<double>(k) - 0.5) * bin_hz);
      const double bin_hi = std::min(nyquist, (static_cast<double>(k) + 0.5) * bin_hz);
      const double overlap = std::min(hi, bin_hi) - std::max(lo, bin_lo);
      if (overlap <= 0.0 && count == 0) {
        first_bin_.back() = static_cast<std::uint32_t>(k + 1);
        continue;
      }
      // One-sided power: bins other than DC and Nyquist stand for their negative-frequency twins too.
      const double one_sided = (k == 0 || k == bins - 1) ? 1.0 : 2.0;
      const double fraction = std::max(0.0, overlap) / (bin_hi - bin_lo);
      weights_.push_back(static_cast<float>(fraction * one_sided * power_scale));
      ++count;
    }
    // Trailing bins outside the band carry weight 0; drop them.
    while (count > 0 && weights_.back() == 0.0f) {
      weights_.pop_back();
      --count;
    }
    bin_count_.back() = static_cast<std::uint32_t>(count);
  }
}

}  // namespace auralis::backend
