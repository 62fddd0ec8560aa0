// SPDX-License-Identifier: MIT
// The LFE channel of a surround track: not equalised with the main channels (the tonal EQ is for full-range
// programme; the LFE carries only what the mix sends it) and not heard by the compressor's linked detector
// (a loud subwoofer feed must not pump the main channels).
#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/mastering.hpp>

#include "support/signals.hpp"
#include "support/tone_fit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

namespace {

using namespace auralis;

constexpr std::uint32_t kRate = 48000;

double tone_db(const AudioBuffer& audio, std::size_t channel, double hz) {
  const std::size_t first = kRate, last = audio.frames() - kRate;
  return 20.0 * std::log10(test::tone_amplitude(std::span<const float>(audio.channel(channel)), hz, kRate,
                                                first, last));
}

TEST(Lfe, TheEqLeavesTheLfeAlone) {
  // 5.1 (L R C LFE Ls Rs) with a 60 Hz tone at -20 dBFS in every channel; the plan lifts every critical band
  // and the sub-bass by 6 dB.
  const AudioBuffer input = test::sine(6, kRate, 60.0, -20.0, 4.0);
  ASSERT_EQ(input.layout()[3], Speaker::lfe);
  MasteringPlan plan = neutral_plan();
  plan.amounts.eq = 1.0;
  plan.eq_db.fill(6.0);
  plan.sub_bass_db = 6.0;
  for (const EqPhase phase : {EqPhase::linear, EqPhase::minimum, EqPhase::mixed}) {
    plan.eq_phase = phase;
    SpectralEngine engine(BackendOptions::cpu(0));
    const AudioBuffer output = render(input, plan, engine).audio;
    for (std::size_t c = 0; c < 6; ++c) {
      const double change = tone_db(output, c, 60.0) - tone_db(input, c, 60.0);
      std::printf("%s channel %zu: %+.3f dB\n", to_string(phase), c, change);
      // A flat curve lifts 6 dB within the FIR's ripple; the LFE passes unchanged (its filter is flat).
      EXPECT_NEAR(change, c == 3 ? 0.0 : 6.0, 0.05) << to_string(phase) << " channel " << c;
    }
  }
}

TEST(Lfe, ALoudLfeDoesNotDriveTheCompressor) {
  // 5.1: a 1 kHz tone at -30 dBFS in the main channels, a 60 Hz tone at -6 dBFS in the LFE; a compressor
  // with its threshold at -24 dBFS (4:1) and no sidechain high-pass (which would hide the LFE's tone).
  AudioBuffer input = test::sine(6, kRate, 1000.0, -30.0, 4.0);
  const AudioBuffer sub = test::sine(1, kRate, 60.0, -6.0, 4.0);
  std::copy(sub.channel(0).begin(), sub.channel(0).end(), input.channel(3).begin());
  MasteringPlan plan = neutral_plan();
  plan.compressor_enabled = true;
  plan.amounts.dynamics = 1.0;
  plan.compressor.threshold_dbfs = -24.0;
  plan.compressor.ratio = 4.0;
  plan.compressor.makeup_db = 0.0;
  plan.compressor.sidechain_high_pass_hz = 0.0;
  SpectralEngine engine(BackendOptions::cpu(0));
  const RenderResult result = render(input, plan, engine);
  const double main_change = tone_db(result.audio, 0, 1000.0) - tone_db(input, 0, 1000.0);
  std::printf("main channels %+.3f dB, compressor mean reduction %.3f dB\n", main_change,
              result.compressor_reduction.mean_db);
  // The mains alone stay 6 dB under the threshold, below even the 6 dB knee's lower edge (-27 dBFS RMS):
  // untouched. Had the LFE been heard, its -9 dBFS RMS (averaged over six channels: about -17) would have
  // taken several dB.
  EXPECT_NEAR(main_change, 0.0, 0.01);
  EXPECT_LT(result.compressor_reduction.mean_db, 0.01);
}

}  // namespace
