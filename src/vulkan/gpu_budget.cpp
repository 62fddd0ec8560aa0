// SPDX-License-Identifier: MIT
// Submission and binding budgets (see gpu_budget.hpp).
#include "vulkan/gpu_budget.hpp"

#include <atomic>

namespace auralis::vulkan {

namespace {
constexpr std::size_t kSubmissionFftPoints = std::size_t{1} << 27;
constexpr std::size_t kMaxStagingBytes = std::size_t{512} << 20;
std::atomic<std::size_t> test_fft_points{0};
std::atomic<std::size_t> test_floats{0};
}  // namespace

std::size_t submission_fft_points() noexcept {
  const std::size_t limited = test_fft_points.load(std::memory_order_relaxed);
  return limited ? limited : kSubmissionFftPoints;
}

std::size_t binding_floats(const Device& device) noexcept {
  const std::size_t range = device.properties().limits.maxStorageBufferRange;
  const std::size_t floats = std::min(range, kMaxStagingBytes) / sizeof(float);
  const std::size_t limited = test_floats.load(std::memory_order_relaxed);
  return limited ? std::min(limited, floats) : floats;
}

namespace testing {
void limit_gpu_budgets(std::size_t fft_points, std::size_t floats) noexcept {
  test_fft_points = fft_points;
  test_floats = floats;
}
}  // namespace testing

}  // namespace auralis::vulkan
