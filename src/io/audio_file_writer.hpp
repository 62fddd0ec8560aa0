// SPDX-License-Identifier: MIT
// Encoding block by block into a temporary beside the destination, which the caller commits (so that
// several outputs, audio and its report, appear together or not at all). write_audio is this over one buffer.
#pragma once

#include <auralis/audio_io.hpp>

#include "io/atomic_output_file.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

namespace auralis::io {

/// Whether a WAV of `frames` frames is written as RF64: a RIFF file's sizes are 32-bit, so one that could
/// reach 4 GiB must start as RF64 (a plain WAV cannot become one once its header is written). From 3 GiB of
/// samples on, leaving room for an underestimated length; libsndfile's auto-downgrade then still writes a
/// RIFF file (WAVE_FORMAT_EXTENSIBLE, a JUNK chunk in place of ds64) should it end under 4 GiB.
bool wav_needs_rf64(std::uint64_t frames, std::size_t channels, SampleFormat sample_format) noexcept;

/// Throws Error(invalid_argument) naming `path` when `options` asks for an encoding quality outside 0-1 or
/// for a lossless type (libsndfile would refuse it only when the file is started, after the work).
void check_encoding_quality(const std::filesystem::path& path, const EncodeOptions& options);

class AudioFileWriter {
 public:
  /// Checks what write_audio checks that does not need the samples (format, protected paths, a folder for
  /// a path) and starts the temporary. Throws Error as write_audio documents.
  /// `expected_frames` (the track's length, as far as known) picks RF64 for a WAV that could pass 4 GiB
  /// (see wav_needs_rf64).
  AudioFileWriter(const std::filesystem::path& path, std::size_t channels, std::uint32_t sample_rate_hz,
                  const std::vector<Speaker>& layout, const EncodeOptions& options,
                  std::uint64_t expected_frames);
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
