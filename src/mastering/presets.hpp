// SPDX-License-Identifier: MIT
// The numbers behind each preset and genre profile (see docs/mastering.md for the tables and why).
#pragma once

#include <auralis/mastering.hpp>

#include <array>

namespace auralis::mastering {

/// Five-band tonal tilt in dB: below 200 Hz, 200-800, 800-3000, 3000-8000, above 8000 Hz.
using Tilt = std::array<double, 5>;

struct PresetProfile {
  Tilt tilt;
  double ratio;
  /// The most mean gain reduction over the audible programme (GainReduction::mean_db) the compressor is
  /// planned for; a track gets less when less brings its range to the goal (plan_compressor.hpp).
  double target_reduction_db;
  /// The short-term loudness range (ContentProfile::dynamic_range_db, p95 - p10) the preset is content
  /// with: a track at or under it gets no compression.
  double range_goal_db;
  double attack_ms;
  double release_ms;
};

struct GenreProfile {
  Tilt tilt;
  double ratio_scale;  ///< Multiplies the preset's ratio above 1.
};

const PresetProfile& preset_profile(Preset preset);
const GenreProfile& genre_profile(Genre genre);

/// Spreads a five-band tilt over the critical bands (by band centre).
std::array<double, critical_band_count> tilt_to_critical_bands(const Tilt& tilt);

/// Centre frequency (geometric mean of the edges, the lowest band's taken as 77 Hz: see sub_bass_centre_hz)
/// of each critical band.
std::array<double, critical_band_count> critical_band_centres_hz();

/// Where the EQ's sub-bass control point (MasteringPlan::sub_bass_db, for 20-60 Hz) sits.
inline constexpr double sub_bass_centre_hz = 35.0;

}  // namespace auralis::mastering
