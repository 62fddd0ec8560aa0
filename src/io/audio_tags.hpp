// SPDX-License-Identifier: MIT
// The standard tags (AudioTags' six fields) through libsndfile: read from a file, set on one being written.
#pragma once

#include <auralis/audio_io.hpp>

#include <sndfile.h>

#include <filesystem>
#include <string>

namespace auralis::io {

/// The fields libsndfile reports for an open file; empty ones are absent.
AudioTags tags_from_sndfile(SNDFILE* file);

/// Refuses, before anything is written, tags a file of `type` cannot carry: Error(unsupported_format) for
/// comments on a WAV or more text than libsndfile's WAV header holds, Error(invalid_argument) for a comment
/// name Vorbis comments cannot hold; both naming `path`.
void check_tags_writable(const std::filesystem::path& path, const AudioTags& tags, FileType type);

/// Sets the six fields on a file opened for writing, before its first sample (FLAC text as UTF-8).
/// Throws WriteStepFailed.
void set_sndfile_tags(SNDFILE* file, const AudioTags& tags, FileType type);

/// `text` itself when it is valid UTF-8, else `text` read as Latin-1 and converted to UTF-8.
std::string as_utf8(const std::string& text);

}  // namespace auralis::io
