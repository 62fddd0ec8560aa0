// LimiterGainCascade: requirement, guard, lookahead hold (a monotonic queue) and release, per block.
#include "dsp/limiter_gain.hpp"

#include "core/units.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::dsp {

void LimiterGainCascade::prepare(const LimiterPlan& plan, double input_gain, std::uint32_t sample_rate_hz) {
  const double rate = sample_rate_hz;
  gain_in_ = input_gain;
  ceiling_ = core::db_to_amplitude(plan.ceiling_dbtp);
  window_ = std::max<std::size_t>(1, static_cast<std::size_t>(plan.lookahead_ms * 1e-3 * rate));
  span_ = (window_ + block_frames - 2) / block_frames;
  const double release = 1.0 - std::exp(-1.0 / std::max(1.0, plan.release_ms * 1e-3 * rate));
  block_release_ = 1.0 - std::pow(1.0 - release, static_cast<double>(block_frames));
  reset();
}

void LimiterGainCascade::reset() {
  required_.clear();
  guarded_count_ = 0;
  minima_.clear();
  release_state_ = 1.0;
  released_.clear();
}

void LimiterGainCascade::add_peak(float peak) {
  const double raised = gain_in_ * peak;
  add_required(raised > ceiling_ ? ceiling_ / raised : 1.0);
}

void LimiterGainCascade::add_required(double required) {
  // guarded[k] = min(required[k - 1 .. k + 1]), known once required[k + 1] is; block 0 has no predecessor.
  required_.push_back(required);
  if (required_.size() == 2 && guarded_count_ == 0) add_guarded(std::min(required_[0], required_[1]));
  if (required_.size() == 3) {
    add_guarded(std::min({required_[0], required_[1], required_[2]}));
    required_.pop_front();
  }
}

void LimiterGainCascade::add_guarded(double guarded) {
  // held[k] = min(guarded[k .. k + span]): a monotonic queue of candidates, increasing from the front.
  const std::int64_t j = guarded_count_++;
  while (!minima_.empty() && minima_.back().second >= guarded) minima_.pop_back();
  minima_.emplace_back(j, guarded);
  const std::int64_t k = j - static_cast<std::int64_t>(span_);
  if (k < 0) return;
  while (minima_.front().first < k) minima_.pop_front();
  const double held = minima_.front().second;
  // Instant attack and exponential release, stepped per block (a per-block value still never exceeds its
  // block's requirement).
  release_state_ = held < release_state_ ? held : release_state_ + block_release_ * (held - release_state_);
  released_.push_back(release_state_);
}

}  // namespace auralis::dsp
