// SPDX-License-Identifier: MIT
// Statistics of a dynamics stage's gain reduction over the audible programme, gathered window by window:
// what the report shows and what the limiter's budget is checked against.
#pragma once

#include <auralis/mastering.hpp>

#include <bit>
#include <cstdint>
#include <vector>

namespace auralis::dsp {

/// -20 log10(gain) for 0 < gain <= 1, within 0.0002 dB: per window of a track, where a library logarithm
/// would cost more than the limiter's arithmetic. log2 is the exponent plus an odd series in
/// t = (m - 1) / (m + 1) for the mantissa m in [1, 2) (|t| <= 1/3, so four terms leave 2e-5 in log2).
inline double gain_reduction_db(double gain) noexcept {
  const auto bits = std::bit_cast<std::uint64_t>(gain);
  const auto exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  const double mantissa = std::bit_cast<double>((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
  const double t = (mantissa - 1.0) / (mantissa + 1.0), t2 = t * t;
  const double log2_mantissa = 2.8853900817779268 * t * (1.0 + t2 * (1.0 / 3.0 + t2 * (0.2 + t2 / 7.0)));
  return -6.0205999132796239 * (static_cast<double>(exponent) + log2_mantissa);
}

class GainReductionMeter {
 public:
  /// Frames per window: a stage reports each window's deepest reduction and whether it was audible.
  static constexpr std::size_t window_frames = 16;
  /// Input level above which a window counts: -70 dBFS, the BS.1770 absolute gate's level.
  static constexpr double audible_db = -70.0;
  static constexpr double audible_amplitude = 3.1622776601683794e-4;  // 10^(-70/20)

  GainReductionMeter();
  void reset();
  /// One window's deepest reduction (dB, >= 0); inaudible windows are not counted. Inline: the loudness
  /// model calls it for every 16 samples of a track, several times over.
  void add_window(double reduction_db, bool audible) {
    if (series_step_frames_ != 0) add_to_series(reduction_db, audible);
    if (!audible) return;
    const double reduction = reduction_db > 0.0 ? reduction_db : 0.0;
    const auto bin = static_cast<std::size_t>(reduction * kBinsPerDb);
    ++histogram_[bin < kBins ? bin : kBins - 1];
    ++windows_;
    above_1db_ += reduction > 1.0 ? 1 : 0;
    sum_db_ += reduction;
    max_db_ = reduction > max_db_ ? reduction : max_db_;
  }
  /// The statistics at `sample_rate_hz` (for the time above 1 dB).
  GainReduction result(std::uint32_t sample_rate_hz) const;
  /// Also keeps the deepest audible reduction of every `step_frames` frames (0 for a step without an
  /// audible window), for the report's plot; reset() keeps the step and clears the series.
  void keep_series(std::size_t step_frames) { series_step_frames_ = step_frames; }
  const std::vector<double>& series() const noexcept { return series_; }

 private:
  static constexpr double kBinsPerDb = 100.0;  // 0.01 dB bins
  static constexpr std::size_t kBins = 6001;   // 0 to 60 dB, and one for deeper

  std::vector<std::uint64_t> histogram_;  // 0.01 dB bins; the last holds everything deeper
  std::uint64_t windows_ = 0;
  std::uint64_t above_1db_ = 0;
  double sum_db_ = 0.0;
  double max_db_ = 0.0;
  std::size_t series_step_frames_ = 0;  // 0: no series
  std::uint64_t series_windows_ = 0;
  std::vector<double> series_;

  void add_to_series(double reduction_db, bool audible);
};

}  // namespace auralis::dsp
