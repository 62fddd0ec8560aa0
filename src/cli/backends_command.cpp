// SPDX-License-Identifier: MIT
// `auralis backends`: the CPU SIMD target and every Vulkan device, and which one the options would use.
#include <auralis/auralis.hpp>

#include "cli/backend_flags.hpp"
#include "cli/cli.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

namespace auralis::cli {

namespace {

constexpr const char* kBackendsDescription =
    "Lists the compute backends: the CPU target Highway dispatches to, and every Vulkan device (name,\n"
    "type, driver, API version, device memory) with whether the given options would choose it and why.\n";

constexpr const char* kBackendsFooter = "Exit codes: 0 listed (even with no Vulkan at all), 2 usage error.";

nlohmann::json to_json(const BackendInventory& inventory) {
  nlohmann::json devices = nlohmann::json::array();
  for (const DeviceInfo& d : inventory.devices) {
    devices.push_back({{"index", d.index},
                       {"name", d.name},
                       {"type", to_string(d.type)},
                       {"driver", d.driver},
                       {"api_version", d.api_version},
                       {"memory_bytes", d.memory_bytes},
                       {"chosen", d.chosen},
                       {"reason", d.reason}});
  }
  return {{"cpu", {{"simd_target", inventory.simd_target}}},
          {"vulkan",
           {{"built", inventory.vulkan_built},
            {"loaded", inventory.vulkan_loaded},
            {"status", inventory.vulkan_status},
            {"devices", devices}}},
          {"chosen", to_string(inventory.chosen)}};
}

void print_text(const BackendInventory& inventory) {
  std::printf("cpu     SIMD target %s\n", inventory.simd_target.c_str());
  std::printf("vulkan  %s\n", inventory.vulkan_status.c_str());
  for (const DeviceInfo& d : inventory.devices) {
    std::printf("  [%zu] %s%s\n", d.index, d.name.c_str(), d.chosen ? "   <- chosen" : "");
    std::printf("      %s, driver %s, Vulkan %s, %.1f GiB device memory\n", to_string(d.type),
                d.driver.c_str(), d.api_version.c_str(),
                static_cast<double>(d.memory_bytes) / (1024.0 * 1024.0 * 1024.0));
    std::printf("      %s\n", d.reason.c_str());
  }
  std::printf("chosen  %s\n", to_string(inventory.chosen));
}

}  // namespace

int run_backends(std::span<const std::string_view> args) {
  bool json = false;
  BackendOptions options;
  Verbosity verbosity;
  const std::unique_ptr<CLI::App> app =
      make_command_app("backends", kBackendsDescription, kBackendsFooter, verbosity,
                       "print on stderr how long looking for the devices took");
  app->add_flag("--json", json, "one JSON document on stdout instead of text");
  add_backend_options(*app, options, "");
  bool finished = false;
  if (const int rc = parse_command(*app, args, finished); rc != exit_ok || finished) return rc;
  const auto start = std::chrono::steady_clock::now();
  const BackendInventory inventory = describe_backends(options);
  if (verbosity.verbose) {
    std::fprintf(stderr, "auralis backends: found %zu Vulkan device(s) in %.3f s\n", inventory.devices.size(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (json) {
    std::cout << to_json(inventory).dump(2) << '\n';
  } else {
    print_text(inventory);
  }
  return exit_ok;
}

}  // namespace auralis::cli
