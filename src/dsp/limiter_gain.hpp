// SPDX-License-Identifier: MIT
// The true-peak limiter's gain decisions, block by block (see true_peak_limiter.hpp for the formulas):
// each 16-sample block's true peak goes in, the released gain of each block comes out in block order,
// span() + 1 blocks later. Shared by the limiter stage and by the loudness prediction that plans its gain.
#pragma once

#include <auralis/mastering.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace auralis::dsp {

class LimiterGainCascade {
 public:
  static constexpr std::size_t block_frames = 16;

  /// For input raised by `input_gain` (linear) and limited to plan.ceiling_dbtp at `sample_rate_hz`; the
  /// newest `kept` released gains stay readable.
  void prepare(const LimiterPlan& plan, double input_gain, std::uint32_t sample_rate_hz,
               std::size_t kept = 1);
  void reset();
  /// Adds the next block's true peak (before the input gain); true when that released another block's gain.
  bool add_peak(float peak);
  /// Blocks whose gain is released; released(k) is readable for released_count() - kept <= k < that.
  std::int64_t released_count() const noexcept { return released_count_; }
  double released(std::int64_t block) const noexcept {
    return released_[static_cast<std::size_t>(block) & released_mask_];
  }

  /// W: the lookahead in samples, also the span of the triangular average that smooths the released gains.
  std::size_t window() const noexcept { return window_; }
  /// Blocks a lookahead window can reach beyond its own.
  std::size_t span() const noexcept { return span_; }

 private:
  bool add_required(double required);
  bool add_guarded(double guarded);

  // A request within 0.5 dB of the reduction in force holds it (bass peaks differ a little from cycle to
  // cycle); the reduction counts as over once the gain is back within 0.1 dB of unity.
  static constexpr double kRearmRatio = 1.0592537251772889;  // 10^(0.5/20)
  static constexpr double kRecovered = 0.98855309465693886;  // 10^(-0.1/20)

  double gain_in_ = 1.0;
  double ceiling_ = 1.0;
  std::size_t window_ = 1;
  std::size_t span_ = 0;
  double block_release_ = 0.0;
  double block_sustained_release_ = 0.0;
  std::int64_t hold_blocks_ = 0;     // how long the gain holds after reduction was last asked for
  std::int64_t sustain_blocks_ = 0;  // reduction asked for this long counts as sustained
  std::int64_t hold_left_ = 0;
  std::int64_t engaged_ = 0;  // blocks since this stretch of reduction began
  // Rings indexed by block number masked to a power-of-two size, not deques: the limiter reads them per
  // sample and the loudness model once per block, several times over a track.
  double required_[2] = {};  // the last two requirements
  std::int64_t required_count_ = 0;
  std::int64_t guarded_count_ = 0;  // blocks whose guard is known
  // Sliding minimum of guarded over span + 1 blocks: a monotonic queue of (block, guarded) candidates,
  // increasing from the front, positions [minima_front_, minima_back_).
  std::vector<std::int64_t> minima_block_;
  std::vector<double> minima_value_;
  std::size_t minima_mask_ = 0;
  std::size_t minima_front_ = 0;
  std::size_t minima_back_ = 0;
  double release_state_ = 1.0;
  std::vector<double> released_;
  std::size_t released_mask_ = 0;
  std::int64_t released_count_ = 0;
};

// Per block, in the limiter's and the loudness model's inner loops, hence inline.

inline bool LimiterGainCascade::add_peak(float peak) {
  const double raised = gain_in_ * peak;
  return add_required(raised > ceiling_ ? ceiling_ / raised : 1.0);
}

inline bool LimiterGainCascade::add_required(double required) {
  // guarded[k] = min(required[k - 1 .. k + 1]), known once required[k + 1] is; block 0 has no predecessor.
  const std::int64_t seen = required_count_++;
  bool released = false;
  if (seen == 1) released = add_guarded(std::min(required_[1], required));
  if (seen >= 2) released = add_guarded(std::min({required_[0], required_[1], required}));
  required_[0] = required_[1];
  required_[1] = required;
  return released;
}

inline bool LimiterGainCascade::add_guarded(double guarded) {
  // held[k] = min(guarded[k .. k + span]).
  const std::int64_t j = guarded_count_++;
  while (minima_back_ != minima_front_ && minima_value_[(minima_back_ - 1) & minima_mask_] >= guarded) {
    --minima_back_;
  }
  minima_block_[minima_back_ & minima_mask_] = j;
  minima_value_[minima_back_ & minima_mask_] = guarded;
  ++minima_back_;
  const std::int64_t k = j - static_cast<std::int64_t>(span_);
  if (k < 0) return false;
  while (minima_block_[minima_front_ & minima_mask_] < k) ++minima_front_;
  const double held = minima_value_[minima_front_ & minima_mask_];
  // Instant attack; the gain then holds while reduction is asked for again within the hold (each half cycle
  // of bass does), and releases after it: fast after a short stretch, slowly after a sustained one. A
  // per-block value never exceeds its block's requirement.
  if (held < 1.0 && held <= release_state_ * kRearmRatio) {
    release_state_ = std::min(release_state_, held);
    hold_left_ = hold_blocks_;
    ++engaged_;
  } else if (hold_left_ > 0) {
    --hold_left_;
    ++engaged_;
  } else {
    const double rate = engaged_ >= sustain_blocks_ ? block_sustained_release_ : block_release_;
    release_state_ += rate * (held - release_state_);
    if (release_state_ >= kRecovered) engaged_ = 0;
  }
  released_[static_cast<std::size_t>(released_count_++) & released_mask_] = release_state_;
  return true;
}

}  // namespace auralis::dsp
