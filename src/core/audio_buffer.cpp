// AudioBuffer construction, validation and default speaker layouts.
#include <auralis/audio_buffer.hpp>
#include <auralis/error.hpp>

#include <string>

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

AudioBuffer::AudioBuffer(std::size_t channels, std::size_t frames, std::uint32_t sample_rate_hz)
    : channels_(channels), frames_(frames), sample_rate_hz_(sample_rate_hz) {
  if (channels == 0 || channels > max_channels) {
    throw Error(ErrorCode::invalid_argument, "AudioBuffer: channel count " + std::to_string(channels) +
                                                 " outside 1.." + std::to_string(max_channels));
  }
  if (sample_rate_hz < min_sample_rate || sample_rate_hz > max_sample_rate) {
    throw Error(ErrorCode::invalid_argument,
                "AudioBuffer: sample rate " + std::to_string(sample_rate_hz) + " Hz outside 8000..768000 Hz");
  }
  samples_.assign(channels * frames, 0.0f);
  layout_ = default_layout(channels);
}

void AudioBuffer::set_layout(std::vector<Speaker> layout) {
  if (layout.size() != channels_) {
    throw Error(ErrorCode::invalid_argument, "AudioBuffer::set_layout: " + std::to_string(layout.size()) +
                                                 " speakers for " + std::to_string(channels_) + " channels");
  }
  layout_ = std::move(layout);
}

}  // namespace auralis
