// plan_adaptive: preset + genre profile + content rules -> MasteringPlan (rules in docs/mastering.md).
#include <auralis/mastering.hpp>
#include <auralis/spectral.hpp>

#include "mastering/plan_compressor.hpp"
#include "mastering/plan_limits.hpp"
#include "mastering/presets.hpp"

#include <algorithm>
#include <cmath>

namespace auralis {

namespace {

constexpr double kMaxTonalCorrectionDb = 6.0;
// Bands this far under the loudest one hold too little to boost (noise, or a band the source never had).
constexpr double kNoBoostBelowDb = 40.0;

// Target power density (dB per Hz, up to a constant) of a well-balanced master: pink (-3 dB/octave) with
// a further -1.5 dB/octave above 1 kHz and a -6 dB/octave roll-off below 60 Hz.
double target_density_db(double hz) {
  double db = -10.0 * std::log10(hz);
  if (hz > 1000.0) db -= 1.5 * std::log2(hz / 1000.0);
  if (hz < 60.0) db -= 6.0 * std::log2(60.0 / hz);
  return db;
}

std::array<double, critical_band_count> tonal_correction(const ContentProfile& p, double strength) {
  std::array<double, critical_band_count> gains{};
  const std::vector<double> edges = band_edges_hz(BandLayout::bark, p.sample_rate);
  const auto centres = mastering::critical_band_centres_hz();
  std::array<double, critical_band_count> deficit{};
  double loudest = 0.0, total = 0.0, weighted = 0.0;
  for (std::size_t b = 0; b < critical_band_count; ++b) loudest = std::max(loudest, p.critical_band_power[b]);
  if (loudest <= 0.0) return gains;
  for (std::size_t b = 0; b < critical_band_count; ++b) {
    const double width = edges[b + 1] - edges[b];
    if (width <= 0.0 || p.critical_band_power[b] <= 0.0) continue;
    const double measured = 10.0 * std::log10(p.critical_band_power[b] / width);
    deficit[b] = target_density_db(centres[b]) - measured;
    weighted += p.critical_band_power[b] * deficit[b];
    total += p.critical_band_power[b];
  }
  // Only the shape matters: loudness is the loudness stage's job, so remove the power-weighted mean.
  const double mean = weighted / total;
  for (std::size_t b = 0; b < critical_band_count; ++b) {
    const double width = edges[b + 1] - edges[b];
    if (width <= 0.0 || p.critical_band_power[b] <= 0.0) continue;
    double g = std::clamp((deficit[b] - mean) * strength, -kMaxTonalCorrectionDb, kMaxTonalCorrectionDb);
    if (10.0 * std::log10(loudest / p.critical_band_power[b]) > kNoBoostBelowDb) g = std::min(g, 0.0);
    gains[b] = g;
  }
  return gains;
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

  auto eq = tonal_correction(p, pre.tonal_correction);
  const auto preset_tilt = mastering::tilt_to_critical_bands(pre.tilt);
  const auto genre_tilt = mastering::tilt_to_critical_bands(genre.tilt);
  const auto centres = mastering::critical_band_centres_hz();
  for (std::size_t b = 0; b < critical_band_count; ++b) {
    eq[b] += preset_tilt[b] + genre_tilt[b];
    // Dull tracks get a little air, harsh ones a little less.
    if (centres[b] > 4000.0)
      eq[b] += p.spectral_centroid_hz < 1000.0 ? 1.0 : p.spectral_centroid_hz > 3500.0 ? -1.0 : 0.0;
  }
  plan.eq_db = mastering::smooth_and_limit_eq(eq, p.sample_rate);

  plan.compressor = mastering::plan_compressor(
      p, preset, ratio, plan.eq_db, overrides.eq_amount.value_or(1.0), overrides.compressor_reduction_db);

  plan.width.side_gain = p.channels == 2 ? genre.side_gain : 1.0;
  plan.width.bass_mono_hz = p.low_end_correlation < 0.5 ? 150.0 : 100.0;
  plan.width.min_correlation = std::min(0.3, p.correlation);
  plan.limiter = LimiterPlan{};
  plan.limiter.ceiling_dbtp = delivery.ceiling_dbtp;
  mastering::apply_overrides(plan, overrides);
  return plan;
}

}  // namespace auralis
