// SPDX-License-Identifier: MIT
// --backend and --device (see backend_flags.hpp).
#include "cli/backend_flags.hpp"

namespace auralis::cli {

bool is_backend_flag(std::string_view flag) noexcept {
  return flag == "--backend" || flag == "--device";
}

std::optional<std::string> apply_backend_flag(std::string_view flag, std::string_view value,
                                              BackendOptions& options) {
  if (flag == "--device") {
    if (value.empty()) return "--device needs a device name or index";
    options.device = std::string(value);
    return std::nullopt;
  }
  const std::optional<BackendKind> kind = parse_backend_kind(value);
  if (!kind) return "--backend is auto, cpu or vulkan";
  options.kind = *kind;
  return std::nullopt;
}

}  // namespace auralis::cli
