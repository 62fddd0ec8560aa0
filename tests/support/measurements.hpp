// SPDX-License-Identifier: MIT
// Measured accuracy figures: recorded as test properties (in ctest's XML) with four significant digits,
// and printed, so docs/accuracy.md can quote what a run measured.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace auralis::test {

inline void record_measurement(const std::string& name, double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  ::testing::Test::RecordProperty(name, text);
  std::printf("measured %s = %s\n", name.c_str(), text);
}

}  // namespace auralis::test
