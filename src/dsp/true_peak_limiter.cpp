// SPDX-License-Identifier: MIT
// TruePeakLimiter: block peaks as input arrives, the gain cascade block by block, output a fixed latency
// behind (see true_peak_limiter.hpp).
#include "dsp/true_peak_limiter.hpp"

#include "analysis/peak_kernels.hpp"
#include "core/units.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::dsp {

namespace {
constexpr std::int64_t kBlock = TruePeakLimiter::block_frames;
constexpr std::int64_t kHistory = analysis::true_peak_history;
}  // namespace

TruePeakLimiter::TruePeakLimiter(const LimiterPlan& plan, double input_gain_db)
    : plan_(plan), gain_in_(core::db_to_amplitude(input_gain_db)) {}

void TruePeakLimiter::prepare(const StreamSpec& spec) {
  cascade_.prepare(plan_, gain_in_, spec.sample_rate_hz);  // for its window and span
  // Output n needs released[n / 16], hence the peaks of the blocks up to n / 16 + span + 1, which are
  // measured once their last sample has arrived.
  latency_ = (cascade_.span() + 2) * block_frames;
  // The first mean reads back from the oldest output of a call, which lies up to a block and the
  // latency behind the newest released gain.
  const std::size_t kept = (spec.max_block_frames + latency_ + cascade_.window()) / block_frames + 4;
  cascade_.prepare(plan_, gain_in_, spec.sample_rate_hz, kept);
  // Two means whose lengths add to W + 1 cover W samples together.
  const auto window = static_cast<std::int64_t>(cascade_.window());
  first_length_ = (window + 1) / 2;
  second_means_.assign(static_cast<std::size_t>(window + 1 - first_length_), 1.0);
  channels_ = spec.channels;
  sample_rate_hz_ = spec.sample_rate_hz;
  const std::size_t capacity =
      latency_ + kHistory + 2 * block_frames + spec.max_block_frames + analysis::true_peak_padding;
  input_.assign(channels_, std::vector<float>(capacity, 0.0f));
  reset();
}

void TruePeakLimiter::reset() {
  for (auto& channel : input_) std::fill(channel.begin(), channel.end(), 0.0f);
  base_ = -kHistory;  // the interpolator's history before the first sample is silence
  received_ = 0;
  next_block_ = 0;
  next_output_ = 0;
  cascade_.reset();
  first_sum_ = second_sum_ = 0.0;
  second_at_ = 0;
  before_start_ = 1.0;
  lowest_gain_ = 1.0;
  limited_frames_ = 0;
  reduction_.reset();
  window_gain_ = 1.0;
  window_peak_ = 0.0;
}

double TruePeakLimiter::max_reduction_db() const noexcept {
  return 20.0 * std::log10(lowest_gain_);
}

void TruePeakLimiter::measure_ready_blocks() {
  while ((next_block_ + 1) * kBlock <= received_) {
    const std::int64_t begin = next_block_ * kBlock;
    float peak = 0.0f;
    for (const auto& channel : input_) {
      const float* x = channel.data() + (begin - base_);
      peak = std::max(peak, analysis::true_peak_of_block(x, block_frames));
    }
    cascade_.add_peak(peak);
    ++next_block_;
  }
}

inline double TruePeakLimiter::gain_at(std::int64_t n) {
  const std::int64_t first = first_length_;
  const auto second = static_cast<double>(second_means_.size());
  if (n == 0) {
    // Before the first sample both means see the first block's gain, not 1: a stream that starts loud is
    // then limited from its first sample (released[0] covers the first W samples' requirements).
    before_start_ = cascade_.released(0);
    first_sum_ = before_start_ * static_cast<double>(first);
    std::ranges::fill(second_means_, before_start_);
    second_sum_ = before_start_ * second;
  }
  first_sum_ +=
      cascade_.released(n / kBlock) - (n >= first ? cascade_.released((n - first) / kBlock) : before_start_);
  const double mean = first_sum_ / static_cast<double>(first);
  second_sum_ += mean - second_means_[second_at_];
  second_means_[second_at_] = mean;
  second_at_ = second_at_ + 1 == second_means_.size() ? 0 : second_at_ + 1;
  return std::min(1.0, second_sum_ / second);
}

void TruePeakLimiter::close_window() {
  const double reduction_db = window_gain_ < 1.0 ? gain_reduction_db(window_gain_) : 0.0;
  reduction_.add_window(reduction_db, window_peak_ * gain_in_ > GainReductionMeter::audible_amplitude);
  window_gain_ = 1.0;
  window_peak_ = 0.0;
}

void TruePeakLimiter::drop_consumed_input() {
  const std::int64_t keep_from = std::min(next_output_, next_block_ * kBlock - kHistory);
  const std::int64_t drop = keep_from - base_;
  if (drop <= 0) return;
  const std::int64_t kept = received_ - keep_from;
  for (auto& channel : input_) {
    std::copy_n(channel.begin() + drop, kept, channel.begin());
    // The kernels read a padding past the last sample; keep it zero, not stale.
    std::fill(channel.begin() + kept, channel.end(), 0.0f);
  }
  base_ = keep_from;
}

void TruePeakLimiter::process(std::span<float* const> planes, std::size_t frames) {
  for (std::size_t c = 0; c < channels_; ++c) {
    std::copy_n(planes[c], frames, input_[c].begin() + (received_ - base_));
  }
  received_ += static_cast<std::int64_t>(frames);
  measure_ready_blocks();
  const auto latency = static_cast<std::int64_t>(latency_);
  for (std::size_t i = 0; i < frames; ++i) {
    const std::int64_t n =
        received_ - static_cast<std::int64_t>(frames) + static_cast<std::int64_t>(i) - latency;
    if (n < 0) {
      for (std::size_t c = 0; c < channels_; ++c) planes[c][i] = 0.0f;
      continue;
    }
    const double g = gain_at(n);
    lowest_gain_ = std::min(lowest_gain_, g);
    limited_frames_ += g < 1.0 ? 1 : 0;
    const auto gain = static_cast<float>(g * gain_in_);
    for (std::size_t c = 0; c < channels_; ++c) {
      const float x = input_[c][n - base_];
      window_peak_ = std::max(window_peak_, static_cast<double>(std::fabs(x)));
      planes[c][i] = x * gain;
    }
    window_gain_ = std::min(window_gain_, g);
    if (n % kBlock == kBlock - 1) close_window();
  }
  next_output_ = std::max(next_output_, received_ - latency);
  drop_consumed_input();
}

}  // namespace auralis::dsp
