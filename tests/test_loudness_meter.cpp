// SPDX-License-Identifier: MIT
// LoudnessMeter behaviour: block-size independence, reset, empty results, bad input, channel weights,
// calibration.
#include <auralis/error.hpp>
#include <auralis/loudness.hpp>

#include "support/seeds.hpp"
#include "support/signals.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace auralis;

// Tech 3341: the 1 kHz -18 dBFS stereo calibration tone reads -18.0 LUFS; BS.1770's 997 Hz normalisation
// leaves +0.007 LU at 1 kHz (field survey C.1), so 0.05 LU is tight yet safe.
constexpr double kCalibrationTolerance = 0.05;
// Same arithmetic, different order of double additions (meter vs. the reference below): rounding only.
constexpr double kArithmeticTolerance = 1e-6;

// Our own double-precision K-weighting from the analogue prototypes (field survey C.2), independent of the
// meter's code: shelf then high-pass, direct form I.
struct Biquad {
  double b0, b1, b2, a1, a2;
};

std::vector<Biquad> k_weighting(std::uint32_t rate) {
  const double fs = static_cast<double>(rate);
  std::vector<Biquad> stages;
  {
    const double f0 = 1681.974450955533, gain_db = 3.999843853973347, q = 0.7071752369554196;
    const double k = std::tan(std::numbers::pi * f0 / fs);
    const double vh = std::pow(10.0, gain_db / 20.0);
    const double vb = std::pow(vh, 0.4996667741545416);
    const double a0 = 1.0 + k / q + k * k;
    stages.push_back({(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
                      2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0});
  }
  {
    const double f0 = 38.13547087602444, q = 0.5003270373238773;
    const double k = std::tan(std::numbers::pi * f0 / fs);
    const double a0 = 1.0 + k / q + k * k;
    stages.push_back({1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0});
  }
  return stages;
}

std::vector<double> k_weighted(std::span<const float> x, std::uint32_t rate) {
  std::vector<double> y(x.begin(), x.end());
  for (const Biquad& s : k_weighting(rate)) {
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (double& v : y) {
      const double out = s.b0 * v + s.b1 * x1 + s.b2 * x2 - s.a1 * y1 - s.a2 * y2;
      x2 = x1;
      x1 = v;
      y2 = y1;
      y1 = out;
      v = out;
    }
  }
  return y;
}

// Mean square of the last `frames` samples of the K-weighted channel.
double k_weighted_tail_mean_square(std::span<const float> x, std::uint32_t rate, std::size_t frames) {
  const std::vector<double> y = k_weighted(x, rate);
  double sum = 0.0;
  for (std::size_t i = y.size() - frames; i < y.size(); ++i) sum += y[i] * y[i];
  return sum / static_cast<double>(frames);
}

// BS.1770-5 Annex 2 example interpolator: 48 taps as 4 phases of 12 (field survey C.5).
constexpr double kTruePeakPhases[4][12] = {
    {0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875, 0.1373291015625,
     0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500},
    {-0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500, 0.4650878906250,
     0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375},
    {-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000, -0.2003173828125, 0.7797851562500,
     0.4650878906250, -0.1665039062500, 0.0891113281250, -0.0517578125000, 0.0292968750000, -0.0291748046875},
    {-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.1022949218750, 0.9721679687500,
     0.1373291015625, -0.0594482421875, 0.0332031250000, -0.0196533203125, 0.0109863281250, 0.0017089843750}};

// Largest |output| of the 4x interpolator over a channel preceded and followed by silence, in double.
double oversampled_peak(std::span<const float> x) {
  double peak = 0.0;
  for (std::size_t n = 0; n < x.size() + 11; ++n) {
    for (const auto& phase : kTruePeakPhases) {
      double y = 0.0;
      for (std::size_t k = 0; k < 12; ++k) {
        if (n >= k && n - k < x.size()) y += phase[k] * static_cast<double>(x[n - k]);
      }
      peak = std::max(peak, std::abs(y));
    }
  }
  return peak;
}

template <class F>
std::optional<ErrorCode> error_code_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return std::nullopt;
}

