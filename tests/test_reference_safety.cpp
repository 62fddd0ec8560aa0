// SPDX-License-Identifier: MIT
// Safe reference matching: the match moves a track's spectrum toward the reference's where both hold music,
// and lifts neither hiss nor side noise, DC nor rumble. The engine we replace boosted a dull track's hiss
// floor by 32-35 dB above 10 kHz and a near-mono track's side hiss by 34 dB.
#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/error.hpp>
#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>
#include <auralis/spectral.hpp>

#include "support/loud_spectra.hpp"
#include "support/music_like.hpp"
#include "support/seeds.hpp"
#include "support/signals.hpp"
#include "support/tone_fit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

namespace {

using namespace auralis;

constexpr std::uint32_t kRate = 44100;
constexpr double kSeconds = 12.0;
// The bound: a band holding only the track's noise rises no more than the loudness gain plus 3 dB.
constexpr double kNoiseRiseToleranceDb = 3.0;

SpectralEngine cpu_engine() {
  return SpectralEngine(BackendOptions::cpu(0));
}

ContentProfile profile_of(const AudioBuffer& audio) {
  SpectralEngine engine = cpu_engine();
  return analyze_content(audio, engine);
}

// Whole-track mean power per log band of the mid (channel mean) and side, from the same STFT analysis
// uses, so band b here is band b of every curve.
struct MidSideSpectra {
  std::vector<double> mid, side;
};

MidSideSpectra mid_side_spectra(const AudioBuffer& audio) {
  AudioBuffer ms(2, audio.frames(), audio.sample_rate());
  for (std::size_t n = 0; n < audio.frames(); ++n) {
    const double l = audio.channel(0)[n], r = audio.channel(audio.channels() - 1)[n];
    ms.channel(0)[n] = static_cast<float>(0.5 * (l + r));
    ms.channel(1)[n] = static_cast<float>(0.5 * (l - r));
  }
  SpectralEngine engine = cpu_engine();
  const AudioBuffer* tracks[] = {&ms};
  const BandLayout layouts[] = {BandLayout::log64};
  const BandEnergies bands =
      engine.analyze(tracks, StftSpec{4096, 2048, Window::hann}, layouts)[0].layouts[0];
  MidSideSpectra out{std::vector<double>(bands.bands()), std::vector<double>(bands.bands())};
  for (std::size_t f = 0; f < bands.frames; ++f) {
    for (std::size_t b = 0; b < bands.bands(); ++b) {
      out.mid[b] += bands.at(0, f, b) / static_cast<double>(bands.frames);
      out.side[b] += bands.at(1, f, b) / static_cast<double>(bands.frames);
    }
  }
  return out;
}

std::vector<std::size_t> bands_between(double low_hz, double high_hz) {
  const std::vector<double> edges = band_edges_hz(BandLayout::log64, kRate);
  std::vector<std::size_t> bands;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    if (edges[b] >= low_hz && edges[b + 1] <= high_hz) bands.push_back(b);
  }
  return bands;
}

// Mean power rise in dB over `bands` from `before` to `after`.
double rise_db(const std::vector<double>& before, const std::vector<double>& after,
               const std::vector<std::size_t>& bands) {
  double a = 0.0, b = 0.0;
  for (const std::size_t band : bands) {
    a += before[band];
    b += after[band];
  }
  return 10.0 * std::log10(b / a);
}

double integrated(const AudioBuffer& audio) {
  return measure_loudness(audio).integrated_lufs.value();
}

MasterResult match(const AudioBuffer& track, const AudioBuffer& reference, PlanOverrides overrides = {}) {
  MasterOptions options;
  options.mode = MasteringMode::reference;
  options.overrides = overrides;
  return master(track, options, &reference);
}

