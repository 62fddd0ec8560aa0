// The true-peak limiter's gain decisions, block by block (see true_peak_limiter.hpp for the formulas):
// each 16-sample block's true peak goes in, the released gain of each block comes out in block order,
// span() + 1 blocks later. Shared by the limiter stage and by the loudness prediction that plans its gain.
#pragma once

#include <auralis/mastering.hpp>

#include <cstdint>
#include <deque>
#include <utility>

namespace auralis::dsp {

class LimiterGainCascade {
 public:
  static constexpr std::size_t block_frames = 16;

  /// For input raised by `input_gain` (linear) and limited to plan.ceiling_dbtp at `sample_rate_hz`.
  void prepare(const LimiterPlan& plan, double input_gain, std::uint32_t sample_rate_hz);
  void reset();
  /// Adds the next block's true peak (before the input gain).
  void add_peak(float peak);
  /// Released gains known so far, oldest first; the caller takes them from the front.
  std::deque<double>& released() noexcept { return released_; }

  /// W: the lookahead in samples, also the length of the boxcar that smooths the released gains.
  std::size_t window() const noexcept { return window_; }
  /// Blocks a lookahead window can reach beyond its own.
  std::size_t span() const noexcept { return span_; }

 private:
  void add_required(double required);
  void add_guarded(double guarded);

  double gain_in_ = 1.0;
  double ceiling_ = 1.0;
  std::size_t window_ = 1;
  std::size_t span_ = 0;
  double block_release_ = 0.0;
  std::deque<double> required_;                         // the last two requirements
  std::int64_t guarded_count_ = 0;                      // blocks whose guard is known
  std::deque<std::pair<std::int64_t, double>> minima_;  // sliding minimum of guarded over span + 1 blocks
  double release_state_ = 1.0;
  std::deque<double> released_;
};

}  // namespace auralis::dsp
