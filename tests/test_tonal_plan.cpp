// SPDX-License-Identifier: MIT
// The adaptive plan's tone: regions corrected toward the target balance by at most 3 dB past the preset's
// tilt, no boost where a region holds only noise, and a 20-60 Hz control apart from the kick's band.
#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/mastering.hpp>

#include "mastering/plan_tone.hpp"
#include "support/seeds.hpp"
#include "support/signals.hpp"
#include "support/tone_fit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <span>

namespace {

using namespace auralis;

constexpr std::uint32_t kRate = 44100;
constexpr double kSeconds = 8.0;

ContentProfile profile_of(const AudioBuffer& audio) {
  SpectralEngine engine(BackendOptions::cpu(0));
  return analyze_content(audio, engine);
}

// Pink noise through a one-pole low-pass at `corner_hz` (-6 dB an octave above it: far darker than the
// balance the plan aims at), its level moving by 16-24 dB as music's does (a band moving less than 6 dB
// between its loud sections and its floor reads as steady noise).
AudioBuffer dark_programme(double corner_hz, std::uint64_t seed) {
  AudioBuffer audio = test::pink_noise(2, kRate, kSeconds, -10.0, seed);
  const double pole = std::exp(-2.0 * std::numbers::pi * corner_hz / kRate);
  for (std::size_t c = 0; c < 2; ++c) {
    double state = 0.0;
    for (float& x : audio.channel(c)) {
      state = (1.0 - pole) * x + pole * state;
      x = static_cast<float>(state);
    }
  }
  const double levels_db[] = {0.0, -20.0, -4.0, -24.0, 0.0, -16.0};
  test::apply_gain_ramp_db(audio, levels_db, 1.5);
  return audio;
}

TEST(TonalPlan, EveryRegionStaysWithinThreeDecibelsOfItsTilt) {
  const ContentProfile dark = profile_of(dark_programme(300.0, test::fresh_seed()));
  for (const Preset preset : {Preset::adaptive, Preset::warm, Preset::bright}) {
    const mastering::Tilt& tilt = mastering::preset_profile(preset).tilt;
    const mastering::TonalCorrection tone = mastering::plan_tonal_correction(dark, tilt, 0.0);
    for (std::size_t r = 0; r < mastering::tonal_region_count; ++r) {
      const double t = tilt[r == 0 ? 0 : r - 1];
      EXPECT_GE(tone.region_db[r], std::min(0.0, t) - 3.0 - 1e-12) << to_string(preset) << " region " << r;
      EXPECT_LE(tone.region_db[r], std::max(0.0, t) + 3.0 + 1e-12) << to_string(preset) << " region " << r;
    }
    // So dark a track has far more to gain above 3 kHz than the cap allows: the cap is what stops it.
    EXPECT_NEAR(tone.region_db[5], std::max(0.0, tilt[4]) + 3.0, 1e-12) << to_string(preset);
    std::printf("%s: regions", to_string(preset));
    for (const double g : tone.region_db) std::printf(" %+.2f", g);
    std::printf(" dB\n");
  }
}

TEST(TonalPlan, ARegionHoldingOnlyNoiseIsNotBoosted) {
  const std::uint64_t seed = test::fresh_seed();
  // Dark programme that stops well under 8 kHz: without hiss the top region gets the full boost; with a
  // steady hiss there (all the region holds) it gets none.
  const AudioBuffer clean = dark_programme(300.0, seed);
  AudioBuffer hissy = clean;
  const AudioBuffer hiss = test::white_noise(2, kRate, kSeconds, -70.0, seed + 1);
  for (std::size_t c = 0; c < 2; ++c) {
    for (std::size_t n = 0; n < hissy.frames(); ++n) hissy.channel(c)[n] += hiss.channel(c)[n];
  }
  const mastering::Tilt flat{};
  const double clean_top = mastering::plan_tonal_correction(profile_of(clean), flat, 0.0).region_db[5];
  const double hissy_top = mastering::plan_tonal_correction(profile_of(hissy), flat, 0.0).region_db[5];
  std::printf("8-20 kHz: %+.2f dB without hiss, %+.2f dB over the hiss\n", clean_top, hissy_top);
  EXPECT_GT(clean_top, 2.0);
  EXPECT_LE(hissy_top, 0.0);
}

TEST(TonalPlan, TheSubBassControlCutsRumbleAndKeepsTheKick) {
  // 35 Hz rumble and an 80 Hz kick tone; the plan cuts 20-60 Hz by 6 dB and leaves the critical bands flat.
  AudioBuffer input = test::sine(2, kRate, 35.0, -12.0, 4.0);
  const AudioBuffer kick = test::sine(2, kRate, 80.0, -12.0, 4.0);
  for (std::size_t c = 0; c < 2; ++c) {
    for (std::size_t n = 0; n < input.frames(); ++n) input.channel(c)[n] += kick.channel(c)[n];
  }
  MasteringPlan plan = neutral_plan();
  plan.amounts.eq = 1.0;
  plan.sub_bass_db = -6.0;
  SpectralEngine engine(BackendOptions::cpu(0));
  const AudioBuffer output = render(input, plan, engine).audio;
  const std::size_t first = kRate, last = input.frames() - kRate;
  const auto change_db = [&](double hz) {
    return 20.0 *
           std::log10(
               test::tone_amplitude(std::span<const float>(output.channel(0)), hz, kRate, first, last) /
               test::tone_amplitude(std::span<const float>(input.channel(0)), hz, kRate, first, last));
  };
  const double rumble = change_db(35.0), kept = change_db(80.0);
  std::printf("35 Hz %+.2f dB, 80 Hz %+.2f dB\n", rumble, kept);
  // The control point sits at 35 Hz, the lowest critical band's at 77 Hz: the FIR's +-11 Hz main lobe and
  // the interpolation between them leave 35 Hz within 0.5 dB of the cut and 80 Hz within 0.5 dB of flat.
  EXPECT_NEAR(rumble, -6.0, 0.5);
  EXPECT_NEAR(kept, 0.0, 0.5);
}

}  // namespace