void expect_identical(const LoudnessReport& a, const LoudnessReport& b, const std::string& what) {
  EXPECT_EQ(a.integrated_lufs, b.integrated_lufs) << what;
  EXPECT_EQ(a.loudness_range_lu, b.loudness_range_lu) << what;
  EXPECT_EQ(a.max_momentary_lufs, b.max_momentary_lufs) << what;
  EXPECT_EQ(a.max_short_term_lufs, b.max_short_term_lufs) << what;
  EXPECT_EQ(a.sample_peak, b.sample_peak) << what;
  EXPECT_EQ(a.true_peak, b.true_peak) << what;
  EXPECT_EQ(a.channel_sample_peak, b.channel_sample_peak) << what;
  EXPECT_EQ(a.channel_true_peak, b.channel_true_peak) << what;
  EXPECT_EQ(a.frames, b.frames) << what;
}

void expect_no_loudness(const LoudnessReport& r, const std::string& what) {
  EXPECT_FALSE(r.integrated_lufs) << what;
  EXPECT_FALSE(r.loudness_range_lu) << what;
  EXPECT_FALSE(r.max_momentary_lufs) << what;
  EXPECT_FALSE(r.max_short_term_lufs) << what;
}

// Every value present is a finite number.
void expect_finite(const LoudnessReport& r) {
  for (const auto& value :
       {r.integrated_lufs, r.loudness_range_lu, r.max_momentary_lufs, r.max_short_term_lufs, r.true_peak}) {
    if (value) {
      EXPECT_TRUE(std::isfinite(*value));
    }
  }
  EXPECT_TRUE(std::isfinite(r.sample_peak));
}

LoudnessMeter fed_in_blocks(const AudioBuffer& audio, std::size_t block,
                            const LoudnessOptions& options = {}) {
  LoudnessMeter meter(audio.channels(), audio.sample_rate(), options);
  for (std::size_t first = 0; first < audio.frames(); first += block) {
    meter.add(auralis::test::planes_at(audio, first), std::min(block, audio.frames() - first));
  }
  return meter;
}

// Programme-like material: pink noise whose level moves by up to 20 dB, 6 s (enough for LRA).
AudioBuffer varied_noise(std::size_t channels, std::uint32_t rate, std::uint64_t seed) {
  AudioBuffer audio = auralis::test::pink_noise(channels, rate, 6.0, -1.0, seed);
  const std::vector<double> breakpoints{0.0, -20.0, -5.0, -12.0, 0.0, -16.0, -3.0};
  auralis::test::apply_gain_ramp_db(audio, breakpoints, 1.0);
  return audio;
}

TEST(LoudnessMeter, ResultsDoNotDependOnBlockSize) {
  const std::uint64_t seed = auralis::test::fresh_seed();
  for (std::size_t channels : {2u, 5u}) {
    const AudioBuffer audio = varied_noise(channels, 44100, seed);
    for (LraSampling sampling : {LraSampling::every_100ms, LraSampling::every_1s}) {
      LoudnessOptions options;
      options.lra_sampling = sampling;
      const LoudnessMeter whole = fed_in_blocks(audio, audio.frames(), options);
      const LoudnessReport expected = whole.report();
      ASSERT_TRUE(expected.integrated_lufs && expected.loudness_range_lu && expected.true_peak);
      for (std::size_t block : {1u, 7u, 441u, 4096u}) {
        const std::string what = std::to_string(channels) + " channels, blocks of " + std::to_string(block);
        const LoudnessMeter meter = fed_in_blocks(audio, block, options);
        expect_identical(meter.report(), expected, what);
        EXPECT_EQ(meter.momentary_lufs(), whole.momentary_lufs()) << what;
        EXPECT_EQ(meter.short_term_lufs(), whole.short_term_lufs()) << what;
      }
    }
  }
}

TEST(LoudnessMeter, MeasureLoudnessEqualsTheIncrementalMeter) {
  const AudioBuffer audio = varied_noise(2, 48000, auralis::test::fresh_seed());
  LoudnessMeter meter(2, 48000);
  meter.add(audio);
  expect_identical(measure_loudness(audio), meter.report(), "measure_loudness");
}

