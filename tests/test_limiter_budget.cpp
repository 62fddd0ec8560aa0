// SPDX-License-Identifier: MIT
// The limiter held to its gain-reduction budget, as an engineer hears it: a kick under a steady pad
// mastered loud must not pump the pad, the reduction the report gives must be what the audio shows, and
// a target that only more limiting could reach is lowered, with a warning, instead of crushed.
#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>

#include "dsp/gain_reduction_meter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace {

using namespace auralis;

constexpr double kPi = std::numbers::pi;
constexpr std::uint32_t kRate = 44100;
constexpr double kPadHz = 2000.0;
constexpr double kPadAmplitude = 0.1;  // -20 dBFS, one of three tones
constexpr double kBeatSeconds = 0.5;

// An unmastered mix: a kick (55 Hz, near full scale, 150 ms decay) every half second over a steady pad of
// four tones at -20 dBFS each. Its peaks are the kicks, 15 dB over the pad's.
AudioBuffer kick_under_pad(double seconds) {
  AudioBuffer audio(2, static_cast<std::size_t>(seconds * kRate), kRate);
  for (std::size_t n = 0; n < audio.frames(); ++n) {
    const double t = static_cast<double>(n) / kRate;
    const double pad = kPadAmplitude * (std::sin(2 * kPi * 220.0 * t) + std::sin(2 * kPi * 277.2 * t) +
                                        std::sin(2 * kPi * 330.0 * t) + std::sin(2 * kPi * kPadHz * t));
    const double since_kick = std::fmod(t, kBeatSeconds);
    const double kick = 0.95 * std::exp(-since_kick / 0.15) * std::sin(2 * kPi * 55.0 * since_kick);
    for (std::size_t c = 0; c < 2; ++c) audio.channel(c)[n] = static_cast<float>(pad + kick);
  }
  return audio;
}

// Only loudness and the limiter: what reaches the output is the input times the loudness gain times the
// limiter's gain, so the pad's envelope shows the limiter's gain over time.
MasteringPlan loudness_only(double target_lufs) {
  MasteringPlan plan = neutral_plan();
  plan.target_lufs = target_lufs;
  plan.amounts.loudness = 1.0;
  plan.limiter.enabled = true;
  return plan;
}

RenderResult render_cpu(const AudioBuffer& audio, const MasteringPlan& plan) {
  BackendOptions cpu;
  cpu.kind = BackendKind::cpu;
  SpectralEngine engine(cpu);
  return render(audio, plan, engine);
}

// The pad's 2 kHz tone's amplitude in consecutive 20 ms windows (least squares on cos and sin; the kick's
// 55 Hz and the pad's other tones leak into it by under 1 %, 0.1 dB).
std::vector<double> pad_envelope(const AudioBuffer& audio, std::size_t first, std::size_t last) {
  const std::size_t window = kRate / 50;
  std::vector<double> envelope;
  for (std::size_t start = first; start + window <= last; start += window) {
    double cc = 0, ss = 0, cs = 0, xc = 0, xs = 0;
    for (std::size_t n = start; n < start + window; ++n) {
      const double w = 2 * kPi * kPadHz * static_cast<double>(n) / kRate;
      const double c = std::cos(w), s = std::sin(w), x = audio.channel(0)[n];
      cc += c * c, ss += s * s, cs += c * s, xc += x * c, xs += x * s;
    }
    const double det = cc * ss - cs * cs;
    envelope.push_back(std::hypot((xc * ss - xs * cs) / det, (xs * cc - xc * cs) / det));
  }
  return envelope;
}

// The pad's level dip under the kicks: its envelope's range in dB, over whole beats away from the ends.
double pump_db(const AudioBuffer& audio) {
  const std::vector<double> envelope = pad_envelope(audio, kRate, audio.frames() - kRate);
  const auto [low, high] = std::minmax_element(envelope.begin(), envelope.end());
  return 20.0 * std::log10(*high / *low);
}

