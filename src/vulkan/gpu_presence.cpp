// SPDX-License-Identifier: MIT
// gpu_device_node_present(): a directory listing, no driver loaded.
#include "vulkan/gpu_presence.hpp"

#include <string>
#include <system_error>

namespace auralis::vulkan {

bool gpu_device_node_present(const std::filesystem::path& dev) {
#if defined(__linux__)
  std::error_code error;
  for (const char* node : {"nvidiactl", "dxg"}) {
    if (std::filesystem::exists(dev / node, error)) return true;
  }
  for (std::filesystem::directory_iterator entry(dev / "dri", error), end; !error && entry != end;
       entry.increment(error)) {
    if (entry->path().filename().string().starts_with("renderD")) return true;
  }
  return false;
#else
  (void)dev;
  return true;
#endif
}

}  // namespace auralis::vulkan
