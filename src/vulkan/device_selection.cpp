// SPDX-License-Identifier: MIT
// Device choice (see device_selection.hpp).
#include "vulkan/device_selection.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace auralis::vulkan {

namespace {

// Lower is better; CPU and unknown devices are never chosen automatically.
std::optional<int> automatic_rank(DeviceType type) noexcept {
  switch (type) {
    case DeviceType::discrete:
      return 0;
    case DeviceType::integrated:
      return 1;
    case DeviceType::virtual_gpu:
      return 2;
    case DeviceType::cpu:
    case DeviceType::other:
      break;
  }
  return std::nullopt;
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

std::optional<std::size_t> parse_index(std::string_view request) {
  if (request.empty() || request.size() > 6 ||
      !std::all_of(request.begin(), request.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(std::stoul(std::string(request)));
}

DeviceChoice choose_named(std::vector<DeviceInfo>& devices, std::span<const std::string> unusable,
                          std::string_view request) {
  const auto index = parse_index(request);
  const std::string needle = lowercase(request);
  DeviceChoice choice;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    const bool matches = index ? *index == i : lowercase(devices[i].name).find(needle) != std::string::npos;
    if (!matches) {
      devices[i].reason = "not the requested device '" + std::string(request) + "'";
    } else if (!unusable[i].empty()) {
      devices[i].reason = "requested but unusable: " + unusable[i];
      if (choice.failure.empty()) choice.failure = devices[i].name + " is unusable: " + unusable[i];
    } else if (choice.index) {
      devices[i].reason = "also matches '" + std::string(request) + "'; the first match is used";
    } else {
      choice.index = i;
      devices[i].chosen = true;
      devices[i].reason = "requested ('" + std::string(request) + "')";
    }
  }
  if (choice.index) {
    choice.failure.clear();
  } else if (choice.failure.empty()) {
    choice.failure = "no Vulkan device matches '" + std::string(request) + "'";
  }
  return choice;
}

DeviceChoice choose_automatically(std::vector<DeviceInfo>& devices, std::span<const std::string> unusable) {
  DeviceChoice choice;
  std::optional<int> best_rank;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    const auto rank = automatic_rank(devices[i].type);
    if (!unusable[i].empty()) {
      devices[i].reason = "unusable: " + unusable[i];
    } else if (!rank) {
      devices[i].reason = std::string("a ") + to_string(devices[i].type) +
                          " device (software); used only when named with --device";
    } else if (!best_rank || *rank < *best_rank) {
      best_rank = rank;
      choice.index = i;
    }
  }
  for (std::size_t i = 0; i < devices.size(); ++i) {
    if (choice.index == i) {
      devices[i].chosen = true;
      devices[i].reason = std::string("the best hardware device (") + to_string(devices[i].type) + ")";
    } else if (devices[i].reason.empty()) {
      devices[i].reason = "a better device is present";
    }
  }
  if (!choice.index) {
    choice.failure =
        devices.empty() ? "no Vulkan device" : "no hardware Vulkan device (name one with --device)";
  }
  return choice;
}

}  // namespace

DeviceChoice choose_device(std::vector<DeviceInfo>& devices, std::span<const std::string> unusable,
                           std::string_view request) {
  for (DeviceInfo& device : devices) {
    device.chosen = false;
    device.reason.clear();
  }
  return request.empty() ? choose_automatically(devices, unusable) : choose_named(devices, unusable, request);
}

std::string device_request(const BackendOptions& options) {
  if (!options.device.empty()) return options.device;
  const char* from_environment = std::getenv("AURALIS_VULKAN_DEVICE");
  return from_environment ? from_environment : "";
}

}  // namespace auralis::vulkan