TEST(LimiterBudget, KickUnderAPadMasteredLoudDoesNotPumpThePad) {
  const AudioBuffer input = kick_under_pad(12.0);
  const RenderResult result = render_cpu(input, loudness_only(-6.0));
  const MasteringPlan plan = loudness_only(-6.0);
  std::printf(
      "kick under pad at -6 LUFS: after %.2f LUFS, lowered to %.2f, limiter max %.2f p99 %.2f mean "
      "%.2f dB, %.2f s above 1 dB, pad pump %.2f dB\n",
      result.after.integrated_lufs.value_or(0.0), result.lowered_target_lufs.value_or(0.0),
      result.limiter_reduction.max_db, result.limiter_reduction.p99_db, result.limiter_reduction.mean_db,
      result.limiter_reduction.seconds_above_1db, pump_db(result.audio));
  // -10 LUFS needs far more than the budget here (the kicks are 20 dB over the pad): lowered, said so.
  ASSERT_TRUE(result.lowered_target_lufs.has_value());
  EXPECT_LT(*result.lowered_target_lufs, -6.5);
  EXPECT_NEAR(*result.after.integrated_lufs, *result.lowered_target_lufs, 0.2);
  EXPECT_TRUE(std::ranges::any_of(
      result.warnings, [](const std::string& w) { return w.find("budget") != std::string::npos; }));
  // The budget as the render measured it; 0.5 dB for the model's per-block view of the boxcar.
  EXPECT_LE(result.limiter_reduction.p99_db, plan.limiter.budget_p99_db + 0.5);
  EXPECT_LE(result.limiter_reduction.mean_db, plan.limiter.budget_mean_db + 0.5);
  // What the ear hears: the pad dips with every kick by the limiter's reduction, and the budget bounds it
  // (measured 4.2 dB).
  EXPECT_LE(pump_db(result.audio), result.limiter_reduction.max_db + 0.5);
  EXPECT_LE(pump_db(result.audio), 6.0);
  // The budget is what holds it: opened wide, the same target drives the limiter until the drive stops
  // paying, and the pad pumps far more.
  MasteringPlan open = plan;
  open.limiter.budget_p99_db = 60.0;
  open.limiter.budget_mean_db = 60.0;
  const RenderResult unbudgeted = render_cpu(input, open);
  std::printf(
      "the same without a budget: after %.2f LUFS, limiter max %.2f p99 %.2f mean %.2f dB, pad pump "
      "%.2f dB\n",
      unbudgeted.after.integrated_lufs.value_or(0.0), unbudgeted.limiter_reduction.max_db,
      unbudgeted.limiter_reduction.p99_db, unbudgeted.limiter_reduction.mean_db, pump_db(unbudgeted.audio));
  EXPECT_GT(pump_db(unbudgeted.audio), pump_db(result.audio) + 2.0);
}

// With the budget opened wide, the same mix still is not driven into the limiter without end: raising stops
// where another dB of gain buys less than 0.3 LU, and the target is lowered there.
TEST(LimiterBudget, DriveThatNoLongerPaysStops) {
  const AudioBuffer input = kick_under_pad(12.0);
  MasteringPlan plan = loudness_only(-4.0);
  plan.limiter.budget_p99_db = 60.0;
  plan.limiter.budget_mean_db = 60.0;
  const RenderResult result = render_cpu(input, plan);
  ASSERT_TRUE(result.lowered_target_lufs.has_value());
  EXPECT_LT(*result.lowered_target_lufs, -4.5);
  EXPECT_TRUE(std::ranges::any_of(
      result.warnings, [](const std::string& w) { return w.find("0.3 LU") != std::string::npos; }));
  // Where it stopped, one more dB must buy less than 0.3 LU.
  MasteringPlan louder = plan;
  louder.target_lufs = *result.after.integrated_lufs + 1.0;
  const RenderResult pushed = render_cpu(input, louder);
  EXPECT_LT(*pushed.after.integrated_lufs - *result.after.integrated_lufs, 1.0);
}

// Within budget nothing changes: a track that reaches its target with little limiting keeps the target.
TEST(LimiterBudget, ATargetWithinBudgetIsKept) {
  const AudioBuffer input = kick_under_pad(12.0);
  const RenderResult result = render_cpu(input, loudness_only(-24.0));
  EXPECT_FALSE(result.lowered_target_lufs.has_value());
  EXPECT_NEAR(*result.after.integrated_lufs, -24.0, 0.1);
  EXPECT_LE(result.limiter_reduction.p99_db, 4.0);
}

// The fast logarithm the reduction statistics use, against the library's, over 120 dB of gain.
TEST(LimiterBudget, GainReductionInDbIsWithinATenthOfAMillibel) {
  double worst = 0.0;
  for (double db = 0.0; db <= 120.0; db += 0.0137) {
    const double gain = std::pow(10.0, -db / 20.0);
    worst = std::max(worst, std::abs(dsp::gain_reduction_db(gain) - (-20.0 * std::log10(gain))));
  }
  EXPECT_LT(worst, 2e-4);
}

}  // namespace
