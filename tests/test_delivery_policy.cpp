// SPDX-License-Identifier: MIT
// One loudness policy: the delivery's target whatever the content looks like. A genre guess moved the
// target by up to 10 LU (pink noise read "electronic" got -10 LUFS, steady tones "ambient" -20).
#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "support/signals.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace {

using namespace auralis;

MasterReport planned(const AudioBuffer& audio, Delivery delivery) {
  MasterOptions options;
  options.overrides.delivery = delivery;
  SpectralEngine engine(BackendOptions::cpu(1));
  return plan_master(audio, nullptr, options, engine);
}

TEST(DeliveryPolicy, GenreAndLevelNeverMoveTheTarget) {
  const AudioBuffer noise = test::pink_noise(2, 44100, 8.0, -12.0, 0x6e6f697365ULL);
  const AudioBuffer tones = test::sine(2, 44100, 440.0, -30.0, 8.0);
  for (const Delivery delivery : {Delivery::streaming, Delivery::ebu_r128, Delivery::atsc_a85}) {
    SCOPED_TRACE(to_string(delivery));
    const DeliveryProfile profile = delivery_profile(delivery);
    const MasterReport a = planned(noise, delivery);
    const MasterReport b = planned(tones, delivery);
    EXPECT_NE(a.profile.genre, b.profile.genre) << "the two signals should read as different genres";
    for (const MasterReport* r : {&a, &b}) {
      EXPECT_EQ(r->plan.target_lufs, profile.target_lufs) << to_string(r->profile.genre);
      EXPECT_EQ(r->plan.limiter.ceiling_dbtp, profile.ceiling_dbtp) << to_string(r->profile.genre);
    }
  }
}

TEST(DeliveryPolicy, ProfilesAndTheStreamingCeilingRule) {
  EXPECT_EQ(delivery_profile(Delivery::streaming).target_lufs, -14.0);
  EXPECT_EQ(delivery_profile(Delivery::streaming).ceiling_dbtp, -1.0);
  EXPECT_EQ(delivery_profile(Delivery::streaming, -13.9).ceiling_dbtp, -2.0);
  EXPECT_EQ(delivery_profile(Delivery::streaming, -14.0).ceiling_dbtp, -1.0);
  EXPECT_EQ(delivery_profile(Delivery::ebu_r128, -10.0).ceiling_dbtp, -1.0);  // only streaming's rule
  EXPECT_EQ(delivery_profile(Delivery::ebu_r128).target_lufs, -23.0);
  EXPECT_EQ(delivery_profile(Delivery::atsc_a85).target_lufs, -24.0);
  EXPECT_EQ(delivery_profile(Delivery::atsc_a85).ceiling_dbtp, -2.0);
  for (const char* name : {"streaming", "apple", "youtube", "ebu-r128", "atsc-a85", "cd", "podcast"}) {
    EXPECT_STREQ(to_string(delivery_from_string(name)), name);
  }
  EXPECT_THROW(delivery_from_string("radio"), Error);
}

// +50 dB on a -61 LUFS input used to pass silently; more than +20 dB is now said.
TEST(DeliveryPolicy, AVeryQuietInputGetsAWarningAboutItsGain) {
  const AudioBuffer quiet = test::pink_noise(2, 44100, 6.0, -50.0, 0x7175696574ULL);
  MasterOptions options;
  options.backend = BackendOptions::cpu(1);
  const MasterResult result = master(quiet, options);
  EXPECT_TRUE(std::ranges::any_of(result.report.warnings, [](const std::string& w) {
    return w.find("loudness gain is +") != std::string::npos;
  })) << testing::PrintToString(result.report.warnings);
  const MasterResult ordinary = master(test::pink_noise(2, 44100, 6.0, -6.0, 0x7175696574ULL), options);
  EXPECT_FALSE(std::ranges::any_of(ordinary.report.warnings, [](const std::string& w) {
    return w.find("loudness gain is +") != std::string::npos;
  })) << testing::PrintToString(ordinary.report.warnings);
}

}  // namespace
