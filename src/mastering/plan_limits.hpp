// SPDX-License-Identifier: MIT
// What every plan passes through: EQ smoothing and limits, user overrides, and validation.
#pragma once

#include <auralis/mastering.hpp>

#include <array>
#include <string>
#include <vector>

namespace auralis::mastering {

/// Sample peaks above this (+96 dBFS) are far beyond any recording but legal in float files; analysis and
/// rendering scale such tracks down by a power of two first, where the float STFT, EQ and meter squares
/// would otherwise overflow.
inline constexpr double largest_unscaled_peak = 65536.0;

inline constexpr double max_eq_db = 12.0;
/// The correlation plans keep a stereo master at or above (or at its own, when it is already lower): 0.3
/// still folds to mono without the side's content vanishing. The adaptive plan narrows wider mixes to it,
/// and the width guard and reference matching's side guard hold widening to it.
inline constexpr double min_correlation = 0.3;
/// Reference-matching curves may cut more: a reference can differ from the target by 30-40 dB in a band
/// (measured: the corpus piano has 35-40 dB less above 10 kHz and below 50 Hz than the rock track).
inline constexpr double max_match_db = 36.0;
/// But they boost at most this much, the side at most max_match_side_boost_db: a boost lifts whatever the
/// band holds besides the music (hiss, side noise), and past +12 dB a match makes a dull recording hiss
/// rather than shine (see docs/mastering.md, "Safe reference matching").
inline constexpr double max_match_boost_db = 12.0;
inline constexpr double max_match_side_boost_db = 6.0;

/// Smooths a critical-band curve across neighbouring bands (weights 1/4, 1/2, 1/4), limits it to
/// +-max_eq_db and zeroes bands above the Nyquist frequency of `sample_rate_hz`.
std::array<double, critical_band_count> smooth_and_limit_eq(const std::array<double, critical_band_count>& eq,
                                                            std::uint32_t sample_rate_hz);

/// Applies the user's explicit choices (target, ceiling, limiter, amounts) to a plan.
void apply_overrides(MasteringPlan& plan, const PlanOverrides& overrides);

/// Throws Error(invalid_argument) naming the first field out of range and the range, e.g. "mastering plan:
/// target loudness must lie within [-70, 0] LUFS (it is +3 LUFS)", or a curve whose frequencies are not
/// positive and ascending. The ranges (plan_limits.cpp) are those the render stages work in: amounts 0-1,
/// ratio 1-100, times from 0 (instant) except the limiter's lookahead, EQ within +-max_eq_db, curves within
/// +-max_match_db, target -70..0 LUFS, ceiling -20..0 dBTP.
void validate_plan(const MasteringPlan& plan);

/// Moves every value validate_plan range-checks into its range, for plans decided from measurements: extreme
/// but legal audio (a reference louder than 0 LUFS, samples near the float maximum) can push a decision out
/// of range. NaN is left alone (validate_plan refuses it). Returns one note per field changed, e.g.
/// "planned target loudness +3.8 LUFS<origin> is above 0 LUFS; clamped to 0 LUFS", `origin` (such as
/// " (from reference ref.wav)") following the planned value.
std::vector<std::string> clamp_plan(MasteringPlan& plan, const std::string& origin);

}  // namespace auralis::mastering
