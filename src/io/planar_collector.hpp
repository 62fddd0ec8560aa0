// SPDX-License-Identifier: MIT
// PlanarCollector: gathers decoded interleaved chunks into a planar AudioBuffer.
#pragma once

#include <auralis/audio_buffer.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace auralis::io {

/// Collects decoded interleaved chunks as planar audio. Frames go straight into a buffer sized from the
/// header's count, so the usual decode needs one buffer; frames beyond it (or all frames, when the count is
/// unknown) wait in an interleaved overflow and are merged at the end.
class PlanarCollector {
 public:
  /// `expected_frames` (0: unknown) sizes the direct buffer; it is a hint, never a limit.
  PlanarCollector(std::size_t channels, std::uint32_t sample_rate_hz, std::size_t expected_frames)
      : channels_(channels), sample_rate_hz_(sample_rate_hz) {
    // Left unset: take() hands out only the frames appended, so nothing unwritten is ever read.
    if (expected_frames > 0) direct_ = AudioBuffer::uninitialized(channels, expected_frames, sample_rate_hz);
  }

  /// Adds `frames` frames of channels() interleaved samples.
  void append(const float* interleaved, std::size_t frames) {
    const std::size_t into_direct = std::min(frames, direct_.frames() - direct_filled_);
    for (std::size_t c = 0; c < channels_; ++c) {
      float* destination = direct_.channel(c).data() + direct_filled_;
      for (std::size_t i = 0; i < into_direct; ++i) destination[i] = interleaved[i * channels_ + c];
    }
    direct_filled_ += into_direct;
    overflow_.insert(overflow_.end(), interleaved + into_direct * channels_,
                     interleaved + frames * channels_);
  }

  std::size_t frames() const noexcept { return direct_filled_ + overflow_.size() / channels_; }

  /// The frames appended so far, exactly (shorter or longer than expected_frames). Call once.
  AudioBuffer take() {
    if (overflow_.empty() && direct_filled_ == direct_.frames()) return std::move(direct_);
    AudioBuffer merged = AudioBuffer::uninitialized(channels_, frames(), sample_rate_hz_);
    const std::size_t overflow_frames = overflow_.size() / channels_;
    for (std::size_t c = 0; c < channels_; ++c) {
      const auto from_direct = direct_.channel(c).first(direct_filled_);
      float* destination = std::copy(from_direct.begin(), from_direct.end(), merged.channel(c).data());
      for (std::size_t i = 0; i < overflow_frames; ++i) destination[i] = overflow_[i * channels_ + c];
    }
    return merged;
  }

 private:
  std::size_t channels_;
  std::uint32_t sample_rate_hz_;
  AudioBuffer direct_;
  std::size_t direct_filled_ = 0;
  std::vector<float> overflow_;
};

}  // namespace auralis::io
