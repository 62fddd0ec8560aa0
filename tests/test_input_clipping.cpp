// SPDX-License-Identifier: MIT
// Clipping in the source is found and said: mastering cannot restore what was cut off, and a master that
// hides it behind a louder, limited output would mislead.
#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/mastering.hpp>

#include "support/signals.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace {

using namespace auralis;

bool warns_of_clipping(const MasterReport& report) {
  return std::ranges::any_of(report.warnings,
                             [](const std::string& w) { return w.find("clipped") != std::string::npos; });
}

MasterReport planned(const AudioBuffer& audio) {
  SpectralEngine engine(BackendOptions::cpu(1));
  return plan_master(audio, nullptr, MasterOptions{}, engine);
}

TEST(InputClipping, ClippedRunsAreCountedAndWarnedAbout) {
  // A 100 Hz sine at twice full scale, clipped to +-1: each half cycle holds about 147 samples at 1.
  AudioBuffer clipped = test::sine(2, 44100, 100.0, 6.0, 2.0);
  for (std::size_t c = 0; c < 2; ++c) {
    for (float& x : clipped.channel(c)) x = std::clamp(x, -1.0f, 1.0f);
  }
  const MasterReport report = planned(clipped);
  // Two thirds of a sine at twice full scale lie beyond full scale: 2 s x 44100 x 2 channels x 2/3.
  EXPECT_NEAR(static_cast<double>(report.profile.clipped_samples), 2.0 * 44100 * 2 * 2.0 / 3.0, 2000.0);
  EXPECT_TRUE(warns_of_clipping(report)) << testing::PrintToString(report.warnings);
}

TEST(InputClipping, PeaksAtFullScaleAreNotClipping) {
  // A sine whose single-sample peaks touch full scale, and a master's own output: nothing clipped.
  const AudioBuffer touching = test::sine(2, 44100, 997.0, 0.0, 2.0);
  EXPECT_EQ(planned(touching).profile.clipped_samples, 0u);
  MasterOptions options;
  options.backend = BackendOptions::cpu(1);
  const MasterResult master_of_noise = master(test::pink_noise(2, 44100, 4.0, -3.0, 0x636c6970ULL), options);
  const MasterReport again = planned(master_of_noise.audio);
  EXPECT_EQ(again.profile.clipped_samples, 0u);
  EXPECT_FALSE(warns_of_clipping(again)) << testing::PrintToString(again.warnings);
}

}  // namespace
