// SPDX-License-Identifier: MIT
// The meter's Highway kernels on every SIMD target this CPU runs, against float64 references.
#include "analysis/k_weighting.hpp"
#include "analysis/peak_kernels.hpp"
#include "core/finite_samples.hpp"
#include "reference/meter_reference.hpp"
#include "support/simd_targets.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace {

using namespace auralis;

std::vector<float> random_signal(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> x(n);
  for (auto& v : x) v = dist(rng);
  return x;
}

// x with the interpolator's history (zeros) before and readable padding after, as the kernel requires.
std::vector<float> padded(const std::vector<float>& x) {
  std::vector<float> p(analysis::true_peak_history + x.size() + analysis::true_peak_padding, 0.0f);
  std::copy(x.begin(), x.end(), p.begin() + analysis::true_peak_history);
  return p;
}

TEST(MeterKernels, TruePeakMatchesFloat64ReferenceOnEveryTarget) {
  for (std::size_t n : {1u, 5u, 16u, 17u, 1000u, 4099u}) {
    const std::vector<float> x = random_signal(n, 1234u + static_cast<std::uint32_t>(n));
    const double expected = reference::oversampled_abs_max(x);
    const std::vector<float> p = padded(x);
    auralis::test::for_each_simd_target([&] {
      const double got = analysis::oversampled_abs_max(p.data() + analysis::true_peak_history, n);
      // Float32 sums of 12 products, |x| <= 1: error well under 1e-6 relative.
      EXPECT_NEAR(got, expected, 1e-6 * expected) << "n=" << n;
    });
  }
}

// Finite samples near the float limit overshoot it between samples: the peak is still a number (computed
// in double where float overflows), and matches the float64 reference.
TEST(MeterKernels, TruePeakOfSamplesNearTheFloatLimitIsFinite) {
  std::vector<float> x = random_signal(300, 5);
  for (float& v : x) v *= 3e38f;
  for (std::size_t i = 100; i < 140; ++i) x[i] = i % 2 ? 3e38f : -3e38f;  // overshoots by ~2x
  const double expected = reference::oversampled_abs_max(x);
  ASSERT_GT(expected, std::numeric_limits<float>::max());
  const std::vector<float> p = padded(x);
  auralis::test::for_each_simd_target([&] {
    const double got = analysis::oversampled_abs_max(p.data() + analysis::true_peak_history, x.size());
    EXPECT_NEAR(got, expected, 1e-9 * expected);
  });
}

TEST(MeterKernels, TruePeakIgnoresPaddingValues) {
  const std::vector<float> x = random_signal(37, 99);
  std::vector<float> p = padded(x);
  std::fill(p.begin() + static_cast<long>(analysis::true_peak_history + x.size()), p.end(), 100.0f);
  auralis::test::for_each_simd_target([&] {
    EXPECT_LE(analysis::oversampled_abs_max(p.data() + analysis::true_peak_history, x.size()), 2.0f);
  });
}

TEST(MeterKernels, AbsMaxAndNonFiniteCountOnEveryTarget) {
  std::vector<float> x = random_signal(1001, 7);
  x[500] = -1.5f;
  x[3] = std::numeric_limits<float>::quiet_NaN();
  x[999] = std::numeric_limits<float>::infinity();
  x[1000] = -std::numeric_limits<float>::infinity();
  auralis::test::for_each_simd_target([&] {
    EXPECT_EQ(core::count_non_finite(x.data(), x.size()), 3u);
    EXPECT_EQ(analysis::abs_max(x.data() + 4, 995), 1.5f);
    EXPECT_EQ(analysis::abs_max(x.data(), 0), 0.0f);
  });
}

TEST(MeterKernels, KWeightingMatchesFloat64ReferenceForAnyChannelCount) {
  const auto design = analysis::design_k_weighting(44100);
  for (std::size_t channels : {1u, 2u, 3u, 6u, 8u, 11u}) {
    std::vector<std::vector<float>> signals;
    std::vector<const float*> planes;
    for (std::size_t c = 0; c < channels; ++c)
      signals.push_back(random_signal(3000, 50u + static_cast<std::uint32_t>(c)));
    for (const auto& s : signals) planes.push_back(s.data());
    auralis::test::for_each_simd_target([&] {
      analysis::KWeightingBank bank(design, channels);
      std::vector<double> sums(channels, 0.0);
      // Split unevenly: the state carried between calls must make the split invisible.
      bank.accumulate_squares(planes, 0, 1000, sums.data());
      bank.accumulate_squares(planes, 1000, 1, sums.data());
      bank.accumulate_squares(planes, 1001, 1999, sums.data());
      for (std::size_t c = 0; c < channels; ++c) {
        const double expected = reference::k_weighted_sum_of_squares(design, signals[c]);
        // Double precision, 3000 samples: different operation order only, 1e-12 relative.
        EXPECT_NEAR(sums[c], expected, 1e-12 * expected) << "channels=" << channels << " c=" << c;
      }
    });
  }
}

TEST(MeterKernels, KWeightingDesignReproducesBs1770Table) {
  // BS.1770-4 Table 1 and 2 (48 kHz), printed to 14 decimals.
  const auto d = analysis::design_k_weighting(48000);
  EXPECT_NEAR(d.shelf.b0, 1.53512485958697, 1e-13);
  EXPECT_NEAR(d.shelf.b1, -2.69169618940638, 1e-13);
  EXPECT_NEAR(d.shelf.b2, 1.19839281085285, 1e-13);
  EXPECT_NEAR(d.shelf.a1, -1.69065929318241, 1e-13);
  EXPECT_NEAR(d.shelf.a2, 0.73248077421585, 1e-13);
  EXPECT_NEAR(d.high_pass.a1, -1.99004745483398, 1e-13);
  EXPECT_NEAR(d.high_pass.a2, 0.99007225036621, 1e-13);
}

}  // namespace
