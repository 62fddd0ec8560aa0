// SPDX-License-Identifier: MIT
// BS.1770 channel weights from a speaker layout.
#include <auralis/loudness.hpp>

#include <algorithm>

namespace auralis {

std::vector<double> bs1770_channel_weights(std::span<const Speaker> layout) {
  // BS.1770-4 Annex 3: positions at 60-120 degrees azimuth weigh 1.41, the LFE is excluded, all others 1.0.
  // A layout with a side pair (7.1) has its surrounds at the sides and its rear pair behind (1.0); without
  // one (5.1, quad), the rear pair is the surround pair.
  const bool has_side_pair = std::ranges::count(layout, Speaker::side_left) > 0 &&
                             std::ranges::count(layout, Speaker::side_right) > 0;
  std::vector<double> weights;
  weights.reserve(layout.size());
  for (Speaker speaker : layout) {
    switch (speaker) {
      case Speaker::lfe:
        weights.push_back(0.0);
        break;
      case Speaker::side_left:
      case Speaker::side_right:
        weights.push_back(1.41);
        break;
      case Speaker::rear_left:
      case Speaker::rear_right:
        weights.push_back(has_side_pair ? 1.0 : 1.41);
        break;
      default:
        weights.push_back(1.0);
        break;
    }
  }
  return weights;
}

}  // namespace auralis
