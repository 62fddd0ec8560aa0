// SPDX-License-Identifier: MIT
// AudioBuffer construction, validation and default speaker layouts.
#include <auralis/audio_buffer.hpp>
#include <auralis/error.hpp>

#include <algorithm>
#include <string>
#include <utility>

namespace auralis {

std::vector<Speaker> default_layout(std::size_t channels) {
  using S = Speaker;
  switch (channels) {
    case 1:
      return {S::mono};
    case 2:
      return {S::left, S::right};
    case 3:
      return {S::left, S::right, S::centre};
    case 4:
      return {S::left, S::right, S::rear_left, S::rear_right};
    case 5:
      return {S::left, S::right, S::centre, S::rear_left, S::rear_right};
    case 6:
      return {S::left, S::right, S::centre, S::lfe, S::rear_left, S::rear_right};
    case 7:
      return {S::left, S::right, S::centre, S::lfe, S::rear_centre, S::side_left, S::side_right};
    case 8:
      return {S::left, S::right, S::centre, S::lfe, S::rear_left, S::rear_right, S::side_left, S::side_right};
    default:
      return std::vector<Speaker>(channels, S::other);
  }
}

namespace {

void validate_shape(std::size_t channels, std::uint32_t sample_rate_hz) {
  if (channels == 0 || channels > max_channels) {
    throw Error(ErrorCode::invalid_argument, "AudioBuffer: channel count " + std::to_string(channels) +
                                                 " outside 1.." + std::to_string(max_channels));
  }
  if (sample_rate_hz < min_sample_rate || sample_rate_hz > max_sample_rate) {
    throw Error(ErrorCode::invalid_argument,
                "AudioBuffer: sample rate " + std::to_string(sample_rate_hz) + " Hz outside 8000..768000 Hz");
  }
}

}  // namespace

AudioBuffer::AudioBuffer(std::size_t channels, std::size_t frames, std::uint32_t sample_rate_hz)
    : AudioBuffer(uninitialized(channels, frames, sample_rate_hz)) {
  std::fill_n(samples_.get(), channels_ * frames_, 0.0f);
}

AudioBuffer AudioBuffer::uninitialized(std::size_t channels, std::size_t frames,
                                       std::uint32_t sample_rate_hz) {
  validate_shape(channels, sample_rate_hz);
  AudioBuffer buffer;
  buffer.channels_ = channels;
  buffer.frames_ = frames;
  buffer.sample_rate_hz_ = sample_rate_hz;
  buffer.samples_ = std::make_unique_for_overwrite<float[]>(channels * frames);
  buffer.layout_ = default_layout(channels);
  return buffer;
}

AudioBuffer::AudioBuffer(const AudioBuffer& other)
    : channels_(other.channels_),
      frames_(other.frames_),
      sample_rate_hz_(other.sample_rate_hz_),
      layout_(other.layout_) {
  if (other.samples_) {
    samples_ = std::make_unique_for_overwrite<float[]>(channels_ * frames_);
    std::copy_n(other.samples_.get(), channels_ * frames_, samples_.get());
  }
}

AudioBuffer::AudioBuffer(AudioBuffer&& other) noexcept
    : channels_(std::exchange(other.channels_, 0)),
      frames_(std::exchange(other.frames_, 0)),
      sample_rate_hz_(std::exchange(other.sample_rate_hz_, 0)),
      samples_(std::move(other.samples_)),
      layout_(std::move(other.layout_)) {
  other.layout_.clear();
}

AudioBuffer& AudioBuffer::operator=(AudioBuffer&& other) noexcept {
  if (this != &other) {
    channels_ = std::exchange(other.channels_, 0);
    frames_ = std::exchange(other.frames_, 0);
    sample_rate_hz_ = std::exchange(other.sample_rate_hz_, 0);
    samples_ = std::move(other.samples_);
    layout_ = std::move(other.layout_);
    other.layout_.clear();
  }
  return *this;
}

AudioBuffer& AudioBuffer::operator=(const AudioBuffer& other) {
  if (this != &other) *this = AudioBuffer(other);
  return *this;
}

void AudioBuffer::set_layout(std::vector<Speaker> layout) {
  if (layout.size() != channels_) {
    throw Error(ErrorCode::invalid_argument, "AudioBuffer::set_layout: " + std::to_string(layout.size()) +
                                                 " speakers for " + std::to_string(channels_) + " channels");
  }
  layout_ = std::move(layout);
}

}  // namespace auralis
