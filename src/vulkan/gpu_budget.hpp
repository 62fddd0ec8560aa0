// How much work one submission carries and how big one buffer binding may be on a device.
#pragma once

#include "vulkan/device.hpp"

#include <algorithm>
#include <cstddef>

namespace auralis::vulkan {

/// FFT points per submission: 2^27 is a few tens of milliseconds on a mid-range GPU (well under any OS
/// watchdog) and holds a four-minute stereo track's analysis or convolution in one submission.
inline constexpr std::size_t kSubmissionFftPoints = std::size_t{1} << 27;

/// Floats one storage-buffer binding may hold on this device (capped at 512 MB of host staging).
inline std::size_t binding_floats(const Device& device) noexcept {
  const std::size_t range = device.properties().limits.maxStorageBufferRange;
  return std::min<std::size_t>(range, std::size_t{512} << 20) / sizeof(float);
}

/// Rows a plan transforms at once: about 2^20 floats of rows, at most 16384 rows.
inline std::size_t rows_per_batch(std::size_t fft_size) noexcept {
  return std::clamp<std::size_t>((std::size_t{1} << 20) / fft_size, 1, 16384);
}

inline std::uint32_t groups(std::size_t invocations, std::size_t per_group) noexcept {
  return static_cast<std::uint32_t>((invocations + per_group - 1) / per_group);
}

}  // namespace auralis::vulkan
