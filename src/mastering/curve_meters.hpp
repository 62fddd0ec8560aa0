// SPDX-License-Identifier: MIT
// What the report plots, measured step by step inside passes the master makes anyway: loudness over time
// (a meter of its own, sampled at every step's end) and the steps whose true peak is over a ceiling.
#pragma once

#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>

#include "mastering/stream_pass.hpp"

#include <optional>
#include <vector>

namespace auralis::mastering {

/// Frames per step of MasterCurves' series at `sample_rate_hz`: round(rate x curve_step_seconds), at least 1.
std::size_t curve_step_frames(std::uint32_t sample_rate_hz);

/// `series` (one value per step, as GainReductionMeter keeps it) made `steps` long: values past the end
/// (the limiter's flush) fold into the last step by their maximum, missing steps read 0.
std::vector<double> fit_series(std::vector<double> series, std::size_t steps);

class CurveSink final : public BlockSink {
 public:
  /// With `overs_above_dbtp`, also finds the steps whose true peak is above it.
  CurveSink(std::size_t channels, std::uint32_t sample_rate_hz, const std::vector<Speaker>& layout,
            std::optional<double> overs_above_dbtp);
  const char* name() const noexcept override { return "curves"; }
  void consume(std::span<const float* const> planes, std::size_t frames) override;
  /// Closes the last, shorter step (call once the pass has run).
  void finish();

  std::vector<std::optional<double>> momentary_lufs, short_term_lufs;
  std::vector<TruePeakOver> overs;

 private:
  void close_step();

  LoudnessMeter meter_;
  std::size_t step_frames_;
  std::size_t frames_in_step_ = 0;
  std::optional<double> overs_above_dbtp_;
  std::vector<std::vector<float>> staging_;  // per channel: true-peak history, one step, kernel padding
  double step_peak_ = 0.0;
};

}  // namespace auralis::mastering
