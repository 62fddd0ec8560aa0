// SPDX-License-Identifier: MIT
// The Vulkan backend's entry points, for the engine's backend factory; no Vulkan type appears here.
#pragma once

#include "backend/backend.hpp"

#include <auralis/backend.hpp>

#include <memory>

namespace auralis::vulkan {

/// The Vulkan backend on the device the options choose. A device fault fails the job with
/// backend::DeviceFault and the device is not used again (the engine's failover wrapper re-runs the job on
/// the CPU). Throws Error(backend_unavailable) naming why no device is usable.
std::unique_ptr<backend::Backend> make_vulkan_backend(const BackendOptions& options);

/// Fills the Vulkan part of an inventory (loader status, devices, which one the options choose).
void describe_vulkan(const BackendOptions& options, BackendInventory& inventory);

}  // namespace auralis::vulkan
