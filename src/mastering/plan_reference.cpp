// SPDX-License-Identifier: MIT
// plan_reference: Matchering's idea done with BS.1770 loudness, true-peak limiting and mid/side spectra of
// the loud sections compared per log band (in Hz, so the two tracks' sample rates may differ), with the
// guards that keep a match from lifting noise: boosts capped, none in a band at the track's own noise floor
// or below 20 Hz, and the side held to a correlation floor.
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>
#include <auralis/spectral.hpp>

#include "core/stereo.hpp"
#include "core/units.hpp"
#include "mastering/noise_floor.hpp"
#include "mastering/plan_limits.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace auralis {

namespace {

// One track's loud-section spectrum (mid or side) with the band floors and the loudness reference both are
// compared against: the mid's total (normalises level away) and its loudest band.
struct Spectrum {
  const std::array<double, log_band_count>& loud;
  const std::array<double, log_band_count>& floor;
  double mid_total;
  double mid_loudest;
};

double total_of(const std::array<double, log_band_count>& bands) {
  double total = 0.0;
  for (double v : bands) total += v;
  return total;
}

Spectrum mid_of(const ContentProfile& p) {
  return {p.loud_mid_log_band_power, p.mid_noise_floor, total_of(p.loud_mid_log_band_power),
          *std::ranges::max_element(p.loud_mid_log_band_power)};
}

Spectrum side_of(const ContentProfile& p) {
  const Spectrum mid = mid_of(p);
  return {p.loud_side_log_band_power, p.side_noise_floor, mid.mid_total, mid.mid_loudest};
}

bool at_noise_floor(const Spectrum& s, std::size_t b) {
  return mastering::at_noise_floor(s.loud[b], s.floor[b], s.mid_loudest);
}

// Log-band correction in dB turning `track` into `reference`, both normalised by their own mid totals, so
// loudness stays the loudness stage's business while the side's level relative to the mid, the width, is
// matched too. Bands where the reference holds only noise are left to their neighbours; where the track
// does, only cuts are allowed. Smoothed over three neighbouring bands (about half an octave); the lowest
// band, which the FIR's curve extends down to DC, is never boosted.
std::array<double, log_band_count> matching_gains(const Spectrum& track, const Spectrum& reference) {
  std::array<double, log_band_count> raw{};
  std::array<bool, log_band_count> usable{};
  for (std::size_t b = 0; b < log_band_count; ++b) {
    usable[b] = track.loud[b] > 0.0 && reference.loud[b] > 0.0 && !at_noise_floor(reference, b);
    if (!usable[b]) continue;
    raw[b] = 10.0 * std::log10((reference.loud[b] / reference.mid_total) / (track.loud[b] / track.mid_total));
    if (at_noise_floor(track, b)) raw[b] = std::min(raw[b], 0.0);
  }
  std::array<double, log_band_count> gains{};
  for (std::size_t b = 0; b < log_band_count; ++b) {
    double sum = 0.0;
    int count = 0;
    for (std::size_t n = (b == 0 ? 0 : b - 1); n <= std::min(b + 1, log_band_count - 1); ++n) {
      if (usable[n]) {
        sum += raw[n];
        ++count;
      }
    }
    gains[b] = count ? sum / count : 0.0;
  }
  return gains;
}

// Caps a curve: boosts to `max_boost_db`, cuts to max_match_db, no boost in the lowest band or where `track`
// is at its noise floor.
void cap(std::array<double, log_band_count>& gains, const Spectrum& track, double max_boost_db) {
  for (std::size_t b = 0; b < log_band_count; ++b) {
    double g = std::clamp(gains[b], -mastering::max_match_db, max_boost_db);
    if (b == 0 || at_noise_floor(track, b)) g = std::min(g, 0.0);
    gains[b] = g;
  }
}

// Correlation of the track's loud sections after mid and side gains in dB.
double correlation_after(const Spectrum& mid, const Spectrum& side,
                         const std::array<double, log_band_count>& g_mid,
                         const std::array<double, log_band_count>& g_side) {
  double mid_energy = 0.0, side_energy = 0.0;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    mid_energy += mid.loud[b] * core::db_to_power(g_mid[b]);
    side_energy += side.loud[b] * core::db_to_power(g_side[b]);
  }
  return core::correlation_from(mid_energy, side_energy);
}

// The correlation guard: lowers the side's boosts (never below 0 dB, cuts untouched) by the least common
// amount that keeps the correlation at or above `floor`, found by bisection.
void guard_correlation(const Spectrum& mid, const Spectrum& side,
                       const std::array<double, log_band_count>& g_mid,
                       std::array<double, log_band_count>& g_side, double floor) {
  const auto lowered = [&](double by) {
    std::array<double, log_band_count> g = g_side;
    for (double& v : g) v = std::max(std::min(v, 0.0), v - by);
    return g;
  };
  if (correlation_after(mid, side, g_mid, g_side) >= floor) return;
  double low = 0.0, high = *std::ranges::max_element(g_side);
  if (high <= 0.0) return;
  for (int step = 0; step < 40; ++step) {
    const double by = 0.5 * (low + high);
    (correlation_after(mid, side, g_mid, lowered(by)) >= floor ? high : low) = by;
  }
  g_side = lowered(high);
}

