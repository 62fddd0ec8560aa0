// SPDX-License-Identifier: MIT
// plan_compressor: the target reduction from the preset and the track's dynamics, and the threshold solved
// for it on the content analysis's compressor probe, after the EQ.
#include "mastering/plan_compressor.hpp"

#include "dsp/eq_design.hpp"
#include "mastering/compressor_probe.hpp"
#include "mastering/presets.hpp"

#include <algorithm>
#include <cmath>

namespace auralis::mastering {

namespace {

// Short-term loudness range a dB of mean reduction takes away, at least: measured through master() on the
// test programmes of test_compressor_plan.cpp, 1.3-1.8 LU a dB on drum and piano-like programmes whose
// sections differ in level, 0.4-0.9 on steady ones (whose range the compressor barely moves). The lower end
// would plan more reduction than reaching the goal needs; this rather plans less, so a first master lands
// near the goal and a second finds little left to do.
constexpr double kRangePerReductionDb = 1.5;

// dB by which the EQ moves the sidechain's level: the power-weighted mean of the EQ's power gain over the
// critical bands, each band's power weighted by the sidechain high-pass's power response at its centre (a
// fourth-order Butterworth's, r^8 / (1 + r^8): the magnitude the EQ builds its high-passes with).
double eq_sidechain_shift_db(const ContentProfile& p, const std::array<double, critical_band_count>& eq_db,
                             double eq_amount, double high_pass_hz) {
  const auto centres = critical_band_centres_hz();
  double before = 0.0, after = 0.0;
  for (std::size_t b = 0; b < critical_band_count; ++b) {
    const double power = p.critical_band_power[b] * dsp::eq_high_pass_gain(centres[b], high_pass_hz);
    before += power;
    after += power * std::pow(10.0, eq_amount * eq_db[b] / 10.0);
  }
  return before > 0.0 && after > 0.0 ? 10.0 * std::log10(after / before) : 0.0;
}

// The threshold (dBFS, before the EQ) at which the probe's mean overshoot is `overshoot_db`: the overshoot
// falls as the threshold rises, linearly interpolated between the probe's thresholds.
double threshold_for_overshoot(const std::array<double, compressor_probe_count>& probe, double overshoot_db) {
  const auto at = [](std::size_t k) {
    return compressor_probe_lowest_dbfs + static_cast<double>(k) * compressor_probe_step_db;
  };
  if (probe[0] < overshoot_db) return at(0);  // not even the lowest threshold reaches it
  for (std::size_t k = 0; k + 1 < compressor_probe_count; ++k) {
    if (probe[k + 1] >= overshoot_db) continue;
    return at(k) + compressor_probe_step_db * (probe[k] - overshoot_db) / (probe[k] - probe[k + 1]);
  }
  return at(compressor_probe_count - 1);
}

}  // namespace

double planned_reduction_db(const ContentProfile& p, Preset preset) {
  const PresetProfile& pre = preset_profile(preset);
  const double excess = p.dynamic_range_db - pre.range_goal_db;
  return std::clamp(excess / kRangePerReductionDb, 0.0, pre.target_reduction_db);
}

CompressorPlan plan_compressor(const ContentProfile& p, Preset preset, double ratio,
                               const std::array<double, critical_band_count>& eq_db, double eq_amount,
                               std::optional<double> target_reduction_db) {
  const PresetProfile& pre = preset_profile(preset);
  CompressorPlan plan;
  plan.detector = DetectorKind::rms;
  plan.ratio = std::max(1.0, ratio);
  plan.knee_db = planned_knee_db;
  plan.attack_ms = pre.attack_ms;
  plan.release_ms = pre.release_ms;
  plan.rms_window_ms = 10.0;
  const double slope = 1.0 - 1.0 / plan.ratio;
  const double target = slope > 0.0 ? target_reduction_db.value_or(planned_reduction_db(p, preset)) : 0.0;
  if (target <= 0.0) {
    plan.threshold_dbfs = 0.0;  // nothing to take away: the threshold over any programme's 10 ms level
    return plan;
  }
  plan.target_reduction_db = target;
  const double shift = eq_sidechain_shift_db(p, eq_db, eq_amount, plan.sidechain_high_pass_hz);
  const double threshold =
      threshold_for_overshoot(p.compressor_overshoot_db[static_cast<std::size_t>(preset)], target / slope);
  // Kept inside the plan's valid range (a track far above full scale would ask for more).
  plan.threshold_dbfs = std::clamp(threshold + shift, -120.0, 0.0);
  // Make-up restores the mean level the compressor takes away (see CompressorPlan::makeup_db).
  plan.makeup_db = target;
  return plan;
}

}  // namespace auralis::mastering
