// SPDX-License-Identifier: MIT
// Mastering plans as data: JSON round trip, defaults for missing fields, errors naming the field, render()'s
// validation, overrides, blending and the neutral plan; plan_master on extreme input (clamped decisions,
// unusable references, running out of memory), every message naming the track.
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "support/sanitizers.hpp"
#include "support/seeds.hpp"
#include "support/signals.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

namespace {

using namespace auralis;

// Field-by-field equality, so a failure names the field that differs.
void expect_same_plan(const MasteringPlan& a, const MasteringPlan& b) {
  EXPECT_EQ(a.mode, b.mode);
  EXPECT_EQ(a.preset, b.preset);
  EXPECT_EQ(a.genre, b.genre);
  EXPECT_EQ(a.target_lufs, b.target_lufs);
  for (std::size_t i = 0; i < critical_band_count; ++i)
    EXPECT_EQ(a.eq_db[i], b.eq_db[i]) << "eq_db[" << i << "]";
  EXPECT_EQ(a.subsonic_hz, b.subsonic_hz);
  EXPECT_EQ(a.sub_bass_db, b.sub_bass_db);
  EXPECT_EQ(a.eq_phase, b.eq_phase);
  EXPECT_EQ(a.mid_eq.frequencies_hz, b.mid_eq.frequencies_hz);
  EXPECT_EQ(a.mid_eq.gains_db, b.mid_eq.gains_db);
  EXPECT_EQ(a.side_eq.frequencies_hz, b.side_eq.frequencies_hz);
  EXPECT_EQ(a.side_eq.gains_db, b.side_eq.gains_db);
  EXPECT_EQ(a.compressor_enabled, b.compressor_enabled);
  EXPECT_EQ(a.compressor.detector, b.compressor.detector);
  EXPECT_EQ(a.compressor.threshold_dbfs, b.compressor.threshold_dbfs);
  EXPECT_EQ(a.compressor.ratio, b.compressor.ratio);
  EXPECT_EQ(a.compressor.knee_db, b.compressor.knee_db);
  EXPECT_EQ(a.compressor.attack_ms, b.compressor.attack_ms);
  EXPECT_EQ(a.compressor.release_ms, b.compressor.release_ms);
  EXPECT_EQ(a.compressor.rms_window_ms, b.compressor.rms_window_ms);
  EXPECT_EQ(a.compressor.makeup_db, b.compressor.makeup_db);
  EXPECT_EQ(a.compressor.sidechain_high_pass_hz, b.compressor.sidechain_high_pass_hz);
  EXPECT_EQ(a.compressor.target_reduction_db, b.compressor.target_reduction_db);
  EXPECT_EQ(a.width.side_gain, b.width.side_gain);
  EXPECT_EQ(a.width.bass_mono_hz, b.width.bass_mono_hz);
  EXPECT_EQ(a.width.min_correlation, b.width.min_correlation);
  EXPECT_EQ(a.limiter.enabled, b.limiter.enabled);
  EXPECT_EQ(a.limiter.ceiling_dbtp, b.limiter.ceiling_dbtp);
  EXPECT_EQ(a.limiter.lookahead_ms, b.limiter.lookahead_ms);
  EXPECT_EQ(a.limiter.release_ms, b.limiter.release_ms);
  EXPECT_EQ(a.limiter.sustained_release_ms, b.limiter.sustained_release_ms);
  EXPECT_EQ(a.limiter.budget_p99_db, b.limiter.budget_p99_db);
  EXPECT_EQ(a.limiter.budget_mean_db, b.limiter.budget_mean_db);
  EXPECT_EQ(a.amounts.eq, b.amounts.eq);
  EXPECT_EQ(a.amounts.dynamics, b.amounts.dynamics);
  EXPECT_EQ(a.amounts.width, b.amounts.width);
  EXPECT_EQ(a.amounts.loudness, b.amounts.loudness);
}

// Every field away from its default, with values that are not short decimals in binary (0.1, 1/3, ...), so
// that a JSON writer printing too few digits shows.
MasteringPlan unusual_plan() {
  MasteringPlan p;
  p.mode = MasteringMode::hybrid;
  p.preset = Preset::punchy;
  p.genre = Genre::hip_hop;
  p.target_lufs = -11.3;
  for (std::size_t b = 0; b < critical_band_count; ++b) p.eq_db[b] = 0.1 * static_cast<double>(b) - 1.0 / 3.0;
  p.subsonic_hz = 27.3;
  p.sub_bass_db = -4.25;
  p.eq_phase = EqPhase::mixed;
  p.mid_eq = {{31.5, 250.0, 1234.5678, 16000.0}, {0.7, -1.0 / 7.0, 2.2, -3.3}};
  p.side_eq = {{40.0, 4000.0}, {-0.1, 0.3}};
  p.compressor = {DetectorKind::peak, -23.7, 2.9, 4.1, 7.3, 333.3, 12.5, 1.1, 87.5, 2.3};
  p.compressor_enabled = false;
  p.width = {1.17, 85.5, 0.21};
  p.limiter = {false, -1.7, 3.3, 66.6, 1234.5, 4.7, 0.3};
  p.amounts = {0.1, 0.2, 0.3, 0.7};
  return p;
}

TEST(MasteringPlan, JsonRoundTripKeepsEveryField) {
  const MasteringPlan original = unusual_plan();
  const std::string json = plan_to_json(original);
  expect_same_plan(plan_from_json(json), original);
  // And the text is stable: writing the parsed plan gives the same document.
  EXPECT_EQ(plan_to_json(plan_from_json(json)), json);
}

TEST(MasteringPlan, JsonRoundTripOfDefaultNeutralAndDecidedPlans) {
  expect_same_plan(plan_from_json(plan_to_json(MasteringPlan{})), MasteringPlan{});
  const MasteringPlan neutral = neutral_plan();
  EXPECT_FALSE(neutral.target_lufs.has_value());
  expect_same_plan(plan_from_json(plan_to_json(neutral)), neutral);  // no target: null in JSON
  // Plans the library decides (adaptive and reference) on two different noises.
  const std::uint64_t seed = test::fresh_seed();
  SpectralEngine engine(BackendOptions::cpu(1));
  const ContentProfile pink = analyze_content(test::pink_noise(2, 44100, 5.0, -6.0, seed), engine);
  const ContentProfile white = analyze_content(test::white_noise(2, 48000, 5.0, -12.0, seed + 1), engine);
  for (const Preset preset :
       {Preset::adaptive, Preset::gentle, Preset::warm, Preset::bright, Preset::punchy, Preset::live}) {
    SCOPED_TRACE(to_string(preset));
    const MasteringPlan plan = plan_adaptive(pink, preset);
    expect_same_plan(plan_from_json(plan_to_json(plan)), plan);
  }
  const MasteringPlan reference = plan_reference(pink, white);
  ASSERT_FALSE(reference.mid_eq.frequencies_hz.empty());
  expect_same_plan(plan_from_json(plan_to_json(reference)), reference);
  const MasteringPlan hybrid = blend_plans(plan_adaptive(pink, Preset::warm), reference, 0.3);
  expect_same_plan(plan_from_json(plan_to_json(hybrid)), hybrid);
}

TEST(MasteringPlan, MissingFieldsTakeTheDefaults) {
  expect_same_plan(plan_from_json("{}"), MasteringPlan{});
  // Partial sections: the fields given change, their neighbours keep MasteringPlan{}'s values.
  MasteringPlan expected;
  expected.compressor.ratio = 3.5;
  expected.limiter.ceiling_dbtp = -2.0;
  expected.amounts.width = 0.25;
  expected.preset = Preset::warm;
  expect_same_plan(plan_from_json(R"({"preset": "warm", "compressor": {"ratio": 3.5},
                                      "limiter": {"ceiling_dbtp": -2}, "amounts": {"width": 0.25}})"),
                   expected);
  // An explicit null target means "no loudness change", an absent one the default.
  EXPECT_FALSE(plan_from_json(R"({"target_lufs": null})").target_lufs.has_value());
  EXPECT_EQ(plan_from_json(R"({"mode": "reference"})").target_lufs, MasteringPlan{}.target_lufs);
}

