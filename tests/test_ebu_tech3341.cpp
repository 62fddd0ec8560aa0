// SPDX-License-Identifier: MIT
// EBU Tech 3341 (V4) minimum requirements, cases 1-6 and 9-23, synthesised at 44.1, 48, 96 and 69.313 kHz.
#include <auralis/loudness.hpp>

#include "support/signals.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace auralis;
using auralis::test::silent_dbfs;
using auralis::test::ToneSegment;

// Tech 3341 Table 1: loudness tolerance of every case.
constexpr double kLoudnessTolerance = 0.1;
// Tech 3341 Table 1, cases 15-23: true peak may read 0.2 dB over and 0.4 dB under.
constexpr double kTruePeakOver = 0.2;
constexpr double kTruePeakUnder = 0.4;

constexpr double kToneHz = 1000.0;

// Loudness cases do not need the interpolator (the most expensive part of the meter).
LoudnessOptions loudness_only() {
  LoudnessOptions options;
  options.true_peak = false;
  return options;
}

LoudnessReport measure(const AudioBuffer& audio, const LoudnessOptions& options = loudness_only()) {
  LoudnessMeter meter(audio.channels(), audio.sample_rate(), options);
  meter.add(audio);
  return meter.report();
}

// Feeds `audio` to a fresh meter in blocks of about 10 ms and calls poll(meter, frames_so_far) after each.
// The block is floor(fs / 100) frames, no longer than any tick of a 10 ms grid (those are floor(fs / 100) or
// more frames), so at most one update of the momentary and short-term values happens between two polls.
template <class Poll>
void feed_polling(const AudioBuffer& audio, Poll&& poll) {
  LoudnessMeter meter(audio.channels(), audio.sample_rate(), loudness_only());
  const std::size_t block = audio.sample_rate() / 100;
  for (std::size_t first = 0; first < audio.frames(); first += block) {
    const std::size_t count = std::min(block, audio.frames() - first);
    meter.add(auralis::test::planes_at(audio, first), count);
    poll(meter, first + count);
  }
}

// Largest deviation from `target` of the values a polled reading takes from frame `from` on; +inf when the
// reading is ever empty there.
template <class Reading>
double worst_deviation_after(const AudioBuffer& audio, std::size_t from, double target, Reading&& reading) {
  double worst = 0.0;
  feed_polling(audio, [&](const LoudnessMeter& meter, std::size_t done) {
    if (done < from) return;
    const std::optional<double> value = reading(meter);
    worst = std::max(worst, value ? std::abs(*value - target) : INFINITY);
  });
  return worst;
}

// Maximum of a polled reading within each span of the signal ending at segment_ends[i] (a poll belongs to
// the span holding its last frame); empty for a span where the reading never had a value.
template <class Reading>
std::vector<std::optional<double>> maxima_per_segment(const AudioBuffer& audio,
                                                      const std::vector<std::size_t>& segment_ends,
                                                      Reading&& reading) {
  std::vector<std::optional<double>> maxima(segment_ends.size());
  feed_polling(audio, [&](const LoudnessMeter& meter, std::size_t done) {
    const auto segment =
        static_cast<std::size_t>(std::ranges::upper_bound(segment_ends, done - 1) - segment_ends.begin());
    const std::optional<double> value = reading(meter);
    if (!value || segment >= maxima.size()) return;
    maxima[segment] = std::max(maxima[segment].value_or(-INFINITY), *value);
  });
  return maxima;
}

class Ebu3341 : public ::testing::TestWithParam<std::uint32_t> {
 protected:
  std::uint32_t rate() const { return GetParam(); }

  AudioBuffer tones(std::initializer_list<ToneSegment> segments) const {
    return auralis::test::tone_sequence(2, rate(), kToneHz, std::vector<ToneSegment>(segments));
  }

