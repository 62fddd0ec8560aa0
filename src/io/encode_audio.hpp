// write_audio without its last step: the encoded file waits, flushed, for the caller to commit it, so that
// several outputs (audio and its report) appear together or not at all.
#pragma once

#include <auralis/audio_io.hpp>

#include "io/atomic_output_file.hpp"

#include <filesystem>
#include <memory>

namespace auralis::io {

/// Checks and encodes `audio` as write_audio does, into a temporary flushed to disk; the destination is
/// untouched until the caller commits. Throws Error as write_audio documents.
std::unique_ptr<AtomicOutputFile> encode_uncommitted(const std::filesystem::path& path,
                                                     const AudioBuffer& audio, const EncodeOptions& options,
                                                     EncodeReport& report);

}  // namespace auralis::io
