// Which backend a SpectralEngine gets, and the GPU backend's entry points (defined in src/vulkan/ when the
// library is built with AURALIS_VULKAN).
#pragma once

#include "backend/backend.hpp"

#include <auralis/backend.hpp>

#include <memory>

namespace auralis::backend {

/// The backend the options ask for; throws Error(backend_unavailable) as SpectralEngine documents.
std::unique_ptr<Backend> make_backend(const BackendOptions& options);

}  // namespace auralis::backend

namespace auralis::vulkan {

/// The Vulkan backend on the device the options choose. `automatic`: hardware devices only unless one is
/// named, and small jobs run on the CPU. Throws Error(backend_unavailable) naming why no device is usable.
std::unique_ptr<backend::Backend> make_vulkan_backend(const BackendOptions& options, bool automatic);

/// Fills the Vulkan part of an inventory (loader status, devices, which one the options choose).
void describe_vulkan(const BackendOptions& options, BackendInventory& inventory);

}  // namespace auralis::vulkan
