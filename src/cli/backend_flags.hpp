// SPDX-License-Identifier: MIT
// --backend and --device, shared by every command that computes (analyze, master, bench).
#pragma once

#include <auralis/backend.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace auralis::cli {

/// Help lines for the two flags (a macro so each command's help stays one string literal).
#define AURALIS_BACKEND_FLAGS_HELP                                                                        \
  "  --backend auto|cpu|vulkan\n"                                                                         \
  "                      spectral backend (default auto: a hardware GPU if there is one, else the CPU;\n" \
  "                      vulkan fails when no device is usable)\n"                                        \
  "  --device NAME|INDEX Vulkan device: part of its name (any case, e.g. llvmpipe) or its index in\n"     \
  "                      'auralis backends'; a CPU device (lavapipe) is only used when named\n"

/// True when `flag` is --backend or --device.
bool is_backend_flag(std::string_view flag) noexcept;

/// Applies `flag VALUE` to options; returns the usage error, if any.
std::optional<std::string> apply_backend_flag(std::string_view flag, std::string_view value,
                                              BackendOptions& options);

}  // namespace auralis::cli