// Runs `body`, expecting Error(invalid_argument) whose message contains every one of `names`.
void expect_invalid_naming(const std::function<void()>& body, const std::vector<std::string>& names,
                           const std::string& what) {
  SCOPED_TRACE(what);
  try {
    body();
    ADD_FAILURE() << "no error for " << what;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument) << e.what();
    for (const std::string& name : names) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos)
          << "message does not name '" << name << "': " << e.what();
    }
  }
}

TEST(MasteringPlan, BadJsonIsAnInvalidArgument) {
  for (const char* text : {"", "{", "{\"mode\": }", "not json", "{\"a\": 1,}"}) {
    expect_invalid_naming([&] { plan_from_json(text); }, {"JSON"}, std::string("text '") + text + "'");
  }
  for (const char* text : {"[]", "42", "\"plan\"", "null"}) {
    expect_invalid_naming([&] { plan_from_json(text); }, {"object"}, std::string("text '") + text + "'");
  }
}

TEST(MasteringPlan, WrongTypesNameTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"target_lufs": "loud"})", "target_lufs"},
      {R"({"mode": 3})", "mode"},
      {R"({"preset": "loudest"})", "preset"},
      {R"({"genre": "polka"})", "genre"},
      {R"({"eq_db": "flat"})", "eq_db"},
      {R"({"eq_db": [1, 2, 3]})", "eq_db"},
      {R"({"mid_eq": {"frequencies_hz": [100, "x"]}})", "frequencies_hz"},
      {R"({"side_eq": {"gains_db": {"a": 1}}})", "gains_db"},
      {R"({"compressor": {"ratio": "high"}})", "ratio"},
      {R"({"compressor": {"ratio": true}})", "ratio"},
      {R"({"compressor": {"threshold_dbfs": null}})", "threshold_dbfs"},
      {R"({"compressor": {"enabled": "yes"}})", "enabled"},
      {R"({"compressor": {"detector": "vu"}})", "detector"},
      {R"({"width": {"side_gain": [1]}})", "side_gain"},
      {R"({"limiter": {"enabled": 1}})", "enabled"},
      {R"({"limiter": {"ceiling_dbtp": "-1"}})", "ceiling_dbtp"},
      {R"({"amounts": {"loudness": "full"}})", "loudness"},
      // A whole section of the wrong type is as wrong as one field in it.
      {R"({"compressor": 5})", "compressor"},
      {R"({"limiter": "off"})", "limiter"},
      {R"({"amounts": [1, 1, 1, 1]})", "amounts"},
      {R"({"mid_eq": "flat"})", "mid_eq"},
  };
  for (const auto& [text, field] : cases) {
    expect_invalid_naming([&] { plan_from_json(text); }, {field}, text);
  }
}