// Music-like material through a low-pass at `cutoff_hz` (the 4 kHz of an old, dull recording).
AudioBuffer low_passed(AudioBuffer audio, double cutoff_hz) {
  const std::vector<double> taps = test::kaiser_lowpass(255, cutoff_hz / audio.sample_rate(), 8.0);
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    const std::vector<float> x(audio.channel(c).begin(), audio.channel(c).end());
    for (std::size_t n = 0; n < x.size(); ++n) {
      double sum = 0.0;
      for (std::size_t k = 0; k < taps.size() && k <= n; ++k) sum += taps[k] * x[n - k];
      audio.channel(c)[n] = static_cast<float>(sum);
    }
  }
  return audio;
}

// A first-order low-pass at `corner_hz`: -6 dB an octave above it, a darker balance than the reference's.
AudioBuffer darkened(AudioBuffer audio, double corner_hz) {
  const double pole = std::exp(-2.0 * std::numbers::pi * corner_hz / audio.sample_rate());
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    double state = 0.0;
    for (float& x : audio.channel(c)) {
      state = (1.0 - pole) * x + pole * state;
      x = static_cast<float>(state);
    }
  }
  return audio;
}

void add(AudioBuffer& audio, const AudioBuffer& more) {
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (std::size_t n = 0; n < audio.frames(); ++n) audio.channel(c)[n] += more.channel(c)[n];
  }
}

AudioBuffer music(std::uint64_t seed) {
  return test::music_like(2, kRate, 0, test::frames_for(kSeconds, kRate), seed);
}

// `music` over a steady hiss at -66 dBFS peak (independent per channel), matched to other music.
struct HissyMatch {
  AudioBuffer track, reference;
  MasterResult result;
  double gain_db;  // the loudness gain: integrated loudness after over before
  MidSideSpectra before, after;
};

HissyMatch match_over_hiss(AudioBuffer music_part, std::uint64_t seed) {
  HissyMatch m;
  m.track = std::move(music_part);
  add(m.track, test::white_noise(2, kRate, kSeconds, -66.0, seed + 1));
  m.reference = music(seed + 2);
  m.result = match(m.track, m.reference);
  m.gain_db = integrated(m.result.audio) - integrated(m.track);
  m.before = mid_side_spectra(m.track);
  m.after = mid_side_spectra(m.result.audio);
  return m;
}

TEST(ReferenceSafety, ADullTracksHissIsNotLifted) {
  const std::uint64_t seed = test::fresh_seed();
  // Dark music (-6 dB an octave above 1 kHz) that stops at 4 kHz, over a steady hiss at -66 dBFS peak; the
  // reference is the same kind of music, full range and brighter.
  const HissyMatch m = match_over_hiss(low_passed(darkened(music(seed), 1000.0), 4000.0), seed);
  const AudioBuffer &track = m.track, &reference = m.reference;
  const double gain = m.gain_db;
  const double hiss = rise_db(m.before.mid, m.after.mid, bands_between(8000.0, 20000.0)) - gain;
  std::printf("dull track: loudness gain %+.2f dB, hiss above 8 kHz %+.2f dB beyond it\n", gain, hiss);
  EXPECT_LE(hiss, kNoiseRiseToleranceDb);
  // The music's own bands still move toward the reference's: at least half the distance goes.
  const ContentProfile track_profile = profile_of(track), reference_profile = profile_of(reference);
  std::vector<std::size_t> music_bands;
  for (const std::size_t b : bands_between(40.0, 3500.0)) {
    if (test::above_noise_floor(track_profile, b) && test::above_noise_floor(reference_profile, b)) {
      music_bands.push_back(b);
    }
  }
  ASSERT_GE(music_bands.size(), 30u);
  const double distance_before = test::loud_distance_db(track_profile, reference_profile, music_bands);
  const double distance_after =
      test::loud_distance_db(profile_of(m.result.audio), reference_profile, music_bands);
  std::printf("dull track: distance over the music's bands %.2f -> %.2f dB\n", distance_before,
              distance_after);
  EXPECT_LE(distance_after, 0.5 * distance_before);
}

