// SPDX-License-Identifier: MIT
// A buffer in memory as the source of a pass, and a buffer that collects a pass's output.
#pragma once

#include <auralis/audio_buffer.hpp>

#include "mastering/stream_pass.hpp"

#include <algorithm>

namespace auralis::mastering {

class BufferSource final : public BlockSource {
 public:
  explicit BufferSource(const AudioBuffer& audio) : audio_(audio) {}
  std::size_t channels() const noexcept override { return audio_.channels(); }
  std::uint32_t sample_rate() const noexcept override { return audio_.sample_rate(); }
  std::size_t read(std::span<float* const> planes, std::size_t max_frames) override {
    const std::size_t count = std::min(max_frames, audio_.frames() - position_);
    for (std::size_t c = 0; c < audio_.channels(); ++c) {
      std::copy_n(audio_.channel(c).begin() + static_cast<std::ptrdiff_t>(position_), count, planes[c]);
    }
    position_ += count;
    return count;
  }

 private:
  const AudioBuffer& audio_;
  std::size_t position_ = 0;
};

/// Writes the pass's frames into `output`, which must have room for all of them.
class BufferSink final : public BlockSink {
 public:
  explicit BufferSink(AudioBuffer& output) : output_(output) {}
  const char* name() const noexcept override { return "collect"; }
  void consume(std::span<const float* const> planes, std::size_t frames) override {
    for (std::size_t c = 0; c < output_.channels(); ++c) {
      std::copy_n(planes[c], frames, output_.channel(c).begin() + static_cast<std::ptrdiff_t>(position_));
    }
    position_ += frames;
  }

 private:
  AudioBuffer& output_;
  std::size_t position_ = 0;
};

}  // namespace auralis::mastering
