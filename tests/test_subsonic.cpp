// SPDX-License-Identifier: MIT
// The subsonic high-pass inside the EQ: DC offsets and rumble are removed, the bass above it kept. An offset
// used to follow the lowest band's gain (+7 dB on a track with one).
#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/mastering.hpp>

#include "support/signals.hpp"
#include "support/tone_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace {

using namespace auralis;
using test::tone_amplitude;

constexpr double kPi = std::numbers::pi;
constexpr std::uint32_t kRate = 44100;

double mean(std::span<const float> x, std::size_t first, std::size_t last) {
  double sum = 0.0;
  for (std::size_t n = first; n < last; ++n) sum += x[n];
  return sum / static_cast<double>(last - first);
}

RenderResult render_cpu(const AudioBuffer& audio, const MasteringPlan& plan) {
  BackendOptions cpu;
  cpu.kind = BackendKind::cpu;
  SpectralEngine engine(cpu);
  return render(audio, plan, engine);
}

// An offset of 0.05, 10 Hz rumble, and tones at 40 Hz and 1 kHz, 0.1 each.
AudioBuffer offset_rumble_and_tones(double seconds) {
  AudioBuffer audio(2, static_cast<std::size_t>(seconds * kRate), kRate);
  for (std::size_t n = 0; n < audio.frames(); ++n) {
    const double t = static_cast<double>(n) / kRate;
    const double x = 0.05 + 0.1 * (std::sin(2 * kPi * 10.0 * t) + std::sin(2 * kPi * 40.0 * t) +
                                   std::sin(2 * kPi * 1000.0 * t));
    for (std::size_t c = 0; c < 2; ++c) audio.channel(c)[n] = static_cast<float>(x);
  }
  return audio;
}

TEST(Subsonic, RemovesDcAndRumbleAndKeepsTheBass) {
  const AudioBuffer input = offset_rumble_and_tones(6.0);
  MasteringPlan plan = neutral_plan();
  plan.subsonic_hz = 20.0;
  for (const EqPhase phase : {EqPhase::linear, EqPhase::minimum, EqPhase::mixed}) {
    SCOPED_TRACE(to_string(phase));
    plan.eq_phase = phase;
    const AudioBuffer output = render_cpu(input, plan).audio;
    // Away from the ends, where the FIR sees the silence around the track.
    const std::size_t first = kRate, last = output.frames() - kRate;
    for (std::size_t c = 0; c < 2; ++c) {
      const std::span<const float> y = output.channel(c);
      // r^8 / (1 + r^8) is 0 at DC, -48 dB at half the cutoff and -0.03 dB at twice it; the EQ's 186 ms
      // Hann window smooths it over its main lobe (+-10.8 Hz at 44.1 kHz), which leaves DC at -74 dB and
      // 10 Hz at -30.5 dB (measured); minimum and mixed phase, whose one-sided window resolves twice as
      // finely, leave -121 and -41.7 dB. Required: DC -60 dB, 10 Hz -25 dB, 40 Hz within 0.2 dB.
      EXPECT_LT(std::abs(mean(y, first, last)) / 0.05, 1e-3) << "DC";
      EXPECT_LT(20.0 * std::log10(tone_amplitude<float>(y, 10.0, kRate, first, last) / 0.1), -25.0)
          << "10 Hz";
      EXPECT_NEAR(20.0 * std::log10(tone_amplitude<float>(y, 40.0, kRate, first, last) / 0.1), 0.0, 0.2)
          << "40 Hz";
      EXPECT_NEAR(20.0 * std::log10(tone_amplitude<float>(y, 1000.0, kRate, first, last) / 0.1), 0.0, 0.01)
          << "1 kHz";
    }
  }
}

// The case: an adaptive master of a track with an offset. Whatever the EQ does to the lowest band,
// the offset is gone (at least 40 dB down from the input's, after the loudness gain).
TEST(Subsonic, AnAdaptiveMasterRemovesAnOffset) {
  AudioBuffer input = test::pink_noise(2, kRate, 8.0, -6.0, 0x6f6666736574ULL);
  for (std::size_t c = 0; c < 2; ++c) {
    for (float& x : input.channel(c)) x += 0.05f;
  }
  MasterOptions options;
  options.backend = BackendOptions::cpu(1);
  const MasterResult result = master(input, options);
  const std::size_t first = kRate, last = result.audio.frames() - kRate;
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_LT(std::abs(mean(result.audio.channel(c), first, last)) / 0.05, 0.01) << "channel " << c;
  }
}

}  // namespace
