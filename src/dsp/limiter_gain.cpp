// LimiterGainCascade: its design from the plan (the per-block steps are inline in the header).
#include "dsp/limiter_gain.hpp"

#include "core/units.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace auralis::dsp {

void LimiterGainCascade::prepare(const LimiterPlan& plan, double input_gain, std::uint32_t sample_rate_hz,
                                 std::size_t kept) {
  const double rate = sample_rate_hz;
  gain_in_ = input_gain;
  ceiling_ = core::db_to_amplitude(plan.ceiling_dbtp);
  window_ = std::max<std::size_t>(1, static_cast<std::size_t>(plan.lookahead_ms * 1e-3 * rate));
  span_ = (window_ + block_frames - 2) / block_frames;
  const double release = 1.0 - std::exp(-1.0 / std::max(1.0, plan.release_ms * 1e-3 * rate));
  block_release_ = 1.0 - std::pow(1.0 - release, static_cast<double>(block_frames));
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
  released_count_ = 0;
}

}  // namespace auralis::dsp
