// The LFE channel of a surround track: not equalised with the main channels (the tonal EQ is for full-range
// programme; the LFE carries only what the mix sends it).
#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/mastering.hpp>

#include "support/signals.hpp"
#include "support/tone_fit.hpp"

#include <gtest/gtest.h>

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

}  // namespace
