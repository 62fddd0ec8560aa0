// SPDX-License-Identifier: MIT
// Decibel conversions, written once: amplitude ratios (20 log10) and power ratios (10 log10).
#pragma once

#include <cmath>
#include <optional>

namespace auralis::core {

/// Linear amplitude gain for `db` decibels.
inline double db_to_amplitude(double db) {
  return std::pow(10.0, db / 20.0);
}

/// Linear power gain (mean square) for `db` decibels.
inline double db_to_power(double db) {
  return std::pow(10.0, db / 10.0);
}

/// Decibels of an amplitude ratio; empty for zero (or a negative value), which has no level.
inline std::optional<double> amplitude_to_db(double amplitude) {
  if (!(amplitude > 0.0)) return std::nullopt;
  return 20.0 * std::log10(amplitude);
}

/// Decibels of a power ratio (mean square), floored at `floor_db` so silence reads a number.
inline double power_to_db(double power, double floor_db) {
  return power > 0.0 ? std::fmax(floor_db, 10.0 * std::log10(power)) : floor_db;
}

}  // namespace auralis::core
