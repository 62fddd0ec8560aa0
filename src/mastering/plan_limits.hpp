// What every plan passes through: EQ smoothing and limits, user overrides, and validation.
#pragma once

#include <auralis/mastering.hpp>

#include <array>

namespace auralis::mastering {

inline constexpr double max_eq_db = 12.0;
/// Reference-matching curves may correct more: a reference can differ from the target by 30-40 dB in a band
/// (measured: the corpus piano has 35-40 dB less above 10 kHz and below 50 Hz than the rock track), and at
/// +-24 dB piano-to-rock matching removed only 60 % of the spectral distance, at +-36 dB 82 %.
inline constexpr double max_match_db = 36.0;

/// Smooths a critical-band curve across neighbouring bands (weights 1/4, 1/2, 1/4), limits it to
/// +-max_eq_db and zeroes bands above the Nyquist frequency of `sample_rate_hz`.
std::array<double, critical_band_count> smooth_and_limit_eq(const std::array<double, critical_band_count>& eq,
                                                            std::uint32_t sample_rate_hz);

/// Applies the user's explicit choices (target, ceiling, limiter, amounts) to a plan.
void apply_overrides(MasteringPlan& plan, const PlanOverrides& overrides);

/// Throws Error(invalid_argument) naming the first field out of range (amounts 0-1, ratio >= 1, times > 0,
/// EQ within +-max_eq_db, curves ascending, finite and within +-max_match_db, target -70..0 LUFS, ceiling
/// -20..0 dBTP).
void validate_plan(const MasteringPlan& plan);

}  // namespace auralis::mastering
