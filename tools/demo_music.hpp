// SPDX-License-Identifier: MIT
// A deterministic, music-like stereo signal synthesised in code, for `make demo` and the benchmarks.
#pragma once

#include <auralis/audio_buffer.hpp>

#include <cstdint>

namespace auralis::tools {

/// Renders `seconds` of a four-chord groove (pad, bass, kick, snare, hi-hat, lead) at `sample_rate_hz`,
/// stereo, unmastered: about -22.5 LUFS with peaks near -5 dBFS and a quieter intro. Same arguments, same
/// samples.
AudioBuffer render_demo_music(double seconds, std::uint32_t sample_rate_hz);

}  // namespace auralis::tools
