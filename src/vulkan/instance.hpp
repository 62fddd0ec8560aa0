// SPDX-License-Identifier: MIT
// The process's Vulkan instance: the loader (libvulkan.so.1, or $AURALIS_VULKAN_LOADER) is opened at run
// time and volk takes its entry points from it (so the library works where no loader is installed), one
// instance is created, and its physical devices are described once.
#pragma once

#include "vulkan/vulkan_api.hpp"

#include <auralis/backend.hpp>

#include <string>
#include <vector>

namespace auralis::vulkan {

/// One physical device and what device selection needs to know about it.
struct PhysicalDevice {
  VkPhysicalDevice handle = VK_NULL_HANDLE;
  DeviceInfo info;  ///< chosen/reason left empty here.
  std::uint32_t compute_queue_family = 0;
  std::uint32_t timestamp_valid_bits = 0;  ///< Of the compute queue family; 0 when it has no timestamps.
  bool usable = false;                     ///< Vulkan 1.1 or later with a compute queue.
  std::string unusable_reason;
  VkPhysicalDeviceProperties properties{};
};

/// What the loader found. Created on first use and kept for the process's life (destroying an instance
/// during static destruction races the drivers' own teardown).
struct Instance {
  bool loaded = false;  ///< A loader and an instance exist.
  std::string status;   ///< Why not, or how many devices.
  VkInstance handle = VK_NULL_HANDLE;
  std::vector<PhysicalDevice> devices;
};

/// The process-wide instance (thread-safe first use).
const Instance& instance();

}  // namespace auralis::vulkan
