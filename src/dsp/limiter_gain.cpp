// SPDX-License-Identifier: MIT
// LimiterGainCascade: its design from the plan (the per-block steps are inline in the header).
#include "dsp/limiter_gain.hpp"

#include "core/units.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace auralis::dsp {

namespace {
// The hold covers half a cycle of bass down to 10 Hz, so the gain does not release between its peaks.
constexpr double kHoldMs = 50.0;
// Reduction asked for this long without a break is sustained: the slow release takes over.
constexpr double kSustainMs = 200.0;
}  // namespace

void LimiterGainCascade::prepare(const LimiterPlan& plan, double input_gain, std::uint32_t sample_rate_hz,
                                 std::size_t kept) {
  const double rate = sample_rate_hz;
  gain_in_ = input_gain;
  ceiling_ = core::db_to_amplitude(plan.ceiling_dbtp);
  window_ = std::max<std::size_t>(1, static_cast<std::size_t>(plan.lookahead_ms * 1e-3 * rate));
  span_ = (window_ + block_frames - 2) / block_frames;
  const auto per_block = [&](double time_ms) {
    const double per_sample = 1.0 - std::exp(-1.0 / std::max(1.0, time_ms * 1e-3 * rate));
    return 1.0 - std::pow(1.0 - per_sample, static_cast<double>(block_frames));
  };
  const auto blocks = [&](double time_ms) {
    return static_cast<std::int64_t>(std::ceil(time_ms * 1e-3 * rate / static_cast<double>(block_frames)));
  };
  block_release_ = per_block(plan.release_ms);
  block_sustained_release_ = per_block(plan.sustained_release_ms);
  hold_blocks_ = blocks(kHoldMs);
  sustain_blocks_ = blocks(kSustainMs);
  // The queue holds at most span + 1 candidates, plus the one being added.
  const std::size_t minima_size = std::bit_ceil(span_ + 2);
  minima_block_.assign(minima_size, 0);
  minima_value_.assign(minima_size, 0.0);
  minima_mask_ = minima_size - 1;
  const std::size_t released_size = std::bit_ceil(std::max<std::size_t>(kept, 1));
  released_.assign(released_size, 1.0);
  released_mask_ = released_size - 1;
  reset();
}

void LimiterGainCascade::reset() {
  required_count_ = 0;
  guarded_count_ = 0;
  minima_front_ = minima_back_ = 0;
  release_state_ = 1.0;
  hold_left_ = 0;
  engaged_ = 0;
  released_count_ = 0;
}

}  // namespace auralis::dsp
