// SPDX-License-Identifier: MIT
// --backend, --device and --threads (see backend_flags.hpp).
#include "cli/backend_flags.hpp"

#include <utility>

namespace auralis::cli {

ValueParser backend_kind_parser(std::function<void(BackendKind)> store) {
  return [store = std::move(store)](const std::string& value) -> std::optional<std::string> {
    const std::optional<BackendKind> kind = parse_backend_kind(value);
    if (!kind) return "--backend is auto, cpu or vulkan, not '" + value + "'";
    store(*kind);
    return std::nullopt;
  };
}

void apply_verbosity(const Verbosity& verbosity, BackendOptions& options) {
  if (verbosity.quiet) options.on_warning = [](const std::string&) {};
}

void add_backend_options(CLI::App& app, BackendOptions& options, const std::string& threads_help,
                         bool* given) {
  const auto mark = [given] {
    if (given != nullptr) *given = true;
  };
  add_value(app, "--backend", "auto|cpu|vulkan",
            "spectral backend (default auto: a hardware GPU if there is one, else the CPU;\n"
            "vulkan fails when no device is usable)",
            backend_kind_parser([&options, mark](BackendKind kind) {
              options.kind = kind;
              mark();
            }))
      ->group("Compute");
  add_value(app, "--device", "NAME|INDEX",
            "Vulkan device: part of its name (any case, e.g. llvmpipe) or its index in\n"
            "'auralis backends'; a CPU device (lavapipe) is only used when named",
            [&options, mark](const std::string& value) -> std::optional<std::string> {
              if (value.empty()) return "--device needs a device name or index";
              options.device = value;
              mark();
              return std::nullopt;
            })
      ->group("Compute");
  if (threads_help.empty()) return;
  add_value(app, "--threads", "N", threads_help,
            number_in(
                1.0, 1024.0, "--threads needs a whole number 1-1024",
                [&options, mark](double n) {
                  options.max_workers = static_cast<unsigned>(n);
                  mark();
                },
                true))
      ->group("Compute");
}

}  // namespace auralis::cli
