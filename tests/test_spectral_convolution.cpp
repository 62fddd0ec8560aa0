// SPDX-License-Identifier: MIT
// SpectralEngine::convolve on every backend (CPU, Vulkan on lavapipe): SNR against float64 convolution for
// short to partitioned filters, delay compensation, no block-edge artifacts, per-channel and batched jobs,
// caller buffers.
#include <auralis/backend.hpp>
#include <auralis/error.hpp>
#include <auralis/spectral.hpp>

#include "fallback/overlap_save_shape.hpp"
#include "reference/spectral_float64.hpp"
#include "support/backends.hpp"
#include "support/measurements.hpp"
#include "support/seeds.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace {

using auralis::AudioBuffer;
using auralis::ConvolutionJob;
using auralis::FirFilter;
using auralis::test::TestBackend;

// Float32 overlap-save against double: about -130 dB of error on either backend; the CPU backend is held to
// 120 dB (its issue), the Vulkan backend to the 110 dB its issue allows (VkFFT's twiddles and our shaders
// round differently; measured values in docs/accuracy.md).
double min_snr_db(TestBackend backend) {
  return backend == TestBackend::cpu ? 120.0 : 110.0;
}

std::vector<float> random_values(std::size_t n, std::mt19937_64& generator, float scale) {
  std::normal_distribution<float> normal(0.0f, scale);
  std::vector<float> v(n);
  for (float& x : v) x = normal(generator);
  return v;
}

double snr_db(std::span<const float> got, const std::vector<double>& expected) {
  double signal = 0.0, error = 0.0;
  for (std::size_t n = 0; n < got.size(); ++n) {
    signal += expected[n] * expected[n];
    error += (got[n] - expected[n]) * (got[n] - expected[n]);
  }
  return 10.0 * std::log10(signal / std::max(error, 1e-300));
}

class BackendConvolutionSnr : public ::testing::TestWithParam<std::tuple<TestBackend, std::size_t>> {};

TEST_P(BackendConvolutionSnr, MatchesFloat64Convolution) {
  const auto [backend, taps] = GetParam();
  AURALIS_TEST_ENGINE(engine, backend, 2);
  std::mt19937_64 generator(auralis::test::fresh_seed());
  const std::size_t frames = std::max<std::size_t>(3 * taps, 20000) + 777;
  AudioBuffer input(2, frames, 48000);
  for (std::size_t c = 0; c < 2; ++c) {
    const auto values = random_values(frames, generator, 0.3f);
    std::copy(values.begin(), values.end(), input.channel(c).begin());
  }
  const FirFilter filter{random_values(taps, generator, 1.0f / std::sqrt(static_cast<float>(taps))),
                         std::uniform_int_distribution<std::size_t>(0, taps - 1)(generator)};
  const ConvolutionJob jobs[] = {{&input, {filter}}};
  const AudioBuffer output = engine.convolve(jobs)[0];
  ASSERT_EQ(output.frames(), frames);
  for (std::size_t c = 0; c < 2; ++c) {
    const auto expected = auralis::reference::convolve_reference(input.channel(c), filter.taps, filter.delay);
    const double snr = snr_db(output.channel(c), expected);
    EXPECT_GE(snr, min_snr_db(backend)) << "taps " << taps << " delay " << filter.delay << " channel " << c;
    auralis::test::record_measurement("snr_db_channel_" + std::to_string(c), snr);
  }
}

INSTANTIATE_TEST_SUITE_P(Lengths, BackendConvolutionSnr,
                         ::testing::Combine(::testing::Values(TestBackend::cpu, TestBackend::vulkan),
                                            ::testing::Values(1, 2, 17, 255, 4096, 4097, 32768, 32769,
                                                              65536)),
                         [](const auto& param_info) {
                           return auralis::test::backend_name(std::get<0>(param_info.param)) + "_" +
                                  std::to_string(std::get<1>(param_info.param)) + "_taps";
                         });

// The tests below run on every backend.
class ConvolutionOnBackend : public ::testing::TestWithParam<TestBackend> {};
INSTANTIATE_TEST_SUITE_P(Backends, ConvolutionOnBackend,
                         ::testing::Values(TestBackend::cpu, TestBackend::vulkan),
                         auralis::test::BackendNamer());