// A short stereo noise to render plans on.
AudioBuffer test_audio() {
  return test::pink_noise(2, 44100, 1.0, -10.0, 0x706c616eULL);
}

TEST(MasteringPlan, RenderRejectsOutOfRangePlansNamingTheField) {
  struct Case {
    std::function<void(MasteringPlan&)> mutate;
    std::vector<std::string> names;
    bool through_json =
        true;  ///< JSON has no NaN: plan_to_json writes null, which reads back as a type error.
  };
  const std::vector<Case> cases = {
      {[](MasteringPlan& p) { p.amounts.eq = 1.5; }, {"EQ amount"}},
      {[](MasteringPlan& p) { p.amounts.dynamics = -0.1; }, {"dynamics amount"}},
      {[](MasteringPlan& p) { p.amounts.width = 2.0; }, {"width amount"}},
      {[](MasteringPlan& p) { p.amounts.loudness = std::numeric_limits<double>::quiet_NaN(); },
       {"loudness amount"},
       false},
      {[](MasteringPlan& p) { p.target_lufs = 3.0; }, {"target loudness", "[-70, 0] LUFS", "+3 LUFS"}},
      {[](MasteringPlan& p) { p.target_lufs = -80.0; }, {"target loudness"}},
      {[](MasteringPlan& p) { p.eq_db[7] = 13.0; }, {"EQ gains"}},
      {[](MasteringPlan& p) {
         p.mid_eq = {{100.0, 50.0}, {0.0, 0.0}};
       },
       {"mid EQ curve", "ascending"}},
      {[](MasteringPlan& p) {
         p.side_eq = {{100.0, 200.0}, {0.0}};
       },
       {"side EQ curve"}},
      {[](MasteringPlan& p) {
         p.side_eq = {{100.0}, {-40.0}};
       },
       {"side EQ curve", "[-36, 36] dB", "side_eq.gains_db[0]"}},
      {[](MasteringPlan& p) { p.compressor.ratio = 0.5; }, {"compressor ratio"}},
      {[](MasteringPlan& p) { p.compressor.threshold_dbfs = 6.0; }, {"compressor threshold"}},
      {[](MasteringPlan& p) { p.compressor.knee_db = -1.0; }, {"compressor knee"}},
      {[](MasteringPlan& p) { p.compressor.attack_ms = -1.0; }, {"compressor attack", "[0, 1000] ms"}},
      {[](MasteringPlan& p) { p.compressor.release_ms = 1e6; }, {"compressor release"}},
      {[](MasteringPlan& p) { p.compressor.rms_window_ms = -5.0; }, {"RMS window"}},
      {[](MasteringPlan& p) { p.compressor.makeup_db = 30.0; }, {"make-up"}},
      {[](MasteringPlan& p) { p.compressor.sidechain_high_pass_hz = 600.0; },
       {"sidechain high-pass", "[0, 500] Hz"}},
      {[](MasteringPlan& p) { p.compressor.target_reduction_db = -1.0; }, {"compressor target reduction"}},
      {[](MasteringPlan& p) { p.width.side_gain = 5.0; }, {"side gain"}},
      {[](MasteringPlan& p) { p.width.bass_mono_hz = -1.0; }, {"bass mono"}},
      {[](MasteringPlan& p) { p.width.min_correlation = 1.5; }, {"minimum correlation"}},
      {[](MasteringPlan& p) { p.limiter.ceiling_dbtp = 0.5; }, {"ceiling"}},
      {[](MasteringPlan& p) { p.limiter.lookahead_ms = 0.0; }, {"lookahead", "[0.5, 50] ms"}},
      {[](MasteringPlan& p) { p.limiter.release_ms = -1.0; }, {"limiter release", "[0, 5000] ms"}},
  };
  const AudioBuffer audio = test_audio();
  SpectralEngine engine(BackendOptions::cpu(1));
  for (const Case& c : cases) {
    MasteringPlan plan;
    c.mutate(plan);
    expect_invalid_naming([&] { render(audio, plan, engine); }, c.names, c.names.front() + " via render");
    // The same plan read from JSON fails the same way when rendered (plan_from_json only parses), and
    // master() with it as options.plan refuses it too.
    if (c.through_json) {
      const MasteringPlan parsed = plan_from_json(plan_to_json(plan));
      expect_invalid_naming([&] { render(audio, parsed, engine); }, c.names, c.names.front() + " from JSON");
    }
    MasterOptions options;
    options.plan = plan;
    expect_invalid_naming([&] { master(audio, options); }, c.names, c.names.front() + " via master");
  }
  // A valid plan at the edges of every range renders.
  MasteringPlan edge;
  edge.amounts = {1.0, 0.0, 1.0, 1.0};
  edge.target_lufs = -70.0;
  edge.limiter.ceiling_dbtp = 0.0;
  edge.compressor.ratio = 1.0;
  edge.width.side_gain = 4.0;
  EXPECT_NO_THROW(render(audio, edge, engine));
}

