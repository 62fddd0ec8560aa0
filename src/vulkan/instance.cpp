// SPDX-License-Identifier: MIT
// The process's Vulkan instance and device list (see instance.hpp).
#include "vulkan/instance.hpp"

#include <dlfcn.h>

#include <cstdlib>

namespace auralis::vulkan {

namespace {

DeviceType device_type(VkPhysicalDeviceType type) noexcept {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return DeviceType::discrete;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return DeviceType::integrated;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return DeviceType::virtual_gpu;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return DeviceType::cpu;
    default:
      break;
  }
  return DeviceType::other;
}

std::string version_text(std::uint32_t version) {
  return std::to_string(VK_API_VERSION_MAJOR(version)) + "." + std::to_string(VK_API_VERSION_MINOR(version)) +
         "." + std::to_string(VK_API_VERSION_PATCH(version));
}

PhysicalDevice describe(VkPhysicalDevice handle, std::size_t index) {
  PhysicalDevice device;
  device.handle = handle;
  VkPhysicalDeviceDriverProperties driver{};
  driver.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES;
  VkPhysicalDeviceProperties2 properties{};
  properties.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
  vkGetPhysicalDeviceProperties(handle, &properties.properties);
  const bool has_driver_properties = properties.properties.apiVersion >= VK_API_VERSION_1_2;
  if (has_driver_properties) {
    properties.pNext = &driver;
    vkGetPhysicalDeviceProperties2(handle, &properties);
  }
  device.properties = properties.properties;
  device.info.index = index;
  device.info.name = properties.properties.deviceName;
  device.info.type = device_type(properties.properties.deviceType);
  device.info.api_version = version_text(properties.properties.apiVersion);
  device.info.driver = has_driver_properties
                           ? std::string(driver.driverName) + " (" + driver.driverInfo + ")"
                           : "driver version " + std::to_string(properties.properties.driverVersion);

  VkPhysicalDeviceMemoryProperties memory{};
  vkGetPhysicalDeviceMemoryProperties(handle, &memory);
  for (std::uint32_t h = 0; h < memory.memoryHeapCount; ++h) {
    if (memory.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) {
      device.info.memory_bytes += memory.memoryHeaps[h].size;
    }
  }

  std::uint32_t families = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(handle, &families, nullptr);
  std::vector<VkQueueFamilyProperties> family(families);
  vkGetPhysicalDeviceQueueFamilyProperties(handle, &families, family.data());
  bool has_compute = false;
  for (std::uint32_t f = 0; f < families && !has_compute; ++f) {
    if (family[f].queueFlags & VK_QUEUE_COMPUTE_BIT) {
      device.compute_queue_family = f;
      device.timestamp_valid_bits = family[f].timestampValidBits;
      has_compute = true;
    }
  }
  if (properties.properties.apiVersion < VK_API_VERSION_1_1) {
    device.unusable_reason = "Vulkan " + device.info.api_version + " (1.1 needed)";
  } else if (!has_compute) {
    device.unusable_reason = "no compute queue";
  } else {
    device.usable = true;
  }
  return device;
}

Instance create_instance() {
  Instance result;
  // Loaded by hand rather than by volkInitialize so AURALIS_VULKAN_LOADER can name another loader (or a
  // missing one, which is how tests hide Vulkan). The library stays loaded for the process's life.
  const char* requested = std::getenv("AURALIS_VULKAN_LOADER");
  const std::string loader = requested && *requested ? requested : "libvulkan.so.1";
  void* library = dlopen(loader.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    result.status = "no Vulkan loader (" + loader + " could not be loaded)";
    return result;
  }
  const auto get_instance_proc_addr =
      reinterpret_cast<PFN_vkGetInstanceProcAddr>(dlsym(library, "vkGetInstanceProcAddr"));
  if (!get_instance_proc_addr) {
    result.status = loader + " is not a Vulkan loader (no vkGetInstanceProcAddr)";
    return result;
  }
  volkInitializeCustom(get_instance_proc_addr);
  if (volkGetInstanceVersion() < VK_API_VERSION_1_1) {
    result.status = "the Vulkan loader is older than 1.1";
    return result;
  }
  VkApplicationInfo application{};
  application.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
  application.pApplicationName = "auralis";
  application.pEngineName = "auralis";
  application.apiVersion = VK_API_VERSION_1_1;
  VkInstanceCreateInfo create{};
  create.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
  create.pApplicationInfo = &application;
  const VkResult created = vkCreateInstance(&create, nullptr, &result.handle);
  if (created == VK_ERROR_INCOMPATIBLE_DRIVER) {
    result.status = "a Vulkan loader but no driver (vkCreateInstance: VK_ERROR_INCOMPATIBLE_DRIVER)";
    return result;
  }
  if (created != VK_SUCCESS) {
    result.status = "vkCreateInstance failed (VkResult " + std::to_string(static_cast<int>(created)) + ")";
    return result;
  }
  volkLoadInstance(result.handle);
  result.loaded = true;

  std::uint32_t count = 0;
  VkResult listed = vkEnumeratePhysicalDevices(result.handle, &count, nullptr);
  std::vector<VkPhysicalDevice> handles(count);
  if (listed == VK_SUCCESS && count > 0)
    listed = vkEnumeratePhysicalDevices(result.handle, &count, handles.data());
  if (listed != VK_SUCCESS && listed != VK_INCOMPLETE) {
    result.status =
        "vkEnumeratePhysicalDevices failed (VkResult " + std::to_string(static_cast<int>(listed)) + ")";
    return result;
  }
  handles.resize(count);
  for (std::size_t i = 0; i < handles.size(); ++i) result.devices.push_back(describe(handles[i], i));
  result.status = result.devices.empty() ? "a Vulkan loader but no device"
                                         : std::to_string(result.devices.size()) + " Vulkan device(s)";
  return result;
}

}  // namespace

const Instance& instance() {
  static const Instance process_instance = create_instance();
  return process_instance;
}

}  // namespace auralis::vulkan
