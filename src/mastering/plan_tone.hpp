// SPDX-License-Identifier: MIT
// The adaptive plan's tonal decision: each of six regions corrected toward a target balance (a well-balanced
// master's, shaped by the preset's and genre's tilts) rather than moved by fixed amounts, so mastering a
// master again finds little left to do.
#pragma once

#include <auralis/mastering.hpp>

#include "mastering/presets.hpp"

#include <array>

namespace auralis::mastering {

/// Region edges: 20-60 Hz (sub-bass, its own control: rumble can be cut without the kick), 60-200, 200-800,
/// 800-3000, 3000-8000, 8000-20000 Hz. The five-band tilts apply their lowest value to both bass regions.
inline constexpr std::array<double, 7> tonal_region_edges_hz = {20.0,   60.0,   200.0,  800.0,
                                                                3000.0, 8000.0, 20000.0};
inline constexpr std::size_t tonal_region_count = tonal_region_edges_hz.size() - 1;
/// No region is moved more than this, nor at all when it is within tonal_tolerance_db of the target.
inline constexpr double max_tonal_correction_db = 3.0;
inline constexpr double tonal_tolerance_db = 0.5;

struct TonalCorrection {
  std::array<double, tonal_region_count> region_db{};  ///< The correction of each region.
  std::array<double, critical_band_count> eq_db{};     ///< The same per critical band (by band centre).
  double sub_bass_db = 0.0;                            ///< Region 0 (MasteringPlan::sub_bass_db).
};

/// The correction that brings the loud sections of `profile` toward the target balance plus `tilt` (summed
/// preset and genre tilts): per region, the mean deficit of its log bands less the mean over the regions
/// that hold music (loudness is the loudness stage's business); nothing within tonal_tolerance_db, beyond it
/// the rest of the way but no further than max_tonal_correction_db past the region's tilt; never a boost in
/// a region most of whose bands are at the noise floor.
/// `side_high_pass_hz`: the bass mono-maker's crossover (0: none); the side it will take away is not counted.
TonalCorrection plan_tonal_correction(const ContentProfile& profile, const Tilt& tilt,
                                      double side_high_pass_hz);

}  // namespace auralis::mastering