TEST(MasteringPlan, EmptyAudioIsRefused) {
  SpectralEngine engine(BackendOptions::cpu(1));
  try {
    render(AudioBuffer{}, MasteringPlan{}, engine);
    ADD_FAILURE() << "rendered empty audio";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::empty_audio) << e.what();
  }
}

TEST(MasteringPlan, PresetNamesParseAndUnknownOnesListTheChoices) {
  for (const Preset preset :
       {Preset::adaptive, Preset::gentle, Preset::warm, Preset::bright, Preset::punchy, Preset::live}) {
    EXPECT_EQ(preset_from_string(to_string(preset)), preset);
  }
  expect_invalid_naming([] { preset_from_string("loudest"); },
                        {"loudest", "adaptive", "gentle", "warm", "bright", "punchy", "live"},
                        "unknown preset");
}

TEST(MasteringPlan, OverridesReachThePlan) {
  SpectralEngine engine(BackendOptions::cpu(1));
  const ContentProfile profile = analyze_content(test_audio(), engine);
  PlanOverrides overrides;
  overrides.target_lufs = -19.5;
  overrides.ceiling_dbtp = -2.5;
  overrides.limiter = false;
  overrides.eq_amount = 0.25;
  overrides.dynamics_amount = 0.5;
  overrides.width_amount = 0.75;
  overrides.loudness_amount = 0.9;
  for (const MasteringPlan& plan :
       {plan_adaptive(profile, Preset::bright, overrides), plan_reference(profile, profile, overrides)}) {
    SCOPED_TRACE(to_string(plan.mode));
    EXPECT_EQ(plan.target_lufs, -19.5);
    EXPECT_EQ(plan.limiter.ceiling_dbtp, -2.5);
    EXPECT_FALSE(plan.limiter.enabled);
    EXPECT_EQ(plan.amounts.eq, 0.25);
    EXPECT_EQ(plan.amounts.dynamics, 0.5);
    EXPECT_EQ(plan.amounts.width, 0.75);
    EXPECT_EQ(plan.amounts.loudness, 0.9);
  }
  // Through plan_master, overrides also apply on top of a given plan.
  MasterOptions options;
  options.plan = neutral_plan();
  options.overrides.target_lufs = -20.0;
  options.overrides.loudness_amount = 1.0;
  const MasterReport report = plan_master(test_audio(), nullptr, options, engine);
  EXPECT_EQ(report.plan.target_lufs, -20.0);
  EXPECT_EQ(report.plan.amounts.loudness, 1.0);
  EXPECT_EQ(report.plan.amounts.eq, 0.0);
}

TEST(MasteringPlan, ReferenceAndHybridModesNeedAReference) {
  SpectralEngine engine(BackendOptions::cpu(1));
  for (const MasteringMode mode : {MasteringMode::reference, MasteringMode::hybrid}) {
    MasterOptions options;
    options.mode = mode;
    expect_invalid_naming([&] { plan_master(test_audio(), nullptr, options, engine); }, {"reference"},
                          to_string(mode));
  }
}