TEST(LoudnessMeter, TruePeakOnHelperThreadsGivesTheSameReport) {
  // measure_loudness with threads > 1 scans true peak beside the K-weighting; nothing may change.
  for (const std::size_t channels : {1u, 2u, 6u}) {
    AudioBuffer audio = test::pink_noise(channels, 44100, 3.5, -1.0, test::fresh_seed());
    audio.channel(0)[1000] = 0.999f;
    audio.channel(channels - 1)[audio.frames() - 1] = -0.999f;  // a peak whose ring-out passes the end
    const LoudnessReport serial = measure_loudness(audio);
    for (const unsigned threads : {2u, 3u, 8u}) {
      LoudnessOptions options;
      options.threads = threads;
      const LoudnessReport parallel = measure_loudness(audio, options);
      EXPECT_EQ(parallel.true_peak, serial.true_peak) << channels << " channels, " << threads << " threads";
      EXPECT_EQ(parallel.channel_true_peak, serial.channel_true_peak);
      EXPECT_EQ(parallel.integrated_lufs, serial.integrated_lufs);
      EXPECT_EQ(parallel.loudness_range_lu, serial.loudness_range_lu);
      EXPECT_EQ(parallel.sample_peak, serial.sample_peak);
    }
  }
}

TEST(LoudnessMeter, ResetGivesAFreshMeter) {
  const std::uint64_t seed = auralis::test::fresh_seed();
  const AudioBuffer first = varied_noise(2, 48000, seed);
  const AudioBuffer second = auralis::test::sine(2, 48000, 1000.0, -20.0, 4.0);
  LoudnessMeter meter(2, 48000);
  meter.add(first);
  meter.reset();
  EXPECT_FALSE(meter.momentary_lufs());
  EXPECT_FALSE(meter.short_term_lufs());
  const LoudnessReport cleared = meter.report();
  expect_no_loudness(cleared, "after reset");
  EXPECT_EQ(cleared.frames, 0u);
  EXPECT_EQ(cleared.sample_peak, 0.0);
  meter.add(second);
  LoudnessMeter fresh(2, 48000);
  fresh.add(second);
  expect_identical(meter.report(), fresh.report(), "reset then second signal");
  EXPECT_EQ(meter.momentary_lufs(), fresh.momentary_lufs());
  EXPECT_EQ(meter.short_term_lufs(), fresh.short_term_lufs());
}

TEST(LoudnessMeter, SilenceHasNoMeasurableLoudness) {
  const AudioBuffer audio = auralis::test::silence(2, 10.0, 48000);
  LoudnessMeter meter(2, 48000);
  meter.add(audio);
  const LoudnessReport r = meter.report();
  expect_no_loudness(r, "silence");
  expect_finite(r);
  EXPECT_FALSE(meter.momentary_lufs());
  EXPECT_FALSE(meter.short_term_lufs());
  EXPECT_EQ(r.sample_peak, 0.0);
  ASSERT_TRUE(r.true_peak);
  EXPECT_EQ(*r.true_peak, 0.0);
  EXPECT_FALSE(LoudnessReport::to_db(r.sample_peak));
  EXPECT_EQ(r.frames, audio.frames());
}

TEST(LoudnessMeter, EverythingBelowTheAbsoluteGateHasNoMeasurableLoudness) {
  // Tone at -75 LUFS and noise at about -85 LUFS: both under the -70 LUFS gate.
  const AudioBuffer tone = auralis::test::sine(2, 48000, 1000.0, -75.0, 5.0);
  const AudioBuffer noise = auralis::test::white_noise(2, 48000, 5.0, -80.0, auralis::test::fresh_seed());
  for (const AudioBuffer* audio : {&tone, &noise}) {
    LoudnessMeter meter(2, 48000);
    meter.add(*audio);
    const LoudnessReport r = meter.report();
    expect_no_loudness(r, "below -70 LUFS");
    expect_finite(r);
    EXPECT_FALSE(meter.momentary_lufs());
    EXPECT_FALSE(meter.short_term_lufs());
    EXPECT_GT(r.sample_peak, 0.0);
  }
  // Just above the gate it is measured.
  const LoudnessReport quiet = measure_loudness(auralis::test::sine(2, 48000, 1000.0, -69.0, 5.0));
  ASSERT_TRUE(quiet.integrated_lufs);
  EXPECT_NEAR(*quiet.integrated_lufs, -69.0, kCalibrationTolerance);
}

