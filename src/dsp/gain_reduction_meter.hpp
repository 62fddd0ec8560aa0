// Statistics of a dynamics stage's gain reduction over the audible programme, gathered window by window:
// what the report shows and what the limiter's budget is checked against.
#pragma once

#include <auralis/mastering.hpp>

#include <cstdint>
#include <vector>

namespace auralis::dsp {

class GainReductionMeter {
 public:
  /// Frames per window: a stage reports each window's deepest reduction and whether it was audible.
  static constexpr std::size_t window_frames = 16;
  /// Input level above which a window counts: -70 dBFS, the BS.1770 absolute gate's level.
  static constexpr double audible_db = -70.0;
  static constexpr double audible_amplitude = 3.1622776601683794e-4;  // 10^(-70/20)

  GainReductionMeter();
  void reset();
  /// One window's deepest reduction (dB, >= 0); inaudible windows are not counted.
  void add_window(double reduction_db, bool audible);
  /// The statistics at `sample_rate_hz` (for the time above 1 dB).
  GainReduction result(std::uint32_t sample_rate_hz) const;

 private:
  std::vector<std::uint64_t> histogram_;  // 0.01 dB bins; the last holds everything deeper
  std::uint64_t windows_ = 0;
  std::uint64_t above_1db_ = 0;
  double sum_db_ = 0.0;
  double max_db_ = 0.0;
};

}  // namespace auralis::dsp
