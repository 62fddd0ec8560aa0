// SPDX-License-Identifier: MIT
// Random seeds for tests: fresh each run (printed, so a failure can be replayed) or fixed by
// AURALIS_TEST_SEED.
#pragma once

#include <cstdint>

namespace auralis::test {

/// A seed for one test: $AURALIS_TEST_SEED when set, else from std::random_device. The value is recorded as
/// a test property and printed, so any failing run can be repeated exactly.
std::uint64_t fresh_seed();

}  // namespace auralis::test