TEST(LoudnessMeter, ShorterThanOneBlockHasNoIntegratedLoudness) {
  const AudioBuffer short_tone = auralis::test::sine(2, 48000, 1000.0, -20.0, 0.39);
  LoudnessMeter meter(2, 48000);
  meter.add(short_tone);
  const LoudnessReport r = meter.report();
  expect_no_loudness(r, "390 ms");
  EXPECT_FALSE(meter.momentary_lufs());
  EXPECT_NEAR(r.sample_peak, 0.1, 1e-6);  // -20 dBFS peak; 1e-6 covers float rounding and sine sampling.
  EXPECT_EQ(r.frames, short_tone.frames());
  // A little more than one block is measured (but is still too short for the short-term window).
  const LoudnessReport longer = measure_loudness(auralis::test::sine(2, 48000, 1000.0, -20.0, 0.5));
  ASSERT_TRUE(longer.integrated_lufs && longer.max_momentary_lufs);
  EXPECT_FALSE(longer.max_short_term_lufs);
  EXPECT_FALSE(longer.loudness_range_lu);
}

TEST(LoudnessMeter, MomentaryAndShortTermAppearAfterTheirWindows) {
  // At 48 kHz the windows are exactly 19200 and 144000 frames.
  const AudioBuffer audio = auralis::test::sine(2, 48000, 1000.0, -20.0, 3.5);
  LoudnessMeter meter(2, 48000);
  meter.add(auralis::test::planes_at(audio), 19199);
  EXPECT_FALSE(meter.momentary_lufs());
  meter.add(auralis::test::planes_at(audio, 19199), 1);
  EXPECT_TRUE(meter.momentary_lufs());
  meter.add(auralis::test::planes_at(audio, 19200), 144000 - 1 - 19200);
  EXPECT_FALSE(meter.short_term_lufs());
  meter.add(auralis::test::planes_at(audio, 143999), 1);
  EXPECT_TRUE(meter.short_term_lufs());
}

TEST(LoudnessMeter, MomentaryAndShortTermAreTheLastWindowsOfKWeightedEnergy) {
  const AudioBuffer audio = varied_noise(2, 48000, auralis::test::fresh_seed());  // 6 s = 600 ticks.
  LoudnessMeter meter(2, 48000);
  meter.add(audio);
  for (auto [frames, value] : {std::pair{std::size_t{19200}, meter.momentary_lufs()},
                               std::pair{std::size_t{144000}, meter.short_term_lufs()}}) {
    double energy = 0.0;
    for (std::size_t c = 0; c < 2; ++c)
      energy += k_weighted_tail_mean_square(audio.channel(c), 48000, frames);
    ASSERT_TRUE(value);
    EXPECT_NEAR(*value, -0.691 + 10.0 * std::log10(energy), kArithmeticTolerance) << frames << " frames";
  }
}

TEST(LoudnessMeter, ReportedMaximaAreTheMaximaOfThe10msReadings) {
  const AudioBuffer audio = varied_noise(2, 48000, auralis::test::fresh_seed());
  LoudnessMeter meter(2, 48000);
  std::optional<double> max_momentary, max_short_term;
  for (std::size_t first = 0; first < audio.frames(); first += 480) {
    meter.add(auralis::test::planes_at(audio, first), 480);
    if (const auto m = meter.momentary_lufs())
      max_momentary = std::max(max_momentary.value_or(-INFINITY), *m);
    if (const auto s = meter.short_term_lufs())
      max_short_term = std::max(max_short_term.value_or(-INFINITY), *s);
  }
  const LoudnessReport r = meter.report();
  EXPECT_EQ(r.max_momentary_lufs, max_momentary);
  EXPECT_EQ(r.max_short_term_lufs, max_short_term);
}

