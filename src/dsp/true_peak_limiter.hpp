// Lookahead true-peak limiter for whole tracks. The gain is planned over the entire track before it is
// applied (offline, so the lookahead costs no latency):
//   required[n]  = ceiling / true peak of the 16-sample block holding n (4x oversampled, all channels)
//   held[n]      = min(required[n .. n + W - 1])              W = lookahead
//   released[n]  = min(held[n], released[n-1] recovering toward held with the release time constant)
//   gain[n]      = mean(released[n - W + 1 .. n])
// Every gain[n] <= required[n], and the boxcar makes the gain's attack a smooth W-sample ramp.
#pragma once

#include <auralis/audio_buffer.hpp>

#include <cstdint>

namespace auralis::dsp {

struct LimiterSettings {
  double ceiling_dbtp = -1.0;
  double lookahead_ms = 5.0;
  double release_ms = 80.0;
};

/// What the limiter did.
struct LimiterResult {
  double max_reduction_db = 0.0;     ///< Deepest gain reduction (<= 0).
  std::uint64_t limited_frames = 0;  ///< Frames whose gain is below 1.
};

/// Limits `audio` in place so its 4x-oversampled true peak stays at or under the ceiling.
LimiterResult limit_true_peak(AudioBuffer& audio, const LimiterSettings& settings);

}  // namespace auralis::dsp
