// SPDX-License-Identifier: MIT
// The adaptive plan's compressor: a threshold solved so that the compressor's mean gain reduction lands on
// the preset's target, scaled by how far the track's dynamics exceed the preset's (docs/mastering.md).
#pragma once

#include <auralis/mastering.hpp>

#include <array>

namespace auralis::mastering {

/// The compressor for `profile` under `preset` with `ratio`, after the EQ `eq_db` (critical bands, applied
/// with `eq_amount`): the threshold is solved on the profile's compressor probe, moved by the EQ's change
/// of the sidechain's level. `target_reduction_db`, when given, replaces the preset's scaled target.
CompressorPlan plan_compressor(const ContentProfile& profile, Preset preset, double ratio,
                               const std::array<double, critical_band_count>& eq_db, double eq_amount,
                               std::optional<double> target_reduction_db);

/// The mean reduction (dB) `preset` plans for `profile`: what brings its short-term loudness range down to
/// the preset's goal, at kRangePerReductionDb LU a dB, at most the preset's target reduction; 0 for a track
/// already at or under the goal, so that mastering a master again leaves its dynamics alone.
double planned_reduction_db(const ContentProfile& profile, Preset preset);

}  // namespace auralis::mastering
