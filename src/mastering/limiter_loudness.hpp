// SPDX-License-Identifier: MIT
// Planning the loudness gain through the limiter without rendering: the limiter takes level away where it
// works, so the gain that meets a loudness target depends on what the limiter will do at that gain. The
// measuring pass records, for every 16-sample block of the stream before the gain, its true peak (as the
// limiter measures it) and its K-weighted energy; a model of the limiter at any gain then gives the
// integrated loudness it would leave, and the gain is solved on the model. The records live in a scratch
// file (8 bytes a block: 48 MB an hour at 44.1 kHz), not in memory.
#pragma once

#include <auralis/audio_buffer.hpp>
#include <auralis/mastering.hpp>

#include "analysis/k_weighting.hpp"
#include "io/scratch_file.hpp"
#include "mastering/stream_pass.hpp"

#include <optional>
#include <vector>

namespace auralis::mastering {

/// What the model says the limiter leaves at one gain.
struct LimiterPrediction {
  std::optional<double> integrated_lufs;  ///< Empty when nothing is above the gates.
  GainReduction reduction;                ///< Only when asked for.
};

class LimiterStatistics final : public BlockSink {
 public:
  LimiterStatistics(std::size_t channels, std::uint32_t sample_rate_hz, const std::vector<Speaker>& layout);
  const char* name() const noexcept override { return "limiter statistics"; }
  void consume(std::span<const float* const> planes, std::size_t frames) override;
  /// Records the last, partial block (the stream is silent after its end). Call once, after the pass.
  void finish();

  /// The integrated loudness (LUFS) of the stream raised by `gain_db` and limited as `plan` limits it (not
  /// at all when the plan is disabled), by the model: each block's energy times the square of the
  /// limiter's gain averaged over the block, the BS.1770 gates over 400 ms blocks. Empty when nothing is
  /// above the gates.
  /// With `with_reduction`, also the limiter's gain reduction by the model (each block's averaged gain).
  LimiterPrediction predict(double gain_db, const LimiterPlan& plan, bool with_reduction = false) const;

 private:
  void record_block();
  void flush_records();

  std::size_t channels_;
  std::uint32_t rate_;
  std::vector<double> weights_;
  analysis::KWeightingBank k_weighting_;
  std::vector<std::vector<float>> block_;  // interpolator history, one block, and the kernels' padding
  std::vector<const float*> samples_;      // each channel's block, for the K-weighting
  std::vector<double> sums_;               // its squares per channel
  std::size_t filled_ = 0;
  std::uint64_t frames_ = 0;
  std::vector<float> records_;  // peak, energy per block, waiting to be written
  io::ScratchFile file_;
};

/// The loudness gain the model chooses for a target.
struct LoudnessGainPlan {
  double gain_db = 0.0;
  double expected_lufs = 0.0;       ///< The integrated loudness the model expects at gain_db.
  bool drive_exhausted = false;     ///< Raising stopped where a dB of gain bought less than 0.3 LU.
  bool over_budget = false;         ///< The target's gain needed more reduction than plan's budget.
  bool budget_unreachable = false;  ///< Even unity gain needs more (the input's peaks are over the ceiling).
};

/// The gain (dB) that the model says brings the limited stream to `target_lufs`, or as near as the limiter
/// allows: raising stops where a dB of gain buys less than 0.3 LU, and the gain is lowered until the
/// model's gain reduction fits plan.budget_p99_db and plan.budget_mean_db. Empty when the stream has no
/// measurable loudness.
std::optional<LoudnessGainPlan> plan_loudness_gain(const LimiterStatistics& statistics,
                                                   const LimiterPlan& plan, double target_lufs);

}  // namespace auralis::mastering