TEST(LoudnessMeter, TruePeakIsTheBs1770InterpolatorsPeak) {
  // Full-band noise with inter-sample overs, faded out so that what follows the last sample does not matter.
  AudioBuffer audio = auralis::test::white_noise(2, 48000, 1.0, -1.0, auralis::test::fresh_seed());
  auralis::test::apply_fades(audio, 0.01);
  const LoudnessMeter meter = fed_in_blocks(audio, 1000);
  const LoudnessReport r = meter.report();
  ASSERT_TRUE(r.true_peak);
  ASSERT_EQ(r.channel_true_peak.size(), 2u);
  for (std::size_t c = 0; c < 2; ++c) {
    const double expected = std::max(oversampled_peak(audio.channel(c)), r.channel_sample_peak[c]);
    // The meter sums 12 float32 products per output (|x| <= 1): rounding stays under 2e-6 of the peak.
    EXPECT_NEAR(r.channel_true_peak[c], expected, 2e-6 * expected) << "channel " << c;
    EXPECT_GT(r.channel_true_peak[c], r.channel_sample_peak[c]) << "white noise has inter-sample peaks";
  }
  EXPECT_EQ(*r.true_peak, std::max(r.channel_true_peak[0], r.channel_true_peak[1]));
  EXPECT_EQ(r.sample_peak, std::max(r.channel_sample_peak[0], r.channel_sample_peak[1]));
}

TEST(LoudnessMeter, OneFrameWorks) {
  const float value = 0.25f;
  const float* planes[] = {&value};
  LoudnessMeter meter(1, 44100);
  meter.add(planes, 1);
  const LoudnessReport r = meter.report();
  EXPECT_EQ(r.frames, 1u);
  EXPECT_EQ(r.sample_peak, 0.25);
  ASSERT_TRUE(r.true_peak);
  EXPECT_GE(*r.true_peak, 0.25);
  EXPECT_LT(*r.true_peak, 0.26);  // An impulse: the largest BS.1770 tap is 0.972, so TP = the sample.
  expect_no_loudness(r, "one frame");
  expect_finite(r);
  meter.add(planes, 0);  // Nothing at all is fine too.
  EXPECT_EQ(meter.report().frames, 1u);
}

TEST(LoudnessMeter, NonFiniteSamplesThrowAndLeaveTheMeterUnchanged) {
  const AudioBuffer audio = varied_noise(2, 48000, auralis::test::fresh_seed());
  const std::size_t half = audio.frames() / 2;
  const AudioBuffer head = auralis::test::slice(audio, 0, half);
  const AudioBuffer tail = auralis::test::slice(audio, half, audio.frames() - half);
  LoudnessMeter clean(2, 48000);
  clean.add(audio);

  struct Bad {
    std::size_t channel, frame;
    float value;
  };
  const Bad bads[] = {{1, 100, std::numeric_limits<float>::quiet_NaN()},
                      {0, 999, std::numeric_limits<float>::infinity()},
                      {1, 0, -std::numeric_limits<float>::infinity()}};
  LoudnessMeter meter(2, 48000);
  meter.add(head);
  for (const Bad& bad : bads) {
    const LoudnessReport before = meter.report();
    const auto momentary = meter.momentary_lufs();
    const auto short_term = meter.short_term_lufs();
    AudioBuffer block = auralis::test::slice(tail, 0, 1000);
    block.channel(bad.channel)[bad.frame] = bad.value;
    EXPECT_EQ(error_code_of([&] { meter.add(block); }), ErrorCode::non_finite_samples);
    EXPECT_EQ(error_code_of([&] { meter.add(auralis::test::planes_at(block), block.frames()); }),
              ErrorCode::non_finite_samples);
    expect_identical(meter.report(), before, "after a rejected block");
    EXPECT_EQ(meter.momentary_lufs(), momentary);
    EXPECT_EQ(meter.short_term_lufs(), short_term);
  }
  // The filters' state was not touched either: the rest of the signal gives what a clean run gives.
  meter.add(tail);
  expect_identical(meter.report(), clean.report(), "rejected blocks then the rest");
}