TEST(MasteringPlan, BlendWeightsPickTheEnds) {
  SpectralEngine engine(BackendOptions::cpu(1));
  const ContentProfile target = analyze_content(test_audio(), engine);
  const ContentProfile reference =
      analyze_content(test::white_noise(2, 44100, 2.0, -15.0, test::fresh_seed()), engine);
  const MasteringPlan adaptive = plan_adaptive(target, Preset::warm);
  const MasteringPlan matched = plan_reference(target, reference);
  const MasteringPlan none = blend_plans(adaptive, matched, 0.0);
  EXPECT_EQ(none.mode, MasteringMode::hybrid);
  EXPECT_EQ(none.target_lufs, adaptive.target_lufs);
  EXPECT_EQ(none.eq_db, adaptive.eq_db);
  for (double g : none.mid_eq.gains_db) EXPECT_EQ(g, 0.0);
  const MasteringPlan all = blend_plans(adaptive, matched, 1.0);
  EXPECT_EQ(all.target_lufs, matched.target_lufs);
  EXPECT_EQ(all.mid_eq.gains_db, matched.mid_eq.gains_db);
  EXPECT_EQ(all.side_eq.gains_db, matched.side_eq.gains_db);
  // Half way: the targets' mean.
  const MasteringPlan half = blend_plans(adaptive, matched, 0.5);
  EXPECT_DOUBLE_EQ(*half.target_lufs, 0.5 * (*adaptive.target_lufs + *matched.target_lufs));
  for (const double bad : {-0.1, 1.1, std::numeric_limits<double>::quiet_NaN()}) {
    expect_invalid_naming([&] { blend_plans(adaptive, matched, bad); }, {"weight"}, "weight out of range");
  }
}

// Every amount of a hybrid plan moves one way from the adaptive plan's to the reference plan's as the weight
// rises, the width change included (it used to be applied as (1 - w)^2: half way gave a quarter).
TEST(MasteringPlan, HybridAmountsMoveMonotonicallyWithTheWeight) {
  SpectralEngine engine(BackendOptions::cpu(1));
  const ContentProfile target = analyze_content(test_audio(), engine);
  const ContentProfile reference =
      analyze_content(test::white_noise(2, 44100, 2.0, -15.0, test::fresh_seed()), engine);
  MasteringPlan adaptive = plan_adaptive(target, Preset::adaptive);
  adaptive.width.side_gain = 1.2;  // a widening adaptive plan, so the width has somewhere to go
  const MasteringPlan matched = plan_reference(target, reference);
  const auto effective_side_gain = [](const MasteringPlan& p) {
    return 1.0 + (p.width.side_gain - 1.0) * p.amounts.width;
  };
  std::vector<MasteringPlan> plans;
  for (const double w : {0.0, 0.25, 0.5, 0.75, 1.0}) plans.push_back(blend_plans(adaptive, matched, w));
  EXPECT_NEAR(effective_side_gain(plans[2]),
              0.5 * (effective_side_gain(adaptive) + effective_side_gain(matched)), 1e-12);
  for (std::size_t i = 1; i < plans.size(); ++i) {
    EXPECT_LT(effective_side_gain(plans[i]), effective_side_gain(plans[i - 1]));
    EXPECT_LE(plans[i].amounts.dynamics, plans[i - 1].amounts.dynamics);
    EXPECT_LE(plans[i].amounts.width, plans[i - 1].amounts.width);
    for (std::size_t b = 0; b < log_band_count; ++b) {
      EXPECT_GE(std::abs(plans[i].mid_eq.gains_db[b]), std::abs(plans[i - 1].mid_eq.gains_db[b]));
    }
  }
}

// RMS level in dB of channel 0 over [first, first + count) frames.
double rms_db(const AudioBuffer& audio, std::size_t first, std::size_t count) {
  double sum = 0.0;
  for (std::size_t n = first; n < first + count; ++n)
    sum += static_cast<double>(audio.channel(0)[n]) * audio.channel(0)[n];
  return 10.0 * std::log10(sum / static_cast<double>(count));
}

bool all_finite(const AudioBuffer& audio) {
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    if (!std::ranges::all_of(audio.channel(c), [](float x) { return std::isfinite(x); })) return false;
  }
  return true;
}

// Only the compressor, with these times, on a 1 kHz tone stepping -40 -> -6 -> -40 dBFS.
struct StepCompression {
  AudioBuffer in, out;
  std::size_t loud_start, quiet_start, ms;
};

StepCompression compress_step(double attack_ms, double release_ms, double rms_window_ms) {
  constexpr std::uint32_t rate = 48000;
  const test::ToneSegment segments[] = {{0.5, -40.0}, {1.0, -6.0}, {0.5, -40.0}};
  StepCompression step{
      test::tone_sequence(2, rate, 1000.0, segments), {}, rate / 2, rate * 3 / 2, rate / 1000};
  MasteringPlan plan = neutral_plan();
  plan.compressor_enabled = true;
  plan.amounts.dynamics = 1.0;
  plan.compressor = {DetectorKind::rms, -20.0, 4.0, 0.0, attack_ms, release_ms, rms_window_ms, 0.0};
  SpectralEngine engine(BackendOptions::cpu(1));
  step.out = render(step.in, plan, engine).audio;
  return step;
}