  void expect_steady_tone(double level_dbfs) const {
    const AudioBuffer audio = auralis::test::sine(2, rate(), kToneHz, level_dbfs, 20.0);
    LoudnessMeter meter(2, rate(), loudness_only());
    meter.add(audio);
    const LoudnessReport report = meter.report();
    ASSERT_TRUE(report.integrated_lufs && meter.momentary_lufs() && meter.short_term_lufs());
    EXPECT_NEAR(*report.integrated_lufs, level_dbfs, kLoudnessTolerance);
    EXPECT_NEAR(*meter.momentary_lufs(), level_dbfs, kLoudnessTolerance);
    EXPECT_NEAR(*meter.short_term_lufs(), level_dbfs, kLoudnessTolerance);
    ASSERT_TRUE(report.max_momentary_lufs && report.max_short_term_lufs);
    EXPECT_NEAR(*report.max_momentary_lufs, level_dbfs, kLoudnessTolerance);
    EXPECT_NEAR(*report.max_short_term_lufs, level_dbfs, kLoudnessTolerance);
  }

  void expect_integrated(const AudioBuffer& audio, double expected) const {
    const LoudnessReport report = measure(audio);
    ASSERT_TRUE(report.integrated_lufs);
    EXPECT_NEAR(*report.integrated_lufs, expected, kLoudnessTolerance);
  }

  void expect_true_peak_db(const AudioBuffer& audio, double expected_db, const std::string& what) const {
    const LoudnessReport report = measure(audio, LoudnessOptions{});
    ASSERT_TRUE(report.true_peak) << what;
    const std::optional<double> db = LoudnessReport::to_db(*report.true_peak);
    ASSERT_TRUE(db) << what;
    EXPECT_LE(*db, expected_db + kTruePeakOver) << what;
    EXPECT_GE(*db, expected_db - kTruePeakUnder) << what;
    EXPECT_GE(*report.true_peak, report.sample_peak) << what;
    std::printf("%s at %u Hz: true peak %+.3f dBTP, sample peak %+.3f dBFS (expected %+.1f)\n", what.c_str(),
                rate(), *db, LoudnessReport::to_db(report.sample_peak).value_or(-INFINITY), expected_db);
  }
};

TEST_P(Ebu3341, Case01SteadyToneAtMinus23) {
  expect_steady_tone(-23.0);
}

TEST_P(Ebu3341, Case02SteadyToneAtMinus33) {
  expect_steady_tone(-33.0);
}

TEST_P(Ebu3341, Case03QuietEdgesAreGatedRelatively) {
  expect_integrated(tones({{10.0, -36.0}, {60.0, -23.0}, {10.0, -36.0}}), -23.0);
}

TEST_P(Ebu3341, Case04SilentAndQuietEdgesAreGated) {
  expect_integrated(tones({{10.0, -72.0}, {10.0, -36.0}, {60.0, -23.0}, {10.0, -36.0}, {10.0, -72.0}}),
                    -23.0);
}

TEST_P(Ebu3341, Case05LevelStepsAverageToMinus23) {
  expect_integrated(tones({{20.0, -26.0}, {20.1, -20.0}, {20.0, -26.0}}), -23.0);
}

TEST_P(Ebu3341, Case06FiveChannelsWithSurroundWeights) {
  // L R C Ls Rs; default_layout(5) puts the surrounds in the rear pair, weighted 1.41.
  const std::vector<double> levels{-28.0, -28.0, -24.0, -30.0, -30.0};
  AudioBuffer audio = auralis::test::sine(rate(), kToneHz, levels, 20.0);
  audio.set_layout(default_layout(5));
  expect_integrated(audio, -23.0);
}

TEST_P(Ebu3341, Case09ShortTermConstantAfter3s) {
  std::vector<ToneSegment> segments;
  for (int i = 0; i < 5; ++i) {
    segments.push_back({1.34, -20.0});
    segments.push_back({1.66, -30.0});
  }
  const AudioBuffer audio = auralis::test::tone_sequence(2, rate(), kToneHz, segments);
  const double worst =
      worst_deviation_after(audio, auralis::test::frames_for(3.0, rate()), -23.0,
                            [](const LoudnessMeter& meter) { return meter.short_term_lufs(); });
  EXPECT_LE(worst, kLoudnessTolerance);
}

