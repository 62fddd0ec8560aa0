// SPDX-License-Identifier: MIT
// Vulkan failures as one exception type, the check every Vulkan result goes through, and the test-only
// hook that makes each kind of failure happen on demand.
#pragma once

#include "vulkan/vulkan_api.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace auralis::vulkan {

/// What went wrong on the device; decides whether its objects may still be destroyed.
enum class FaultKind : std::uint8_t {
  device_lost,           ///< VK_ERROR_DEVICE_LOST: no call may touch the device's objects again.
  out_of_device_memory,  ///< VK_ERROR_OUT_OF_DEVICE_MEMORY.
  out_of_host_memory,    ///< VK_ERROR_OUT_OF_HOST_MEMORY.
  fence_timeout,         ///< The work did not finish in time; the device may still be using its objects.
  shader_failure,        ///< A compute pipeline could not be created.
  plan_failure,          ///< VkFFT could not build or run a plan.
  other,                 ///< Any other Vulkan error.
};

const char* to_string(FaultKind kind) noexcept;

/// A failed Vulkan call. The backend catches it, stops using the device and fails the job with
/// backend::DeviceFault, which the failover wrapper answers by re-running the job on the CPU.
class VulkanFault : public std::runtime_error {
 public:
  VulkanFault(FaultKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  FaultKind kind() const noexcept { return kind_; }
  /// True when the device's objects must be abandoned, not destroyed.
  bool device_unusable() const noexcept {
    return kind_ == FaultKind::device_lost || kind_ == FaultKind::fence_timeout;
  }

 private:
  FaultKind kind_;
};

/// Where a Vulkan call sits, for fault injection.
enum class FaultSite : std::uint8_t { allocate, submit, wait, pipeline, plan };

/// Throws VulkanFault naming `what` unless `result` is VK_SUCCESS (an injected fault at `site` first
/// replaces the result).
void check(VkResult result, FaultSite site, const char* what);
/// The same for VkFFT's own result codes (its VkFFTResult as an int).
void check_vkfft(int vkfft_result, const char* what);

namespace testing {
/// Test-only: the next Vulkan call at the fault's site (after `skip` such calls) fails with it, once.
/// device_lost fires at a queue submission, fence_timeout at a fence wait, the memory faults at an
/// allocation, shader_failure at pipeline creation, plan_failure at VkFFT plan creation.
void inject_fault(FaultKind kind, unsigned skip = 0);
/// Cancels a pending injected fault.
void clear_injected_fault();
}  // namespace testing

}  // namespace auralis::vulkan
