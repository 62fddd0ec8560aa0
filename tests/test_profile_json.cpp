// SPDX-License-Identifier: MIT
// profile_from_json reads back exactly what profile_to_json writes: every field, every double bit for bit,
// so a plan made from a cached profile is the plan of a fresh analysis. Malformed text is refused by name.
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "support/music_like.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <string>

namespace auralis {
namespace {

using nlohmann::json;

// Bit equality, so that -0.0 against 0.0 or a last-place difference cannot pass.
bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

template <class Range>
void expect_same_values(const Range& a, const Range& b, const char* name) {
  ASSERT_EQ(std::size(a), std::size(b)) << name;
  for (std::size_t i = 0; i < std::size(a); ++i)
    EXPECT_TRUE(same_bits(a[i], b[i])) << name << "[" << i << "]";
}

void expect_same_optional(const std::optional<double>& a, const std::optional<double>& b, const char* name) {
  ASSERT_EQ(a.has_value(), b.has_value()) << name;
  if (a) {
    EXPECT_TRUE(same_bits(*a, *b)) << name;
  }
}

// Every field of ContentProfile and its LoudnessReport.
void expect_same_profile(const ContentProfile& a, const ContentProfile& b) {
  EXPECT_EQ(a.sample_rate, b.sample_rate);
  EXPECT_EQ(a.channels, b.channels);
  EXPECT_TRUE(same_bits(a.duration_seconds, b.duration_seconds));
  const LoudnessReport &la = a.loudness, &lb = b.loudness;
  expect_same_optional(la.integrated_lufs, lb.integrated_lufs, "integrated_lufs");
  expect_same_optional(la.loudness_range_lu, lb.loudness_range_lu, "loudness_range_lu");
  expect_same_optional(la.max_momentary_lufs, lb.max_momentary_lufs, "max_momentary_lufs");
  expect_same_optional(la.max_short_term_lufs, lb.max_short_term_lufs, "max_short_term_lufs");
  EXPECT_TRUE(same_bits(la.sample_peak, lb.sample_peak));
  expect_same_optional(la.true_peak, lb.true_peak, "true_peak");
  expect_same_values(la.channel_sample_peak, lb.channel_sample_peak, "channel_sample_peak");
  expect_same_values(la.channel_true_peak, lb.channel_true_peak, "channel_true_peak");
  expect_same_values(la.short_term_history_lufs, lb.short_term_history_lufs, "short_term_history_lufs");
  expect_same_values(la.gating_block_energies, lb.gating_block_energies, "gating_block_energies");
  EXPECT_EQ(la.frames, lb.frames);
  EXPECT_TRUE(same_bits(a.rms_dbfs, b.rms_dbfs));
  EXPECT_TRUE(same_bits(a.crest_db, b.crest_db));
  EXPECT_TRUE(same_bits(a.short_term_p10_lufs, b.short_term_p10_lufs));
  EXPECT_TRUE(same_bits(a.short_term_p50_lufs, b.short_term_p50_lufs));
  EXPECT_TRUE(same_bits(a.short_term_p95_lufs, b.short_term_p95_lufs));
  EXPECT_TRUE(same_bits(a.dynamic_range_db, b.dynamic_range_db));
  EXPECT_EQ(a.clipped_samples, b.clipped_samples);
  for (std::size_t row = 0; row < compressor_probe_ballistics; ++row) {
    expect_same_values(a.compressor_overshoot_db[row], b.compressor_overshoot_db[row],
                       "compressor_overshoot_db");
  }
  expect_same_values(a.log_band_power, b.log_band_power, "log_band_power");
  expect_same_values(a.mid_log_band_power, b.mid_log_band_power, "mid_log_band_power");
  expect_same_values(a.side_log_band_power, b.side_log_band_power, "side_log_band_power");
  expect_same_values(a.loud_mid_log_band_power, b.loud_mid_log_band_power, "loud_mid_log_band_power");
  expect_same_values(a.loud_side_log_band_power, b.loud_side_log_band_power, "loud_side_log_band_power");
  expect_same_values(a.mid_noise_floor, b.mid_noise_floor, "mid_noise_floor");
  expect_same_values(a.side_noise_floor, b.side_noise_floor, "side_noise_floor");
  expect_same_values(a.critical_band_power, b.critical_band_power, "critical_band_power");
  EXPECT_TRUE(same_bits(a.spectral_centroid_hz, b.spectral_centroid_hz));
  EXPECT_TRUE(same_bits(a.spectral_rolloff_hz, b.spectral_rolloff_hz));
  EXPECT_TRUE(same_bits(a.spectral_flatness, b.spectral_flatness));
  EXPECT_TRUE(same_bits(a.correlation, b.correlation));
  EXPECT_TRUE(same_bits(a.width, b.width));
  expect_same_values(a.band_correlation, b.band_correlation, "band_correlation");
  expect_same_values(a.band_width, b.band_width, "band_width");
  EXPECT_TRUE(same_bits(a.low_end_correlation, b.low_end_correlation));
  EXPECT_TRUE(same_bits(a.tempo_bpm, b.tempo_bpm));
  EXPECT_TRUE(same_bits(a.onset_rate_hz, b.onset_rate_hz));
  EXPECT_EQ(a.level_class, b.level_class);
  EXPECT_EQ(a.genre, b.genre);
}

ContentProfile analysed_profile() {
  SpectralEngine engine(BackendOptions::cpu(1));
  return analyze_content(test::music_like(2, 44100, 0, 4 * 44100, 3), engine);
}

// A double whose shortest decimal form needs all 17 digits.
double awkward(double seed) {
  return std::nextafter(seed / 3.0, 1e300);
}

TEST(ProfileJson, AnAnalysedProfileReadsBackBitForBit) {
  const ContentProfile fresh = analysed_profile();
  // Four seconds of audio: the histories the writer must carry are there.
  ASSERT_GT(fresh.loudness.gating_block_energies.size(), 30u);
  ASSERT_GT(fresh.loudness.short_term_history_lufs.size(), 5u);
  const std::string text = profile_to_json(fresh);
  const ContentProfile read = profile_from_json(text);
  expect_same_profile(read, fresh);
  EXPECT_EQ(profile_to_json(read), text);
  // What the cache is for: the plan from the profile read back is the plan from the fresh one.
  for (const Preset preset : {Preset::adaptive, Preset::punchy}) {
    EXPECT_EQ(plan_to_json(plan_adaptive(read, preset)), plan_to_json(plan_adaptive(fresh, preset)));
  }
}

TEST(ProfileJson, EveryFieldReadsBack) {
  // Each field away from its default and hard to print (17 significant digits, subnormals, extremes), so a
  // field the writer forgets or rounds shows.
  ContentProfile p;
  p.sample_rate = 96000;
  p.channels = 6;
  p.duration_seconds = awkward(1.0);
  p.loudness.integrated_lufs = awkward(-70.0);
  p.loudness.loudness_range_lu = awkward(7.0);
  p.loudness.max_momentary_lufs = awkward(-8.0);
  p.loudness.max_short_term_lufs = awkward(-9.0);
  p.loudness.sample_peak = std::numeric_limits<double>::denorm_min();
  p.loudness.true_peak = std::numeric_limits<double>::max();
  p.loudness.channel_sample_peak = {awkward(1.0), 0.0, -0.0, 1e-300, awkward(5.0), 0.1};
  p.loudness.channel_true_peak = {awkward(2.0), 0.2, 0.3, 0.4, 0.5, 0.6};
  p.loudness.short_term_history_lufs = {awkward(-20.0), awkward(-21.0)};
  p.loudness.gating_block_energies = {awkward(1e-7), std::numeric_limits<double>::min(), 1.0};
  p.loudness.frames = std::numeric_limits<std::uint64_t>::max();
  p.rms_dbfs = awkward(-200.0);
  p.crest_db = awkward(15.0);
  p.short_term_p10_lufs = awkward(-30.0);
  p.short_term_p50_lufs = awkward(-25.0);
  p.short_term_p95_lufs = awkward(-12.0);
  p.dynamic_range_db = awkward(18.0);
  p.clipped_samples = 123456789012345ULL;
  double seed = 0.5;
  for (auto& row : p.compressor_overshoot_db) {
    for (double& value : row) value = awkward(seed += 1.0);
  }
  for (auto* band :
       {&p.log_band_power, &p.mid_log_band_power, &p.side_log_band_power, &p.loud_mid_log_band_power,
        &p.loud_side_log_band_power, &p.mid_noise_floor, &p.side_noise_floor}) {
    for (double& value : *band) value = awkward(seed += 1.0) * 1e-12;
  }
  for (auto* band : {&p.critical_band_power, &p.band_correlation, &p.band_width}) {
    for (double& value : *band) value = awkward(seed += 1.0);
  }
  p.spectral_centroid_hz = awkward(2500.0);
  p.spectral_rolloff_hz = awkward(8000.0);
  p.spectral_flatness = awkward(0.3);
  p.correlation = awkward(-0.9);
  p.width = awkward(0.7);
  p.low_end_correlation = awkward(0.2);
  p.tempo_bpm = awkward(128.0);
  p.onset_rate_hz = awkward(4.0);
  p.level_class = LevelClass::hot;
  p.genre = Genre::speech;
  const std::string text = profile_to_json(p);
  expect_same_profile(profile_from_json(text), p);
  EXPECT_EQ(profile_to_json(profile_from_json(text)), text);

  // Unmeasurable values (silence) are null and read back empty.
  ContentProfile silent;
  silent.sample_rate = 44100;
  silent.channels = 1;
  silent.level_class = LevelClass::silent;
  expect_same_profile(profile_from_json(profile_to_json(silent)), silent);
}

// Refuses `text` with a message starting "profile JSON: " and containing `names`.
void expect_refused(const std::string& text, const std::string& names) {
  try {
    (void)profile_from_json(text);
    ADD_FAILURE() << "accepted: " << names;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("profile JSON: ", 0), 0u) << message;
    EXPECT_NE(message.find(names), std::string::npos) << message;
  }
}

TEST(ProfileJson, MalformedTextIsRefusedNamingTheField) {
  ContentProfile profile;
  profile.sample_rate = 44100;
  profile.channels = 2;
  profile.loudness.gating_block_energies = {0.01, 0.02};
  const json valid = json::parse(profile_to_json(profile));
  const auto edited = [&valid](const std::function<void(json&)>& edit) {
    json j = valid;
    edit(j);
    return j.dump();
  };
  expect_refused("{\"sample_rate\": ", "not valid JSON");
  expect_refused("[1, 2]", "the profile must be an object");
  expect_refused(edited([](json& j) { j["loudness"].erase("frames"); }), "missing field loudness.frames");
  expect_refused(edited([](json& j) { j.erase("genre"); }), "missing field genre");
  expect_refused(edited([](json& j) { j["loudness"]["frames"] = -1; }), "loudness.frames");
  expect_refused(edited([](json& j) { j["sample_rate"] = 1e10; }), "sample_rate");
  expect_refused(edited([](json& j) { j["channels"] = "two"; }), "channels");
  expect_refused(edited([](json& j) { j["rms_dbfs"] = nullptr; }), "rms_dbfs");
  expect_refused(edited([](json& j) { j["loudness"]["gating_block_energies"][1] = "x"; }),
                 "loudness.gating_block_energies");
  expect_refused(edited([](json& j) { j["log_band_power"].erase(0); }),
                 "log_band_power must hold 64 values, not 63");
  expect_refused(edited([](json& j) { j["compressor_overshoot_db"].erase(5); }),
                 "compressor_overshoot_db must hold 6 values, not 5");
  expect_refused(edited([](json& j) { j["compressor_overshoot_db"][2].push_back(1.0); }),
                 "compressor_overshoot_db must hold 49 values, not 50");
  expect_refused(edited([](json& j) { j["short_term_lufs"] = 3; }), "short_term_lufs must be an object");
  expect_refused(edited([](json& j) { j["genre"] = "polka"; }), "genre has an unknown value \"polka\"");
  expect_refused(edited([](json& j) { j["loudness"]["lufs"] = 1.0; }), "unknown key loudness.lufs");
  expect_refused(edited([](json& j) { j["tempo"] = 120.0; }), "unknown key tempo");
}

}  // namespace
}  // namespace auralis