EqCurve to_curve(const std::array<double, log_band_count>& gains) {
  const std::vector<double> edges = band_edges_hz(BandLayout::log64, 96000.0);
  EqCurve curve;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    curve.frequencies_hz.push_back(std::sqrt(edges[b] * edges[b + 1]));
    curve.gains_db.push_back(gains[b]);
  }
  return curve;
}

std::array<double, log_band_count> from_curve(const EqCurve& curve) {
  std::array<double, log_band_count> gains{};
  std::copy_n(curve.gains_db.begin(), log_band_count, gains.begin());
  return gains;
}

void check_match_amount(double amount) {
  if (!(amount >= 0.0 && amount <= 1.0)) {
    throw Error(ErrorCode::invalid_argument, "the reference match amount must lie within [0, 1]");
  }
}

// Moves the mid and side curves `amount` of the way from what they are (flat at first) to what matching
// `track` (the profile the current curves produced) to `reference` measures; then caps and guards them.
void match(const ContentProfile& track, const ContentProfile& reference, double amount,
           double min_correlation, std::array<double, log_band_count>& mid,
           std::array<double, log_band_count>& side) {
  const bool stereo = track.channels == 2 && reference.channels == 2;
  const Spectrum track_mid = mid_of(track), track_side = stereo ? side_of(track) : mid_of(track);
  const std::array<double, log_band_count> mid_step = matching_gains(track_mid, mid_of(reference));
  const std::array<double, log_band_count> side_step =
      stereo ? matching_gains(track_side, side_of(reference)) : mid_step;
  const std::array<double, log_band_count> mid_before = mid, side_before = side;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    mid[b] = amount * (mid[b] + mid_step[b]);
    side[b] = amount * (side[b] + side_step[b]);
  }
  cap(mid, track_mid, mastering::max_match_boost_db);
  cap(side, track_side, stereo ? mastering::max_match_side_boost_db : mastering::max_match_boost_db);
  if (!stereo) return;
  // The guard judges what this step adds, on the track as measured.
  std::array<double, log_band_count> mid_added{}, side_added{};
  for (std::size_t b = 0; b < log_band_count; ++b) {
    mid_added[b] = mid[b] - mid_before[b];
    side_added[b] = side[b] - side_before[b];
  }
  guard_correlation(track_mid, track_side, mid_added, side_added, min_correlation);
  for (std::size_t b = 0; b < log_band_count; ++b) side[b] = side_before[b] + side_added[b];
}

}  // namespace

void refine_reference_plan(MasteringPlan& plan, const ContentProfile& rendered,
                           const ContentProfile& reference, double match_amount) {
  check_match_amount(match_amount);
  if (total_of(rendered.loud_mid_log_band_power) <= 0.0 ||
      total_of(reference.loud_mid_log_band_power) <= 0.0 || plan.mid_eq.gains_db.size() != log_band_count ||
      plan.side_eq.gains_db.size() != log_band_count) {
    return;
  }
  std::array<double, log_band_count> mid = from_curve(plan.mid_eq), side = from_curve(plan.side_eq);
  match(rendered, reference, match_amount, plan.width.min_correlation, mid, side);
  plan.mid_eq = to_curve(mid);
  plan.side_eq = to_curve(side);
}

MasteringPlan plan_reference(const ContentProfile& target, const ContentProfile& reference,
                             const PlanOverrides& overrides) {
  const double amount = overrides.match_amount.value_or(1.0);
  check_match_amount(amount);
  MasteringPlan plan;
  plan.mode = MasteringMode::reference;
  plan.genre = target.genre;
  plan.target_lufs = reference.loudness.integrated_lufs;  // empty for a silent reference: no change
  // Matchering does not compress; width comes from the side curve, held to the correlation floor (the
  // track's own where it is wider); bass mono stays off.
  plan.compressor_enabled = false;
  plan.amounts.dynamics = 0.0;
  plan.width = WidthPlan{1.0, 0.0, std::min(mastering::min_correlation, target.correlation)};
  // Matching makes narrow low boosts, which in linear phase ring ahead of every kick (-30 dB): the bass is
  // given minimum phase, the rest stays zero phase.
  plan.eq_phase = EqPhase::mixed;
  plan.amounts.width = 0.0;
  if (total_of(target.loud_mid_log_band_power) > 0.0 && total_of(reference.loud_mid_log_band_power) > 0.0) {
    std::array<double, log_band_count> mid{}, side{};
    match(target, reference, amount, plan.width.min_correlation, mid, side);
    plan.mid_eq = to_curve(mid);
    plan.side_eq = to_curve(side);
  }
  // The reference sets the loudness (matching it is the point); the delivery still sets the ceiling.
  plan.limiter.ceiling_dbtp = delivery_profile(overrides.delivery, plan.target_lufs).ceiling_dbtp;
  mastering::apply_overrides(plan, overrides);
  return plan;
}

}  // namespace auralis
