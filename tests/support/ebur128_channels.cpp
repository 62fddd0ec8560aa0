// SPDX-License-Identifier: MIT
// Speaker to libebur128 channel mapping (see ebur128_channels.hpp).
#include "support/ebur128_channels.hpp"

#include <ebur128.h>

#include <algorithm>

namespace auralis::test {

int ebur128_channel_for(Speaker speaker, bool has_side_pair) {
  switch (speaker) {
    case Speaker::left:
      return EBUR128_LEFT;
    case Speaker::right:
      return EBUR128_RIGHT;
    case Speaker::mono:
    case Speaker::centre:
      return EBUR128_CENTER;
    case Speaker::lfe:
      return EBUR128_UNUSED;
    case Speaker::rear_left:
      return has_side_pair ? EBUR128_Mp135 : EBUR128_LEFT_SURROUND;
    case Speaker::rear_right:
      return has_side_pair ? EBUR128_Mm135 : EBUR128_RIGHT_SURROUND;
    case Speaker::rear_centre:
      return EBUR128_Mp180;
    case Speaker::side_left:
      return EBUR128_Mp090;
    case Speaker::side_right:
      return EBUR128_Mm090;
    case Speaker::other:
      return EBUR128_Up000;
  }
  return EBUR128_UNUSED;
}

bool has_side_pair(std::span<const Speaker> layout) {
  return std::ranges::count(layout, Speaker::side_left) > 0 &&
         std::ranges::count(layout, Speaker::side_right) > 0;
}

}  // namespace auralis::test
