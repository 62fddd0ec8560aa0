// SPDX-License-Identifier: MIT
// The compressor as planned and rendered: its sidechain high-pass keeps a kick from pumping what sounds over
// it, the planned threshold lands the rendered reduction on the preset's target after the EQ, the make-up is
// the gain the plan reports, and a master mastered again is left (nearly) alone.
#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>

#include "dsp/compressor.hpp"
#include "mastering/plan_compressor.hpp"
#include "mastering/presets.hpp"
#include "support/signals.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>
#include <optional>
#include <span>
#include <vector>

namespace {

using namespace auralis;

constexpr double kPi = std::numbers::pi;
constexpr std::uint32_t kRate = 44100;
constexpr double kSeconds = 6.0;  // two sections of each programme

AudioBuffer stereo(double seconds) {
  return AudioBuffer(2, static_cast<std::size_t>(seconds * kRate), kRate);
}

// Level (linear) of the section `t` seconds lies in: sections of `section_s` alternate loud and `drop_db`
// quieter, so the short-term loudness has a range to compress.
double section_gain(double t, double section_s, double drop_db) {
  return static_cast<int>(t / section_s) % 2 == 0 ? 1.0 : std::pow(10.0, -drop_db / 20.0);
}

// A drum loop at 120 bpm: a kick (55 Hz falling to 45, 120 ms decay) on every beat, a snare (noise, 60 ms)
// on beats 2 and 4 and closed hats (noise, 15 ms) on every eighth; a quieter 3 s break after each 3 s.
AudioBuffer drum_loop(double seconds) {
  AudioBuffer audio = stereo(seconds);
  const AudioBuffer noise = test::white_noise(2, kRate, seconds, 0.0, 1);
  for (std::size_t n = 0; n < audio.frames(); ++n) {
    const double t = static_cast<double>(n) / kRate;
    const double beat = std::fmod(t, 0.5), eighth = std::fmod(t, 0.25);
    const bool backbeat = static_cast<int>(t / 0.5) % 2 == 1;
    const double kick = 0.7 * std::exp(-beat / 0.12) *
                        std::sin(2 * kPi * (45.0 * beat + 10.0 * 0.05 * (1 - std::exp(-beat / 0.05))));
    const double snare = backbeat ? 0.3 * std::exp(-beat / 0.06) * noise.channel(0)[n] : 0.0;
    const double hat = 0.08 * std::exp(-eighth / 0.015) * noise.channel(1)[n];
    const double g = section_gain(t, 3.0, 10.0);
    audio.channel(0)[n] = static_cast<float>(g * (kick + snare + hat));
    audio.channel(1)[n] = static_cast<float>(g * (kick + snare - hat));
  }
  return audio;
}

// A dense pad (a six-tone chord, four harmonics each) with accents 8 dB up for 120 ms every 0.75 s, in
// sections 8 dB apart.
AudioBuffer pad_with_accents(double seconds) {
  AudioBuffer audio = stereo(seconds);
  const double tones[] = {110.0, 164.8, 220.0, 277.2, 330.0, 440.0};
  for (std::size_t n = 0; n < audio.frames(); ++n) {
    const double t = static_cast<double>(n) / kRate;
    double pad = 0.0;
    for (std::size_t k = 0; k < std::size(tones); ++k) {
      for (int h = 1; h <= 4; ++h)
        pad += 0.05 / h * std::sin(2 * kPi * tones[k] * h * t + static_cast<double>(k));
    }
    const double accent = std::fmod(t, 0.75) < 0.12 ? 2.5 : 1.0;
    const double v = section_gain(t, 2.5, 8.0) * accent * pad;
    audio.channel(0)[n] = static_cast<float>(v);
    audio.channel(1)[n] = static_cast<float>(v);
  }
  return audio;
}

// Piano-like notes: a harmonic tone (partials 1/k) struck every 0.3 s with a 0.5 s decay, velocities from
// a loud phrase to a soft one (`depth_db` apart) and back.
AudioBuffer piano_like(double seconds, double depth_db) {
  AudioBuffer audio = stereo(seconds);
  const double notes[] = {261.6, 329.6, 392.0, 523.3, 440.0, 349.2, 293.7};
  std::vector<double> mix(audio.frames(), 0.0);
  const double period = 0.3;
  for (std::size_t i = 0; static_cast<double>(i) * period < seconds; ++i) {
    const double start = static_cast<double>(i) * period;
    const double phrase = 0.5 + 0.5 * std::cos(2 * kPi * start / seconds);  // 1 loud, 0 soft
    const double velocity = 0.35 * std::pow(10.0, -depth_db * (1.0 - phrase) / 20.0);
    const double f = notes[i % std::size(notes)];
    const auto first = static_cast<std::size_t>(start * kRate);
    for (std::size_t n = first; n < mix.size() && n < first + 2 * kRate; ++n) {
      const double t = static_cast<double>(n - first) / kRate;
      double tone = 0.0;
      for (int k = 1; k <= 6; ++k) tone += std::sin(2 * kPi * f * k * t) / k;
      mix[n] += velocity * std::exp(-t / 0.5) * tone;
    }
  }
  for (std::size_t n = 0; n < mix.size(); ++n) {
    audio.channel(0)[n] = static_cast<float>(mix[n]);
    audio.channel(1)[n] = static_cast<float>(0.9 * mix[n]);
  }
  return audio;
}

// White noise struck 10 dB up for 80 ms every 0.4 s, in sections 8 dB apart.
AudioBuffer noise_hits(double seconds) {
  AudioBuffer audio = test::white_noise(2, kRate, seconds, 0.0, 2);
  for (std::size_t n = 0; n < audio.frames(); ++n) {
    const double t = static_cast<double>(n) / kRate;
    const double hit = std::fmod(t, 0.4) < 0.08 ? 3.0 : 1.0;
    const double g = 0.05 * section_gain(t, 2.5, 8.0) * hit;
    for (std::size_t c = 0; c < 2; ++c) audio.channel(c)[n] = static_cast<float>(g * audio.channel(c)[n]);
  }
  return audio;
}

MasterOptions cpu_options(Preset preset) {
  MasterOptions options;
  options.preset = preset;
  options.backend = BackendOptions::cpu(1);
  return options;
}

struct Programme {
  const char* name;
  AudioBuffer audio;
};

// Made once for the tests that share them.
const std::vector<Programme>& programmes() {
  static const std::vector<Programme> list = [] {
    std::vector<Programme> made;
    made.push_back({"drum loop", drum_loop(kSeconds)});
    made.push_back({"pad with accents", pad_with_accents(kSeconds)});
    made.push_back({"piano-like", piano_like(kSeconds, 24.0)});
    made.push_back({"noise hits", noise_hits(kSeconds)});
    return made;
  }();
  return list;
}

// The mean reduction the report gives against the plan's target, for `preset` (with `target_db` instead of
// the preset's own when given).
void expect_landing(const Programme& programme, Preset preset, std::optional<double> target_db,
                    std::size_t& landed) {
  SCOPED_TRACE(testing::Message() << programme.name << ", " << to_string(preset));
  MasterOptions options = cpu_options(preset);
  options.overrides.compressor_reduction_db = target_db;
  const MasterResult result = master(programme.audio, options);
  const CompressorPlan& plan = result.report.plan.compressor;
  if (target_db) {
    EXPECT_EQ(plan.target_reduction_db, *target_db);
  }
  if (plan.target_reduction_db < 0.5) return;  // too little to tell landing from doing nothing
  EXPECT_NEAR(result.report.compressor_reduction.mean_db, plan.target_reduction_db, 1.0);
  ++landed;
}

TEST(CompressorPlan, RenderedReductionLandsOnThePresetsTarget) {
  std::size_t landed = 0;
  for (const Programme& programme : programmes()) {
    for (const Preset preset : {Preset::gentle, Preset::punchy}) {
      expect_landing(programme, preset, std::nullopt, landed);
    }
  }
  EXPECT_GE(landed, 4u);  // the programmes with a range to take in have a target to land on
}

TEST(CompressorPlan, RenderedReductionLandsOnAGivenTarget) {
  std::size_t landed = 0;
  for (const Programme& programme : programmes()) {
    expect_landing(programme, Preset::gentle, 1.0, landed);
    expect_landing(programme, Preset::punchy, 3.0, landed);
  }
  EXPECT_EQ(landed, 8u);
}

TEST(CompressorPlan, ThresholdFollowsTheEq) {
  // An EQ lifting everything above 2 kHz by 10 dB (a plan file's, say) raises the level the drum loop's
  // sidechain sees by several dB: the threshold moves with it, and a threshold planned on the level before
  // the EQ would miss.
  const AudioBuffer& drums = programmes()[0].audio;
  SpectralEngine engine(BackendOptions::cpu(1));
  MasterOptions options = cpu_options(Preset::punchy);
  options.overrides.compressor_reduction_db = 3.0;
  MasteringPlan plan = plan_master(drums, nullptr, options, engine).plan;
  const auto centres = mastering::critical_band_centres_hz();
  for (std::size_t b = 0; b < critical_band_count; ++b) plan.eq_db[b] = centres[b] > 2000.0 ? 10.0 : 0.0;
  const ContentProfile profile = analyze_content(drums, engine);
  const std::array<double, critical_band_count> flat{};
  const CompressorPlan moved =
      mastering::plan_compressor(profile, Preset::punchy, plan.compressor.ratio, plan.eq_db, 1.0, 3.0);
  const CompressorPlan unmoved =
      mastering::plan_compressor(profile, Preset::punchy, plan.compressor.ratio, flat, 1.0, 3.0);
  EXPECT_GT(moved.threshold_dbfs - unmoved.threshold_dbfs, 3.0);
  plan.compressor = moved;
  const double landed = render(drums, plan, engine).compressor_reduction.mean_db;
  plan.compressor = unmoved;
  const double missed = render(drums, plan, engine).compressor_reduction.mean_db;
  std::printf("threshold moved %.2f dB by the EQ; reduction %.2f dB (3 planned), %.2f dB unmoved\n",
              moved.threshold_dbfs - unmoved.threshold_dbfs, landed, missed);
  EXPECT_NEAR(landed, 3.0, 1.0);
  EXPECT_GT(missed, 3.0 + 1.0);
}

// Gain in dB the compressor applied to the samples of `x` (mono) after the first second (where it has
// settled), with its sidechain high-pass at `high_pass_hz`, and the reduction it reports.
struct Applied {
  std::vector<double> gain_db;
  GainReduction reduction;
};
Applied compress(const std::vector<float>& x, double high_pass_hz) {
  CompressorPlan plan;
  plan.threshold_dbfs = -30.0;
  plan.ratio = 4.0;
  plan.sidechain_high_pass_hz = high_pass_hz;
  std::vector<float> y = x;
  dsp::Compressor compressor(plan, 1.0);
  compressor.prepare({kRate, 1, y.size()});
  float* planes[] = {y.data()};
  compressor.process(planes, y.size());
  Applied applied{{}, compressor.reduction()};
  for (std::size_t n = kRate; n < x.size(); ++n) {
    if (std::abs(x[n]) > 1e-3f)
      applied.gain_db.push_back(20.0 * std::log10(y[n] / static_cast<double>(x[n])));
  }
  return applied;
}

TEST(CompressorPlan, SidechainHighPassKeepsAKickFromPumpingATone) {
  // A kick (55 Hz, 120 ms decay, peaks at -3 dBFS) every half second under a steady 1 kHz tone at -20 dBFS
  // (its RMS 7 dB over the threshold): the tone alone would be held 5 dB down, steadily.
  std::vector<float> x(4 * kRate), tone(x.size());
  for (std::size_t n = 0; n < x.size(); ++n) {
    const double t = static_cast<double>(n) / kRate, beat = std::fmod(t, 0.5);
    const double kick = 0.7 * std::exp(-beat / 0.12) * std::sin(2 * kPi * 55.0 * beat);
    tone[n] = static_cast<float>(0.1 * std::sin(2 * kPi * 1000.0 * t));
    x[n] = static_cast<float>(kick) + tone[n];
  }
  const Applied filtered = compress(x, 100.0), unfiltered = compress(x, 0.0), alone = compress(tone, 100.0);
  // The gain's swing over the beats once the compressor has settled (the last 3 s): the tone's pumping.
  const auto swing = [](const Applied& a) {
    const auto [low, high] = std::ranges::minmax_element(a.gain_db);
    return *high - *low;
  };
  // Measured: the tone alone 5.2 dB steady; with the kick 5.8 dB and a 1.4 dB swing through the sidechain
  // filter, 11.7 dB and a 9.6 dB swing without it.
  EXPECT_NEAR(filtered.reduction.mean_db, alone.reduction.mean_db, 1.0);
  EXPECT_GT(unfiltered.reduction.mean_db, alone.reduction.mean_db + 4.0);
  EXPECT_LT(swing(filtered), 2.0);
  EXPECT_GT(swing(unfiltered), 6.0);
}

TEST(CompressorPlan, MakeUpIsTheGainThePlanReports) {
  // The piano-like programme, then 1.5 s of a 1 kHz tone at -60 dBFS, far under any threshold planned for
  // it: there the compressor applies its make-up and nothing else.
  const AudioBuffer& piano = programmes()[2].audio;
  AudioBuffer audio = stereo(kSeconds + 1.5);
  for (std::size_t c = 0; c < 2; ++c) {
    for (std::size_t n = 0; n < audio.frames(); ++n) {
      const double t = static_cast<double>(n) / kRate;
      audio.channel(c)[n] = n < piano.frames() ? piano.channel(c)[n]
                                               : static_cast<float>(1e-3 * std::sin(2 * kPi * 1000.0 * t));
    }
  }
  SpectralEngine engine(BackendOptions::cpu(1));
  MasteringPlan plan = plan_master(audio, nullptr, cpu_options(Preset::punchy), engine).plan;
  EXPECT_GE(plan.compressor.makeup_db, 1.0);
  EXPECT_EQ(plan.compressor.makeup_db, plan.compressor.target_reduction_db);
  // The compressor alone: no EQ (nor its subsonic filter), width, loudness gain or limiter.
  plan.amounts.eq = plan.amounts.width = plan.amounts.loudness = 0.0;
  plan.subsonic_hz = 0.0;
  plan.limiter.enabled = false;
  const RenderResult rendered = render(audio, plan, engine);
  const auto rms_db = [](const AudioBuffer& a, std::size_t first) {
    double sum = 0.0;
    for (std::size_t n = first; n < a.frames(); ++n)
      sum += static_cast<double>(a.channel(0)[n]) * a.channel(0)[n];
    return 10.0 * std::log10(sum / static_cast<double>(a.frames() - first));
  };
  const std::size_t tail = audio.frames() - kRate / 4;  // the last 250 ms: 2.5 release constants after 1.25 s
  EXPECT_NEAR(rms_db(rendered.audio, tail) - rms_db(audio, tail), plan.compressor.makeup_db, 0.01);
}

TEST(CompressorPlan, MasteringAMasterAgainLeavesItsDynamicsAlone) {
  for (const Preset preset : {Preset::adaptive, Preset::punchy}) {
    SCOPED_TRACE(to_string(preset));
    const MasterResult first = master(piano_like(kSeconds, 16.0), cpu_options(preset));
    const MasterResult second = master(first.audio, cpu_options(preset));
    EXPECT_GE(first.report.compressor_reduction.mean_db, 0.5);
    EXPECT_LE(second.report.compressor_reduction.mean_db, 0.5);
    EXPECT_NEAR(*second.report.after.loudness_range_lu, *first.report.after.loudness_range_lu, 0.5);
  }
}

}  // namespace
