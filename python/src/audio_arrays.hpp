// SPDX-License-Identifier: MIT
// numpy arrays as audio: which axis is channels, reading samples in place where the strides allow, and
// engine buffers handed to Python without a copy.
#pragma once

#include <auralis/audio_buffer.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace auralis::python {

/// Which axis of a 2-D array holds the channels: interleaved is (frames, channels), as soundfile reads and
/// as an interleaved C buffer is shaped; planar is (channels, frames), as librosa holds audio. A 1-D array
/// is mono either way. The memory itself may have any strides.
enum class ArrayLayout { interleaved, planar };
ArrayLayout layout_from_string(const std::string& name);

/// A float32 view of a numpy array's samples (other dtypes are converted once, into a copy it keeps).
class AudioArray {
 public:
  AudioArray(const pybind11::handle& array, ArrayLayout layout);

  std::size_t channels() const noexcept { return channels_; }
  std::size_t frames() const noexcept { return frames_; }
  /// Whether each channel's samples are adjacent in memory, so the engine reads them where they are.
  bool channels_contiguous() const noexcept {
    return frame_stride_ == static_cast<std::ptrdiff_t>(sizeof(float));
  }

  /// Calls `sink` with planar blocks covering every frame in order: once, with pointers into the array,
  /// when channels_contiguous(); else in blocks gathered through the strides into a small scratch buffer,
  /// after checking every sample is finite (Error(non_finite_samples) before the first block, as the
  /// engine refuses a block it is handed whole). Needs no Python: call it with the GIL released.
  void for_each_block(const std::function<void(std::span<const float* const>, std::size_t)>& sink) const;

  /// A copy into an engine buffer (the engine's master() owns and rewrites its audio). No Python needed.
  AudioBuffer to_buffer(std::uint32_t sample_rate_hz) const;

 private:
  float sample(std::size_t channel, std::size_t frame) const noexcept;

  pybind11::array array_;  // keeps the memory alive (the caller's array, or the converted copy)
  const char* data_ = nullptr;
  std::size_t channels_ = 0, frames_ = 0;
  std::ptrdiff_t channel_stride_ = 0, frame_stride_ = 0;  // bytes
};

/// The buffer as a numpy float32 array shaped as `layout` says (1-D when `mono_1d` and it has one channel),
/// owning the buffer's memory: no copy.
pybind11::array to_array(AudioBuffer&& audio, ArrayLayout layout, bool mono_1d);

}  // namespace auralis::python
