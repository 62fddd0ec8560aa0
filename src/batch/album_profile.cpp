// SPDX-License-Identifier: MIT
// pool_profiles(): an album's tracks as one programme, for one set of tonal and dynamic decisions.
#include "batch/album_profile.hpp"

#include <auralis/error.hpp>
#include <auralis/loudness.hpp>

#include "core/statistics.hpp"
#include "core/units.hpp"
#include "mastering/content_rules.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::batch {

namespace {

template <std::size_t N>
void add_weighted(std::array<double, N>& sum, const std::array<double, N>& values, double weight) {
  for (std::size_t i = 0; i < N; ++i) sum[i] += weight * values[i];
}

}  // namespace

ContentProfile pool_profiles(std::span<const ContentProfile* const> tracks) {
  if (tracks.empty()) throw Error(ErrorCode::invalid_argument, "album: no tracks to pool");
  double total_seconds = 0.0;
  for (const ContentProfile* track : tracks) total_seconds += track->duration_seconds;
  const auto weight_of = [&](const ContentProfile& track) {
    return total_seconds > 0.0 ? track.duration_seconds / total_seconds
                               : 1.0 / static_cast<double>(tracks.size());
  };

  const ContentProfile& first = *tracks.front();
  ContentProfile album;
  album.sample_rate = first.sample_rate;
  album.channels = first.channels;
  album.duration_seconds = total_seconds;

  LoudnessReport& loudness = album.loudness;
  double mean_square = 0.0;
  for (const ContentProfile* track : tracks) {
    const double w = weight_of(*track);
    const LoudnessReport& own = track->loudness;
    loudness.gating_block_energies.insert(loudness.gating_block_energies.end(),
                                          own.gating_block_energies.begin(), own.gating_block_energies.end());
    loudness.short_term_history_lufs.insert(loudness.short_term_history_lufs.end(),
                                            own.short_term_history_lufs.begin(),
                                            own.short_term_history_lufs.end());
    const auto higher = [](const std::optional<double>& a, const std::optional<double>& b) {
      return a && b ? std::optional(std::max(*a, *b)) : a ? a : b;
    };
    loudness.max_momentary_lufs = higher(loudness.max_momentary_lufs, own.max_momentary_lufs);
    loudness.max_short_term_lufs = higher(loudness.max_short_term_lufs, own.max_short_term_lufs);
    loudness.true_peak = higher(loudness.true_peak, own.true_peak);
    loudness.sample_peak = std::max(loudness.sample_peak, own.sample_peak);
    loudness.frames += own.frames;
    mean_square += w * std::pow(10.0, track->rms_dbfs / 10.0);
    album.clipped_samples += track->clipped_samples;

    for (std::size_t b = 0; b < album.compressor_overshoot_db.size(); ++b) {
      add_weighted(album.compressor_overshoot_db[b], track->compressor_overshoot_db[b], w);
    }
    add_weighted(album.log_band_power, track->log_band_power, w);
    add_weighted(album.mid_log_band_power, track->mid_log_band_power, w);
    add_weighted(album.side_log_band_power, track->side_log_band_power, w);
    add_weighted(album.loud_mid_log_band_power, track->loud_mid_log_band_power, w);
    add_weighted(album.loud_side_log_band_power, track->loud_side_log_band_power, w);
    add_weighted(album.mid_noise_floor, track->mid_noise_floor, w);
    add_weighted(album.side_noise_floor, track->side_noise_floor, w);
    add_weighted(album.critical_band_power, track->critical_band_power, w);
    add_weighted(album.band_correlation, track->band_correlation, w);
    add_weighted(album.band_width, track->band_width, w);
    album.spectral_centroid_hz += w * track->spectral_centroid_hz;
    album.spectral_rolloff_hz += w * track->spectral_rolloff_hz;
    album.spectral_flatness += w * track->spectral_flatness;
    album.onset_rate_hz += w * track->onset_rate_hz;
  }
  // Correlation and width from the pooled energies would need them; their weighted means are what the
  // plan's rules read in the same units.
  album.correlation = album.width = album.low_end_correlation = 0.0;
  double longest = -1.0;
  for (const ContentProfile* track : tracks) {
    const double w = weight_of(*track);
    album.correlation += w * track->correlation;
    album.width += w * track->width;
    album.low_end_correlation += w * track->low_end_correlation;
    if (track->duration_seconds > longest) {
      longest = track->duration_seconds;
      album.tempo_bpm = track->tempo_bpm;  // a tempo is not averaged: the longest track's
    }
  }
  // The pooled blocks and short-term values, measured as one programme's.
  loudness.integrated_lufs = album_loudness(std::span(&loudness, 1));
  loudness.loudness_range_lu = auralis::loudness_range(loudness.short_term_history_lufs);
  // As the analysis derives them from its own measurements (content_analysis.cpp).
  album.rms_dbfs = core::power_to_db(mean_square, -200.0);
  const auto peak_db = LoudnessReport::to_db(loudness.sample_peak);
  album.crest_db = (peak_db && mean_square > 0.0) ? *peak_db - album.rms_dbfs : 0.0;
  const std::vector<double>& history = loudness.short_term_history_lufs;
  album.short_term_p10_lufs = core::percentile(history, 0.10);
  album.short_term_p50_lufs = core::percentile(history, 0.50);
  album.short_term_p95_lufs = core::percentile(history, 0.95);
  album.dynamic_range_db = history.empty() ? 0.0 : album.short_term_p95_lufs - album.short_term_p10_lufs;
  mastering::classify(album);
  return album;
}

}  // namespace auralis::batch
