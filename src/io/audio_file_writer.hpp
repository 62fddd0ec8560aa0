// SPDX-License-Identifier: MIT
// Encoding block by block into a temporary beside the destination, which the caller commits (so that
// several outputs, audio and its report, appear together or not at all). write_audio is this over one buffer.
#pragma once

#include <auralis/audio_io.hpp>

#include "io/atomic_output_file.hpp"

#include <filesystem>
#include <memory>
#include <span>

namespace auralis::io {

class AudioFileWriter {
 public:
  /// Checks what write_audio checks that does not need the samples (format, protected paths, a folder for
  /// a path) and starts the temporary. Throws Error as write_audio documents.
  AudioFileWriter(const std::filesystem::path& path, std::size_t channels, std::uint32_t sample_rate_hz,
                  const std::vector<Speaker>& layout, const EncodeOptions& options);
  ~AudioFileWriter();
  AudioFileWriter(const AudioFileWriter&) = delete;
  AudioFileWriter& operator=(const AudioFileWriter&) = delete;

  /// Encodes `frames` frames of planar audio (dithered and quantised as write_audio does; the dither
  /// streams continue across calls, so the file does not depend on the block sizes). Throws
  /// Error(non_finite_samples) naming the path for a block with NaN/Inf samples, Error(write_failed).
  void write(std::span<const float* const> planes, std::size_t frames);
  /// Finishes the file and flushes it to disk, uncommitted. Throws Error(write_failed), and
  /// Error(invalid_argument) when nothing was written.
  std::unique_ptr<AtomicOutputFile> finish();
  /// Samples clamped so far (integer encodings).
  std::uint64_t clipped_samples() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace auralis::io