TEST(LoudnessMeter, BadConstructorArgumentsThrowInvalidArgument) {
  const auto code = [](std::size_t channels, std::uint32_t rate, LoudnessOptions options = {}) {
    return error_code_of([&] { LoudnessMeter meter(channels, rate, options); });
  };
  EXPECT_EQ(code(0, 48000), ErrorCode::invalid_argument);
  EXPECT_EQ(code(33, 48000), ErrorCode::invalid_argument);
  EXPECT_EQ(code(2, 7999), ErrorCode::invalid_argument);
  EXPECT_EQ(code(2, 768001), ErrorCode::invalid_argument);
  LoudnessOptions three;
  three.layout = default_layout(3);
  EXPECT_EQ(code(2, 48000, three), ErrorCode::invalid_argument);
  // The limits themselves are fine.
  EXPECT_EQ(code(32, 48000), std::nullopt);
  EXPECT_EQ(code(1, 8000), std::nullopt);
  EXPECT_EQ(code(1, 768000), std::nullopt);
  EXPECT_EQ(code(3, 48000, three), std::nullopt);
}

TEST(LoudnessMeter, BufferOfAnotherShapeIsRejected) {
  LoudnessMeter meter(2, 48000);
  EXPECT_EQ(error_code_of([&] { meter.add(auralis::test::silence(1, 0.1, 48000)); }),
            ErrorCode::invalid_argument);
  EXPECT_EQ(error_code_of([&] { meter.add(auralis::test::silence(2, 0.1, 44100)); }),
            ErrorCode::invalid_argument);
  EXPECT_EQ(meter.report().frames, 0u);
}

TEST(LoudnessMeter, ExtremeRatesMeasureACalibrationTone) {
  // 8 kHz and 768 kHz are accepted and give the tone's level (a 1 kHz tone is within K-weighting's design
  // range at both; 0.1 LU is the Tech 3341 tolerance).
  for (std::uint32_t rate : {8000u, 768000u}) {
    const LoudnessReport r = measure_loudness(auralis::test::sine(2, rate, 1000.0, -18.0, 1.0));
    ASSERT_TRUE(r.integrated_lufs) << rate;
    EXPECT_NEAR(*r.integrated_lufs, -18.0, 0.1) << rate;
  }
}

TEST(LoudnessMeter, CalibrationToneReadsMinus18) {
  for (std::uint32_t rate : {44100u, 48000u, 96000u}) {
    LoudnessMeter meter(2, rate);
    meter.add(auralis::test::sine(2, rate, 1000.0, -18.0, 5.0));
    const LoudnessReport r = meter.report();
    ASSERT_TRUE(r.integrated_lufs && meter.momentary_lufs() && meter.short_term_lufs()) << rate;
    EXPECT_NEAR(*r.integrated_lufs, -18.0, kCalibrationTolerance) << rate;
    EXPECT_NEAR(*meter.momentary_lufs(), -18.0, kCalibrationTolerance) << rate;
    EXPECT_NEAR(*meter.short_term_lufs(), -18.0, kCalibrationTolerance) << rate;
  }
}

TEST(LoudnessMeter, MonoWeighsOneAndStereoAddsBothChannels) {
  // BS.1770: a sine at X dBFS peak in one channel reads X - 3.01 LUFS; in phase in two channels X.
  const LoudnessReport mono = measure_loudness(auralis::test::sine(1, 48000, 1000.0, -23.0, 5.0));
  const LoudnessReport stereo = measure_loudness(auralis::test::sine(2, 48000, 1000.0, -23.0, 5.0));
  ASSERT_TRUE(mono.integrated_lufs && stereo.integrated_lufs);
  EXPECT_NEAR(*mono.integrated_lufs, -26.0, kCalibrationTolerance);
  EXPECT_NEAR(*stereo.integrated_lufs, -23.0, kCalibrationTolerance);
  EXPECT_NEAR(*stereo.integrated_lufs - *mono.integrated_lufs, 10.0 * std::log10(2.0), kArithmeticTolerance);
}

// A 1 kHz tone in channel `active` only of a `channels`-channel default layout.
AudioBuffer tone_in_one_channel(std::size_t channels, std::size_t active) {
  std::vector<double> levels(channels, auralis::test::silent_dbfs);
  levels[active] = -20.0;
  return auralis::test::sine(48000, 1000.0, levels, 5.0);
}

