// SPDX-License-Identifier: MIT
// Whether this machine could hold a hardware Vulkan device, answered from the device nodes alone: loading
// the Vulkan loader and every installed driver (lavapipe's LLVM among them) costs about 50 ms of a master's
// ~600 ms, and most of our servers have no GPU at all.
#pragma once

#include <filesystem>

namespace auralis::vulkan {

/// True when `dev` (normally /dev) has a node a hardware Vulkan driver opens: a DRM render node
/// (dri/renderD*, Mesa and AMD), nvidiactl (NVIDIA's driver) or dxg (WSL). Always true off Linux, where the
/// nodes differ.
bool gpu_device_node_present(const std::filesystem::path& dev = "/dev");

}  // namespace auralis::vulkan
