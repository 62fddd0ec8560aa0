// SPDX-License-Identifier: MIT
// report_curves_json: the series as measured, the EQ evaluated at the log bands' centres, the comparison
// computed from the before and after meters and spectra, and short sentences built from the profile, the
// plan and the warnings.
#include "mastering/report_curves_json.hpp"

#include <auralis/spectral.hpp>

#include "mastering/render_track.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace auralis::mastering {

namespace {

using nlohmann::json;

json optional_series(const std::vector<std::optional<double>>& series) {
  json values = json::array();
  for (const auto& v : series) values.push_back(v ? json(*v) : json(nullptr));
  return values;
}

std::vector<double> band_centres_hz(std::uint32_t rate) {
  const std::vector<double> edges = band_edges_hz(BandLayout::log64, rate);
  std::vector<double> centres;
  for (std::size_t b = 0; b + 1 < edges.size(); ++b) centres.push_back(std::sqrt(edges[b] * edges[b + 1]));
  return centres;
}

// Least-squares slope (dB per octave) of the long-term spectrum (mid + side power) over 50 Hz-16 kHz: the
// tonal balance in one number.
std::optional<double> spectral_tilt_db_per_octave(const std::array<double, log_band_count>& mid,
                                                  const std::array<double, log_band_count>& side,
                                                  const std::vector<double>& centres) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    const double power = mid[b] + side[b];
    if (centres[b] < 50.0 || centres[b] > 16000.0 || !(power > 0.0)) continue;
    const double x = std::log2(centres[b]);
    const double y = 10.0 * std::log10(power);
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const double denominator = n * sxx - sx * sx;
  if (n < 2 || denominator <= 0.0) return std::nullopt;
  return (n * sxy - sx * sy) / denominator;
}

json shifted(const std::optional<double>& value, double by) {
  return value ? json(*value + by) : json(nullptr);
}

json side_of_comparison(const LoudnessReport& r, double gain_db, std::optional<double> tilt) {
  const std::optional<double> peak = LoudnessReport::to_db(r.true_peak.value_or(0.0));
  return {
      {"integrated_lufs", shifted(r.integrated_lufs, gain_db)},
      {"true_peak_dbtp", shifted(peak, gain_db)},
      {"max_momentary_lufs", shifted(r.max_momentary_lufs, gain_db)},
      {"max_short_term_lufs", shifted(r.max_short_term_lufs, gain_db)},
      {"loudness_range_lu", r.loudness_range_lu ? json(*r.loudness_range_lu) : json(nullptr)},
      {"peak_to_loudness_db", peak && r.integrated_lufs ? json(*peak - *r.integrated_lufs) : json(nullptr)},
      {"spectral_tilt_db_per_octave", tilt ? json(*tilt) : json(nullptr)}};
}

std::string formatted(const char* format, double a, double b = 0.0, double c = 0.0) {
  char text[256];
  std::snprintf(text, sizeof text, format, a, b, c);
  return text;
}

std::vector<std::string> plan_in_words(const MasterReport& report) {
  const ContentProfile& p = report.profile;
  const MasteringPlan& plan = report.plan;
  std::vector<std::string> words;
  std::string mode = std::string("Mode ") + to_string(plan.mode) + ", preset " + to_string(plan.preset) +
                     "; the track reads as " + to_string(p.genre) + ", " + to_string(p.level_class) + ".";
  words.push_back(mode);
  if (p.loudness.integrated_lufs) {
    words.push_back(
        formatted("Measured %.1f LUFS integrated, %.1f dB crest, %.1f dB short-term dynamic range.",
                  *p.loudness.integrated_lufs, p.crest_db, p.dynamic_range_db));
  }
  if (plan.target_lufs && plan.amounts.loudness > 0.0) {
    words.push_back(formatted("Loudness target %.1f LUFS at %.0f %% of the loudness stage.",
                              *plan.target_lufs, 100.0 * plan.amounts.loudness));
  } else {
    words.push_back("No loudness target: the level is left as it is.");
  }
  if (report.lowered_target_lufs) {
    words.push_back(formatted("The target was lowered to %.1f LUFS to keep the limiter within its budget.",
                              *report.lowered_target_lufs));
  }
  if (plan.amounts.eq > 0.0) {
    double largest = plan.sub_bass_db;
    for (const double g : plan.eq_db) largest = std::abs(g) > std::abs(largest) ? g : largest;
    words.push_back(
        std::string("EQ, ") + to_string(plan.eq_phase) +
        formatted(" phase, at %.0f %%: largest correction %+.1f dB; subsonic high-pass at %.0f Hz.",
                  100.0 * plan.amounts.eq, largest, plan.subsonic_hz));
    if (!plan.mid_eq.frequencies_hz.empty())
      words.push_back("Separate mid and side curves match the reference.");
  }
  if (plan.compressor_enabled && plan.amounts.dynamics > 0.0) {
    const CompressorPlan& c = plan.compressor;
    words.push_back(formatted("Compressor %.1f:1 from %.1f dBFS", c.ratio, c.threshold_dbfs) +
                    formatted(", attack %.0f ms, release %.0f ms", c.attack_ms, c.release_ms) +
                    formatted(", aiming at %.1f dB mean gain reduction.", c.target_reduction_db));
  } else {
    words.push_back("No compression.");
  }
  if (p.channels == 2 && plan.amounts.width > 0.0) {
    words.push_back(formatted("Side gain %.2f (width %.2f, correlation %.2f measured)", plan.width.side_gain,
                              p.width, p.correlation) +
                    (plan.width.bass_mono_hz > 0.0
                         ? formatted("; bass mono below %.0f Hz.", plan.width.bass_mono_hz)
                         : std::string(".")));
  }
  if (plan.limiter.enabled) {
    words.push_back(formatted("True-peak limiter at %.1f dBTP, release %.0f ms.", plan.limiter.ceiling_dbtp,
                              plan.limiter.release_ms));
  } else {
    words.push_back("No limiter: true peaks are not held under a ceiling.");
  }
  for (const std::string& warning : report.warnings) words.push_back("Warning: " + warning + ".");
  return words;
}

}  // namespace

