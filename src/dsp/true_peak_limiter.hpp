// SPDX-License-Identifier: MIT
// Lookahead true-peak limiter, streamed. The gain comes from the true peak (the larger of the
// 4x-oversampled peak and the sample peak, as the meter reads it) of each 16-sample block over all channels:
//   required[k]  = ceiling / (gain_in x block peak k), at most 1            per block k
//   guarded[k]   = min(required[k - 1 .. k + 1])  the interpolator reads 12 samples each side of a peak
//   held[k]      = min(guarded[k .. k + span])    span blocks cover the W-sample lookahead from any sample
//   released[k]  = held[k] where lower, else held while reduction is asked for again, else recovering
//                  toward it, fast or slowly (see LimiterGainCascade)                     per block
//   gain[n]      = released[block of m] for m in n - W + 1 .. n, averaged with triangular weights
//                  (two running means of about W/2 samples in cascade)                     per sample
//                  (samples before the stream count as block 0)
// Every gain[n] is a weighted mean of gains each at most the requirement of every block within W samples
// after its sample, hence of n's own block; the triangle turns each gain drop into an S-shaped W-sample
// descent, without the corners a straight ramp has at both ends. Looking ahead costs latency(): the stream
// runner removes it. The stream is silent before its first and after its last sample.
#pragma once

#include <auralis/mastering.hpp>

#include "dsp/gain_reduction_meter.hpp"
#include "dsp/limiter_gain.hpp"
#include "dsp/stage.hpp"

#include <cstdint>
#include <vector>

namespace auralis::dsp {

class TruePeakLimiter final : public Stage {
 public:
  static constexpr std::size_t block_frames = LimiterGainCascade::block_frames;

  /// Limits the input raised by `input_gain_db` to plan.ceiling_dbtp (the plan must be enabled).
  TruePeakLimiter(const LimiterPlan& plan, double input_gain_db);

  const char* name() const noexcept override { return "limiter"; }
  void prepare(const StreamSpec& spec) override;
  void reset() override;
  std::size_t latency() const noexcept override { return latency_; }
  void process(std::span<float* const> planes, std::size_t frames) override;

  /// Deepest gain reduction so far, in dB (<= 0), the input gain excluded.
  double max_reduction_db() const noexcept;
  /// Output frames whose limiter gain is below 1.
  std::uint64_t limited_frames() const noexcept { return limited_frames_; }
  /// The gain reduction so far over the audible programme (the input gain excluded).
  GainReduction reduction() const { return reduction_.result(sample_rate_hz_); }
  /// Also keep the deepest reduction of every `step_frames` frames (GainReductionMeter::keep_series).
  void keep_reduction_series(std::size_t step_frames) { reduction_.keep_series(step_frames); }
  const std::vector<double>& reduction_series() const noexcept { return reduction_.series(); }

 private:
  void measure_ready_blocks();
  double gain_at(std::int64_t n);
  void drop_consumed_input();
  void close_window();

  LimiterPlan plan_;
  double gain_in_ = 1.0;
  LimiterGainCascade cascade_;
  std::size_t latency_ = 0;
  std::size_t channels_ = 0;

  // Input from absolute frame `base_` (frames before 0 are the silence before the stream).
  std::vector<std::vector<float>> input_;
  std::int64_t base_ = 0;
  std::int64_t received_ = 0;     // frames given to process()
  std::int64_t next_block_ = 0;   // next block whose peak is measured
  std::int64_t next_output_ = 0;  // absolute input frame the next output sample is made from

  // The two running means: the first over first_length_ samples of released gains, the second over the
  // last second_means_.size() of the first's means (a ring).
  std::int64_t first_length_ = 1;
  double first_sum_ = 0.0;
  std::vector<double> second_means_;
  std::size_t second_at_ = 0;
  double second_sum_ = 0.0;
  double before_start_ = 1.0;
  double lowest_gain_ = 1.0;
  std::uint64_t limited_frames_ = 0;
  std::uint32_t sample_rate_hz_ = 0;
  GainReductionMeter reduction_;
  // The current window's lowest gain and its input's peak (a double: as a float member, every store to
  // the output's floats could alias it and force it through memory each sample).
  double window_gain_ = 1.0;
  double window_peak_ = 0.0;
};

}  // namespace auralis::dsp
