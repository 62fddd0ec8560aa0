// SPDX-License-Identifier: MIT
// plan_tonal_correction: region deficits against the target balance, with a tolerance, a cap and the
// noise-floor guard.
#include "mastering/plan_tone.hpp"

#include <auralis/spectral.hpp>

#include "dsp/eq_design.hpp"
#include "mastering/noise_floor.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::mastering {

namespace {

// Target power density (dB per Hz, up to a constant) of a well-balanced master: pink (-3 dB/octave) with
// a further -1.5 dB/octave above 1 kHz and a -6 dB/octave roll-off below 60 Hz.
double target_density_db(double hz) {
  double db = -10.0 * std::log10(hz);
  if (hz > 1000.0) db -= 1.5 * std::log2(hz / 1000.0);
  if (hz < 60.0) db -= 6.0 * std::log2(60.0 / hz);
  return db;
}

std::size_t region_of(double hz) {
  std::size_t r = 0;
  while (r + 1 < tonal_region_count && hz >= tonal_region_edges_hz[r + 1]) ++r;
  return r;
}

// The five-band tilt's value for a region: its lowest value for both bass regions.
double tilt_of(const Tilt& tilt, std::size_t region) {
  return tilt[region == 0 ? 0 : region - 1];
}

}  // namespace

TonalCorrection plan_tonal_correction(const ContentProfile& p, const Tilt& tilt, double side_high_pass_hz) {
  TonalCorrection out;
  const std::vector<double> edges = band_edges_hz(BandLayout::log64, p.sample_rate);
  std::array<double, log_band_count> loud{}, floor{};
  for (std::size_t b = 0; b < log_band_count; ++b) {
    // The balance as it will be: the side below the mono-maker's crossover is removed (a second pass, which
    // finds it gone, then measures what the first aimed at).
    const double kept = dsp::eq_high_pass_gain(std::sqrt(edges[b] * edges[b + 1]), side_high_pass_hz);
    loud[b] = p.loud_mid_log_band_power[b] + kept * kept * p.loud_side_log_band_power[b];
    floor[b] = p.mid_noise_floor[b] + p.side_noise_floor[b];
  }
  const double loudest = *std::ranges::max_element(loud);
  if (!(loudest > 0.0)) return out;
  std::array<double, tonal_region_count> sum{};
  std::array<int, tonal_region_count> bands{}, at_floor{};
  for (std::size_t b = 0; b < log_band_count; ++b) {
    const double width = edges[b + 1] - edges[b];
    if (width <= 0.0 || loud[b] <= 0.0) continue;
    const double centre = std::sqrt(edges[b] * edges[b + 1]);
    const std::size_t r = region_of(centre);
    sum[r] += target_density_db(centre) + tilt_of(tilt, r) - 10.0 * std::log10(loud[b] / width);
    ++bands[r];
    if (at_noise_floor(loud[b], floor[b], loudest)) ++at_floor[r];
  }
  // Only the shape matters (loudness is the loudness stage's business): the regions' deficits less their
  // mean, each region that holds music counting once (a power-weighted mean would let the loudest region,
  // often the sub-bass, set the level everything else is corrected against, pushing every other region
  // into the cap).
  std::array<double, tonal_region_count> deficit{};
  std::array<bool, tonal_region_count> music{};
  double mean = 0.0;
  int counted = 0;
  for (std::size_t r = 0; r < tonal_region_count; ++r) {
    if (bands[r] == 0) continue;
    deficit[r] = sum[r] / bands[r];
    music[r] = 2 * at_floor[r] <= bands[r];
    if (music[r]) {
      mean += deficit[r];
      ++counted;
    }
  }
  if (counted == 0) return out;
  mean /= counted;
  for (std::size_t r = 0; r < tonal_region_count; ++r) {
    if (bands[r] == 0) continue;
    const double d = deficit[r] - mean;
    // Within the tolerance nothing; beyond it the rest of the way, but no further than the region's tilt
    // plus the cap in the tilt's direction, the cap in the other.
    const double tilt_r = tilt_of(tilt, r);
    const double reach = std::max(0.0, std::abs(d) - tonal_tolerance_db);
    double c = std::clamp(std::copysign(reach, d), std::min(0.0, tilt_r) - max_tonal_correction_db,
                          std::max(0.0, tilt_r) + max_tonal_correction_db);
    if (!music[r]) c = std::min(c, 0.0);
    out.region_db[r] = c;
  }
  const auto centres = critical_band_centres_hz();
  for (std::size_t b = 0; b < critical_band_count; ++b) out.eq_db[b] = out.region_db[region_of(centres[b])];
  out.sub_bass_db = out.region_db[0];
  return out;
}

}  // namespace auralis::mastering
