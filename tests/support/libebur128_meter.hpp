// SPDX-License-Identifier: MIT
// libebur128 as an independent meter for the tests that check our outputs against it.
#pragma once

#include <auralis/audio_buffer.hpp>

namespace auralis::test {

struct Ebur128Result {
  double integrated = 0.0;
  double true_peak_db = 0.0;
};

/// Integrated loudness and the highest channel true peak (EBUR128_MODE_TRUE_PEAK) by libebur128.
Ebur128Result measure_with_libebur128(const AudioBuffer& audio);

}  // namespace auralis::test
