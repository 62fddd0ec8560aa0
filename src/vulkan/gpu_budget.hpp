// SPDX-License-Identifier: MIT
// How much work one submission carries and how big one buffer binding may be on a device.
#pragma once

#include "vulkan/device.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace auralis::vulkan {

/// FFT points per submission: 2^27 by default, a few tens of milliseconds on a mid-range GPU (well under
/// any OS watchdog), which holds a four-minute stereo track's analysis or convolution in one submission.
std::size_t submission_fft_points() noexcept;

/// Floats one storage-buffer binding may hold on this device (capped at 512 MB of host staging).
std::size_t binding_floats(const Device& device) noexcept;

/// Rows a plan transforms at once: about 2^20 floats of rows, at most 16384 rows.
inline std::size_t rows_per_batch(std::size_t fft_size) noexcept {
  return std::clamp<std::size_t>((std::size_t{1} << 20) / fft_size, 1, 16384);
}

inline std::uint32_t groups(std::size_t invocations, std::size_t per_group) noexcept {
  return static_cast<std::uint32_t>((invocations + per_group - 1) / per_group);
}

namespace testing {
/// Test-only: lowers both budgets (0 restores the defaults) so small tests exercise tracks split into
/// several passes and submissions.
void limit_gpu_budgets(std::size_t fft_points, std::size_t floats) noexcept;
}  // namespace testing

}  // namespace auralis::vulkan
