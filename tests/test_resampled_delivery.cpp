// SPDX-License-Identifier: MIT
// --rate: a 44.1 kHz input mastered to 48 kHz, measured in the written file at the output rate: its rate and
// length, the loudness target, the true peak by our meter and libebur128, and a tone's frequency.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>

#include "support/libebur128_meter.hpp"
#include "support/measurements.hpp"
#include "support/music_like.hpp"
#include "support/signals.hpp"
#include "support/tone_fit.hpp"
#include "test_audio_io_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <span>

namespace {

using ResampledDelivery = auralis::test::io::AudioIoScratch;

constexpr std::uint32_t kInRateHz = 44100;
constexpr std::uint32_t kOutRateHz = 48000;
// libebur128's true peak may read up to 0.17 dB above ours on bright programme (docs/accuracy.md).
constexpr double kLibebur128AllowanceDb = 0.17;
// libsoxr's output of a flushed stream is the input's length at the new rate to within its rounding.
constexpr std::int64_t kLengthToleranceFrames = 2;

auralis::MasterOptions at_output_rate(double target_lufs) {
  auralis::MasterOptions options;
  options.backend.max_workers = 1;
  options.output_rate_hz = kOutRateHz;
  options.overrides.target_lufs = target_lufs;
  options.overrides.ceiling_dbtp = -1.0;
  return options;
}

std::int64_t expected_frames(std::size_t input_frames) {
  return std::llround(static_cast<double>(input_frames) * kOutRateHz / kInRateHz);
}

TEST_F(ResampledDelivery, LoudProgrammeHoldsTargetAndCeilingAtTheOutputRate) {
  const auralis::AudioBuffer input = auralis::test::music_like(2, kInRateHz, 0, 3 * kInRateHz, 5);
  auralis::write_audio(file("in.wav"), input);
  const auralis::MasterReport report =
      auralis::master_file(file("in.wav"), file("out.wav"), at_output_rate(-12.0), {});
  const auralis::AudioBuffer output = auralis::read_audio(file("out.wav")).audio;
  EXPECT_EQ(output.sample_rate(), kOutRateHz);
  const auto length_error = static_cast<std::int64_t>(output.frames()) - expected_frames(input.frames());
  auralis::test::record_measurement("resampled_length_error_frames", static_cast<double>(length_error));
  EXPECT_LE(std::abs(length_error), kLengthToleranceFrames);

  const auralis::LoudnessReport ours = auralis::measure_loudness(output);
  const auralis::test::Ebur128Result theirs = auralis::test::measure_with_libebur128(output);
  const double aim = report.lowered_target_lufs.value_or(-12.0);
  const double ours_dbtp = auralis::LoudnessReport::to_db(ours.true_peak.value_or(0.0)).value_or(-200.0);
  auralis::test::record_measurement("resampled_integrated_lufs", ours.integrated_lufs.value_or(0.0));
  auralis::test::record_measurement("resampled_tp_ours_dbtp", ours_dbtp);
  auralis::test::record_measurement("resampled_tp_libebur128_dbtp", theirs.true_peak_db);
  // The render's own bounds (docs/accuracy.md, "Mastering quality"): 0.5 LU, the ceiling by our meter.
  EXPECT_NEAR(ours.integrated_lufs.value_or(0.0), aim, 0.5);
  EXPECT_NEAR(theirs.integrated, aim, 0.5);
  EXPECT_LE(ours_dbtp, -1.0);
  EXPECT_LE(theirs.true_peak_db, -1.0 + kLibebur128AllowanceDb);
}

TEST_F(ResampledDelivery, AToneKeepsItsFrequency) {
  const auralis::AudioBuffer tone = auralis::test::sine(2, kInRateHz, 1000.0, -20.0, 2.0);
  auralis::write_audio(file("tone.wav"), tone, {.sample_format = auralis::SampleFormat::float32});
  auralis::MasterOptions options = at_output_rate(-14.0);
  options.overrides.eq_amount = 0.0;
  options.overrides.dynamics_amount = 0.0;
  auralis::master_file(file("tone.wav"), file("tone48.wav"), options,
                       {.sample_format = auralis::SampleFormat::float32});
  const auralis::AudioBuffer output = auralis::read_audio(file("tone48.wav")).audio;
  ASSERT_EQ(output.sample_rate(), kOutRateHz);
  const std::span<const float> left = output.channel(0);
  // Away from the edges (the fades of the filters' start and end).
  const std::size_t first = kOutRateHz / 4;
  const std::size_t last = output.frames() - kOutRateHz / 4;
  double energy = 0.0;
  for (std::size_t n = first; n < last; ++n) energy += static_cast<double>(left[n]) * left[n];
  const double peak_of_all = std::sqrt(2.0 * energy / static_cast<double>(last - first));
  const double at_1k = auralis::test::tone_amplitude(left, 1000.0, kOutRateHz, first, last);
  // Where the tone would be had the samples been relabelled rather than resampled, and 2 Hz off.
  const double relabelled =
      auralis::test::tone_amplitude(left, 1000.0 * kOutRateHz / kInRateHz, kOutRateHz, first, last);
  const double beside = auralis::test::tone_amplitude(left, 1002.0, kOutRateHz, first, last);
  auralis::test::record_measurement("resampled_tone_share_at_1khz", at_1k / peak_of_all);
  EXPECT_GT(at_1k, 0.999 * peak_of_all) << "all the energy is at 1 kHz";
  EXPECT_LT(relabelled, 1e-2 * at_1k);
  EXPECT_LT(beside, 1e-2 * at_1k);
}

TEST_F(ResampledDelivery, TheInputsOwnRateLeavesTheMasterAsItWas) {
  auralis::write_audio(file("in.wav"), auralis::test::music_like(2, kInRateHz, 0, kInRateHz, 5));
  auralis::MasterOptions options;
  options.backend.max_workers = 1;
  auralis::master_file(file("in.wav"), file("plain.wav"), options, {});
  options.output_rate_hz = kInRateHz;
  auralis::master_file(file("in.wav"), file("same-rate.wav"), options, {});
  EXPECT_EQ(auralis::test::io::file_bytes(file("plain.wav")),
            auralis::test::io::file_bytes(file("same-rate.wav")));
}

TEST_F(ResampledDelivery, InMemoryMasterRefusesAnOutputRate) {
  auralis::MasterOptions options;
  options.output_rate_hz = kOutRateHz;
  try {
    auralis::master(auralis::test::sine(2, kInRateHz, 1000.0, -20.0, 0.5), options);
    FAIL() << "master() accepted output_rate_hz";
  } catch (const auralis::Error& e) {
    EXPECT_EQ(e.code(), auralis::ErrorCode::invalid_argument);
  }
}

}  // namespace
