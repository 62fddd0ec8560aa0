// SPDX-License-Identifier: MIT
// ScratchSink and ScratchSource: interleaving into and out of the scratch file, block by block.
#include "mastering/scratch_stream.hpp"

#include <auralis/error.hpp>

#include <algorithm>

namespace auralis::mastering {

void ScratchSink::consume(std::span<const float* const> planes, std::size_t frames) {
  if (file_->abandoned()) return;
  const std::size_t channels = planes.size();
  interleaved_.resize(frames * channels);
  for (std::size_t c = 0; c < channels; ++c) {
    for (std::size_t n = 0; n < frames; ++n) interleaved_[n * channels + c] = planes[c][n];
  }
  try {
    file_->append(interleaved_.data(), interleaved_.size() * sizeof(float));
  } catch (const Error&) {
    file_->abandon();
  }
}

std::size_t ScratchSource::read(std::span<float* const> planes, std::size_t max_frames) {
  const std::uint64_t frame_bytes = channels_ * sizeof(float);
  const auto frames =
      static_cast<std::size_t>(std::min<std::uint64_t>(max_frames, (file_->size() - offset_) / frame_bytes));
  interleaved_.resize(frames * channels_);
  file_->read_at(offset_, interleaved_.data(), frames * frame_bytes);
  offset_ += frames * frame_bytes;
  for (std::size_t c = 0; c < channels_; ++c) {
    for (std::size_t n = 0; n < frames; ++n) planes[c][n] = interleaved_[n * channels_ + c];
  }
  return frames;
}

}  // namespace auralis::mastering
