// SPDX-License-Identifier: MIT
// When a log band of a track holds its own noise floor rather than music: the rule reference matching and
// the adaptive EQ share, so neither lifts hiss, hum or side noise.
#pragma once

#include <auralis/mastering.hpp>

#include <array>
#include <cmath>
#include <cstddef>

namespace auralis::mastering {

/// A band is at its noise floor when its loud-section power stands at most this far over the band's own
/// floor (steady: hiss and hum do not follow the music)...
inline constexpr double noise_floor_margin_db = 6.0;
/// ...and lies more than this far under `loudest`, the track's loudest band (a held pad is steady too, but
/// loud).
inline constexpr double noise_floor_quiet_db = 30.0;

inline bool at_noise_floor(double loud, double floor, double loudest) {
  return loud <= floor * std::pow(10.0, noise_floor_margin_db / 10.0) &&
         loud < loudest * std::pow(10.0, -noise_floor_quiet_db / 10.0);
}

}  // namespace auralis::mastering
