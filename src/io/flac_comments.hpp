// SPDX-License-Identifier: MIT
// Vorbis comments added to a finished FLAC stream with libFLAC's metadata API (libsndfile writes only its
// fixed set of fields).
#pragma once

#include "io/atomic_output_file.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace auralis::io {

/// Reads the FLAC stream in `source_fd` (from its start) and writes it to a new temporary output for
/// `destination` with `comments` in its VORBIS_COMMENT block, each replacing the comments of its name.
/// The metadata grows, so the audio frames move: the whole stream is copied. Returns the uncommitted,
/// unflushed output. Names must be legal (check_tags_writable). Throws WriteStepFailed.
std::unique_ptr<AtomicOutputFile> copy_with_comments(
    int source_fd, const std::filesystem::path& destination,
    const std::vector<std::pair<std::string, std::string>>& comments);

}  // namespace auralis::io
