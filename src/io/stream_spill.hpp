// SPDX-License-Identifier: MIT
// Copies an input that cannot seek (a pipe, /dev/stdin) into an unnamed temporary file that can.
#pragma once

#include "io/sndfile_resources.hpp"

#include <filesystem>

namespace auralis::io {

/// When `fd` is not a regular file, and its first bytes are those of an audio container libsndfile reads
/// (RIFF/RIFX/RF64/BW64 WAVE, FORM AIFF/AIFC, fLaC, OggS, an MP3 frame or ID3 tag), copies the whole stream
/// to an unnamed file in $TMPDIR (else /tmp) and returns it, positioned at its start; the file vanishes when
/// closed. Returns an empty UniqueFd for a regular file. Throws Error naming `path`: unreadable_file for a
/// stream that does not start like audio (such as /dev/zero) or that cannot be read or copied (the reason,
/// e.g. no space left).
UniqueFd spill_stream(int fd, const std::filesystem::path& path);

}  // namespace auralis::io
