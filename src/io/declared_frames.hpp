// SPDX-License-Identifier: MIT
// The frame count an uncompressed WAV/RF64/AIFF header promises, read by hand because libsndfile quietly
// shortens it to what the file holds (so a truncated file would otherwise decode as a shorter, valid one).
#pragma once

#include <cstdint>
#include <optional>

namespace auralis::io {

/// Frames the header of the open file `fd` declares for its sample data, for RIFF/RIFX WAVE (including
/// WAVE_FORMAT_EXTENSIBLE), RF64/BW64 and AIFF/AIFC holding uncompressed samples (`sf_format` is the format
/// libsndfile reported). nullopt for other formats, for headers it cannot follow, and when the header leaves
/// the length open (0 or 0xFFFFFFFF, as streaming writers do). Reads with pread: the file offset is kept.
std::optional<std::uint64_t> declared_frame_count(int fd, int sf_format);

}  // namespace auralis::io
