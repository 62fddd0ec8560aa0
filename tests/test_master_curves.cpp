// SPDX-License-Identifier: MIT
// What the HTML report plots (MasterReport::curves) is what the meters measured: series one value per
// 100 ms step, the momentary series gating to the integrated loudness, the limiter's series reaching its
// reported maximum, overs only where the output's true peak is over the ceiling, and an "after" spectrum
// that is the "before" one moved by the loudness gain where nothing else changes the tone.
#include <auralis/backend.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>
#include <auralis/report.hpp>

#include "support/music_like.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

namespace {

using namespace auralis;

constexpr std::uint32_t kRate = 44100;
// 6.05 s: the last 100 ms step is a short one.
constexpr std::size_t kFrames = 266805;
constexpr std::size_t kSteps = (kFrames + 4409) / 4410;

MasterResult mastered(const PlanOverrides& overrides) {
  MasterOptions options;
  options.backend = BackendOptions::cpu(1);
  options.overrides = overrides;
  options.curves = true;
  return master(test::music_like(2, kRate, 0, kFrames, 0x63757276ULL), options);
}

// BS.1770's gates applied to momentary values taken every 100 ms: the gating blocks themselves.
std::optional<double> gated(const std::vector<std::optional<double>>& momentary) {
  const auto mean_of = [&](double floor) {
    double sum = 0.0;
    std::size_t count = 0;
    for (const auto& l : momentary) {
      if (l && *l > floor) {
        sum += std::pow(10.0, (*l + 0.691) / 10.0);
        ++count;
      }
    }
    return count == 0 ? std::optional<double>{} : std::optional<double>{sum / static_cast<double>(count)};
  };
  const auto absolute = mean_of(-70.0);
  if (!absolute) return std::nullopt;
  const auto relative = mean_of(-0.691 + 10.0 * std::log10(*absolute) - 10.0);
  return -0.691 + 10.0 * std::log10(*relative);
}

TEST(MasterCurves, SeriesHaveOneValuePerStepAndGateToTheReportedLoudness) {
  PlanOverrides loud;
  loud.target_lufs = -9.0;  // the limiter works
  const MasterResult result = mastered(loud);
  const MasterCurves& c = result.report.curves;
  EXPECT_NEAR(c.step_seconds, 0.1, 1e-12);
  for (const auto* series : {&c.momentary_before_lufs, &c.short_term_before_lufs, &c.momentary_after_lufs,
                             &c.short_term_after_lufs}) {
    EXPECT_EQ(series->size(), kSteps);
  }
  EXPECT_EQ(c.compressor_reduction_db.size(), kSteps);
  EXPECT_EQ(c.limiter_reduction_db.size(), kSteps);
  ASSERT_TRUE(gated(c.momentary_after_lufs) && result.report.after.integrated_lufs);
  EXPECT_NEAR(*gated(c.momentary_after_lufs), *result.report.after.integrated_lufs, 0.1);
  EXPECT_NEAR(*gated(c.momentary_before_lufs), *result.report.before.integrated_lufs, 0.1);
  // The first 400 ms have no momentary loudness, the first 3 s no short-term loudness.
  EXPECT_FALSE(c.momentary_after_lufs[2].has_value());
  EXPECT_TRUE(c.momentary_after_lufs[3].has_value());
  EXPECT_FALSE(c.short_term_after_lufs[28].has_value());
  EXPECT_TRUE(c.short_term_after_lufs[29].has_value());
  // The deepest step of each series is the stage's reported maximum.
  const double limiter_max = *std::ranges::max_element(c.limiter_reduction_db);
  EXPECT_GT(result.report.limiter_reduction.max_db, 1.0);
  EXPECT_NEAR(limiter_max, result.report.limiter_reduction.max_db, 0.1);
  const double compressor_max = *std::ranges::max_element(c.compressor_reduction_db);
  EXPECT_NEAR(compressor_max, result.report.compressor_reduction.max_db, 0.1);
  EXPECT_TRUE(c.overs.empty());  // the limiter holds the ceiling
}

TEST(MasterCurves, OversAreTheStepsOverTheCeilingAndTheSpectrumMovesByTheGain) {
  // Only a loudness gain: no EQ, dynamics, width or limiter, so the output is the input times one gain.
  PlanOverrides gain_only;
  gain_only.target_lufs = -8.0;
  gain_only.limiter = false;
  gain_only.eq_amount = gain_only.dynamics_amount = gain_only.width_amount = 0.0;
  gain_only.subsonic_hz = 0.0;
  const MasterResult result = mastered(gain_only);
  const MasterReport& r = result.report;
  const MasterCurves& c = r.curves;
  EXPECT_TRUE(c.limiter_reduction_db.empty());
  EXPECT_TRUE(c.compressor_reduction_db.empty());
  ASSERT_FALSE(c.overs.empty());
  double highest = -200.0;
  for (const TruePeakOver& over : c.overs) {
    EXPECT_GT(over.true_peak_dbtp, r.plan.limiter.ceiling_dbtp);
    EXPECT_GE(over.time_seconds, 0.0);
    EXPECT_LT(over.time_seconds, static_cast<double>(kFrames) / kRate);
    highest = std::max(highest, over.true_peak_dbtp);
  }
  // The highest over is the output's true peak (the meter's reading; 0.05 dB for its ring-out tail).
  EXPECT_NEAR(highest, *LoudnessReport::to_db(*r.after.true_peak), 0.05);
  const double gain_db = *r.after.integrated_lufs - *r.before.integrated_lufs;
  std::size_t compared = 0;
  double worst = 0.0;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    if (r.profile.mid_log_band_power[b] < 1e-9) continue;  // above the float STFT's noise
    const double moved = 10.0 * std::log10(c.mid_after_log_band_power[b] / r.profile.mid_log_band_power[b]);
    EXPECT_NEAR(moved, gain_db, 0.05) << "band " << b;
    worst = std::max(worst, std::abs(moved - gain_db));
    ++compared;
  }
  EXPECT_GT(compared, 40u);
  std::printf(
      "after spectrum vs before + gain: %zu bands, worst %.4f dB; highest over %.3f dBTP, %.4f dB from "
      "the true peak\n",
      compared, worst, highest, highest - *LoudnessReport::to_db(*r.after.true_peak));
}

