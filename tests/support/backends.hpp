// SPDX-License-Identifier: MIT
// The backends the spectral suites run against: the CPU, and Vulkan on lavapipe (or the device named by
// $AURALIS_TEST_VULKAN_DEVICE). Where Vulkan is required (CI: ../shared beside the checkout, or
// $AURALIS_TEST_VULKAN_REQUIRED=1) a missing stack fails the test; elsewhere it skips with the reason.
#pragma once

#include <auralis/backend.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace auralis::test {

enum class TestBackend { cpu, vulkan };

/// Options for the backend; `workers` for the CPU (and the Vulkan backend's CPU fallback).
BackendOptions backend_options(TestBackend backend, unsigned workers = 2);

/// An engine on the backend, or nullopt with `why` set when Vulkan cannot run here.
std::optional<SpectralEngine> try_engine(TestBackend backend, unsigned workers, std::string& why);

/// True when a missing Vulkan stack is a failure rather than a skip.
bool vulkan_required();

/// "cpu" or "vulkan", for parameterised test names.
std::string backend_name(TestBackend backend);

struct BackendNamer {
  std::string operator()(const ::testing::TestParamInfo<TestBackend>& info) const {
    return backend_name(info.param);
  }
};

}  // namespace auralis::test

/// Declares `engine` (a SpectralEngine on `backend`) or ends the test: FAIL when Vulkan is required but
/// unavailable, a visible skip otherwise.
#define AURALIS_TEST_ENGINE(engine, backend, workers)                                  \
  std::string engine##_why;                                                            \
  auto engine##_opt = ::auralis::test::try_engine((backend), (workers), engine##_why); \
  if (!engine##_opt && ::auralis::test::vulkan_required())                             \
    FAIL() << "Vulkan backend required here but unavailable: " << engine##_why;        \
  if (!engine##_opt) GTEST_SKIP() << "Vulkan backend unavailable: " << engine##_why;   \
  ::auralis::SpectralEngine& engine = *engine##_opt
