// SPDX-License-Identifier: MIT
// Runs a test body once per SIMD target Highway compiled in and this CPU supports.
#pragma once

#include <gtest/gtest.h>
#include <hwy/targets.h>

#include <vector>

namespace auralis::test {

/// Calls body() with dynamic dispatch pinned to each target in turn (SCOPED_TRACE names it), then restores
/// the normal choice.
template <class Body>
void for_each_simd_target(Body body) {
  const std::vector<int64_t> targets = hwy::SupportedAndGeneratedTargets();
  ASSERT_FALSE(targets.empty());
  for (int64_t target : targets) {
    hwy::SetSupportedTargetsForTest(target);
    hwy::GetChosenTarget().Update(hwy::SupportedTargets());
    SCOPED_TRACE(hwy::TargetName(target));
    body();
  }
  hwy::SetSupportedTargetsForTest(0);
  hwy::GetChosenTarget().Update(hwy::SupportedTargets());
}

}  // namespace auralis::test
