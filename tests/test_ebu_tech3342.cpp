// SPDX-License-Identifier: MIT
// EBU Tech 3342 loudness range cases 1-4 (and the "repeated signal" statement) at four sample rates.
#include <auralis/loudness.hpp>

#include "support/signals.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace auralis;
using auralis::test::ToneSegment;

// Tech 3342 test table: LRA within +-1 LU of the expected value.
constexpr double kRangeTolerance = 1.0;
// Tech 3342: "the expected response is unchanged if the test signal is repeated one or more times". Only the
// few short-term values around the extra level steps differ, and none of them reach the 10th/95th
// percentiles, so allow just numerical noise.
constexpr double kRepeatTolerance = 0.01;

class Ebu3342 : public ::testing::TestWithParam<std::uint32_t> {
 protected:
  std::uint32_t rate() const { return GetParam(); }

  AudioBuffer tones(const std::vector<double>& levels_dbfs) const {
    std::vector<ToneSegment> segments;
    for (double level : levels_dbfs) segments.push_back({20.0, level});
    return auralis::test::tone_sequence(2, rate(), 1000.0, segments);
  }

  static double range(const AudioBuffer& audio, LraSampling sampling) {
    LoudnessOptions options;
    options.true_peak = false;
    options.lra_sampling = sampling;
    LoudnessMeter meter(audio.channels(), audio.sample_rate(), options);
    meter.add(audio);
    const LoudnessReport report = meter.report();
    EXPECT_TRUE(report.loudness_range_lu);
    return report.loudness_range_lu.value_or(-1.0);
  }

  // The document specifies a sampling of at least 10 Hz; every_1s (libebur128's) must pass too on these.
  void expect_range(const std::vector<double>& levels_dbfs, double expected) const {
    const AudioBuffer audio = tones(levels_dbfs);
    EXPECT_NEAR(range(audio, LraSampling::every_100ms), expected, kRangeTolerance) << "every_100ms";
    EXPECT_NEAR(range(audio, LraSampling::every_1s), expected, kRangeTolerance) << "every_1s";
  }
};

TEST_P(Ebu3342, Case1StepDownTenLu) {
  expect_range({-20.0, -30.0}, 10.0);
}

TEST_P(Ebu3342, Case2StepUpFiveLu) {
  expect_range({-20.0, -15.0}, 5.0);
}

TEST_P(Ebu3342, Case3StepUpTwentyLu) {
  expect_range({-40.0, -20.0}, 20.0);
}

TEST_P(Ebu3342, Case4FiveStepsFifteenLuWithGatedEnds) {
  expect_range({-50.0, -35.0, -20.0, -35.0, -50.0}, 15.0);
}

TEST_P(Ebu3342, Case1RepeatedGivesTheSameResponse) {
  const AudioBuffer once = tones({-20.0, -30.0});
  const double single = range(once, LraSampling::every_100ms);
  EXPECT_NEAR(single, 10.0, kRangeTolerance);
  for (std::size_t copies : {2u, 3u}) {
    const std::vector<AudioBuffer> parts(copies, once);
    const double repeated = range(auralis::test::concatenate(parts), LraSampling::every_100ms);
    EXPECT_NEAR(repeated, single, kRepeatTolerance) << copies << " copies";
  }
}

INSTANTIATE_TEST_SUITE_P(, Ebu3342, ::testing::Values(44100u, 48000u, 96000u, 69313u),
                         [](const ::testing::TestParamInfo<std::uint32_t>& param_info) {
                           return "Hz" + std::to_string(param_info.param);
                         });

}  // namespace
