// SPDX-License-Identifier: MIT
// Feed-forward, stereo-linked compressor: LevelDetector (sidechain high-pass, then the level) ->
// static_gain_db -> attack/release smoothing of the gain in dB -> make-up -> one gain for every channel.
// prepare() allocates; process() does not.
#pragma once

#include <auralis/mastering.hpp>

#include "dsp/gain_computer.hpp"
#include "dsp/gain_reduction_meter.hpp"
#include "dsp/level_detector.hpp"
#include "dsp/stage.hpp"

#include <vector>

namespace auralis::dsp {

class Compressor final : public Stage {
 public:
  static constexpr std::size_t block_frames = 4096;

  /// `amount` (0-1) scales the plan's ratio toward 1 and its make-up toward 0 dB. The detector listens to
  /// `detected` channels (detected_channels of the layout; empty: all), the gain applies to every one.
  Compressor(const CompressorPlan& plan, double amount, std::vector<std::size_t> detected = {});

  const char* name() const noexcept override { return "compressor"; }
  void prepare(const StreamSpec& spec) override;
  void reset() override;
  /// Compresses 1 to max_channels channels in place.
  void process(std::span<float* const> planes, std::size_t frames) override;

  /// Lowest gain applied so far, in dB, make-up excluded (0 when nothing was compressed).
  double max_reduction_db() const noexcept { return max_reduction_db_; }
  /// The gain reduction so far over the audible programme (windows whose sidechain level, as the detector
  /// reads it, is above GainReductionMeter::audible_db), make-up excluded.
  GainReduction reduction() const { return reduction_.result(sample_rate_hz_); }
  /// Also keep the deepest reduction of every `step_frames` frames (GainReductionMeter::keep_series).
  void keep_reduction_series(std::size_t step_frames) { reduction_.keep_series(step_frames); }
  const std::vector<double>& reduction_series() const noexcept { return reduction_.series(); }

 private:
  CompressorPlan plan_;
  GainCurve curve_;
  double makeup_db_ = 0.0;
  std::vector<std::size_t> detected_;
  LevelDetector detector_;
  double attack_coefficient_ = 1.0;
  double release_coefficient_ = 1.0;
  double gain_db_ = 0.0;  // smoothed gain, carried across blocks
  double max_reduction_db_ = 0.0;
  std::uint32_t sample_rate_hz_ = 0;
  GainReductionMeter reduction_;
  double window_gain_db_ = 0.0;  // lowest gain of the current window, and its detector's highest level
  double window_level_db_ = -1000.0;
  std::size_t window_fill_ = 0;
  std::vector<float> level_db_;
  std::vector<float> gain_;
};

}  // namespace auralis::dsp
