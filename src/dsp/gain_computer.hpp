// SPDX-License-Identifier: MIT
// The compressor's static curve: output level for an input level, with a quadratic soft knee that meets
// both straight segments with the same value and slope at the knee edges (no kink, no jump).
#pragma once

namespace auralis::dsp {

/// Compressor curve parameters, all in dB except the ratio.
struct GainCurve {
  double threshold_db;
  double ratio;    ///< >= 1; 1 leaves every level unchanged.
  double knee_db;  ///< Width of the knee, centred on the threshold; 0 = hard knee.
};

/// Gain in dB (<= 0) the curve applies to a signal at `level_db`.
inline double static_gain_db(const GainCurve& curve, double level_db) {
  const double over = level_db - curve.threshold_db;
  const double slope = 1.0 / curve.ratio - 1.0;  // gain change per dB above the threshold
  if (2.0 * over <= -curve.knee_db) return 0.0;
  if (2.0 * over >= curve.knee_db) return slope * over;
  // Inside the knee: slope * (over + W/2)^2 / (2W), which is 0 with slope 0 at the lower edge and
  // slope * over with slope `slope` at the upper edge.
  const double into_knee = over + curve.knee_db / 2.0;
  return slope * into_knee * into_knee / (2.0 * curve.knee_db);
}

}  // namespace auralis::dsp
