// Plan smoothing, overrides and validation (see plan_limits.hpp).
#include "mastering/plan_limits.hpp"

#include <auralis/error.hpp>
#include <auralis/spectral.hpp>

#include <algorithm>
#include <cmath>
#include <string>

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
}

namespace {

void check(bool ok, const std::string& what) {
  if (!ok) throw Error(ErrorCode::invalid_argument, "mastering plan: " + what);
}

void check_curve(const EqCurve& curve, const char* name) {
  check(curve.frequencies_hz.size() == curve.gains_db.size(),
        std::string(name) + " has different numbers of frequencies and gains");
  for (std::size_t i = 0; i < curve.gains_db.size(); ++i) {
    check(std::isfinite(curve.frequencies_hz[i]) && curve.frequencies_hz[i] > 0.0 &&
              (i == 0 || curve.frequencies_hz[i] > curve.frequencies_hz[i - 1]),
          std::string(name) + " frequencies must be positive and ascending");
    check(std::isfinite(curve.gains_db[i]) && std::abs(curve.gains_db[i]) <= max_match_db,
          std::string(name) + " gains must lie within +-36 dB");
  }
}

}  // namespace

void validate_plan(const MasteringPlan& plan) {
  const auto amount_ok = [](double a) { return std::isfinite(a) && a >= 0.0 && a <= 1.0; };
  check(amount_ok(plan.amounts.eq), "EQ amount must lie within 0-1");
  check(amount_ok(plan.amounts.dynamics), "dynamics amount must lie within 0-1");
  check(amount_ok(plan.amounts.width), "width amount must lie within 0-1");
  check(amount_ok(plan.amounts.loudness), "loudness amount must lie within 0-1");
  if (plan.target_lufs) {
    check(std::isfinite(*plan.target_lufs) && *plan.target_lufs >= -70.0 && *plan.target_lufs <= 0.0,
          "target loudness must lie within -70..0 LUFS");
  }
  for (double g : plan.eq_db)
    check(std::isfinite(g) && std::abs(g) <= max_eq_db, "EQ gains must lie within +-12 dB");
  check_curve(plan.mid_eq, "mid EQ curve");
  check_curve(plan.side_eq, "side EQ curve");
  const CompressorPlan& c = plan.compressor;
  check(std::isfinite(c.ratio) && c.ratio >= 1.0 && c.ratio <= 100.0,
        "compressor ratio must lie within 1-100");
  check(std::isfinite(c.threshold_dbfs) && c.threshold_dbfs <= 0.0 && c.threshold_dbfs >= -120.0,
        "compressor threshold must lie within -120..0 dBFS");
  check(std::isfinite(c.knee_db) && c.knee_db >= 0.0 && c.knee_db <= 40.0,
        "compressor knee must lie within 0-40 dB");
  check(std::isfinite(c.attack_ms) && c.attack_ms > 0.0 && c.attack_ms <= 1000.0,
        "compressor attack must lie within 0-1000 ms");
  check(std::isfinite(c.release_ms) && c.release_ms > 0.0 && c.release_ms <= 10000.0,
        "compressor release must lie within 0-10000 ms");
  check(std::isfinite(c.rms_window_ms) && c.rms_window_ms > 0.0 && c.rms_window_ms <= 1000.0,
        "compressor RMS window must lie within 0-1000 ms");
  check(std::isfinite(c.makeup_db) && std::abs(c.makeup_db) <= 24.0,
        "compressor make-up must lie within +-24 dB");
  check(std::isfinite(plan.width.side_gain) && plan.width.side_gain >= 0.0 && plan.width.side_gain <= 4.0,
        "side gain must lie within 0-4");
  check(std::isfinite(plan.width.bass_mono_hz) && plan.width.bass_mono_hz >= 0.0 &&
            plan.width.bass_mono_hz <= 500.0,
        "bass mono frequency must lie within 0-500 Hz");
  check(std::isfinite(plan.width.min_correlation) && std::abs(plan.width.min_correlation) <= 1.0,
        "minimum correlation must lie within -1..1");
  check(std::isfinite(plan.limiter.ceiling_dbtp) && plan.limiter.ceiling_dbtp <= 0.0 &&
            plan.limiter.ceiling_dbtp >= -20.0,
        "ceiling must lie within -20..0 dBTP");
  check(std::isfinite(plan.limiter.lookahead_ms) && plan.limiter.lookahead_ms >= 0.5 &&
            plan.limiter.lookahead_ms <= 50.0,
        "limiter lookahead must lie within 0.5-50 ms");
  check(std::isfinite(plan.limiter.release_ms) && plan.limiter.release_ms > 0.0 &&
            plan.limiter.release_ms <= 5000.0,
        "limiter release must lie within 0-5000 ms");
}

}  // namespace auralis::mastering
