// SPDX-License-Identifier: MIT
// AudioBuffer: planar float32 audio (channels x frames) at one sample rate, the engine's unit of audio.
#pragma once

#include <auralis/export.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace auralis {

/// Limits every decoder and processor enforces (inclusive).
inline constexpr std::size_t max_channels = 32;
inline constexpr std::uint32_t min_sample_rate = 8000;
inline constexpr std::uint32_t max_sample_rate = 768000;

/// Loudspeaker position of a channel. Used for BS.1770 channel weights (the LFE is excluded, surrounds
/// weigh 1.41) and carried from WAVE_FORMAT_EXTENSIBLE / FLAC / Vorbis channel maps when the file has one.
enum class Speaker : std::uint8_t {
  mono,
  left,
  right,
  centre,
  lfe,
  rear_left,
  rear_right,
  rear_centre,
  side_left,
  side_right,
  other,  ///< Any other position (height, wide, ...): BS.1770 weight 1.0.
};

/// The conventional layout for a channel count when a file carries no map (WAV/FLAC channel order):
/// 1 mono, 2 L R, 3 L R C, 4 L R Ls Rs, 5 L R C Ls Rs, 6 L R C LFE Ls Rs, 7 L R C LFE Cs SL SR,
/// 8 L R C LFE Ls Rs SL SR, more: other.
AURALIS_API std::vector<Speaker> default_layout(std::size_t channels);

/// Planar float32 samples, one contiguous allocation. Not thread-safe for concurrent writes.
class AURALIS_API AudioBuffer {
 public:
  AudioBuffer() = default;
  /// Zero-filled buffer. Throws Error(invalid_argument) for channels outside [1, max_channels] or a rate
  /// outside [min_sample_rate, max_sample_rate].
  AudioBuffer(std::size_t channels, std::size_t frames, std::uint32_t sample_rate_hz);
  /// Like the constructor, but the samples are left unset: for producers that write every sample anyway
  /// (decoders, filters), which then also touch the memory first on the threads that fill it.
  static AudioBuffer uninitialized(std::size_t channels, std::size_t frames, std::uint32_t sample_rate_hz);

  AudioBuffer(const AudioBuffer& other);
  AudioBuffer& operator=(const AudioBuffer& other);
  /// A moved-from buffer is empty (no channels, no frames).
  AudioBuffer(AudioBuffer&& other) noexcept;
  AudioBuffer& operator=(AudioBuffer&& other) noexcept;

  std::size_t channels() const noexcept { return channels_; }
  std::size_t frames() const noexcept { return frames_; }
  std::uint32_t sample_rate() const noexcept { return sample_rate_hz_; }
  double duration_seconds() const noexcept {
    return sample_rate_hz_ ? static_cast<double>(frames_) / sample_rate_hz_ : 0.0;
  }
  bool empty() const noexcept { return frames_ == 0; }

  std::span<float> channel(std::size_t c) noexcept { return {samples_.get() + c * frames_, frames_}; }
  std::span<const float> channel(std::size_t c) const noexcept {
    return {samples_.get() + c * frames_, frames_};
  }

  /// Speaker of each channel; default_layout(channels()) unless set.
  const std::vector<Speaker>& layout() const noexcept { return layout_; }
  /// Throws Error(invalid_argument) when the size differs from channels().
  void set_layout(std::vector<Speaker> layout);

 private:
  std::size_t channels_ = 0;
  std::size_t frames_ = 0;
  std::uint32_t sample_rate_hz_ = 0;
  std::unique_ptr<float[]> samples_;
  std::vector<Speaker> layout_;
};

}  // namespace auralis
