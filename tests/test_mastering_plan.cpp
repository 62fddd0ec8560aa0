// Mastering plans as data: JSON round trip, defaults for missing fields, errors naming the field, render()'s
// validation, overrides, blending and the neutral plan.
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "support/seeds.hpp"
#include "support/signals.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
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
  EXPECT_EQ(a.width.side_gain, b.width.side_gain);
  EXPECT_EQ(a.width.bass_mono_hz, b.width.bass_mono_hz);
  EXPECT_EQ(a.width.min_correlation, b.width.min_correlation);
  EXPECT_EQ(a.limiter.enabled, b.limiter.enabled);
  EXPECT_EQ(a.limiter.ceiling_dbtp, b.limiter.ceiling_dbtp);
  EXPECT_EQ(a.limiter.lookahead_ms, b.limiter.lookahead_ms);
  EXPECT_EQ(a.limiter.release_ms, b.limiter.release_ms);
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
  p.mid_eq = {{31.5, 250.0, 1234.5678, 16000.0}, {0.7, -1.0 / 7.0, 2.2, -3.3}};
  p.side_eq = {{40.0, 4000.0}, {-0.1, 0.3}};
  p.compressor = {DetectorKind::peak, -23.7, 2.9, 4.1, 7.3, 333.3, 12.5, 1.1};
  p.compressor_enabled = false;
  p.width = {1.17, 85.5, 0.21};
  p.limiter = {false, -1.7, 3.3, 66.6};
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
      {[](MasteringPlan& p) { p.target_lufs = 3.0; }, {"target loudness"}},
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
       {"side EQ curve", "36 dB"}},
      {[](MasteringPlan& p) { p.compressor.ratio = 0.5; }, {"compressor ratio"}},
      {[](MasteringPlan& p) { p.compressor.threshold_dbfs = 6.0; }, {"compressor threshold"}},
      {[](MasteringPlan& p) { p.compressor.knee_db = -1.0; }, {"compressor knee"}},
      {[](MasteringPlan& p) { p.compressor.attack_ms = 0.0; }, {"compressor attack"}},
      {[](MasteringPlan& p) { p.compressor.release_ms = 1e6; }, {"compressor release"}},
      {[](MasteringPlan& p) { p.compressor.rms_window_ms = -5.0; }, {"RMS window"}},
      {[](MasteringPlan& p) { p.compressor.makeup_db = 30.0; }, {"make-up"}},
      {[](MasteringPlan& p) { p.width.side_gain = 5.0; }, {"side gain"}},
      {[](MasteringPlan& p) { p.width.bass_mono_hz = -1.0; }, {"bass mono"}},
      {[](MasteringPlan& p) { p.width.min_correlation = 1.5; }, {"minimum correlation"}},
      {[](MasteringPlan& p) { p.limiter.ceiling_dbtp = 0.5; }, {"ceiling"}},
      {[](MasteringPlan& p) { p.limiter.lookahead_ms = 0.0; }, {"lookahead"}},
      {[](MasteringPlan& p) { p.limiter.release_ms = 0.0; }, {"limiter release"}},
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

}  // namespace