TEST(ReferenceSafety, ANearMonoTracksSideHissIsNotLifted) {
  const std::uint64_t seed = test::fresh_seed();
  // The music in the mid only, a steady hiss (independent per channel) at -66 dBFS the whole side holds;
  // the reference is wide.
  AudioBuffer mono = music(seed);
  for (std::size_t n = 0; n < mono.frames(); ++n) {
    const float mid = 0.5f * (mono.channel(0)[n] + mono.channel(1)[n]);
    mono.channel(0)[n] = mono.channel(1)[n] = mid;
  }
  const HissyMatch m = match_over_hiss(std::move(mono), seed);
  const MasterResult& result = m.result;
  const double gain = m.gain_db;
  const double side = rise_db(m.before.side, m.after.side, bands_between(100.0, 16000.0)) - gain;
  std::printf("near-mono track: loudness gain %+.2f dB, side %+.2f dB beyond it; correlation %.3f -> %.3f\n",
              gain, side, profile_of(m.track).correlation, profile_of(result.audio).correlation);
  EXPECT_LE(side, kNoiseRiseToleranceDb);
  const auto& side_eq = result.report.plan.side_eq.gains_db;
  EXPECT_LE(*std::ranges::max_element(side_eq), 6.0);
}

TEST(ReferenceSafety, BoostsStopAtTwelveDecibelsAndTheSideAtSix) {
  const std::uint64_t seed = test::fresh_seed();
  // A dark track (2 kHz low-pass, no hiss) against a bright reference: matching would lift the highs by far
  // more than 12 dB.
  const AudioBuffer track = low_passed(music(seed), 2000.0);
  const AudioBuffer reference = music(seed + 1);
  const MasterResult result = match(track, reference);
  const double mid_max = *std::ranges::max_element(result.report.plan.mid_eq.gains_db);
  const double side_max = *std::ranges::max_element(result.report.plan.side_eq.gains_db);
  std::printf("dark track: largest boost mid %+.2f dB, side %+.2f dB\n", mid_max, side_max);
  EXPECT_LE(mid_max, 12.0);
  EXPECT_GT(mid_max, 11.0);  // the cap is what stops it
  EXPECT_LE(side_max, 6.0);
  // What comes out: no band rises more than the loudness gain plus 12 dB (plus 1 dB for the FIR's ripple).
  const double gain = integrated(result.audio) - integrated(track);
  const MidSideSpectra before = mid_side_spectra(track), after = mid_side_spectra(result.audio);
  double largest = -100.0;
  for (const std::size_t b : bands_between(30.0, 16000.0)) {
    largest = std::max(largest, rise_db(before.mid, after.mid, {b}) - gain);
  }
  std::printf("dark track: largest band rise %+.2f dB beyond the loudness gain\n", largest);
  EXPECT_LE(largest, 13.0);
}

TEST(ReferenceSafety, TheMatchAmountScalesTheCorrection) {
  const std::uint64_t seed = test::fresh_seed();
  const AudioBuffer track = low_passed(music(seed), 6000.0);
  const AudioBuffer reference = music(seed + 1);
  PlanOverrides half;
  half.match_amount = 0.5;
  const MasteringPlan full_plan = match(track, reference).report.plan;
  const MasteringPlan half_plan = match(track, reference, half).report.plan;
  // Where the full curve is not capped, half the amount is half the curve (the refinement on each trial
  // render measures a slightly different residual: 1 dB).
  int compared = 0;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    const double full = full_plan.mid_eq.gains_db[b];
    if (std::abs(full) > 11.0 || b == 0) continue;
    EXPECT_NEAR(half_plan.mid_eq.gains_db[b], 0.5 * full, 1.0) << "band " << b;
    ++compared;
  }
  EXPECT_GT(compared, 40);
  PlanOverrides none;
  none.match_amount = 0.0;
  for (const double g : match(track, reference, none).report.plan.mid_eq.gains_db) EXPECT_EQ(g, 0.0);
  PlanOverrides wrong;
  wrong.match_amount = 1.5;
  EXPECT_THROW(match(track, reference, wrong), Error);
}