TEST(MasterCurves, AreMeasuredOnlyWhenAskedAndChangeNothingElse) {
  PlanOverrides loud;
  loud.target_lufs = -9.0;
  MasterOptions options;
  options.backend = BackendOptions::cpu(1);
  options.overrides = loud;
  const AudioBuffer music = test::music_like(2, kRate, 0, kFrames, 0x63757276ULL);
  const MasterResult without = master(music, options);
  const MasterResult with = mastered(loud);
  ASSERT_EQ(without.audio.frames(), with.audio.frames());
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_TRUE(std::ranges::equal(without.audio.channel(c), with.audio.channel(c))) << "channel " << c;
  }
  EXPECT_EQ(without.report.after.integrated_lufs, with.report.after.integrated_lufs);
  EXPECT_EQ(without.report.limiter_reduction.max_db, with.report.limiter_reduction.max_db);
  const MasterCurves& c = without.report.curves;
  EXPECT_EQ(c.step_seconds, 0.0);
  EXPECT_TRUE(c.momentary_before_lufs.empty() && c.momentary_after_lufs.empty() &&
              c.limiter_reduction_db.empty());
  const std::string json = report_to_json(without.report);
  EXPECT_TRUE(nlohmann::json::parse(json).at("curves").is_null());
  try {
    render_report_html(json);
    ADD_FAILURE() << "a report without curves was drawn";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("measured no curves"), std::string::npos) << e.what();
  }
}

TEST(MasterCurves, TheJsonReportCarriesEveryCurve) {
  const MasterResult result = mastered({});
  const nlohmann::json j = nlohmann::json::parse(report_to_json(result.report));
  const nlohmann::json& c = j.at("curves");
  for (const char* key : {"momentary_before_lufs", "short_term_before_lufs", "momentary_after_lufs",
                          "short_term_after_lufs", "compressor_reduction_db", "limiter_reduction_db"}) {
    EXPECT_EQ(c.at(key).size(), kSteps) << key;
  }
  for (const char* key : {"band_centres_hz", "mid_before_log_band_power", "side_before_log_band_power",
                          "mid_after_log_band_power", "side_after_log_band_power"}) {
    EXPECT_EQ(c.at(key).size(), log_band_count) << key;
  }
  EXPECT_TRUE(c.at("overs").is_array());
  EXPECT_DOUBLE_EQ(c.at("step_seconds").get<double>(), 0.1);
  EXPECT_EQ(j.at("eq_applied").at("mid_db").size(), log_band_count);
  EXPECT_EQ(j.at("eq_applied").at("side_db").size(), log_band_count);
  for (const char* side : {"before", "after_matched"}) {
    for (const char* key : {"integrated_lufs", "true_peak_dbtp", "max_momentary_lufs", "max_short_term_lufs",
                            "loudness_range_lu", "peak_to_loudness_db", "spectral_tilt_db_per_octave"}) {
      EXPECT_TRUE(j.at("comparison").at(side).at(key).is_number()) << side << "." << key;
    }
  }
  // Matched: the after side reads the before side's integrated loudness.
  EXPECT_NEAR(j["comparison"]["after_matched"]["integrated_lufs"].get<double>(),
              j["comparison"]["before"]["integrated_lufs"].get<double>(), 1e-9);
  EXPECT_GE(j.at("plan_in_words").size(), 5u);
}

}  // namespace
