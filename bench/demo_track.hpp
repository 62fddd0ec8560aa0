// SPDX-License-Identifier: MIT
// The track the full-track suites share: the synthesised demo groove, rendered once per process.
#pragma once

#include "demo_music.hpp"

#include <auralis/audio_buffer.hpp>

#include <cstdint>

namespace auralis::bench {

// A 4-minute stereo 44.1 kHz track. Nothing the suites time has data-dependent branches (meters, FFTs,
// band sums, overlap-save), so the synthesised groove stands for any music of this length.
inline constexpr double kTrackSeconds = 240.0;
inline constexpr std::uint32_t kTrackRate = 44100;

inline const AudioBuffer& demo_track() {
  static const AudioBuffer audio = tools::render_demo_music(kTrackSeconds, kTrackRate);
  return audio;
}

}  // namespace auralis::bench