TEST(LoudnessMeter, LfeIsExcluded) {
  LoudnessMeter meter(6, 48000);
  meter.add(tone_in_one_channel(6, 3));  // L R C LFE Ls Rs.
  const LoudnessReport r = meter.report();
  expect_no_loudness(r, "LFE only");
  EXPECT_FALSE(meter.momentary_lufs());
  // Peaks still see it (-20 dBFS; 1e-6 covers float rounding).
  EXPECT_NEAR(r.sample_peak, 0.1, 1e-6);
  EXPECT_NEAR(r.channel_sample_peak[3], 0.1, 1e-6);
}

TEST(LoudnessMeter, SurroundWeighs141) {
  // 5.0: L R C Ls Rs; the surround (rear) pair weighs 1.41.
  const AudioBuffer surround = tone_in_one_channel(5, 3);
  LoudnessMeter meter(5, 48000);
  meter.add(surround);
  const double ms = k_weighted_tail_mean_square(surround.channel(3), 48000, 19200);
  ASSERT_TRUE(meter.momentary_lufs());
  EXPECT_NEAR(*meter.momentary_lufs(), -0.691 + 10.0 * std::log10(1.41 * ms), kArithmeticTolerance);

  const LoudnessReport left = measure_loudness(tone_in_one_channel(5, 0));
  const LoudnessReport rear = meter.report();
  ASSERT_TRUE(left.integrated_lufs && rear.integrated_lufs);
  EXPECT_NEAR(*rear.integrated_lufs - *left.integrated_lufs, 10.0 * std::log10(1.41), kArithmeticTolerance);

  // 7.1 (L R C LFE Ls Rs SL SR): the side pair weighs 1.41, the rear pair 1.0.
  const LoudnessReport left71 = measure_loudness(tone_in_one_channel(8, 0));
  const LoudnessReport rear71 = measure_loudness(tone_in_one_channel(8, 4));
  const LoudnessReport side71 = measure_loudness(tone_in_one_channel(8, 7));
  ASSERT_TRUE(left71.integrated_lufs && rear71.integrated_lufs && side71.integrated_lufs);
  EXPECT_NEAR(*rear71.integrated_lufs, *left71.integrated_lufs, kArithmeticTolerance);
  EXPECT_NEAR(*side71.integrated_lufs - *left71.integrated_lufs, 10.0 * std::log10(1.41),
              kArithmeticTolerance);
}

TEST(LoudnessMeter, ChannelWeightsOfDefaultLayouts) {
  // BS.1770 Annex 3 Table 4 applied to default_layout (see audio_buffer.hpp for the orders).
  const std::vector<std::vector<double>> expected{
      {1.0},
      {1.0, 1.0},
      {1.0, 1.0, 1.0},
      {1.0, 1.0, 1.41, 1.41},                       // L R Ls Rs (rear pair = surrounds).
      {1.0, 1.0, 1.0, 1.41, 1.41},                  // L R C Ls Rs.
      {1.0, 1.0, 1.0, 0.0, 1.41, 1.41},             // 5.1.
      {1.0, 1.0, 1.0, 0.0, 1.0, 1.41, 1.41},        // 6.1: L R C LFE Cs SL SR.
      {1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.41, 1.41}};  // 7.1: rear pair 1.0, side pair 1.41.
  for (std::size_t channels = 1; channels <= expected.size(); ++channels) {
    EXPECT_EQ(bs1770_channel_weights(default_layout(channels)), expected[channels - 1]) << channels;
  }
  EXPECT_EQ(bs1770_channel_weights(default_layout(10)), std::vector<double>(10, 1.0));
  EXPECT_TRUE(bs1770_channel_weights({}).empty());
}

TEST(LoudnessMeter, LayoutFromOptionsOverridesTheBuffers) {
  // Two channels, signal in the second; as L R it is measured, declared L + LFE it is not.
  std::vector<double> levels{auralis::test::silent_dbfs, -20.0};
  AudioBuffer audio = auralis::test::sine(48000, 1000.0, levels, 2.0);
  EXPECT_TRUE(measure_loudness(audio).integrated_lufs);
  LoudnessOptions with_lfe;
  with_lfe.layout = {Speaker::left, Speaker::lfe};
  EXPECT_FALSE(measure_loudness(audio, with_lfe).integrated_lufs);
  audio.set_layout({Speaker::left, Speaker::lfe});
  EXPECT_FALSE(measure_loudness(audio).integrated_lufs);
  LoudnessOptions stereo;
  stereo.layout = default_layout(2);
  EXPECT_TRUE(measure_loudness(audio, stereo).integrated_lufs);
}

