// SPDX-License-Identifier: MIT
// What SpectralEngine promises beyond accuracy: bit-identical results for any worker count and run to run,
// and clear refusals (Error invalid_argument naming the problem) for bad arguments.
#include <auralis/backend.hpp>
#include <auralis/error.hpp>
#include <auralis/spectral.hpp>

#include "support/seeds.hpp"
#include "support/signals.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace {

using auralis::AudioBuffer;
using auralis::BandLayout;
using auralis::ConvolutionJob;
using auralis::ErrorCode;
using auralis::FirFilter;
using auralis::StftSpec;

// Uniform white noise peaking at -10 dBFS (tests/support/signals.hpp), `frames` long.
AudioBuffer noise(std::size_t channels, std::size_t frames, std::uint32_t rate, std::uint64_t seed) {
  return auralis::test::white_noise(channels, rate, static_cast<double>(frames) / rate, -10.0, seed);
}

bool same_bits(std::span<const float> a, std::span<const float> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
}

TEST(BackendDeterminism, BitIdenticalForAnyWorkerCountAndRun) {
  const std::uint64_t seed = auralis::test::fresh_seed();
  const AudioBuffer a = noise(2, 150000, 44100, seed);
  const AudioBuffer b = noise(1, 77777, 48000, seed + 1);
  const AudioBuffer* tracks[] = {&a, &b};
  const BandLayout layouts[] = {BandLayout::log64, BandLayout::bark};
  std::mt19937_64 generator(seed + 2);
  std::normal_distribution<float> normal(0.0f, 0.05f);
  std::vector<float> taps(4097);
  for (float& t : taps) t = normal(generator);
  const ConvolutionJob jobs[] = {{&a, {FirFilter::linear_phase(taps)}}, {&b, {FirFilter{taps, 100}}}};

  std::vector<auralis::SpectralAnalysis> first_analysis;
  std::vector<AudioBuffer> first_output;
  for (const unsigned workers : {1u, 2u, 3u, 8u, 8u}) {
    SCOPED_TRACE(testing::Message() << workers << " workers");
    auralis::SpectralEngine engine(auralis::BackendOptions::cpu(workers));
    const auto analysis = engine.analyze(tracks, {2048, 512, auralis::Window::hann}, layouts);
    const auto output = engine.convolve(jobs);
    if (first_analysis.empty()) {
      first_analysis = analysis;
      first_output = output;
      continue;
    }
    for (std::size_t t = 0; t < 2; ++t) {
      for (std::size_t l = 0; l < 2; ++l) {
        EXPECT_TRUE(same_bits(analysis[t].layouts[l].energy, first_analysis[t].layouts[l].energy))
            << "track " << t;
      }
      EXPECT_EQ(std::memcmp(analysis[t].average_power.data(), first_analysis[t].average_power.data(),
                            analysis[t].average_power.size() * sizeof(double)),
                0)
          << "track " << t;
      for (std::size_t c = 0; c < output[t].channels(); ++c) {
        EXPECT_TRUE(same_bits(output[t].channel(c), first_output[t].channel(c))) << "track " << t;
      }
    }
  }
}

// Runs `call` and checks it throws Error(invalid_argument) whose message contains `words`.
template <class Call>
void expect_refused(Call call, const std::string& words) {
  try {
    call();
    ADD_FAILURE() << "no error; expected one mentioning '" << words << "'";
  } catch (const auralis::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(BackendErrors, AnalysisRefusesBadArguments) {
  const AudioBuffer audio = noise(1, 1000, 44100, 1);
  const AudioBuffer* tracks[] = {&audio};
  const BandLayout layouts[] = {BandLayout::bark};
  auralis::SpectralEngine engine;
  for (const std::size_t size : {1000u, 32u, 131072u}) {
    expect_refused(
        [&] {
          engine.analyze(tracks, {size, 16, auralis::Window::hann}, layouts);
        },
        "power of two");
  }
  expect_refused([&] { engine.analyze(tracks, {1024, 0, auralis::Window::hann}, layouts); }, "hop");
  expect_refused([&] { engine.analyze(tracks, {1024, 1025, auralis::Window::hann}, layouts); }, "hop");
  expect_refused([&] { engine.analyze(tracks, {}, std::span<const BandLayout>{}); }, "layout");
  const BandLayout twice[] = {BandLayout::bark, BandLayout::bark};
  expect_refused([&] { engine.analyze(tracks, {}, twice); }, "twice");
  const AudioBuffer* null_track[] = {nullptr};
  expect_refused([&] { engine.analyze(null_track, {}, layouts); }, "null");
  const AudioBuffer empty;
  const AudioBuffer* empty_track[] = {&empty};
  expect_refused([&] { engine.analyze(empty_track, {}, layouts); }, "no samples");
}

TEST(BackendErrors, ConvolutionRefusesBadArguments) {
  const AudioBuffer stereo = noise(2, 1000, 44100, 2);
  auralis::SpectralEngine engine;
  const auto refuse = [&](ConvolutionJob job, const std::string& words) {
    const ConvolutionJob jobs[] = {job};
    expect_refused([&] { engine.convolve(jobs); }, words);
  };
  refuse({&stereo, {FirFilter{{1.0f}, 0}, FirFilter{{1.0f}, 0}, FirFilter{{1.0f}, 0}}},
         "3 filters for 2 channels");
  refuse({&stereo, {}}, "0 filters");
  refuse({&stereo, {FirFilter{{}, 0}}}, "no taps");
  refuse({&stereo, {FirFilter{std::vector<float>(65537, 0.0f), 0}}}, "65537 taps");
  refuse({&stereo, {FirFilter{{1.0f, 0.0f}, 2}}}, "delay");
  refuse({&stereo, {FirFilter{{1.0f, std::numeric_limits<float>::quiet_NaN()}, 0}}}, "non-finite");
  refuse({nullptr, {FirFilter{{1.0f}, 0}}}, "null");
  const AudioBuffer empty;
  refuse({&empty, {FirFilter{{1.0f}, 0}}}, "no samples");
  std::vector<AudioBuffer> two(2);
  const ConvolutionJob one_job[] = {{&stereo, {FirFilter{{1.0f}, 0}}}};
  expect_refused([&] { engine.convolve(one_job, two); }, "output buffers");
}

}  // namespace
