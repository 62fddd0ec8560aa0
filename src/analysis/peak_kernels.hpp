// SPDX-License-Identifier: MIT
// SIMD scans over one channel: sample peak, non-finite count, and the BS.1770 4x true-peak interpolator.
#pragma once

#include <cstddef>

namespace auralis::analysis {

/// Taps of each phase of the BS.1770-4 Annex 2 interpolator (48 taps, 4 phases of 12).
inline constexpr std::size_t true_peak_phases = 4;
inline constexpr std::size_t true_peak_taps_per_phase = 12;

// ITU-R BS.1770-4 Annex 2, the example 48-tap interpolating filter split into its 4 phases. Tap k of
// phase p multiplies x[n - k] to give the oversampled output at n + p/4 (a delay of 5.5 input samples).
inline constexpr float true_peak_taps[true_peak_phases][true_peak_taps_per_phase] = {
    {0.0017089843750f, 0.0109863281250f, -0.0196533203125f, 0.0332031250000f, -0.0594482421875f,
     0.1373291015625f, 0.9721679687500f, -0.1022949218750f, 0.0476074218750f, -0.0266113281250f,
     0.0148925781250f, -0.0083007812500f},
    {-0.0291748046875f, 0.0292968750000f, -0.0517578125000f, 0.0891113281250f, -0.1665039062500f,
     0.4650878906250f, 0.7797851562500f, -0.2003173828125f, 0.1015625000000f, -0.0582275390625f,
     0.0330810546875f, -0.0189208984375f},
    {-0.0189208984375f, 0.0330810546875f, -0.0582275390625f, 0.1015625000000f, -0.2003173828125f,
     0.7797851562500f, 0.4650878906250f, -0.1665039062500f, 0.0891113281250f, -0.0517578125000f,
     0.0292968750000f, -0.0291748046875f},
    {-0.0083007812500f, 0.0148925781250f, -0.0266113281250f, 0.0476074218750f, -0.1022949218750f,
     0.9721679687500f, 0.1373291015625f, -0.0594482421875f, 0.0332031250000f, -0.0196533203125f,
     0.0109863281250f, 0.0017089843750f},
};

/// Samples of history the interpolator reads before the first new sample.
inline constexpr std::size_t true_peak_history = true_peak_taps_per_phase - 1;
/// Zero floats the caller must make readable past the last sample for the vector loop's final iteration.
inline constexpr std::size_t true_peak_padding = 64;

/// max |x[i]| for i < n (0 for n == 0).
float abs_max(const float* x, std::size_t n);

/// Largest |y| of the 4x-oversampled signal for the n samples at x[0..n), where x[-11..-1] hold the
/// preceding samples (history) and x[n..n+true_peak_padding) is readable (its values are ignored).
/// Results are bit-identical however a signal is split into calls. Computed in float; where that overflows
/// (finite samples near the float limit), computed again in double.
double oversampled_abs_max(const float* x, std::size_t n);

/// A block's true peak as the meter reads it: the larger of the sample peak and the 4x-oversampled peak
/// (the interpolator's phases do not pass the samples through unchanged, so both count). Same reading
/// rules as oversampled_abs_max.
inline float true_peak_of_block(const float* x, std::size_t n) {
  const float sample_peak = abs_max(x, n);
  const auto oversampled = static_cast<float>(oversampled_abs_max(x, n));
  return sample_peak > oversampled ? sample_peak : oversampled;
}

}  // namespace auralis::analysis
