// SPDX-License-Identifier: MIT
// fresh_seed(): random per run unless pinned through the environment.
#include "support/seeds.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>

namespace auralis::test {

std::uint64_t fresh_seed() {
  std::uint64_t seed = 0;
  if (const char* pinned = std::getenv("AURALIS_TEST_SEED")) {
    seed = std::stoull(pinned);
  } else {
    std::random_device device;
    seed = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  std::printf("seed %llu (replay with AURALIS_TEST_SEED=%llu)\n", static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(seed));
  return seed;
}

}  // namespace auralis::test
