// SPDX-License-Identifier: MIT
// A raw Vulkan Device (the backend's internals) on the test device, for tests below SpectralEngine.
#pragma once

#include "support/backends.hpp"

#include <memory>
#include <string>

#if AURALIS_HAVE_VULKAN
#include "vulkan/device.hpp"

namespace auralis::test {
/// The device tests use (lavapipe unless $AURALIS_TEST_VULKAN_DEVICE names another), or null with `why`.
std::unique_ptr<vulkan::Device> try_vulkan_device(std::string& why);
}  // namespace auralis::test

/// Declares `device` (a std::unique_ptr<Device>) or ends the test as AURALIS_TEST_ENGINE does.
#define AURALIS_TEST_VULKAN_DEVICE(device)                                     \
  std::string device##_why;                                                    \
  auto device = ::auralis::test::try_vulkan_device(device##_why);              \
  if (!device && ::auralis::test::vulkan_required())                           \
    FAIL() << "Vulkan device required here but unavailable: " << device##_why; \
  if (!device) GTEST_SKIP() << "Vulkan device unavailable: " << device##_why
#endif
