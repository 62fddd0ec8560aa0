// SPDX-License-Identifier: MIT
// The CPU backend's batched real FFT against float64 references, on every SIMD target.
#include "fft/real_fft.hpp"
#include "reference/dft_reference.hpp"
#include "support/seeds.hpp"
#include "support/simd_targets.hpp"

#include <auralis/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

using auralis::fft::RealFftPlan;

std::vector<float> uniform_noise(std::size_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> x(n);
  for (auto& v : x) v = dist(rng);
  return x;
}

// Relative L2 error of `got` (interleaved complex, bins values) against the float64 spectrum.
double relative_l2(const float* got, const std::vector<std::complex<double>>& expected) {
  double error = 0.0, norm = 0.0;
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const std::complex<double> g(got[2 * k], got[2 * k + 1]);
    error += std::norm(g - expected[k]);
    norm += std::norm(expected[k]);
  }
  return std::sqrt(error / norm);
}

class RealFft : public ::testing::TestWithParam<std::size_t> {};

TEST_P(RealFft, ForwardMatchesFloat64ReferenceOnEveryTarget) {
  const std::size_t n = GetParam();
  std::mt19937_64 rng(auralis::test::fresh_seed());
  const RealFftPlan plan(n);
  // 11 frames: one full group of 8 and a partial one, so tail handling is exercised.
  constexpr std::size_t kBatch = 11;
  const std::vector<float> in = uniform_noise(n * kBatch, rng);
  std::vector<std::vector<std::complex<double>>> expected;
  for (std::size_t b = 0; b < kBatch; ++b) {
    expected.push_back(
        auralis::reference::real_dft(std::vector<float>(in.begin() + b * n, in.begin() + (b + 1) * n)));
  }
  std::vector<float> work(plan.workspace_floats());
  auralis::test::for_each_simd_target([&] {
    std::vector<float> out(2 * plan.bins() * kBatch, std::nanf(""));
    plan.forward(in.data(), n, kBatch, out.data(), 2 * plan.bins(), work.data());
    for (std::size_t b = 0; b < kBatch; ++b) {
      // Issue 3: relative L2 <= 1e-6 for N <= 8192; float32 rounding grows like log2(N), so the bound for
      // larger sizes is scaled by log2(N)/13 (see docs/accuracy.md).
      const double bound = 1e-6 * std::max(1.0, std::log2(static_cast<double>(n)) / 13.0);
      EXPECT_LE(relative_l2(out.data() + b * 2 * plan.bins(), expected[b]), bound) << "frame " << b;
    }
  });
}

TEST_P(RealFft, InverseOfForwardIsIdentity) {
  const std::size_t n = GetParam();
  std::mt19937_64 rng(auralis::test::fresh_seed());
  const RealFftPlan plan(n);
  constexpr std::size_t kBatch = 9;
  const std::vector<float> in = uniform_noise(n * kBatch, rng);
  std::vector<float> spectrum(2 * plan.bins() * kBatch), back(n * kBatch);
  std::vector<float> work(plan.workspace_floats());
  auralis::test::for_each_simd_target([&] {
    plan.forward(in.data(), n, kBatch, spectrum.data(), 2 * plan.bins(), work.data());
    plan.inverse(spectrum.data(), 2 * plan.bins(), kBatch, back.data(), n, work.data());
    double error = 0.0, norm = 0.0;
    for (std::size_t i = 0; i < in.size(); ++i) {
      error += (back[i] - in[i]) * (back[i] - in[i]);
      norm += in[i] * in[i];
    }
    // Two float32 transforms: twice the forward bound.
    EXPECT_LE(std::sqrt(error / norm), 2e-6 * std::max(1.0, std::log2(static_cast<double>(n)) / 13.0));
  });
}

INSTANTIATE_TEST_SUITE_P(PowersOfTwo, RealFft,
                         ::testing::Values(64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536));

TEST(RealFftLayout, OverlappingFramesAndPaddedOutputRows) {
  // STFT-style input: frames 256 long every 100 samples; output rows with room to spare.
  constexpr std::size_t kSize = 256, kHop = 100, kBatch = 13, kOutStride = 300;
  std::mt19937_64 rng(auralis::test::fresh_seed());
  const std::vector<float> signal = uniform_noise(kHop * (kBatch - 1) + kSize, rng);
  const RealFftPlan plan(kSize);
  std::vector<float> out(kOutStride * kBatch, 7.0f), work(plan.workspace_floats());
  plan.forward(signal.data(), kHop, kBatch, out.data(), kOutStride, work.data());
  for (std::size_t b = 0; b < kBatch; ++b) {
    const std::vector<float> frame(signal.begin() + b * kHop, signal.begin() + b * kHop + kSize);
    EXPECT_LE(relative_l2(out.data() + b * kOutStride, auralis::reference::real_dft(frame)), 1e-6);
    // Nothing written past the bins of a row.
    EXPECT_EQ(out[b * kOutStride + 2 * plan.bins()], 7.0f);
  }
}

TEST(RealFftLayout, SingleFrameAndEmptyBatch) {
  const RealFftPlan plan(64);
  std::vector<float> x(64, 0.0f), out(2 * plan.bins(), 1.0f), work(plan.workspace_floats());
  x[1] = 1.0f;  // A unit impulse at 1: X[k] = e^{-2 pi i k / 64}.
  plan.forward(x.data(), 64, 1, out.data(), 2 * plan.bins(), work.data());
  for (std::size_t k = 0; k < plan.bins(); ++k) {
    EXPECT_NEAR(out[2 * k], std::cos(-2.0 * M_PI * static_cast<double>(k) / 64.0), 1e-6);
    EXPECT_NEAR(out[2 * k + 1], std::sin(-2.0 * M_PI * static_cast<double>(k) / 64.0), 1e-6);
  }
  std::vector<float> untouched(out);
  plan.forward(x.data(), 64, 0, out.data(), 2 * plan.bins(), work.data());
  EXPECT_EQ(out, untouched);
}

TEST(RealFftLayout, RejectsSizesThatAreNotSupportedPowersOfTwo) {
  for (std::size_t bad : {0u, 1u, 32u, 100u, 1000u, 4095u, 131072u}) {
    EXPECT_THROW(RealFftPlan{bad}, auralis::Error) << bad;
  }
}

}  // namespace
