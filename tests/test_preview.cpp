// SPDX-License-Identifier: MIT
// Loudness-matched previews (write_master_previews): the loudest stretch of the master and the same stretch
// of the original, at equal loudness, cut at the same times when the master was delivered at another rate,
// and refusals that write nothing.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>
#include <auralis/preview.hpp>

#include "support/measurements.hpp"
#include "support/music_like.hpp"
#include "support/signals.hpp"
#include "test_audio_io_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

using Preview = auralis::test::io::AudioIoScratch;
using auralis::AudioBuffer;
using auralis::test::io::expect_error;

constexpr std::uint32_t kRateHz = 44100;
// Two files measured by one meter: only the 24-bit dither (about -141 dBFS) tells them apart.
constexpr double kMatchToleranceLu = 0.01;

double file_lufs(const std::filesystem::path& path) {
  return auralis::measure_loudness(path).integrated_lufs.value_or(-200.0);
}

double sample_peak(const AudioBuffer& audio) {
  double peak = 0.0;
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (const float sample : audio.channel(c)) peak = std::max(peak, static_cast<double>(std::abs(sample)));
  }
  return peak;
}

// 12 s of steady pink noise at -20 dB but for 6-9 s at full level; `gain` on top.
AudioBuffer quiet_loud_quiet(float gain) {
  AudioBuffer audio = auralis::test::pink_noise(2, kRateHz, 12.0, -6.0, 31);
  for (std::size_t c = 0; c < 2; ++c) {
    std::span<float> samples = audio.channel(c);
    for (std::size_t i = 0; i < samples.size(); ++i) {
      const bool loud = i >= 6 * kRateHz && i < 9 * kRateHz;
      samples[i] *= gain * (loud ? 1.0f : 0.1f);
    }
  }
  return audio;
}

TEST_F(Preview, TheLoudestStretchOfBothTracksAtEqualLoudness) {
  // The "master" is the original 6 dB up: matched, its excerpt must be the original's, sample for sample.
  auralis::write_audio(file("in.wav"), quiet_loud_quiet(0.5f),
                       {.sample_format = auralis::SampleFormat::float32});
  auralis::write_audio(file("out.wav"), quiet_loud_quiet(1.0f),
                       {.sample_format = auralis::SampleFormat::float32});
  const auralis::MasterPreviews previews = auralis::write_master_previews(
      file("in.wav"), file("out.wav"), 2.0, file("before.wav"), file("after.wav"));
  auralis::test::record_measurement("preview_start_seconds", previews.start_seconds);
  EXPECT_GE(previews.start_seconds, 6.0);
  EXPECT_LE(previews.start_seconds, 7.0);
  EXPECT_EQ(previews.seconds, 2.0);
  EXPECT_EQ(previews.before.gain_db, 0.0);
  EXPECT_NEAR(previews.after.gain_db, -20.0 * std::log10(2.0), 0.01);

  const AudioBuffer before = auralis::read_audio(file("before.wav")).audio;
  const AudioBuffer after = auralis::read_audio(file("after.wav")).audio;
  ASSERT_EQ(before.frames(), 2u * kRateHz);
  ASSERT_EQ(after.frames(), 2u * kRateHz);
  const double lufs_difference = file_lufs(file("before.wav")) - file_lufs(file("after.wav"));
  auralis::test::record_measurement("preview_loudness_difference_lu", lufs_difference);
  EXPECT_NEAR(lufs_difference, 0.0, kMatchToleranceLu);
  double worst = 0.0;
  for (std::size_t c = 0; c < 2; ++c) {
    for (std::size_t i = 0; i < before.frames(); ++i)
      worst = std::max(worst, static_cast<double>(std::abs(before.channel(c)[i] - after.channel(c)[i])));
  }
  auralis::test::record_measurement("preview_difference_peak", worst);
  // A few 24-bit steps of dither (2^-23 each): the same stretch at the same level.
  EXPECT_LT(worst, 1e-5);
  // Faded in and out: the first and last samples are near silence although the stretch is loud.
  EXPECT_LT(std::abs(before.channel(0)[0]), 1e-3);
  EXPECT_LT(std::abs(before.channel(0)[before.frames() - 1]), 1e-3);
}

