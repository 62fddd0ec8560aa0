// SPDX-License-Identifier: MIT
// Plan smoothing, overrides and validation (see plan_limits.hpp).
#include "mastering/plan_limits.hpp"

#include <auralis/error.hpp>
#include <auralis/spectral.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>
#include <type_traits>

namespace auralis::mastering {

std::array<double, critical_band_count> smooth_and_limit_eq(const std::array<double, critical_band_count>& eq,
                                                            std::uint32_t sample_rate_hz) {
  std::array<double, critical_band_count> out{};
  const std::vector<double> edges = band_edges_hz(BandLayout::bark, sample_rate_hz);
  for (std::size_t b = 0; b < critical_band_count; ++b) {
    const double left = eq[b == 0 ? 0 : b - 1];
    const double right = eq[b + 1 == critical_band_count ? b : b + 1];
    const double smoothed = 0.25 * left + 0.5 * eq[b] + 0.25 * right;
    out[b] = edges[b + 1] > edges[b] ? std::clamp(smoothed, -max_eq_db, max_eq_db) : 0.0;
  }
  return out;
}

void apply_overrides(MasteringPlan& plan, const PlanOverrides& o) {
  if (o.target_lufs) plan.target_lufs = *o.target_lufs;
  if (o.ceiling_dbtp) plan.limiter.ceiling_dbtp = *o.ceiling_dbtp;
  if (o.limiter) plan.limiter.enabled = *o.limiter;
  if (o.eq_amount) plan.amounts.eq = *o.eq_amount;
  if (o.dynamics_amount) plan.amounts.dynamics = *o.dynamics_amount;
  if (o.width_amount) plan.amounts.width = *o.width_amount;
  if (o.loudness_amount) plan.amounts.loudness = *o.loudness_amount;
  if (o.subsonic_hz) plan.subsonic_hz = *o.subsonic_hz;
  if (o.eq_phase) plan.eq_phase = *o.eq_phase;
  if (o.sidechain_high_pass_hz) plan.compressor.sidechain_high_pass_hz = *o.sidechain_high_pass_hz;
}

namespace {

// One range-checked field of a plan: `name` for people, `key` as plan_to_json writes it, and the closed
// range [low, high] in `unit` the render stages work in.
struct FieldRange {
  const char* name;
  const char* key;
  double low;
  double high;
  const char* unit;
};

// Every range-checked value of `plan` (a MasteringPlan, const or not) with its range, in the order
// validate_plan reports them. validate_plan and clamp_plan both read this one table, so they cannot drift.
// Times may be 0: the compressor's and limiter's one-pole smoothers treat anything under a sample as one
// sample (instant), and the RMS detector then follows the square of each sample. The lookahead may not: the
// limiter's gain ramps over it, and a shorter ramp than 0.5 ms steps audibly.
template <class Plan, class Visit>
void for_each_range(Plan& plan, Visit&& visit) {
  const auto one = [](auto& value) {
    return std::span<std::remove_reference_t<decltype(value)>, 1>(&value, 1);
  };
  visit(FieldRange{"EQ amount", "amounts.eq", 0.0, 1.0, ""}, one(plan.amounts.eq));
  visit(FieldRange{"dynamics amount", "amounts.dynamics", 0.0, 1.0, ""}, one(plan.amounts.dynamics));
  visit(FieldRange{"width amount", "amounts.width", 0.0, 1.0, ""}, one(plan.amounts.width));
  visit(FieldRange{"loudness amount", "amounts.loudness", 0.0, 1.0, ""}, one(plan.amounts.loudness));
  if (plan.target_lufs) {
    visit(FieldRange{"target loudness", "target_lufs", -70.0, 0.0, "LUFS"}, one(*plan.target_lufs));
  }
  visit(FieldRange{"EQ gains", "eq_db", -max_eq_db, max_eq_db, "dB"}, std::span(plan.eq_db));
  visit(FieldRange{"sub-bass EQ gain", "sub_bass_db", -max_eq_db, max_eq_db, "dB"}, one(plan.sub_bass_db));
  visit(FieldRange{"subsonic high-pass", "subsonic_hz", 0.0, 200.0, "Hz"}, one(plan.subsonic_hz));
  visit(FieldRange{"mid EQ curve gains", "mid_eq.gains_db", -max_match_db, max_match_db, "dB"},
        std::span(plan.mid_eq.gains_db));
  visit(FieldRange{"side EQ curve gains", "side_eq.gains_db", -max_match_db, max_match_db, "dB"},
        std::span(plan.side_eq.gains_db));
  auto& c = plan.compressor;
  visit(FieldRange{"compressor ratio", "compressor.ratio", 1.0, 100.0, ""}, one(c.ratio));
  visit(FieldRange{"compressor threshold", "compressor.threshold_dbfs", -120.0, 0.0, "dBFS"},
        one(c.threshold_dbfs));
  visit(FieldRange{"compressor knee", "compressor.knee_db", 0.0, 40.0, "dB"}, one(c.knee_db));
  visit(FieldRange{"compressor attack", "compressor.attack_ms", 0.0, 1000.0, "ms"}, one(c.attack_ms));
  visit(FieldRange{"compressor release", "compressor.release_ms", 0.0, 10000.0, "ms"}, one(c.release_ms));
  visit(FieldRange{"compressor RMS window", "compressor.rms_window_ms", 0.0, 1000.0, "ms"},
        one(c.rms_window_ms));
  visit(FieldRange{"compressor make-up", "compressor.makeup_db", -24.0, 24.0, "dB"}, one(c.makeup_db));
  visit(FieldRange{"compressor sidechain high-pass", "compressor.sidechain_high_pass_hz", 0.0, 500.0, "Hz"},
        one(c.sidechain_high_pass_hz));
  visit(FieldRange{"compressor target reduction", "compressor.target_reduction_db", 0.0, 24.0, "dB"},
        one(c.target_reduction_db));
  visit(FieldRange{"side gain", "width.side_gain", 0.0, 4.0, ""}, one(plan.width.side_gain));
  visit(FieldRange{"bass mono frequency", "width.bass_mono_hz", 0.0, 500.0, "Hz"},
        one(plan.width.bass_mono_hz));
  visit(FieldRange{"minimum correlation", "width.min_correlation", -1.0, 1.0, ""},
        one(plan.width.min_correlation));
  visit(FieldRange{"ceiling", "limiter.ceiling_dbtp", -20.0, 0.0, "dBTP"}, one(plan.limiter.ceiling_dbtp));
  visit(FieldRange{"limiter lookahead", "limiter.lookahead_ms", 0.5, 50.0, "ms"},
        one(plan.limiter.lookahead_ms));
  visit(FieldRange{"limiter release", "limiter.release_ms", 0.0, 5000.0, "ms"}, one(plan.limiter.release_ms));
  visit(FieldRange{"limiter sustained release", "limiter.sustained_release_ms", 0.0, 20000.0, "ms"},
        one(plan.limiter.sustained_release_ms));
  visit(FieldRange{"limiter budget (99th percentile)", "limiter.budget_p99_db", 0.0, 60.0, "dB"},
        one(plan.limiter.budget_p99_db));
  visit(FieldRange{"limiter budget (mean)", "limiter.budget_mean_db", 0.0, 60.0, "dB"},
        one(plan.limiter.budget_mean_db));
}

// A value for a message: at most two decimals, no trailing zeros ("3.8", "-70", "0.25"), or three
// significant digits when huge; a "+" on positive values of quantities that can be negative (dB, LUFS).
std::string number(double value, bool show_plus = false) {
  if (std::isnan(value)) return "NaN";
  char text[64];
  std::snprintf(text, sizeof text, std::abs(value) < 1e6 ? "%.2f" : "%.3g", value);
  std::string s = text;
  if (s.find('.') != std::string::npos && s.find('e') == std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  if (show_plus && value > 0.0 && s != "0") s.insert(0, "+");
  return s;
}

std::string with_unit(const std::string& text, const FieldRange& range) {
  return *range.unit ? text + " " + range.unit : text;
}
std::string value_of(double value, const FieldRange& range) {
  return with_unit(number(value, range.low < 0.0), range);
}
std::string interval(const FieldRange& range) {
  return with_unit("[" + number(range.low) + ", " + number(range.high) + "]", range);
}

void check(bool ok, const std::string& what) {
  if (!ok) throw Error(ErrorCode::invalid_argument, "mastering plan: " + what);
}

void check_curve_shape(const EqCurve& curve, const char* name) {
  check(curve.frequencies_hz.size() == curve.gains_db.size(),
        std::string(name) + " has different numbers of frequencies and gains");
  for (std::size_t i = 0; i < curve.frequencies_hz.size(); ++i) {
    check(std::isfinite(curve.frequencies_hz[i]) && curve.frequencies_hz[i] > 0.0 &&
              (i == 0 || curve.frequencies_hz[i] > curve.frequencies_hz[i - 1]),
          std::string(name) + " frequencies must be positive and ascending");
  }
}

}  // namespace

void validate_plan(const MasteringPlan& plan) {
  check_curve_shape(plan.mid_eq, "mid EQ curve");
  check_curve_shape(plan.side_eq, "side EQ curve");
  check(plan.eq_phase <= EqPhase::mixed, "EQ phase must be linear, minimum or mixed (eq_phase is " +
                                             std::to_string(static_cast<int>(plan.eq_phase)) + ")");
  for_each_range(plan, [](const FieldRange& range, auto values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double v = values[i];
      const std::string key =
          values.extent == 1 ? range.key : std::string(range.key) + "[" + std::to_string(i) + "]";
      check(v >= range.low && v <= range.high, std::string(range.name) + " must lie within " +
                                                   interval(range) + " (" + key + " is " +
                                                   value_of(v, range) + ")");
    }
  });
}

std::vector<std::string> clamp_plan(MasteringPlan& plan, const std::string& origin) {
  std::vector<std::string> notes;
  for_each_range(plan, [&](const FieldRange& range, auto values) {
    std::size_t clamped = 0;
    double furthest = 0.0, furthest_limit = 0.0;
    for (double& v : values) {
      const double limit = std::clamp(v, range.low, range.high);
      if (std::isnan(v) || limit == v) continue;
      if (clamped == 0 || std::abs(v - limit) > std::abs(furthest - furthest_limit)) {
        furthest = v;
        furthest_limit = limit;
      }
      v = limit;
      ++clamped;
    }
    if (clamped == 0) return;
    const std::string side = furthest > furthest_limit ? "above " : "below ";
    if (values.extent == 1) {
      notes.push_back("planned " + std::string(range.name) + " " + value_of(furthest, range) + origin +
                      " is " + side + value_of(furthest_limit, range) + "; clamped to " +
                      value_of(furthest_limit, range));
    } else {
      notes.push_back("planned " + std::string(range.name) + " reach " + value_of(furthest, range) + origin +
                      ", " + side + value_of(furthest_limit, range) + "; " + std::to_string(clamped) +
                      " of " + std::to_string(values.size()) + " clamped into " + interval(range));
    }
  });
  return notes;
}

}  // namespace auralis::mastering
