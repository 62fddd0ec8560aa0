// SPDX-License-Identifier: MIT
#include "audio_arrays.hpp"

#include <auralis/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

namespace py = pybind11;

namespace auralis::python {

namespace {

// Frames gathered at a time from an array whose channels are not contiguous: 64 KiB of stereo floats.
constexpr std::size_t gather_block_frames = 8192;

}  // namespace

ArrayLayout layout_from_string(const std::string& name) {
  if (name == "interleaved") return ArrayLayout::interleaved;
  if (name == "planar") return ArrayLayout::planar;
  throw py::value_error("layout is 'interleaved' (frames, channels) or 'planar' (channels, frames), not '" +
                        name + "'");
}

AudioArray::AudioArray(const py::handle& array, ArrayLayout layout) {
  if (py::isinstance<py::array_t<float>>(array)) {
    array_ = py::reinterpret_borrow<py::array>(array);  // float32 already: read in place, any strides
  } else {
    // Any other dtype (float64, integers, lists) is converted once; the copy is C-contiguous.
    array_ = py::array_t<float, py::array::forcecast | py::array::c_style>::ensure(array);
    if (!array_) throw py::type_error("audio must be a numpy array (or convertible to one) of numbers");
  }
  data_ = static_cast<const char*>(array_.data());
  if (array_.ndim() == 1) {
    channels_ = 1;
    frames_ = static_cast<std::size_t>(array_.shape(0));
    frame_stride_ = array_.strides(0);
    channel_stride_ = 0;
  } else if (array_.ndim() == 2) {
    const int channel_axis = layout == ArrayLayout::interleaved ? 1 : 0;
    channels_ = static_cast<std::size_t>(array_.shape(channel_axis));
    frames_ = static_cast<std::size_t>(array_.shape(1 - channel_axis));
    channel_stride_ = array_.strides(channel_axis);
    frame_stride_ = array_.strides(1 - channel_axis);
  } else {
    throw py::value_error("audio must be a 1-D (mono) or 2-D array, not " + std::to_string(array_.ndim()) +
                          "-D");
  }
  // A single frame or channel may report any stride; normalise so the contiguity test means what it says.
  if (frames_ <= 1) frame_stride_ = sizeof(float);
}

float AudioArray::sample(std::size_t channel, std::size_t frame) const noexcept {
  float value;
  std::memcpy(&value,
              data_ + static_cast<std::ptrdiff_t>(channel) * channel_stride_ +
                  static_cast<std::ptrdiff_t>(frame) * frame_stride_,
              sizeof value);
  return value;
}

void AudioArray::for_each_block(
    const std::function<void(std::span<const float* const>, std::size_t)>& sink) const {
  std::vector<const float*> planes(channels_);
  if (channels_contiguous()) {
    for (std::size_t c = 0; c < channels_; ++c)
      planes[c] = reinterpret_cast<const float*>(data_ + static_cast<std::ptrdiff_t>(c) * channel_stride_);
    sink(planes, frames_);
    return;
  }
  // The engine refuses a block with NaN/Inf samples before using any of it; so is the whole array here,
  // before its first block is handed on, as it is when handed on at once.
  std::size_t non_finite = 0;
  for (std::size_t c = 0; c < channels_; ++c)
    for (std::size_t i = 0; i < frames_; ++i) non_finite += !std::isfinite(sample(c, i));
  if (non_finite) {
    throw Error(ErrorCode::non_finite_samples,
                "audio array: " + std::to_string(non_finite) + " NaN/Inf samples");
  }
  const std::size_t block = std::min(frames_, gather_block_frames);
  std::vector<float> scratch(channels_ * block);
  for (std::size_t c = 0; c < channels_; ++c) planes[c] = scratch.data() + c * block;
  for (std::size_t start = 0; start < frames_; start += block) {
    const std::size_t count = std::min(block, frames_ - start);
    for (std::size_t i = 0; i < count; ++i)
      for (std::size_t c = 0; c < channels_; ++c) scratch[c * block + i] = sample(c, start + i);
    sink(planes, count);
  }
}

AudioBuffer AudioArray::to_buffer(std::uint32_t sample_rate_hz) const {
  AudioBuffer audio = AudioBuffer::uninitialized(channels_, frames_, sample_rate_hz);
  for (std::size_t c = 0; c < channels_; ++c) {
    float* out = audio.channel(c).data();
    if (channels_contiguous()) {
      std::memcpy(out, data_ + static_cast<std::ptrdiff_t>(c) * channel_stride_, frames_ * sizeof(float));
    } else {
      for (std::size_t i = 0; i < frames_; ++i) out[i] = sample(c, i);
    }
  }
  return audio;
}

py::array to_array(AudioBuffer&& audio, ArrayLayout layout, bool mono_1d) {
  auto owned = std::make_unique<AudioBuffer>(std::move(audio));
  const auto channels = static_cast<py::ssize_t>(owned->channels());
  const auto frames = static_cast<py::ssize_t>(owned->frames());
  float* data = owned->channels() > 0 ? owned->channel(0).data() : nullptr;
  const auto sample = static_cast<py::ssize_t>(sizeof(float));
  py::capsule owner(owned.get(), [](void* buffer) { delete static_cast<AudioBuffer*>(buffer); });
  owned.release();
  if (mono_1d && channels == 1) return py::array_t<float>({frames}, {sample}, data, owner);
  if (layout == ArrayLayout::planar)
    return py::array_t<float>({channels, frames}, {frames * sample, sample}, data, owner);
  return py::array_t<float>({frames, channels}, {sample, frames * sample}, data, owner);
}

}  // namespace auralis::python
