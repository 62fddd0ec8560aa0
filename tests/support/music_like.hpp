// SPDX-License-Identifier: MIT
// A synthetic stand-in for music, generated from the absolute frame index alone, so any stretch of a track of
// any length can be made block by block without holding the track: bass and chord tones under a beat
// envelope, a decaying kick, noisy hi-hats spread across the channels, and sections whose level moves by
// 12 dB (the compressor and, pushed to a loud target, the limiter both have work).
#pragma once

#include <auralis/audio_buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace auralis::test {

/// Frames [first_frame, first_frame + frames) of the track for `channels` channels at `sample_rate_hz`;
/// peaks stay below -1 dBFS. Channels differ (hats and chords are panned), so stereo has width.
AudioBuffer music_like(std::size_t channels, std::uint32_t sample_rate_hz, std::uint64_t first_frame,
                       std::size_t frames, std::uint64_t seed);

/// `seconds` of the stereo track at 44.1 kHz and `gain_db`, written to `path` as 24-bit WAV.
void write_music_like(const std::filesystem::path& path, double seconds, double gain_db, std::uint64_t seed);

}  // namespace auralis::test