TEST_P(ConvolutionOnBackend, IdentityFilterReturnsTheInput) {
  AURALIS_TEST_ENGINE(engine, GetParam(), 2);
  std::mt19937_64 generator(auralis::test::fresh_seed());
  for (const std::size_t taps : {1u, 33u, 4095u}) {
    AudioBuffer input(1, 30011, 44100);
    const auto values = random_values(input.frames(), generator, 0.5f);
    std::copy(values.begin(), values.end(), input.channel(0).begin());
    std::vector<float> h(taps, 0.0f);
    h[taps / 2] = 1.0f;
    const ConvolutionJob jobs[] = {{&input, {FirFilter::linear_phase(h)}}};
    const AudioBuffer output = engine.convolve(jobs)[0];
    float worst = 0.0f;
    for (std::size_t n = 0; n < input.frames(); ++n)
      worst = std::max(worst, std::abs(output.channel(0)[n] - values[n]));
    // One float FFT round trip of a +-0.5 signal: the worst of 30011 samples sits at 0.6-1.1e-6 (about 2^-20,
    // a few dozen float ulps at the peak); twice the worst seen in 600 seeded runs leaves no room for a real
    // error, which shows as 1e-3 or more.
    EXPECT_LE(worst, 2e-6f) << "taps " << taps;
  }
}

TEST_P(ConvolutionOnBackend, LinearPhaseFilterHasZeroNetDelay) {
  // A symmetric low-pass keeps a click centred where it was.
  const std::size_t taps = 255;
  std::vector<float> h(taps);
  for (std::size_t k = 0; k < taps; ++k) {
    const double t = static_cast<double>(k) - 127.0;
    const double sinc = t == 0.0 ? 1.0 : std::sin(0.3 * std::numbers::pi * t) / (0.3 * std::numbers::pi * t);
    h[k] = static_cast<float>(0.3 * sinc *
                              (0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(k + 1) /
                                                    static_cast<double>(taps + 1))));
  }
  AudioBuffer input(1, 10000, 44100);
  input.channel(0)[5000] = 1.0f;
  AURALIS_TEST_ENGINE(engine, GetParam(), 2);
  const ConvolutionJob jobs[] = {{&input, {FirFilter::linear_phase(h)}}};
  const AudioBuffer output = engine.convolve(jobs)[0];
  const auto y = output.channel(0);
  const auto peak = std::max_element(y.begin(), y.end()) - y.begin();
  EXPECT_EQ(peak, 5000);
  EXPECT_NEAR(y[4990], y[5010], 1e-6f);  // symmetric around the click
}

TEST_P(ConvolutionOnBackend, SineThroughAFlatFilterHasNoModulationOrClicks) {
  // A delta scaled by 0.8 behind a delay of half the filter: the output must be 0.8 x the sine exactly,
  // with no ripple in its envelope and no steps at the overlap-save block edges.
  const std::size_t taps = 4097;
  std::vector<float> h(taps, 0.0f);
  h[taps / 2] = 0.8f;
  const std::uint32_t rate = 44100;
  AudioBuffer input(1, 5 * rate, rate);
  const double hz = 1000.0;
  for (std::size_t n = 0; n < input.frames(); ++n) {
    input.channel(0)[n] =
        0.5f * static_cast<float>(std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(n) / rate));
  }
  AURALIS_TEST_ENGINE(engine, GetParam(), 2);
  const ConvolutionJob jobs[] = {{&input, {FirFilter::linear_phase(h)}}};
  const AudioBuffer output = engine.convolve(jobs)[0];
  const auto y = output.channel(0);
  // Envelope: RMS over whole periods (441 samples = 10 periods), normalised.
  std::vector<double> envelope;
  for (std::size_t start = 0; start + 441 <= y.size(); start += 441) {
    double sum = 0.0;
    for (std::size_t n = start; n < start + 441; ++n) sum += static_cast<double>(y[n]) * y[n];
    envelope.push_back(std::sqrt(sum / 441.0) / (0.4 / std::numbers::sqrt2));
  }
  double mean = 0.0, variance = 0.0;
  for (double e : envelope) mean += e / static_cast<double>(envelope.size());
  for (double e : envelope) variance += (e - mean) * (e - mean) / static_cast<double>(envelope.size());
  EXPECT_LT(variance, 1e-6);
  EXPECT_NEAR(mean, 1.0, 1e-3);
  // Clicks: no step larger than the sine's own steepest step, anywhere (block edges included).
  const double max_step = 0.4 * 2.0 * std::numbers::pi * hz / rate * (1.0 + 1e-3);
  const std::size_t block = auralis::fallback::choose_overlap_save_shape(taps).block;
  double worst = 0.0;
  std::size_t worst_at = 0;
  for (std::size_t n = 1; n < y.size(); ++n) {
    const double step = std::abs(static_cast<double>(y[n]) - y[n - 1]);
    if (step > worst) {
      worst = step;
      worst_at = n;
    }
  }
  EXPECT_LE(worst, max_step) << "at sample " << worst_at << " (blocks of " << block << ")";
}

