// SPDX-License-Identifier: MIT
// Level-class and genre rules (see docs/mastering.md for the table these implement).
#include "mastering/content_rules.hpp"

#include <auralis/spectral.hpp>

#include <array>
#include <utility>

namespace auralis::mastering {

namespace {

LevelClass level_class_of(const ContentProfile& p) {
  if (!p.loudness.integrated_lufs) return LevelClass::silent;
  const double integrated = *p.loudness.integrated_lufs;
  const double true_peak =
      LoudnessReport::to_db(p.loudness.true_peak.value_or(p.loudness.sample_peak)).value_or(-200.0);
  if (integrated < -24.0 || true_peak < -6.0) return LevelClass::under_levelled;
  if (p.dynamic_range_db >= 10.0 && p.crest_db >= 14.0) return LevelClass::live_dynamic;
  if (true_peak > 0.0 || (p.crest_db < 10.0 && true_peak > -0.1)) return LevelClass::over_levelled;
  if (integrated > -10.0) return LevelClass::hot;
  return LevelClass::well_levelled;
}

bool between(double value, double lo, double hi) {
  return value >= lo && value <= hi;
}

Genre genre_of(const ContentProfile& p) {
  const double low = power_share_below(p, 150.0);
  const double sub = power_share_below(p, 100.0);
  const double dr = p.dynamic_range_db;
  const double centroid = p.spectral_centroid_hz;
  const double tempo = p.tempo_bpm;
  const bool pulse = tempo > 0.0;
  // Each genre's score adds the weights of the rules it meets; the order breaks ties.
  const std::array<std::pair<Genre, double>, 9> scores = {{
      {Genre::speech, (p.width < 0.05 ? 1.0 : 0.0) + (sub < 0.02 ? 1.0 : 0.0) + (!pulse ? 0.5 : 0.0) +
                          (between(centroid, 400.0, 2500.0) ? 0.5 : 0.0) + (dr > 8.0 ? 0.5 : 0.0)},
      {Genre::classical, (dr > 12.0 ? 1.0 : 0.0) + (p.crest_db > 16.0 ? 1.0 : 0.0) +
                             (p.onset_rate_hz < 1.5 ? 0.5 : 0.0) + (centroid < 1500.0 ? 0.5 : 0.0) +
                             (p.width > 0.05 ? 0.5 : 0.0)},
      {Genre::electronic, (low > 0.25 ? 1.0 : 0.0) + (between(tempo, 115.0, 140.0) ? 1.0 : 0.0) +
                              (dr < 6.0 ? 1.0 : 0.0) + (p.onset_rate_hz > 3.0 ? 0.5 : 0.0)},
      {Genre::hip_hop, (low > 0.25 ? 1.0 : 0.0) + (between(tempo, 70.0, 100.0) ? 1.0 : 0.0) +
                           (between(p.onset_rate_hz, 1.5, 4.0) ? 0.5 : 0.0) + (dr < 8.0 ? 0.5 : 0.0)},
      {Genre::rock, (between(centroid, 1500.0, 4000.0) ? 1.0 : 0.0) + (dr < 8.0 ? 0.5 : 0.0) +
                        (between(tempo, 90.0, 180.0) ? 0.5 : 0.0) + (p.spectral_flatness > 0.2 ? 0.5 : 0.0) +
                        (between(low, 0.10, 0.25) ? 0.5 : 0.0)},
      {Genre::jazz, (between(dr, 8.0, 14.0) ? 1.0 : 0.0) + (between(centroid, 1000.0, 2500.0) ? 0.5 : 0.0) +
                        (between(low, 0.05, 0.2) ? 0.5 : 0.0) + (p.crest_db > 14.0 ? 0.5 : 0.0)},
      {Genre::acoustic, (low < 0.10 ? 1.0 : 0.0) + (between(dr, 6.0, 12.0) ? 0.5 : 0.0) +
                            (between(centroid, 1000.0, 3000.0) ? 0.5 : 0.0) + (p.width < 0.2 ? 0.5 : 0.0)},
      {Genre::ambient, (p.onset_rate_hz < 0.5 ? 1.0 : 0.0) + (!pulse ? 1.0 : 0.0) +
                           (centroid < 1500.0 ? 0.5 : 0.0) + (p.width > 0.2 ? 0.5 : 0.0)},
      {Genre::pop, 1.0 + (dr < 8.0 ? 0.5 : 0.0) + (between(tempo, 95.0, 130.0) ? 0.5 : 0.0)},
  }};
  Genre best = Genre::unknown;
  double best_score = 2.0;  // a genre must meet rules worth more than this to be named
  for (const auto& [genre, score] : scores) {
    if (score > best_score) {
      best = genre;
      best_score = score;
    }
  }
  return best;
}

}  // namespace

double power_share_below(const ContentProfile& profile, double hz) {
  const std::vector<double> edges = band_edges_hz(BandLayout::log64, 2.0 * 20000.0);
  double below = 0.0, total = 0.0;
  for (std::size_t b = 0; b < profile.log_band_power.size(); ++b) {
    total += profile.log_band_power[b];
    if (edges[b + 1] <= hz) below += profile.log_band_power[b];
  }
  return total > 0.0 ? below / total : 0.0;
}

void classify(ContentProfile& profile) {
  profile.level_class = level_class_of(profile);
  profile.genre = profile.level_class == LevelClass::silent ? Genre::unknown : genre_of(profile);
}

}  // namespace auralis::mastering
