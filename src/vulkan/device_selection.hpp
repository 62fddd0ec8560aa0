// SPDX-License-Identifier: MIT
// Which Vulkan device a SpectralEngine uses: a named one (substring or index), else the best hardware
// device; CPU devices (lavapipe) only by name. Pure logic over device descriptions, testable without Vulkan.
#pragma once

#include <auralis/backend.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace auralis::vulkan {

struct DeviceChoice {
  std::optional<std::size_t> index;  ///< Position in the device list.
  std::string failure;               ///< Why none was chosen (empty when one was).
};

/// Chooses among `devices` (unusable[i] non-empty when device i cannot run our work, saying why) and fills
/// every device's `chosen` and `reason`. `request`: empty for automatic choice, else a case-insensitive
/// substring of the name or a decimal index.
DeviceChoice choose_device(std::vector<DeviceInfo>& devices, std::span<const std::string> unusable,
                           std::string_view request);

/// options.device, else $AURALIS_VULKAN_DEVICE, else empty.
std::string device_request(const BackendOptions& options);

}  // namespace auralis::vulkan