nlohmann::json report_curves_json(const MasterReport& report) {
  const MasterCurves& c = report.curves;
  const std::vector<double> centres = band_centres_hz(report.profile.sample_rate);
  json overs = json::array();
  for (const TruePeakOver& over : c.overs) {
    overs.push_back({{"time_seconds", over.time_seconds}, {"true_peak_dbtp", over.true_peak_dbtp}});
  }
  json curves = {{"step_seconds", c.step_seconds},
                 {"momentary_before_lufs", optional_series(c.momentary_before_lufs)},
                 {"short_term_before_lufs", optional_series(c.short_term_before_lufs)},
                 {"momentary_after_lufs", optional_series(c.momentary_after_lufs)},
                 {"short_term_after_lufs", optional_series(c.short_term_after_lufs)},
                 {"compressor_reduction_db", c.compressor_reduction_db},
                 {"limiter_reduction_db", c.limiter_reduction_db},
                 {"overs", overs},
                 {"band_centres_hz", centres},
                 {"mid_before_log_band_power", report.profile.mid_log_band_power},
                 {"side_before_log_band_power", report.profile.side_log_band_power},
                 {"mid_after_log_band_power", c.mid_after_log_band_power},
                 {"side_after_log_band_power", c.side_after_log_band_power}};
  if (report.reference_profile) {
    curves["mid_reference_log_band_power"] = report.reference_profile->mid_log_band_power;
    curves["side_reference_log_band_power"] = report.reference_profile->side_log_band_power;
  }
  const dsp::GainPoints mid = eq_points(report.plan, &report.plan.mid_eq);
  const dsp::GainPoints side = eq_points(report.plan, &report.plan.side_eq);
  std::vector<double> mid_db, side_db;
  for (const double f : centres) {
    mid_db.push_back(dsp::interpolate_gain_db(mid, f));
    side_db.push_back(dsp::interpolate_gain_db(side, f));
  }
  const double gain_db = report.before.integrated_lufs && report.after.integrated_lufs
                             ? *report.before.integrated_lufs - *report.after.integrated_lufs
                             : 0.0;
  // Curves measured only when asked (MasterOptions::curves): null rather than empty series that would draw.
  return {{"curves", c.step_seconds > 0.0 ? curves : json(nullptr)},
          {"eq_applied", {{"frequencies_hz", centres}, {"mid_db", mid_db}, {"side_db", side_db}}},
          {"comparison",
           {{"after_gain_db", gain_db},
            {"before",
             side_of_comparison(report.before, 0.0,
                                spectral_tilt_db_per_octave(report.profile.mid_log_band_power,
                                                            report.profile.side_log_band_power, centres))},
            {"after_matched",
             side_of_comparison(report.after, gain_db,
                                spectral_tilt_db_per_octave(c.mid_after_log_band_power,
                                                            c.side_after_log_band_power, centres))}}},
          {"plan_in_words", plan_in_words(report)}};
}

}  // namespace auralis::mastering
