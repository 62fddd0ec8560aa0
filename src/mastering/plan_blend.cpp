// SPDX-License-Identifier: MIT
// blend_plans (hybrid mode) and neutral_plan.
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "dsp/stereo_width.hpp"

#include <algorithm>

namespace auralis {

namespace {

double mix(double a, double b, double w) {
  return a + (b - a) * w;
}

// A curve's gains scaled by `w` (a curve missing on one side counts as flat).
EqCurve scaled(const EqCurve& curve, double w) {
  EqCurve out = curve;
  for (double& g : out.gains_db) g *= w;
  return out;
}

}  // namespace

MasteringPlan blend_plans(const MasteringPlan& adaptive, const MasteringPlan& reference, double weight) {
  if (!(weight >= 0.0 && weight <= 1.0)) {
    throw Error(ErrorCode::invalid_argument, "hybrid weight must lie within [0, 1]");
  }
  MasteringPlan plan = adaptive;
  plan.mode = MasteringMode::hybrid;
  if (adaptive.target_lufs && reference.target_lufs) {
    plan.target_lufs = mix(*adaptive.target_lufs, *reference.target_lufs, weight);
  } else {
    plan.target_lufs = weight >= 0.5 ? reference.target_lufs : adaptive.target_lufs;
  }
  for (std::size_t b = 0; b < critical_band_count; ++b) {
    plan.eq_db[b] = mix(adaptive.eq_db[b], reference.eq_db[b], weight);
  }
  plan.mid_eq = scaled(reference.mid_eq, weight);
  plan.eq_phase = weight > 0.0 ? reference.eq_phase : adaptive.eq_phase;  // the phase the curves need
  plan.side_eq = scaled(reference.side_eq, weight);
  // Dynamics: the adaptive plan's compressor, in proportion to its share where the reference leaves it out.
  plan.compressor_enabled = adaptive.compressor_enabled || reference.compressor_enabled;
  plan.amounts.dynamics = mix(adaptive.compressor_enabled ? adaptive.amounts.dynamics : 0.0,
                              reference.compressor_enabled ? reference.amounts.dynamics : 0.0, weight);
  // Width: each plan's change of the side gain weighted by its share, counted once (the side gain carries
  // it; scaling both the gain and the amount by the share applied it as the share's square). The amount
  // still weighs the bass mono-maker, which only the adaptive plan uses.
  plan.amounts.width = mix(adaptive.amounts.width, reference.amounts.width, weight);
  const double change = mix(dsp::planned_side_gain(adaptive.width, adaptive.amounts.width),
                            dsp::planned_side_gain(reference.width, reference.amounts.width), weight) -
                        1.0;
  plan.width.side_gain = plan.amounts.width > 0.0 ? 1.0 + change / plan.amounts.width : 1.0;
  plan.width.min_correlation = std::max(adaptive.width.min_correlation, reference.width.min_correlation);
  plan.amounts.eq = mix(adaptive.amounts.eq, reference.amounts.eq, weight);
  plan.amounts.loudness = mix(adaptive.amounts.loudness, reference.amounts.loudness, weight);
  plan.limiter.enabled = adaptive.limiter.enabled || reference.limiter.enabled;
  plan.limiter.ceiling_dbtp = std::min(adaptive.limiter.ceiling_dbtp, reference.limiter.ceiling_dbtp);
  return plan;
}

MasteringPlan neutral_plan() {
  MasteringPlan plan;
  plan.target_lufs.reset();
  plan.subsonic_hz = 0.0;
  plan.compressor_enabled = false;
  plan.width = WidthPlan{1.0, 0.0, -1.0};
  plan.limiter.enabled = false;
  plan.amounts = StageAmounts{0.0, 0.0, 0.0, 0.0};
  return plan;
}

}  // namespace auralis