// Matching makes narrow low boosts, which pre-echo ahead of kicks in linear phase (EqPhase.*): reference
// plans, and hybrid ones with a reference share, take mixed phase unless told otherwise.
TEST(ReferenceSafety, MatchedCurvesGetMixedPhaseUnlessToldOtherwise) {
  const std::uint64_t seed = test::fresh_seed();
  const AudioBuffer track = low_passed(music(seed), 6000.0);
  const AudioBuffer reference = music(seed + 1);
  EXPECT_EQ(match(track, reference).report.plan.eq_phase, EqPhase::mixed);
  PlanOverrides linear;
  linear.eq_phase = EqPhase::linear;
  EXPECT_EQ(match(track, reference, linear).report.plan.eq_phase, EqPhase::linear);
  SpectralEngine engine = cpu_engine();
  MasterOptions hybrid;
  hybrid.mode = MasteringMode::hybrid;
  hybrid.hybrid_weight = 0.3;
  EXPECT_EQ(plan_master(track, &reference, hybrid, engine).plan.eq_phase, EqPhase::mixed);
  EXPECT_EQ(plan_master(track, nullptr, MasterOptions{}, engine).plan.eq_phase, EqPhase::linear);
}

TEST(ReferenceSafety, DcAndRumbleAreNeverBoosted) {
  const std::uint64_t seed = test::fresh_seed();
  // A track with little low end, a DC offset and 10 Hz rumble against a bass-heavy reference, with the
  // subsonic filter off: the curve's lowest point, which the FIR extends down to DC, may cut but not boost.
  AudioBuffer track = test::white_noise(2, kRate, kSeconds, -20.0, seed);
  add(track, test::sine(2, kRate, 10.0, -30.0, kSeconds));
  for (std::size_t c = 0; c < 2; ++c) {
    for (float& x : track.channel(c)) x += 0.01f;
  }
  AudioBuffer reference = music(seed + 1);
  add(reference, test::sine(2, kRate, 30.0, -6.0, kSeconds));
  PlanOverrides overrides;
  overrides.subsonic_hz = 0.0;
  MasteringPlan plan = match(track, reference, overrides).report.plan;
  EXPECT_LE(plan.mid_eq.gains_db.front(), 0.0);
  EXPECT_LE(plan.side_eq.gains_db.front(), 0.0);
  // The EQ alone (the loudness gain moves every band alike): DC and 10 Hz come out no louder than they went
  // in, though the curve lifts 23 Hz and up by 12 dB (its window's main lobe reaches +-11 Hz: 0.5 dB).
  plan.amounts.loudness = 0.0;
  plan.limiter.enabled = false;
  SpectralEngine engine = cpu_engine();
  const AudioBuffer output = render(track, plan, engine).audio;
  const std::size_t first = kRate, last = track.frames() - kRate;
  const auto mean = [&](const AudioBuffer& audio) {
    double sum = 0.0;
    for (std::size_t n = first; n < last; ++n) sum += audio.channel(0)[n];
    return sum / static_cast<double>(last - first);
  };
  const double dc_db = 20.0 * std::log10(std::abs(mean(output)) / std::abs(mean(track)));
  const double rumble_db =
      20.0 *
      std::log10(test::tone_amplitude(std::span<const float>(output.channel(0)), 10.0, kRate, first, last) /
                 test::tone_amplitude(std::span<const float>(track.channel(0)), 10.0, kRate, first, last));
  std::printf("curve at its lowest point %+.2f dB, next %+.2f dB; DC %+.2f dB, 10 Hz %+.2f dB\n",
              plan.mid_eq.gains_db[0], plan.mid_eq.gains_db[1], dc_db, rumble_db);
  EXPECT_LE(dc_db, 0.5);
  EXPECT_LE(rumble_db, 0.5);
}

}  // namespace
