// SPDX-License-Identifier: MIT
// Long WAV files without long buffers: a 24-bit PCM WAV made of one period of audio repeated, written
// period by period, so a 20-minute test input costs the test process one period's memory.
#pragma once

#include <auralis/audio_buffer.hpp>

#include <cstdint>
#include <filesystem>

namespace auralis::test {

/// Writes `period` (any channel count; samples clamped to [-1, 1)) `repeats` times back to back as one
/// canonical RIFF/WAVE PCM 24-bit file. Throws std::runtime_error when the file cannot be written or would
/// exceed RIFF's 4 GiB.
void write_repeated_pcm24_wav(const std::filesystem::path& path, const AudioBuffer& period,
                              std::uint64_t repeats);

}  // namespace auralis::test