TEST_P(Ebu3341, Case10MaxShortTermOfSeparateFiles) {
  for (int i = 0; i < 20; ++i) {
    const LoudnessReport report = measure(tones({{0.15 * i, silent_dbfs}, {3.0, -23.0}, {1.0, silent_dbfs}}));
    ASSERT_TRUE(report.max_short_term_lufs) << "file " << i;
    EXPECT_NEAR(*report.max_short_term_lufs, -23.0, kLoudnessTolerance) << "file " << i;
  }
}

TEST_P(Ebu3341, Case11MaxShortTermLive) {
  std::vector<ToneSegment> segments;
  std::vector<std::size_t> ends;
  for (int i = 0; i < 20; ++i) {
    segments.push_back({0.15 * i, silent_dbfs});
    segments.push_back({3.0, -38.0 + i});
    segments.push_back({3.0 - 0.15 * i, silent_dbfs});
    ends.push_back(auralis::test::frames_for(6.0 * (i + 1), rate()));
  }
  const AudioBuffer audio = auralis::test::tone_sequence(2, rate(), kToneHz, segments);
  const auto maxima =
      maxima_per_segment(audio, ends, [](const LoudnessMeter& meter) { return meter.short_term_lufs(); });
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(maxima[static_cast<std::size_t>(i)]) << "segment " << i;
    EXPECT_NEAR(*maxima[static_cast<std::size_t>(i)], -38.0 + i, kLoudnessTolerance) << "segment " << i;
  }
}

TEST_P(Ebu3341, Case12MomentaryConstantAfter1s) {
  std::vector<ToneSegment> segments;
  for (int i = 0; i < 25; ++i) {
    segments.push_back({0.18, -20.0});
    segments.push_back({0.22, -30.0});
  }
  const AudioBuffer audio = auralis::test::tone_sequence(2, rate(), kToneHz, segments);
  const double worst =
      worst_deviation_after(audio, auralis::test::frames_for(1.0, rate()), -23.0,
                            [](const LoudnessMeter& meter) { return meter.momentary_lufs(); });
  EXPECT_LE(worst, kLoudnessTolerance);
}

TEST_P(Ebu3341, Case13MaxMomentaryOfSeparateFiles) {
  for (int i = 0; i < 20; ++i) {
    const LoudnessReport report = measure(tones({{0.02 * i, silent_dbfs}, {0.4, -23.0}, {1.0, silent_dbfs}}));
    ASSERT_TRUE(report.max_momentary_lufs) << "file " << i;
    EXPECT_NEAR(*report.max_momentary_lufs, -23.0, kLoudnessTolerance) << "file " << i;
  }
}

TEST_P(Ebu3341, Case14MaxMomentaryLive) {
  std::vector<ToneSegment> segments;
  std::vector<std::size_t> ends;
  for (int i = 0; i < 20; ++i) {
    segments.push_back({0.02 * i, silent_dbfs});
    segments.push_back({0.4, -38.0 + i});
    segments.push_back({0.4 - 0.02 * i, silent_dbfs});
    ends.push_back(auralis::test::frames_for(0.8 * (i + 1), rate()));
  }
  const AudioBuffer audio = auralis::test::tone_sequence(2, rate(), kToneHz, segments);
  const auto maxima =
      maxima_per_segment(audio, ends, [](const LoudnessMeter& meter) { return meter.momentary_lufs(); });
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(maxima[static_cast<std::size_t>(i)]) << "segment " << i;
    EXPECT_NEAR(*maxima[static_cast<std::size_t>(i)], -38.0 + i, kLoudnessTolerance) << "segment " << i;
  }
}

TEST_P(Ebu3341, Cases15To19TruePeakOfSines) {
  struct Case {
    int number;
    double divisor;  // Frequency fs / divisor.
    double amplitude;
    double phase_degrees;
    double expected_db;
  };
  const Case cases[] = {{15, 4.0, 0.50, 0.0, -6.0},
                        {16, 4.0, 0.50, 45.0, -6.0},
                        {17, 6.0, 0.50, 60.0, -6.0},
                        {18, 8.0, 0.50, 67.5, -6.0},
                        {19, 4.0, 1.41, 45.0, 3.0}};
  for (const Case& c : cases) {
    AudioBuffer audio =
        auralis::test::sine(2, rate(), static_cast<double>(rate()) / c.divisor,
                            20.0 * std::log10(c.amplitude), 1.0, c.phase_degrees * std::numbers::pi / 180.0);
    auralis::test::apply_fades(audio, 0.01);
    expect_true_peak_db(audio, c.expected_db, "case " + std::to_string(c.number));
  }
}

