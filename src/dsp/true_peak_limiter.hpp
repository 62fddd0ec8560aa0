// Lookahead true-peak limiter for whole tracks. The gain is planned over the entire track before it is
// applied (offline, so the lookahead costs no latency), from the true peak (the larger of the 4x-oversampled
// peak and the sample peak, as the meter reads it) of each 16-sample block over all channels:
//   required[k]  = ceiling / (gain_in x block peak k), at most 1            per block k
//   held[k]      = min(required[k .. k + Wb])      Wb blocks cover the W-sample lookahead from any sample
//   released[k]  = min(held[k], released[k-1] recovering toward it with the release time)   per block
//   gain[n]      = mean(released[block of m] for m in n - W + 1 .. n)                   per sample
//                  (samples before the track count as block 0)
// Every gain[n] is at most the requirement of every block within W samples after n, hence of n's own block,
// and the boxcar turns each gain drop into a smooth W-sample ramp.
#pragma once

#include <auralis/audio_buffer.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace auralis::dsp {

struct LimiterSettings {
  double ceiling_dbtp = -1.0;
  double lookahead_ms = 5.0;
  double release_ms = 80.0;
};

/// What the limiter did.
struct LimiterResult {
  double max_reduction_db = 0.0;     ///< Deepest gain reduction (<= 0).
  std::uint64_t limited_frames = 0;  ///< Frames of the blocks whose released gain is below 1.
};

/// 4x-oversampled true peak of each limiter block over all channels of `audio`: measure once, then plan
/// the gain for several input gains without measuring again (peaks scale with the gain).
class BlockPeaks {
 public:
  static constexpr std::size_t block_frames = 16;
  /// Measures up to `threads` channels at once (the result does not depend on it).
  BlockPeaks(const AudioBuffer& audio, unsigned threads);
  const std::vector<float>& peaks() const noexcept { return peaks_; }

 private:
  std::vector<float> peaks_;
};

/// The limiter's gain for every frame, the input gain included, and what it does.
struct LimiterGain {
  std::vector<float> gain;
  LimiterResult result;
};

/// Plans the gain that keeps audio with these block peaks, raised by `input_gain_db`, at or under the
/// ceiling (4x-oversampled true peak), for `frames` frames at `sample_rate_hz`.
LimiterGain plan_limiter_gain(const BlockPeaks& peaks, std::size_t frames, std::uint32_t sample_rate_hz,
                              double input_gain_db, const LimiterSettings& settings);

/// Writes `input` x gain x limiter envelope into `output` (same shape; may be the same buffer):
/// plan_limiter_gain and apply_gain_envelope in one call. `peaks` must come from `input`.
LimiterResult limit_true_peak(const AudioBuffer& input, const BlockPeaks& peaks, double input_gain_db,
                              const LimiterSettings& settings, AudioBuffer& output);

/// Multiplies every channel by `gain` frame by frame; with `previous`, by gain / previous instead, which
/// turns audio already scaled by `previous` into audio scaled by `gain` without keeping the original.
void apply_gain_envelope(AudioBuffer& audio, std::span<const float> gain,
                         std::span<const float> previous = {});

}  // namespace auralis::dsp