TEST(MasteringPlan, ZeroAttackAndReleaseAreInstant) {
  const StepCompression instant = compress_step(0.0, 0.0, 0.0);
  ASSERT_TRUE(all_finite(instant.out));
  const auto gain_db = [](const StepCompression& s, std::size_t first, std::size_t count) {
    return rms_db(s.out, first, count) - rms_db(s.in, first, count);
  };
  const std::size_t ms = instant.ms;
  // The loud part is compressed, from its first 2 ms as much as in its middle: no attack overshoot.
  const double steady = gain_db(instant, instant.loud_start + 500 * ms, 20 * ms);
  EXPECT_LT(steady, -2.0);
  EXPECT_NEAR(gain_db(instant, instant.loud_start, 2 * ms), steady, 1.0);
  // The quiet part right after it is back at its own level within 2 ms: no release tail.
  EXPECT_NEAR(gain_db(instant, instant.quiet_start + 2 * ms, 2 * ms), 0.0, 0.1);
  // The same measurements see a slow compressor's overshoot and tail, so they would see an instant one's.
  const StepCompression slow = compress_step(30.0, 300.0, 10.0);
  EXPECT_GT(gain_db(slow, slow.loud_start, 2 * ms), gain_db(slow, slow.loud_start + 500 * ms, 20 * ms) + 1.0);
  EXPECT_LT(gain_db(slow, slow.quiet_start + 2 * ms, 2 * ms), -1.0);
  // Plans with zero times come through JSON and master() as well.
  const MasteringPlan parsed = plan_from_json(
      R"({"compressor": {"attack_ms": 0, "release_ms": 0, "rms_window_ms": 0}, "limiter": {"release_ms": 0}})");
  EXPECT_EQ(parsed.compressor.attack_ms, 0.0);
  EXPECT_EQ(parsed.limiter.release_ms, 0.0);
  MasterOptions options;
  options.plan = parsed;
  options.backend = BackendOptions::cpu(1);
  EXPECT_TRUE(all_finite(master(test_audio(), options).audio));
}

TEST(MasteringPlan, ZeroLimiterReleaseHoldsTheCeiling) {
  MasteringPlan plan;
  plan.target_lufs = -6.0;  // far above the noise's level: the limiter works throughout
  plan.limiter.release_ms = 0.0;
  plan.limiter.lookahead_ms = 0.5;
  SpectralEngine engine(BackendOptions::cpu(1));
  const RenderResult result = render(test::pink_noise(2, 44100, 3.0, -10.0, 0x72656cULL), plan, engine);
  ASSERT_TRUE(all_finite(result.audio));
  ASSERT_TRUE(result.after.true_peak.has_value());
  EXPECT_LE(*LoudnessReport::to_db(*result.after.true_peak), plan.limiter.ceiling_dbtp);
  ASSERT_TRUE(result.after.integrated_lufs.has_value());
  EXPECT_GT(*result.after.integrated_lufs, -12.0);  // raised well above the input's level
}

bool has_warning(const MasterReport& report, const std::vector<std::string>& parts) {
  return std::ranges::any_of(report.warnings, [&](const std::string& w) {
    return std::ranges::all_of(parts,
                               [&](const std::string& part) { return w.find(part) != std::string::npos; });
  });
}

std::string warnings_of(const MasterReport& report) {
  std::string all;
  for (const std::string& w : report.warnings) all += w + "\n";
  return all;
}

void expect_finite_profile(const ContentProfile& p) {
  for (const double v :
       {p.rms_dbfs, p.crest_db, p.short_term_p10_lufs, p.short_term_p50_lufs, p.short_term_p95_lufs,
        p.dynamic_range_db, p.spectral_centroid_hz, p.spectral_rolloff_hz, p.spectral_flatness, p.correlation,
        p.width, p.low_end_correlation, p.tempo_bpm, p.onset_rate_hz}) {
    EXPECT_TRUE(std::isfinite(v)) << v;
  }
  for (const auto* bands : {&p.log_band_power, &p.mid_log_band_power, &p.side_log_band_power}) {
    for (const double v : *bands) EXPECT_TRUE(std::isfinite(v)) << v;
  }
  for (const auto* bands : {&p.critical_band_power, &p.band_correlation, &p.band_width}) {
    for (const double v : *bands) EXPECT_TRUE(std::isfinite(v)) << v;
  }
  const LoudnessReport& l = p.loudness;
  for (const auto& v :
       {l.integrated_lufs, l.loudness_range_lu, l.max_momentary_lufs, l.max_short_term_lufs, l.true_peak}) {
    if (v) {
      EXPECT_TRUE(std::isfinite(*v)) << *v;
    }
  }
  for (const double v : l.channel_true_peak) EXPECT_TRUE(std::isfinite(v)) << v;
}

