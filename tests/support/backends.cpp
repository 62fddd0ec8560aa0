// SPDX-License-Identifier: MIT
// Test backends (see backends.hpp).
#include "support/backends.hpp"

#include <auralis/error.hpp>

#include <cstdlib>
#include <string_view>

namespace auralis::test {

BackendOptions backend_options(TestBackend backend, unsigned workers) {
  BackendOptions options = BackendOptions::cpu(workers);
  if (backend == TestBackend::vulkan) {
    options.kind = BackendKind::vulkan;
    const char* device = std::getenv("AURALIS_TEST_VULKAN_DEVICE");
    options.device = device && *device ? device : "llvmpipe";
  }
  return options;
}

std::optional<SpectralEngine> try_engine(TestBackend backend, unsigned workers, std::string& why) {
  try {
    return SpectralEngine(backend_options(backend, workers));
  } catch (const Error& error) {
    why = error.what();
    return std::nullopt;
  }
}

bool vulkan_required() {
  if (const char* value = std::getenv("AURALIS_TEST_VULKAN_REQUIRED")) return std::string_view(value) == "1";
  return AURALIS_TEST_VULKAN_REQUIRED != 0;
}

std::string backend_name(TestBackend backend) {
  return backend == TestBackend::cpu ? "cpu" : "vulkan";
}

}  // namespace auralis::test