TEST(LoudnessMeter, TruePeakCanBeTurnedOff) {
  const AudioBuffer audio = varied_noise(2, 48000, auralis::test::fresh_seed());
  LoudnessOptions options;
  options.true_peak = false;
  const LoudnessReport off = measure_loudness(audio, options);
  const LoudnessReport on = measure_loudness(audio);
  EXPECT_FALSE(off.true_peak);
  EXPECT_TRUE(off.channel_true_peak.empty());
  ASSERT_TRUE(on.true_peak);
  ASSERT_EQ(on.channel_true_peak.size(), 2u);
  EXPECT_GE(*on.true_peak, on.sample_peak);
  for (std::size_t c = 0; c < 2; ++c) EXPECT_GE(on.channel_true_peak[c], on.channel_sample_peak[c]);
  // Loudness does not depend on it.
  EXPECT_EQ(off.integrated_lufs, on.integrated_lufs);
  EXPECT_EQ(off.loudness_range_lu, on.loudness_range_lu);
  EXPECT_EQ(off.sample_peak, on.sample_peak);
}

TEST(LoudnessMeter, LraSamplingOnlyChangesTheRange) {
  const AudioBuffer audio = varied_noise(2, 44100, auralis::test::fresh_seed());
  LoudnessOptions slow;
  slow.lra_sampling = LraSampling::every_1s;
  const LoudnessReport a = measure_loudness(audio);
  const LoudnessReport b = measure_loudness(audio, slow);
  EXPECT_EQ(a.integrated_lufs, b.integrated_lufs);
  EXPECT_EQ(a.max_momentary_lufs, b.max_momentary_lufs);
  EXPECT_EQ(a.max_short_term_lufs, b.max_short_term_lufs);
  EXPECT_EQ(a.true_peak, b.true_peak);
  ASSERT_TRUE(a.loudness_range_lu && b.loudness_range_lu);
}

TEST(LoudnessMeter, MovedMeterKeepsMeasuring) {
  const AudioBuffer audio = varied_noise(2, 48000, auralis::test::fresh_seed());
  LoudnessMeter original(2, 48000);
  original.add(auralis::test::slice(audio, 0, 48000));
  LoudnessMeter moved(std::move(original));
  moved.add(auralis::test::slice(audio, 48000, audio.frames()));
  LoudnessMeter assigned(1, 8000);
  assigned = std::move(moved);
  EXPECT_EQ(assigned.channels(), 2u);
  EXPECT_EQ(assigned.sample_rate(), 48000u);
  expect_identical(assigned.report(), measure_loudness(audio), "moved");
}

TEST(LoudnessMeter, ToDbConvertsPeaks) {
  EXPECT_FALSE(LoudnessReport::to_db(0.0));
  ASSERT_TRUE(LoudnessReport::to_db(1.0));
  EXPECT_EQ(*LoudnessReport::to_db(1.0), 0.0);
  EXPECT_NEAR(*LoudnessReport::to_db(0.5), -6.0206, 1e-4);  // 20 log10(0.5) to the digits written.
}

TEST(LoudnessMeter, ReferenceKWeightingMatchesTheBs1770Table) {
  // Guards the test's own K-weighting: at 48 kHz it must give the coefficients printed in BS.1770 Annex 1
  // (14 decimals printed; 1e-12 allows for the last digit's rounding).
  const std::vector<Biquad> k = k_weighting(48000);
  EXPECT_NEAR(k[0].b0, 1.53512485958697, 1e-12);
  EXPECT_NEAR(k[0].b1, -2.69169618940638, 1e-12);
  EXPECT_NEAR(k[0].b2, 1.19839281085285, 1e-12);
  EXPECT_NEAR(k[0].a1, -1.69065929318241, 1e-12);
  EXPECT_NEAR(k[0].a2, 0.73248077421585, 1e-12);
  EXPECT_NEAR(k[1].a1, -1.99004745483398, 1e-12);
  EXPECT_NEAR(k[1].a2, 0.99007225036621, 1e-12);
}

}  // namespace
