// SPDX-License-Identifier: MIT
// Gain tags: ReplayGain 2.0 (-18 LUFS, "%+.2f dB", linear true peak) and R128 (-23 LUFS, Q7.8 integers) from
// known loudness, album tags from pooled measurements, and silence.
#include "batch/gain_tags.hpp"

#include <auralis/loudness.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

namespace {

using auralis::AudioBuffer;
using auralis::BatchOptions;
using auralis::LoudnessReport;
using auralis::batch::AlbumMeasurement;
using auralis::batch::GainComments;

LoudnessReport report_of(double integrated_lufs, double true_peak) {
  LoudnessReport report;
  report.integrated_lufs = integrated_lufs;
  report.true_peak = true_peak;
  report.sample_peak = true_peak;
  return report;
}

// A stereo sine at `peak` (linear), `seconds` long at 44.1 kHz.
AudioBuffer sine(double peak, double seconds) {
  const std::uint32_t rate = 44100;
  AudioBuffer audio(2, static_cast<std::size_t>(seconds * rate), rate);
  for (std::size_t c = 0; c < 2; ++c) {
    auto samples = audio.channel(c);
    for (std::size_t i = 0; i < samples.size(); ++i)
      samples[i] =
          static_cast<float>(peak * std::sin(2.0 * std::numbers::pi * 997.0 * static_cast<double>(i) / rate));
  }
  return audio;
}

TEST(GainTags, ReplayGainTrackTagsFromKnownLoudness) {
  EXPECT_EQ(auralis::batch::replaygain_comments(report_of(-14.0, 0.891251)),
            (GainComments{{"REPLAYGAIN_TRACK_GAIN", "-4.00 dB"}, {"REPLAYGAIN_TRACK_PEAK", "0.891251"}}));
  EXPECT_EQ(auralis::batch::replaygain_comments(report_of(-20.5, 0.5)),
            (GainComments{{"REPLAYGAIN_TRACK_GAIN", "+2.50 dB"}, {"REPLAYGAIN_TRACK_PEAK", "0.500000"}}));
  // Rounded to hundredths: -18 - (-9.876) = -8.124.
  EXPECT_EQ(auralis::batch::replaygain_comments(report_of(-9.876, 1.2)).front().second, "-8.12 dB");
}

TEST(GainTags, ReplayGainPeakFallsBackToTheSamplePeak) {
  LoudnessReport report = report_of(-14.0, 0.0);
  report.true_peak.reset();
  report.sample_peak = 0.25;
  EXPECT_EQ(auralis::batch::replaygain_comments(report).back().second, "0.250000");
}

TEST(GainTags, R128GainsAreQ78IntegersAgainstMinus23Lufs) {
  EXPECT_EQ(auralis::batch::r128_comments(report_of(-14.0, 1.0)),
            (GainComments{{"R128_TRACK_GAIN", "-2304"}}));
  EXPECT_EQ(auralis::batch::r128_comments(report_of(-23.0, 1.0)).front().second, "0");
  // -23 - (-13.1) = -9.9 dB; * 256 = -2534.4, rounded.
  EXPECT_EQ(auralis::batch::r128_comments(report_of(-13.1, 1.0)).front().second, "-2534");
  // +3.00195 dB * 256 = 768.5, rounded away from zero.
  EXPECT_EQ(auralis::batch::r128_comments(report_of(-26.001953125, 1.0)).front().second, "769");
  // Beyond Q7.8's range: clamped to int16.
  EXPECT_EQ(auralis::batch::r128_comments(report_of(-200.0, 1.0)).front().second, "32767");
  EXPECT_EQ(auralis::batch::r128_comments(report_of(150.0, 1.0)).front().second, "-32768");
}

TEST(GainTags, SilenceGetsNoGain) {
  LoudnessReport silent;
  EXPECT_EQ(auralis::batch::replaygain_comments(silent),
            (GainComments{{"REPLAYGAIN_TRACK_PEAK", "0.000000"}}));
  EXPECT_TRUE(auralis::batch::r128_comments(silent).empty());
}

TEST(GainTags, AlbumTagsComeFromThePooledMeasurement) {
  // Two tracks 10 dB apart: the album's loudness is BS.1770 over both tracks' blocks, not their mean.
  const std::vector<LoudnessReport> tracks{auralis::measure_loudness(sine(0.5, 4.0)),
                                           auralis::measure_loudness(sine(0.158, 4.0))};
  const AlbumMeasurement album = auralis::batch::measure_album(tracks);
  ASSERT_TRUE(album.integrated_lufs);
  EXPECT_EQ(album.integrated_lufs, auralis::album_loudness(tracks));
  EXPECT_EQ(album.peak, std::max(*tracks[0].true_peak, *tracks[1].true_peak));
  // Equal durations, both above the relative gate: the pooled energy is the mean energy (docs/accuracy.md).
  const double pooled_db = 10.0 * std::log10((1.0 + std::pow(0.158 / 0.5, 2)) / 2.0);
  EXPECT_NEAR(*album.integrated_lufs, *tracks[0].integrated_lufs + pooled_db, 0.001);

  const GainComments replaygain = auralis::batch::replaygain_comments(tracks[1], album);
  ASSERT_EQ(replaygain.size(), 4u);
  char gain[32];
  std::snprintf(gain, sizeof gain, "%+.2f dB", -18.0 - *album.integrated_lufs);
  EXPECT_EQ(replaygain[2], (std::pair<std::string, std::string>{"REPLAYGAIN_ALBUM_GAIN", gain}));
  char peak[32];
  std::snprintf(peak, sizeof peak, "%.6f", album.peak);
  EXPECT_EQ(replaygain[3], (std::pair<std::string, std::string>{"REPLAYGAIN_ALBUM_PEAK", peak}));

  const GainComments r128 = auralis::batch::r128_comments(tracks[1], album);
  ASSERT_EQ(r128.size(), 2u);
  EXPECT_EQ(r128[1].first, "R128_ALBUM_GAIN");
  EXPECT_EQ(r128[1].second,
            std::to_string(static_cast<int>(std::round((-23.0 - *album.integrated_lufs) * 256))));
}

TEST(GainTags, TheBatchOptionPicksTheScheme) {
  const LoudnessReport track = report_of(-14.0, 0.9);
  EXPECT_TRUE(auralis::batch::gain_comments(BatchOptions::GainTags::none, track).empty());
  EXPECT_EQ(auralis::batch::gain_comments(BatchOptions::GainTags::replaygain, track),
            auralis::batch::replaygain_comments(track));
  EXPECT_EQ(auralis::batch::gain_comments(BatchOptions::GainTags::r128, track),
            auralis::batch::r128_comments(track));
}

}  // namespace
