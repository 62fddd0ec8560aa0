// SIMD scans over one channel: sample peak, non-finite count, and the BS.1770 4x true-peak interpolator.
#pragma once

#include <cstddef>

namespace auralis::analysis {

/// Taps of each phase of the BS.1770-4 Annex 2 interpolator (48 taps, 4 phases of 12).
inline constexpr std::size_t true_peak_phases = 4;
inline constexpr std::size_t true_peak_taps_per_phase = 12;
/// Samples of history the interpolator reads before the first new sample.
inline constexpr std::size_t true_peak_history = true_peak_taps_per_phase - 1;
/// Zero floats the caller must make readable past the last sample for the vector loop's final iteration.
inline constexpr std::size_t true_peak_padding = 64;

/// max |x[i]| for i < n (0 for n == 0).
float abs_max(const float* x, std::size_t n);

/// Number of NaN or infinite values among x[0..n).
std::size_t count_non_finite(const float* x, std::size_t n);

/// Largest |y| of the 4x-oversampled signal for the n samples at x[0..n), where x[-11..-1] hold the
/// preceding samples (history) and x[n..n+true_peak_padding) is readable (its values are ignored).
/// Results are bit-identical however a signal is split into calls.
float oversampled_abs_max(const float* x, std::size_t n);

}  // namespace auralis::analysis
