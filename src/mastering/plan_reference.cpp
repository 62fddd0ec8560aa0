// plan_reference: Matchering's idea done with BS.1770 loudness, true-peak limiting and mid/side spectra
// compared per log band (in Hz, so the two tracks' sample rates may differ).
#include <auralis/mastering.hpp>
#include <auralis/spectral.hpp>

#include "mastering/plan_limits.hpp"

#include <algorithm>
#include <cmath>

namespace auralis {

namespace {

// Bands weaker than this against the track's loudest carry no usable shape (noise or absent content).
constexpr double kIgnoreBelowDb = 80.0;

// Log-band correction in dB turning `target` into `reference`. Both spectra are normalised by their own
// mid totals, so loudness stays the loudness stage's business while the side's level relative to the mid,
// the width, is matched too. Smoothed over three neighbouring bands (about half an octave).
EqCurve matching_curve(const std::array<double, log_band_count>& target, double target_total,
                       const std::array<double, log_band_count>& reference, double reference_total) {
  const std::vector<double> edges = band_edges_hz(BandLayout::log64, 96000.0);
  const double target_peak = *std::ranges::max_element(target);
  const double reference_peak = *std::ranges::max_element(reference);
  std::array<double, log_band_count> raw{};
  std::array<bool, log_band_count> usable{};
  for (std::size_t b = 0; b < log_band_count; ++b) {
    usable[b] = target[b] > 0.0 && reference[b] > 0.0 &&
                10.0 * std::log10(target_peak / target[b]) < kIgnoreBelowDb &&
                10.0 * std::log10(reference_peak / reference[b]) < kIgnoreBelowDb;
    if (usable[b]) raw[b] = 10.0 * std::log10((reference[b] / reference_total) / (target[b] / target_total));
  }
  EqCurve curve;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    double sum = 0.0;
    int count = 0;
    for (std::size_t n = (b == 0 ? 0 : b - 1); n <= std::min(b + 1, log_band_count - 1); ++n) {
      if (usable[n]) {
        sum += raw[n];
        ++count;
      }
    }
    curve.frequencies_hz.push_back(std::sqrt(edges[b] * edges[b + 1]));
    curve.gains_db.push_back(
        count ? std::clamp(sum / count, -mastering::max_match_db, mastering::max_match_db) : 0.0);
  }
  return curve;
}

double total_of(const std::array<double, log_band_count>& bands) {
  double total = 0.0;
  for (double v : bands) total += v;
  return total;
}

}  // namespace

void refine_reference_plan(MasteringPlan& plan, const ContentProfile& rendered,
                           const ContentProfile& reference) {
  const double rendered_mid = total_of(rendered.mid_log_band_power);
  const double reference_mid = total_of(reference.mid_log_band_power);
  if (rendered_mid <= 0.0 || reference_mid <= 0.0 || plan.mid_eq.gains_db.size() != log_band_count) return;
  const bool stereo = rendered.channels == 2 && reference.channels == 2;
  const EqCurve mid =
      matching_curve(rendered.mid_log_band_power, rendered_mid, reference.mid_log_band_power, reference_mid);
  const EqCurve side = stereo ? matching_curve(rendered.side_log_band_power, rendered_mid,
                                               reference.side_log_band_power, reference_mid)
                              : mid;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    plan.mid_eq.gains_db[b] = std::clamp(plan.mid_eq.gains_db[b] + mid.gains_db[b], -mastering::max_match_db,
                                         mastering::max_match_db);
    plan.side_eq.gains_db[b] = std::clamp(plan.side_eq.gains_db[b] + side.gains_db[b],
                                          -mastering::max_match_db, mastering::max_match_db);
  }
}

MasteringPlan plan_reference(const ContentProfile& target, const ContentProfile& reference,
                             const PlanOverrides& overrides) {
  MasteringPlan plan;
  plan.mode = MasteringMode::reference;
  plan.genre = target.genre;
  plan.target_lufs = reference.loudness.integrated_lufs;  // empty for a silent reference: no change
  const double target_mid = total_of(target.mid_log_band_power);
  const double reference_mid = total_of(reference.mid_log_band_power);
  if (target_mid > 0.0 && reference_mid > 0.0) {
    plan.mid_eq =
        matching_curve(target.mid_log_band_power, target_mid, reference.mid_log_band_power, reference_mid);
    if (target.channels == 2 && reference.channels == 2) {
      plan.side_eq = matching_curve(target.side_log_band_power, target_mid, reference.side_log_band_power,
                                    reference_mid);
    } else {
      plan.side_eq = plan.mid_eq;
    }
  }
  // Matchering does not compress; width comes from the side curve; bass mono and the guard stay off.
  plan.compressor_enabled = false;
  plan.amounts.dynamics = 0.0;
  plan.width = WidthPlan{1.0, 0.0, -1.0};
  plan.amounts.width = 0.0;
  // The reference sets the loudness (matching it is the point); the delivery still sets the ceiling.
  plan.limiter.ceiling_dbtp = delivery_profile(overrides.delivery, plan.target_lufs).ceiling_dbtp;
  mastering::apply_overrides(plan, overrides);
  return plan;
}

}  // namespace auralis
