// SPDX-License-Identifier: MIT
// VulkanFault, the result checks and the fault-injection hook (see faults.hpp).
#include "vulkan/faults.hpp"

#include <atomic>
#include <mutex>
#include <optional>

namespace auralis::vulkan {

namespace {

struct PendingFault {
  FaultKind kind;
  unsigned skip;
};

std::mutex injection_mutex;
std::optional<PendingFault> pending_fault;
std::atomic<bool> fault_pending{false};

FaultSite site_of(FaultKind kind) noexcept {
  switch (kind) {
    case FaultKind::device_lost:
      return FaultSite::submit;
    case FaultKind::fence_timeout:
      return FaultSite::wait;
    case FaultKind::shader_failure:
      return FaultSite::pipeline;
    case FaultKind::plan_failure:
      return FaultSite::plan;
    case FaultKind::out_of_device_memory:
    case FaultKind::out_of_host_memory:
    case FaultKind::other:
      break;
  }
  return FaultSite::allocate;
}

VkResult result_of(FaultKind kind) noexcept {
  switch (kind) {
    case FaultKind::device_lost:
      return VK_ERROR_DEVICE_LOST;
    case FaultKind::out_of_device_memory:
      return VK_ERROR_OUT_OF_DEVICE_MEMORY;
    case FaultKind::out_of_host_memory:
      return VK_ERROR_OUT_OF_HOST_MEMORY;
    case FaultKind::fence_timeout:
      return VK_TIMEOUT;
    case FaultKind::shader_failure:
    case FaultKind::plan_failure:
    case FaultKind::other:
      break;
  }
  return VK_ERROR_UNKNOWN;
}

// The injected fault for a call at `site`, if one is due.
std::optional<FaultKind> take_injected(FaultSite site) {
  if (!fault_pending.load(std::memory_order_relaxed)) return std::nullopt;
  std::lock_guard lock(injection_mutex);
  if (!pending_fault || site_of(pending_fault->kind) != site) return std::nullopt;
  if (pending_fault->skip > 0) {
    --pending_fault->skip;
    return std::nullopt;
  }
  const FaultKind kind = pending_fault->kind;
  pending_fault.reset();
  fault_pending = false;
  return kind;
}

FaultKind classify(VkResult result, FaultSite site) noexcept {
  switch (result) {
    case VK_ERROR_DEVICE_LOST:
      return FaultKind::device_lost;
    case VK_ERROR_OUT_OF_DEVICE_MEMORY:
      return FaultKind::out_of_device_memory;
    case VK_ERROR_OUT_OF_HOST_MEMORY:
      return FaultKind::out_of_host_memory;
    case VK_TIMEOUT:
      return FaultKind::fence_timeout;
    default:
      break;
  }
  if (site == FaultSite::pipeline) return FaultKind::shader_failure;
  if (site == FaultSite::plan) return FaultKind::plan_failure;
  return FaultKind::other;
}

}  // namespace

const char* to_string(FaultKind kind) noexcept {
  switch (kind) {
    case FaultKind::device_lost:
      return "device lost";
    case FaultKind::out_of_device_memory:
      return "out of device memory";
    case FaultKind::out_of_host_memory:
      return "out of host memory";
    case FaultKind::fence_timeout:
      return "fence timeout";
    case FaultKind::shader_failure:
      return "shader failure";
    case FaultKind::plan_failure:
      return "FFT plan failure";
    case FaultKind::other:
      break;
  }
  return "Vulkan error";
}

void check(VkResult result, FaultSite site, const char* what) {
  if (const auto injected = take_injected(site)) result = result_of(*injected);
  if (result == VK_SUCCESS) return;
  const FaultKind kind = classify(result, site);
  throw VulkanFault(kind, std::string(what) + ": " + to_string(kind) + " (VkResult " +
                              std::to_string(static_cast<int>(result)) + ")");
}

void check_vkfft(int vkfft_result, const char* what) {
  if (take_injected(FaultSite::plan)) vkfft_result = -1;
  if (vkfft_result == 0) return;
  throw VulkanFault(FaultKind::plan_failure, std::string(what) + ": " + to_string(FaultKind::plan_failure) +
                                                 " (VkFFT error " + std::to_string(vkfft_result) + ")");
}

namespace testing {

void inject_fault(FaultKind kind, unsigned skip) {
  std::lock_guard lock(injection_mutex);
  pending_fault = PendingFault{kind, skip};
  fault_pending = true;
}

void clear_injected_fault() {
  std::lock_guard lock(injection_mutex);
  pending_fault.reset();
  fault_pending = false;
}

}  // namespace testing

}  // namespace auralis::vulkan