TEST_P(ConvolutionOnBackend, PerChannelFiltersAndBatchedJobs) {
  AURALIS_TEST_ENGINE(engine, GetParam(), 2);
  std::mt19937_64 generator(auralis::test::fresh_seed());
  AudioBuffer stereo(2, 20000, 44100);
  AudioBuffer mono(1, 7777, 96000);
  for (std::size_t c = 0; c < 2; ++c) {
    const auto v = random_values(stereo.frames(), generator, 0.3f);
    std::copy(v.begin(), v.end(), stereo.channel(c).begin());
  }
  const auto m = random_values(mono.frames(), generator, 0.3f);
  std::copy(m.begin(), m.end(), mono.channel(0).begin());
  const FirFilter left{random_values(100, generator, 0.1f), 10};
  const FirFilter right{random_values(3000, generator, 0.02f), 1500};
  const FirFilter shared{random_values(513, generator, 0.05f), 256};
  const ConvolutionJob jobs[] = {{&stereo, {left, right}}, {&mono, {shared}}};
  const std::vector<AudioBuffer> out = engine.convolve(jobs);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].sample_rate(), 96000u);
  EXPECT_EQ(out[1].frames(), 7777u);
  EXPECT_EQ(out[0].layout(), stereo.layout());
  EXPECT_GE(
      snr_db(out[0].channel(0), auralis::reference::convolve_reference(stereo.channel(0), left.taps, 10)),
      min_snr_db(GetParam()));
  EXPECT_GE(
      snr_db(out[0].channel(1), auralis::reference::convolve_reference(stereo.channel(1), right.taps, 1500)),
      min_snr_db(GetParam()));
  EXPECT_GE(
      snr_db(out[1].channel(0), auralis::reference::convolve_reference(mono.channel(0), shared.taps, 256)),
      min_snr_db(GetParam()));
}

TEST_P(ConvolutionOnBackend, CallerBuffersAreReusedOrReshaped) {
  AudioBuffer input(2, 5000, 44100);
  input.channel(0)[100] = 1.0f;
  const ConvolutionJob jobs[] = {{&input, {FirFilter{{1.0f}, 0}}}};
  AURALIS_TEST_ENGINE(engine, GetParam(), 2);
  std::vector<AudioBuffer> out(1);
  out[0] = AudioBuffer(2, 5000, 44100);
  const float* before = out[0].channel(0).data();
  engine.convolve(jobs, out);
  EXPECT_EQ(out[0].channel(0).data(), before);       // right shape: reused
  EXPECT_NEAR(out[0].channel(0)[100], 1.0f, 1e-6f);  // one float FFT round trip
  out[0] = AudioBuffer(1, 10, 8000);
  engine.convolve(jobs, out);
  EXPECT_EQ(out[0].channels(), 2u);  // wrong shape: reallocated
  EXPECT_EQ(out[0].frames(), 5000u);
  EXPECT_EQ(out[0].sample_rate(), 44100u);
  // An output that is also the input would be overwritten while still being read.
  std::vector<AudioBuffer> aliased(1);
  const ConvolutionJob self[] = {{&aliased[0], {FirFilter{{1.0f}, 0}}}};
  aliased[0] = AudioBuffer(1, 100, 44100);
  EXPECT_THROW(engine.convolve(self, aliased), auralis::Error);
}

TEST_P(ConvolutionOnBackend, OneSampleMonoAndEightChannels) {
  AudioBuffer one(1, 1, 44100);
  one.channel(0)[0] = 0.5f;
  AURALIS_TEST_ENGINE(engine, GetParam(), 2);
  const ConvolutionJob single[] = {{&one, {FirFilter{{0.25f, 2.0f, 0.25f}, 1}}}};
  EXPECT_FLOAT_EQ(engine.convolve(single)[0].channel(0)[0], 1.0f);  // taps[delay] x x[0]
  AudioBuffer wide(8, 3000, 48000);
  for (std::size_t c = 0; c < 8; ++c) wide.channel(c)[1000 + c] = static_cast<float>(c + 1);
  const ConvolutionJob jobs[] = {{&wide, {FirFilter{{0.0f, 1.0f, 0.0f}, 1}}}};
  const AudioBuffer out = engine.convolve(jobs)[0];
  for (std::size_t c = 0; c < 8; ++c) EXPECT_NEAR(out.channel(c)[1000 + c], static_cast<float>(c + 1), 1e-5f);
}

}  // namespace