TEST_P(Ebu3341, Cases20To23TruePeakOfBurstsBetweenSamples) {
  for (std::size_t offset = 0; offset < 4; ++offset) {
    const AudioBuffer audio = auralis::test::tech3341_true_peak_burst(2, rate(), offset);
    expect_true_peak_db(audio, 0.0, "case " + std::to_string(20 + offset));
  }
}

INSTANTIATE_TEST_SUITE_P(, Ebu3341, ::testing::Values(44100u, 48000u, 96000u, 69313u),
                         [](const ::testing::TestParamInfo<std::uint32_t>& param_info) {
                           return "Hz" + std::to_string(param_info.param);
                         });

// The generator behind cases 20-23 does what the document describes.
TEST(Ebu3341Signals, AntiAliasFilterPassesTestFrequenciesAndStopsAliases) {
  const std::vector<double> h = auralis::test::tech3341_anti_alias_fir();
  // At 4 fs, fs/4 and fs/6 are 1/16 and 1/24 cycles per sample; the passband must leave them untouched
  // (1e-4 = 0.001 dB, far inside the 0.2 dB the test allows).
  EXPECT_NEAR(auralis::test::fir_magnitude(h, 1.0 / 16.0), 1.0, 1e-4);
  EXPECT_NEAR(auralis::test::fir_magnitude(h, 1.0 / 24.0), 1.0, 1e-4);
  // Everything from fs/2 up (1/8 cycles per sample at 4 fs) would alias; -80 dB makes it irrelevant.
  for (double f = 0.125; f <= 0.5; f += 0.001) {
    EXPECT_LT(auralis::test::fir_magnitude(h, f), 1e-4) << "f = " << f << " cycles/sample at 4 fs";
  }
}

TEST(Ebu3341Signals, BurstPeaksAtFullScaleOnTheFourTimesGrid) {
  const std::vector<double> x = auralis::test::tech3341_burst_at_4fs(48000);
  const auto peak = std::ranges::max_element(x);
  EXPECT_DOUBLE_EQ(*peak, 1.0);
  EXPECT_EQ((peak - x.begin()) % 4, 0);
  // Away from the burst the signal is the 0.5 FFS fs/6 sine.
  // (1e-12: double rounding of 0.5 * sin(pi / 2).)
  EXPECT_NEAR(*std::max_element(x.begin() + 1000, x.begin() + 2000), 0.5, 1e-12);
  // Phase continuity: no sample-to-sample step larger than the fs/4 sine's own largest step (1e-12: double
  // rounding).
  for (std::size_t n = 1; n < x.size(); ++n) {
    EXPECT_LE(std::abs(x[n] - x[n - 1]), 2.0 * std::sin(std::numbers::pi / 16.0) + 1e-12) << n;
  }
}

TEST(Ebu3341Signals, DecimationOffsetsMoveThePeakBetweenSamples) {
  // Offset 0 keeps the burst's peak sample, the others fall between its neighbours: the sample peak drops
  // while the true peak stays at 0 dBTP (the point of cases 20-23).
  const float peak0 = std::ranges::max(auralis::test::tech3341_true_peak_burst(1, 48000, 0).channel(0));
  // The low-pass takes the burst's corners (content above 0.45 fs) away: about -0.15 dB; 0.05 is generous.
  EXPECT_NEAR(peak0, 1.0, 0.05);
  for (std::size_t offset = 1; offset < 4; ++offset) {
    const AudioBuffer audio = auralis::test::tech3341_true_peak_burst(1, 48000, offset);
    // Off the grid the nearest samples are cos(pi/8) or cos(pi/4) of the peak: well over 0.01 lower.
    EXPECT_LT(std::ranges::max(audio.channel(0)), peak0 - 0.01f) << "offset " << offset;
  }
}

}  // namespace