TEST(MasteringPlan, HugeSamplesGiveFiniteFeaturesAndAPlanInRange) {
  SpectralEngine engine(BackendOptions::cpu(1));
  for (const std::size_t channels : {1, 2, 3}) {
    SCOPED_TRACE(channels);
    // Finite floats near the largest: no decoder refuses them, and their squares overflow float.
    AudioBuffer audio(channels, 44100 * 3, 44100);
    for (std::size_t c = 0; c < channels; ++c) std::ranges::fill(audio.channel(c), 3e38f);
    MasterOptions options;
    options.input_name = "huge.wav";
    const MasterReport report = plan_master(audio, nullptr, options, engine);
    expect_finite_profile(report.profile);
    EXPECT_GT(report.profile.rms_dbfs, 700.0);  // measured, not floored: 20 log10(3e38) = 769.5 dB
    EXPECT_GE(report.profile.loudness.true_peak.value_or(0.0), 3e38);
    EXPECT_GT(report.profile.log_band_power[0], 0.0);
    // The compressor's sidechain high-pass takes out the DC: nothing to compress, so neither a make-up nor
    // a threshold out of range (the plan's range check refuses those).
    EXPECT_EQ(report.plan.compressor.makeup_db, 0.0);
    EXPECT_EQ(report.plan.compressor.threshold_dbfs, 0.0);
    EXPECT_FALSE(has_warning(report, {"clamped"})) << warnings_of(report);
  }
}

// Rendering such a track: the float chain would overflow, so it is scaled down by a power of two first and
// mastered like any other (a sine 770 dB over full scale comes out at the target under the ceiling).
TEST(MasteringPlan, HugeSamplesAreMasteredScaledWithAWarning) {
  AudioBuffer audio(2, 44100 * 3, 44100);
  for (std::size_t c = 0; c < 2; ++c) {
    auto x = audio.channel(c);
    for (std::size_t n = 0; n < x.size(); ++n) {
      x[n] = static_cast<float>(3e38 *
                                std::sin(2.0 * std::numbers::pi * 997.0 * static_cast<double>(n) / 44100.0));
    }
  }
  MasterOptions options;
  options.input_name = "huge.wav";
  options.backend = BackendOptions::cpu(1);
  const MasterResult result = master(audio, options);
  for (std::size_t c = 0; c < 2; ++c) {
    for (const float x : result.audio.channel(c)) ASSERT_TRUE(std::isfinite(x));
  }
  ASSERT_TRUE(result.report.after.true_peak && result.report.after.integrated_lufs);
  EXPECT_LE(*LoudnessReport::to_db(*result.report.after.true_peak),
            result.report.plan.limiter.ceiling_dbtp + 0.01);
  EXPECT_NEAR(*result.report.after.integrated_lufs, *result.report.plan.target_lufs, 0.5);
  EXPECT_TRUE(has_warning(result.report, {"huge.wav: ", "samples reach +769.5 dBFS", "scaled by -770.6 dB"}))
      << warnings_of(result.report);
}

// A full-scale square wave at 1 kHz: legal, and louder than 0 LUFS (about +3.8).
AudioBuffer full_scale_square() {
  AudioBuffer square(2, 48000 * 3, 48000);
  for (std::size_t c = 0; c < 2; ++c) {
    auto x = square.channel(c);
    for (std::size_t n = 0; n < x.size(); ++n) x[n] = (n / 24) % 2 ? 1.0f : -1.0f;
  }
  return square;
}

TEST(MasteringPlan, ALoudReferenceGivesATargetClampedToZeroLufs) {
  SpectralEngine engine(BackendOptions::cpu(1));
  const AudioBuffer reference = full_scale_square();
  const auto reference_lufs = measure_loudness(reference).integrated_lufs;
  ASSERT_TRUE(reference_lufs.has_value());
  ASSERT_GT(*reference_lufs, 3.0);
  MasterOptions options;
  options.input_name = "song.wav";
  options.reference_name = "ref.wav";
  for (const MasteringMode mode : {MasteringMode::reference, MasteringMode::hybrid}) {
    SCOPED_TRACE(to_string(mode));
    options.mode = mode;
    options.hybrid_weight = 1.0;
    const MasterReport report = plan_master(test_audio(), &reference, options, engine);
    EXPECT_EQ(report.plan.target_lufs, 0.0);
    EXPECT_TRUE(has_warning(
        report, {"song.wav: planned target loudness +3.8", "ref.wav", "is above 0 LUFS; clamped to 0 LUFS"}))
        << warnings_of(report);
  }
  // A target the user gives is not a decision: it is kept, with no warning about the decided one...
  options.mode = MasteringMode::reference;
  options.overrides.target_lufs = -10.0;
  const MasterReport overridden = plan_master(test_audio(), &reference, options, engine);
  EXPECT_EQ(overridden.plan.target_lufs, -10.0);
  EXPECT_FALSE(has_warning(overridden, {"target loudness"})) << warnings_of(overridden);
  // ... and refused, naming the input and the field, when out of range.
  options.overrides.target_lufs = 3.0;
  expect_invalid_naming([&] { plan_master(test_audio(), &reference, options, engine); },
                        {"song.wav: ", "target loudness", "[-70, 0] LUFS"}, "target override above 0 LUFS");
}