TEST_F(Preview, AMasterDeliveredAtAnotherRateIsCutAtTheSameTimesAndMatched) {
  auralis::write_audio(file("in.wav"), auralis::test::music_like(2, kRateHz, 0, 6 * kRateHz, 32));
  auralis::MasterOptions options;
  options.backend.max_workers = 1;
  options.output_rate_hz = 48000;
  options.overrides.target_lufs = -12.0;
  auralis::master_file(file("in.wav"), file("out.wav"), options, {});
  const auralis::MasterPreviews previews = auralis::write_master_previews(
      file("in.wav"), file("out.wav"), 3.0, file("before.wav"), file("after.wav"));
  const AudioBuffer before = auralis::read_audio(file("before.wav")).audio;
  const AudioBuffer after = auralis::read_audio(file("after.wav")).audio;
  EXPECT_EQ(before.sample_rate(), kRateHz);
  EXPECT_EQ(after.sample_rate(), 48000u);
  EXPECT_EQ(before.frames(), 3u * kRateHz);
  EXPECT_EQ(after.frames(), 3u * 48000u);
  // The original is quieter than its master: it keeps its level, the master comes down to it.
  EXPECT_EQ(previews.before.gain_db, 0.0);
  EXPECT_LT(previews.after.gain_db, 0.0);
  const double lufs_difference = file_lufs(file("before.wav")) - file_lufs(file("after.wav"));
  auralis::test::record_measurement("preview_resampled_loudness_difference_lu", lufs_difference);
  EXPECT_NEAR(lufs_difference, 0.0, kMatchToleranceLu);
  EXPECT_LT(sample_peak(before), 1.0);
  EXPECT_LT(sample_peak(after), 1.0);
}

TEST_F(Preview, BadLengthsMismatchedTracksAndSilenceAreRefusedAndWriteNothing) {
  auralis::write_audio(file("in.wav"), auralis::test::music_like(2, kRateHz, 0, 3 * kRateHz, 33));
  for (const double seconds : {0.5, 601.0, std::numeric_limits<double>::quiet_NaN()}) {
    EXPECT_THROW(
        auralis::write_master_previews(file("in.wav"), file("in.wav"), seconds, file("b.wav"), file("a.wav")),
        auralis::Error)
        << seconds;
  }
  auralis::write_audio(file("mono.wav"), auralis::test::music_like(1, kRateHz, 0, 3 * kRateHz, 33));
  expect_error(
      [&] {
        auralis::write_master_previews(file("in.wav"), file("mono.wav"), 2.0, file("b.wav"), file("a.wav"));
      },
      auralis::ErrorCode::invalid_argument, file("in.wav"));
  auralis::write_audio(file("silence.wav"), AudioBuffer(2, 3 * kRateHz, kRateHz));
  expect_error(
      [&] {
        auralis::write_master_previews(file("silence.wav"), file("in.wav"), 2.0, file("b.wav"),
                                       file("a.wav"));
      },
      auralis::ErrorCode::invalid_argument, file("silence.wav"));
  // The excerpts may not replace the tracks they are cut from.
  expect_error(
      [&] {
        auralis::write_master_previews(file("in.wav"), file("in.wav"), 2.0, file("in.wav"), file("a.wav"));
      },
      auralis::ErrorCode::output_is_input, file("in.wav"));
  EXPECT_FALSE(std::filesystem::exists(file("b.wav")));
  EXPECT_FALSE(std::filesystem::exists(file("a.wav")));
  EXPECT_TRUE(leftover_temporaries().empty());
}

}  // namespace
