// SPDX-License-Identifier: MIT
// plan_adaptive: preset + genre profile + content rules -> MasteringPlan (rules in docs/mastering.md).
#include <auralis/mastering.hpp>
#include <auralis/spectral.hpp>

#include "mastering/plan_compressor.hpp"
#include "mastering/plan_limits.hpp"
#include "mastering/plan_tone.hpp"
#include "mastering/presets.hpp"

#include <algorithm>
#include <cmath>

namespace auralis {

namespace {

// The widest a master may be for mono playback to keep it whole: the width (side over mid plus side energy,
// (1 - correlation) / 2) at mastering::min_correlation, 0.35. A wider mix is narrowed to it where a side gain
// of 0.8 or more reaches it; further out it is taken as meant (a partial step would be taken again by every
// later pass). The plan does not widen: widening a narrow mix lifts its side noise, and a genre guess (which
// mastering itself can change) is no reason to.
constexpr double kWidestWidth = (1.0 - mastering::min_correlation) / 2.0;
constexpr double kMinSideGain = 0.8;

double side_gain_toward(double width) {
  if (!(width > kWidestWidth && width < 1.0)) return 1.0;
  const double aim_ratio = kWidestWidth / (1.0 - kWidestWidth);
  const double gain = std::sqrt(aim_ratio / (width / (1.0 - width)));
  return gain >= kMinSideGain ? gain : 1.0;
}

// Width (side over mid plus side energy) of the critical bands from `from_hz` up after the EQ `eq_db`,
// weighted as the EQ leaves the bands: from twice the bass mono-maker's crossover, the width its gentle
// slope (-6 dB at the crossover) has not touched, the same before and after a pass.
double width_above(const ContentProfile& p, double from_hz,
                   const std::array<double, critical_band_count>& eq_db) {
  const std::vector<double> edges = band_edges_hz(BandLayout::bark, p.sample_rate);
  double side = 0.0, total = 0.0;
  for (std::size_t b = 0; b < critical_band_count; ++b) {
    if (edges[b] + 1e-9 < from_hz) continue;
    const double power = p.critical_band_power[b] * std::pow(10.0, eq_db[b] / 10.0);
    side += p.band_width[b] * power;
    total += power;
  }
  return total > 0.0 ? side / total : 0.0;
}

mastering::Tilt summed(const mastering::Tilt& a, const mastering::Tilt& b) {
  mastering::Tilt sum{};
  for (std::size_t i = 0; i < sum.size(); ++i) sum[i] = a[i] + b[i];
  return sum;
}

}  // namespace

MasteringPlan plan_adaptive(const ContentProfile& p, Preset preset, const PlanOverrides& overrides) {
  const mastering::PresetProfile& pre = mastering::preset_profile(preset);
  const mastering::GenreProfile& genre = mastering::genre_profile(p.genre);
  MasteringPlan plan;
  plan.mode = MasteringMode::adaptive;
  plan.preset = preset;
  plan.genre = p.genre;

  // Loudness: the delivery's target and ceiling (one policy: neither preset nor genre moves them).
  const DeliveryProfile delivery = delivery_profile(overrides.delivery, overrides.target_lufs);
  double ratio = 1.0 + (pre.ratio - 1.0) * genre.ratio_scale;
  // Content rules.
  switch (p.level_class) {
    case LevelClass::live_dynamic:
      ratio = 1.0 + (ratio - 1.0) * 0.7;  // keep the performance's dynamics
      break;
    case LevelClass::hot:
    case LevelClass::over_levelled:
      ratio = 1.0 + (ratio - 1.0) * 0.5;  // already dense: compress little
      break;
    default:
      break;
  }
  if (p.dynamic_range_db < 6.0) ratio = 1.0 + (ratio - 1.0) * 0.6;
  plan.target_lufs = delivery.target_lufs;

  // Tone: each region toward the target balance the preset's and genre's tilts shape (docs/mastering.md).
  plan.width.bass_mono_hz = p.low_end_correlation < 0.5 ? 150.0 : 100.0;
  const bool bass_mono = p.channels == 2 && overrides.width_amount.value_or(1.0) > 0.0;
  const double side_high_pass_hz = bass_mono ? plan.width.bass_mono_hz : 0.0;
  const mastering::TonalCorrection tone =
      mastering::plan_tonal_correction(p, summed(pre.tilt, genre.tilt), side_high_pass_hz);
  plan.eq_db = mastering::smooth_and_limit_eq(tone.eq_db, p.sample_rate);
  plan.sub_bass_db = tone.sub_bass_db;

  plan.compressor = mastering::plan_compressor(
      p, preset, ratio, plan.eq_db, overrides.eq_amount.value_or(1.0), overrides.compressor_reduction_db);

  plan.width.side_gain =
      p.channels == 2 ? side_gain_toward(width_above(p, 2.0 * plan.width.bass_mono_hz, plan.eq_db)) : 1.0;
  plan.width.min_correlation = std::min(mastering::min_correlation, p.correlation);
  plan.limiter = LimiterPlan{};
  plan.limiter.ceiling_dbtp = delivery.ceiling_dbtp;
  mastering::apply_overrides(plan, overrides);
  return plan;
}

}  // namespace auralis
