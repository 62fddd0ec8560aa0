// SPDX-License-Identifier: MIT
// Our speaker positions as libebur128 channel roles, for the tests that compare with libebur128.
#pragma once

#include <auralis/audio_buffer.hpp>

#include <span>

namespace auralis::test {

/// libebur128's channel for one of our speakers. Where a layout has a side pair, its rear pair sits at
/// +-135 degrees (weight 1.0) and the sides at +-90 (1.41); otherwise the rear pair is the +-110 surround
/// pair (1.41).
int ebur128_channel_for(Speaker speaker, bool has_side_pair);

/// Whether `layout` holds both side speakers.
bool has_side_pair(std::span<const Speaker> layout);

}  // namespace auralis::test
