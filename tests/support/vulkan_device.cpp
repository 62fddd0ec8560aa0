// SPDX-License-Identifier: MIT
// try_vulkan_device (see vulkan_device.hpp).
#include "support/vulkan_device.hpp"

#if AURALIS_HAVE_VULKAN
#include "vulkan/device_selection.hpp"
#include "vulkan/faults.hpp"
#include "vulkan/instance.hpp"

namespace auralis::test {

std::unique_ptr<vulkan::Device> try_vulkan_device(std::string& why) {
  const vulkan::Instance& vk = vulkan::instance();
  if (!vk.loaded) {
    why = vk.status;
    return nullptr;
  }
  std::vector<DeviceInfo> devices;
  std::vector<std::string> unusable;
  for (const vulkan::PhysicalDevice& d : vk.devices) {
    devices.push_back(d.info);
    unusable.push_back(d.unusable_reason);
  }
  const vulkan::DeviceChoice choice =
      vulkan::choose_device(devices, unusable, backend_options(TestBackend::vulkan).device);
  if (!choice.index) {
    why = choice.failure;
    return nullptr;
  }
  try {
    return std::make_unique<vulkan::Device>(vk.devices[*choice.index]);
  } catch (const vulkan::VulkanFault& fault) {
    why = fault.what();
    return nullptr;
  }
}

}  // namespace auralis::test
#endif
