// SPDX-License-Identifier: MIT
// Mid/side conversion and the stereo measures taken from mid and side energies, written once for every
// stage that needs them (EQ in M/S, width, content analysis).
#pragma once

#include <cstddef>

namespace auralis::core {

/// l, r -> m = (l + r) / 2, s = (l - r) / 2, in place; the inverse is to_left_right.
inline void to_mid_side(float* l_to_m, float* r_to_s, std::size_t frames) {
  for (std::size_t n = 0; n < frames; ++n) {
    const float m = 0.5f * (l_to_m[n] + r_to_s[n]), s = 0.5f * (l_to_m[n] - r_to_s[n]);
    l_to_m[n] = m;
    r_to_s[n] = s;
  }
}

/// m, s -> l = m + s, r = m - s, in place.
inline void to_left_right(float* m_to_l, float* s_to_r, std::size_t frames) {
  for (std::size_t n = 0; n < frames; ++n) {
    const float l = m_to_l[n] + s_to_r[n], r = m_to_l[n] - s_to_r[n];
    m_to_l[n] = l;
    s_to_r[n] = r;
  }
}

/// Correlation of left and right from mid and side energies: +1 mono, 0 unrelated, -1 out of phase
/// (1 for silence).
inline double correlation_from(double mid_energy, double side_energy) {
  const double total = mid_energy + side_energy;
  return total > 0.0 ? (mid_energy - side_energy) / total : 1.0;
}

/// Width = side / (mid + side) energy: 0 mono, 0.5 unrelated channels, 1 side only (0 for silence).
inline double width_from(double mid_energy, double side_energy) {
  const double total = mid_energy + side_energy;
  return total > 0.0 ? side_energy / total : 0.0;
}

}  // namespace auralis::core
