// SPDX-License-Identifier: MIT
// Backend choice (see backend_factory.hpp) and describe_backends().
#include "engine/backend_factory.hpp"

#include "fallback/cpu_backend.hpp"
#if AURALIS_HAVE_VULKAN
#include "backend/failover_backend.hpp"
#include "core/worker_pool.hpp"
#include "vulkan/device_selection.hpp"
#include "vulkan/gpu_presence.hpp"
#include "vulkan/vulkan_backend.hpp"
#endif

#include <auralis/error.hpp>

namespace auralis {

namespace engine {

#if AURALIS_HAVE_VULKAN
namespace {

// Under BackendKind::automatic, jobs with fewer input samples than this run on the CPU: below it the
// upload and submission overhead outweighs what a GPU saves (about three seconds of stereo audio).
constexpr std::size_t kAutomaticMinSamples = std::size_t{1} << 18;

std::unique_ptr<backend::Backend> vulkan_with_cpu_failover(const BackendOptions& options, bool automatic) {
  std::unique_ptr<backend::Backend> device = vulkan::make_vulkan_backend(options);
  backend::FailoverOptions failover;
  failover.make_fallback = [workers = options.max_workers] { return fallback::make_cpu_backend(workers); };
  failover.fallback_threads = core::worker_count(options.max_workers);
  failover.min_device_samples = automatic ? kAutomaticMinSamples : 0;
  failover.on_warning = options.on_warning;
  return backend::make_failover_backend(std::move(device), std::move(failover));
}

}  // namespace
#endif

std::unique_ptr<backend::Backend> make_backend(const BackendOptions& options) {
  switch (options.kind) {
    case BackendKind::cpu:
      break;
    case BackendKind::vulkan:
#if AURALIS_HAVE_VULKAN
      return vulkan_with_cpu_failover(options, false);
#else
      throw Error(ErrorCode::backend_unavailable,
                  "--backend vulkan: this auralis was built without Vulkan (AURALIS_VULKAN=OFF)");
#endif
    case BackendKind::automatic:
#if AURALIS_HAVE_VULKAN
      // Automatic choice takes hardware only: with no GPU device node, and no device named, there is
      // nothing for the (slow) driver enumeration to find.
      if (!vulkan::gpu_device_node_present() && vulkan::device_request(options).empty()) break;
      try {
        return vulkan_with_cpu_failover(options, true);
      } catch (const Error&) {
        // No usable GPU: automatic means the CPU, silently.
      }
#endif
      break;
  }
  return fallback::make_cpu_backend(options.max_workers);
}

}  // namespace engine

BackendInventory describe_backends(const BackendOptions& options) {
  BackendInventory inventory;
  inventory.simd_target = fallback::simd_target_name();
#if AURALIS_HAVE_VULKAN
  inventory.vulkan_built = true;
  vulkan::describe_vulkan(options, inventory);
#else
  inventory.vulkan_status = "not built (AURALIS_VULKAN=OFF)";
#endif
  bool device_chosen = false;
  for (const DeviceInfo& device : inventory.devices) device_chosen = device_chosen || device.chosen;
  inventory.chosen =
      options.kind != BackendKind::cpu && device_chosen ? BackendKind::vulkan : BackendKind::cpu;
  return inventory;
}

const char* to_string(BackendKind kind) noexcept {
  switch (kind) {
    case BackendKind::automatic:
      return "auto";
    case BackendKind::cpu:
      return "cpu";
    case BackendKind::vulkan:
      return "vulkan";
  }
  return "unknown";
}

std::optional<BackendKind> parse_backend_kind(std::string_view name) noexcept {
  for (BackendKind kind : {BackendKind::automatic, BackendKind::cpu, BackendKind::vulkan}) {
    if (name == to_string(kind)) return kind;
  }
  return std::nullopt;
}

const char* to_string(DeviceType type) noexcept {
  switch (type) {
    case DeviceType::discrete:
      return "discrete GPU";
    case DeviceType::integrated:
      return "integrated GPU";
    case DeviceType::virtual_gpu:
      return "virtual GPU";
    case DeviceType::cpu:
      return "CPU";
    case DeviceType::other:
      break;
  }
  return "other";
}

}  // namespace auralis
