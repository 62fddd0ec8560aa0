// SPDX-License-Identifier: MIT
// How reference-matching tests compare tracks: the loud sections' mid spectra of their content profiles,
// over the bands that hold music rather than a noise floor.
#pragma once

#include <auralis/mastering.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace auralis::test {

/// Band `b` of `p` holds music rather than noise (the rule docs/mastering.md gives): its loud-section power
/// stands more than 6 dB over the band's own floor, or it lies within 30 dB of the loudest band.
inline bool above_noise_floor(const ContentProfile& p, std::size_t b) {
  const double loudest = *std::ranges::max_element(p.loud_mid_log_band_power);
  return p.loud_mid_log_band_power[b] > p.mid_noise_floor[b] * std::pow(10.0, 0.6) ||
         p.loud_mid_log_band_power[b] >= loudest * 1e-3;
}

/// The bands above both profiles' noise floors.
inline std::vector<std::size_t> bands_above_both_floors(const ContentProfile& a, const ContentProfile& b) {
  std::vector<std::size_t> bands;
  for (std::size_t i = 0; i < log_band_count; ++i) {
    if (a.loud_mid_log_band_power[i] > 0.0 && b.loud_mid_log_band_power[i] > 0.0 && above_noise_floor(a, i) &&
        above_noise_floor(b, i)) {
      bands.push_back(i);
    }
  }
  return bands;
}

/// RMS over `bands` of the dB difference of the loud-section mid spectra, each normalised by its total.
inline double loud_distance_db(const ContentProfile& a, const ContentProfile& b,
                               const std::vector<std::size_t>& bands) {
  double total_a = 0.0, total_b = 0.0;
  for (std::size_t i = 0; i < log_band_count; ++i) {
    total_a += a.loud_mid_log_band_power[i];
    total_b += b.loud_mid_log_band_power[i];
  }
  double sum = 0.0;
  for (const std::size_t i : bands) {
    const double d = 10.0 * std::log10((a.loud_mid_log_band_power[i] / total_a) /
                                       (b.loud_mid_log_band_power[i] / total_b));
    sum += d * d;
  }
  return std::sqrt(sum / static_cast<double>(bands.size()));
}

}  // namespace auralis::test
