// SPDX-License-Identifier: MIT
// Whether a file holds audio libsndfile decodes, judged by its content alone.
#pragma once

#include <filesystem>

namespace auralis::io {

/// True when `path` is a regular file whose header libsndfile recognises (WAV, FLAC, Ogg, AIFF, MP3, ...),
/// whatever its extension: the test the decoder itself makes when it opens a file. Reads only the header;
/// false for folders, pipes, devices and anything that cannot be opened. Never throws.
bool looks_like_audio(const std::filesystem::path& path) noexcept;

}  // namespace auralis::io