TEST(MasteringPlan, AReferenceWithoutLoudnessIsUnusable) {
  SpectralEngine engine(BackendOptions::cpu(1));
  const std::pair<const char*, AudioBuffer> references[] = {
      {"silent", test::silence(2, 3.0, 44100)},
      {"300 ms", test::pink_noise(2, 44100, 0.3, -10.0, 0x73686f7274ULL)},
      {"below -70 LUFS", test::pink_noise(2, 44100, 3.0, -90.0, 0x7175696574ULL)},
  };
  for (const auto& [what, reference] : references) {
    for (const MasteringMode mode : {MasteringMode::reference, MasteringMode::hybrid}) {
      SCOPED_TRACE(std::string(what) + ", " + to_string(mode));
      MasterOptions options;
      options.mode = mode;
      options.input_name = "song.wav";
      options.reference_name = "ref.wav";
      try {
        plan_master(test_audio(), &reference, options, engine);
        ADD_FAILURE() << "accepted";
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::unusable_reference) << e.what();
        EXPECT_EQ(std::string(e.what()).rfind("ref.wav: the reference has no measurable loudness", 0), 0u)
            << e.what();
      }
    }
  }
}

TEST(MasteringPlan, PlanErrorsNameTheInput) {
  SpectralEngine engine(BackendOptions::cpu(1));
  MasterOptions options;
  options.input_name = "song.wav";
  MasteringPlan plan;
  plan.compressor.attack_ms = -1.0;
  options.plan = plan;
  expect_invalid_naming(
      [&] { plan_master(test_audio(), nullptr, options, engine); },
      {"song.wav: mastering plan: compressor attack", "[0, 1000] ms", "compressor.attack_ms"}, "plan_master");
  expect_invalid_naming([&] { master(test_audio(), options); }, {"song.wav: ", "compressor attack"},
                        "master");
  options.plan.reset();
  options.mode = MasteringMode::reference;
  expect_invalid_naming([&] { plan_master(test_audio(), nullptr, options, engine); },
                        {"song.wav: ", "needs a reference"}, "no reference");
  options.mode = MasteringMode::hybrid;
  options.hybrid_weight = 2.0;
  const AudioBuffer reference = test_audio();
  expect_invalid_naming([&] { plan_master(test_audio(), &reference, options, engine); },
                        {"song.wav: ", "hybrid weight"}, "hybrid weight");
}

// Address space this process has mapped now, in bytes (/proc/self/statm counts pages).
std::size_t mapped_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0;
  statm >> pages;
  return pages * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// In a death-test child: masters 20 s of stereo with only 256 KiB more address space to grow into (the
// analysis pass's segment buffers alone need 1 MiB), and exits 0 after printing the error's code and
// message.
[[noreturn]] void master_short_of_memory(bool plan_only) {
  AudioBuffer audio = test::pink_noise(2, 48000, 20.0, -10.0, 0x6f6f6dULL);
  MasterOptions options;
  options.input_name = "song.wav";
  options.backend = BackendOptions::cpu(1);
  SpectralEngine engine(options.backend);
  const rlimit limit{mapped_bytes() + (std::size_t{256} << 10), RLIM_INFINITY};
  if (setrlimit(RLIMIT_AS, &limit) != 0) std::_Exit(3);
  try {
    if (plan_only) {
      plan_master(audio, nullptr, options, engine);
    } else {
      master(std::move(audio), options);
    }
    std::fputs("no error\n", stderr);
    std::_Exit(1);
  } catch (const Error& e) {
    std::fprintf(stderr, "%s: %s\n", to_string(e.code()), e.what());
    std::_Exit(0);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "not an auralis::Error: %s\n", e.what());
    std::_Exit(2);
  }
}

TEST(MasteringPlan, RunningOutOfMemoryIsAnErrorNamingTheInput) {
  if (auralis::test::sanitized_build) {
    GTEST_SKIP() << "sanitizers reserve address space of their own, which RLIMIT_AS would take from them";
  }
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(master_short_of_memory(true), ::testing::ExitedWithCode(0),
              "out_of_memory: song.wav: not enough memory to master it");
  EXPECT_EXIT(master_short_of_memory(false), ::testing::ExitedWithCode(0),
              "out_of_memory: song.wav: not enough memory to master it");
}

}  // namespace
