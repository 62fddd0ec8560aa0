// SPDX-License-Identifier: MIT
// The Vulkan backend's FFT (VkFFT through FftPlans) against a float64 DFT and against the CPU backend's FFT
// on the same rows: relative L2 error of R2C spectra and of C2R round trips, powers of two up to 8192, with
// full batches of rows.
#include "fft/real_fft.hpp"
#include "support/backends.hpp"
#include "support/measurements.hpp"
#include "support/seeds.hpp"
#include "support/vulkan_device.hpp"
#include "vulkan/fft_plans.hpp"
#include "vulkan/gpu_budget.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstring>
#include <numbers>
#include <random>

namespace {

using auralis::vulkan::BufferSlot;

// The bound for N <= 8192; float32 FFTs land near 1e-7 (docs/accuracy.md).
constexpr double kFftTolerance = 1e-6;

std::vector<std::complex<double>> dft(std::span<const float> x) {
  const std::size_t n = x.size();
  std::vector<std::complex<double>> out(n / 2 + 1);
  for (std::size_t k = 0; k <= n / 2; ++k) {
    std::complex<double> sum = 0.0;
    for (std::size_t t = 0; t < n; ++t) {
      const double angle =
          -2.0 * std::numbers::pi * static_cast<double>((k * t) % n) / static_cast<double>(n);
      sum += static_cast<double>(x[t]) * std::polar(1.0, angle);
    }
    out[k] = sum;
  }
  return out;
}

class VulkanFft : public ::testing::TestWithParam<std::size_t> {};

TEST_P(VulkanFft, ForwardAndRoundTripMatchFloat64) {
  AURALIS_TEST_VULKAN_DEVICE(device);
  const std::size_t n = GetParam(), bins = n / 2 + 1, row_floats = 2 * bins;
  const std::size_t batch = auralis::vulkan::rows_per_batch(n);
  auralis::vulkan::FftPlans plans(*device);
  auralis::vulkan::FftPlan& plan = plans.plan(n, batch);
  const auralis::vulkan::Buffer& rows = auralis::vulkan::FftPlans::rows(plan);
  const std::size_t bytes = batch * row_floats * sizeof(float);

  std::mt19937_64 generator(auralis::test::fresh_seed());
  std::normal_distribution<float> normal(0.0f, 0.5f);
  std::vector<float> input(batch * row_floats, 0.0f);
  for (std::size_t r = 0; r < batch; ++r)
    for (std::size_t i = 0; i < n; ++i) input[r * row_floats + i] = normal(generator);

  auralis::vulkan::Buffer& upload = device->buffer(BufferSlot::upload, bytes);
  auralis::vulkan::Buffer& download = device->buffer(BufferSlot::download, 2 * bytes);
  std::memcpy(upload.mapped, input.data(), bytes);
  device->begin();
  device->copy(upload, 0, rows, 0, bytes);
  device->barrier();
  plans.forward(plan);
  device->barrier();
  device->copy(rows, 0, download, 0, bytes);
  device->barrier();
  plans.inverse(plan);
  device->barrier();
  device->copy(rows, 0, download, bytes, bytes);
  device->submit_and_wait();

  const auto* spectra = static_cast<const float*>(download.mapped);
  const float* round_trip = spectra + batch * row_floats;
  // The CPU backend's FFT of the same rows, for the backend-pair figure.
  const auralis::fft::RealFftPlan cpu_plan(n);
  std::vector<float> cpu_spectra(batch * row_floats), workspace(cpu_plan.workspace_floats());
  cpu_plan.forward(input.data(), row_floats, batch, cpu_spectra.data(), row_floats, workspace.data());

  // Rows spread over the batch (first, last and between); the DFT is O(N^2).
  double worst_forward = 0.0, worst_round_trip = 0.0, worst_cpu = 0.0, worst_pair = 0.0;
  for (const std::size_t r : {std::size_t{0}, batch / 3, batch - 1}) {
    const std::span<const float> x(input.data() + r * row_floats, n);
    const auto expected = dft(x);
    double error = 0.0, norm = 0.0;
    for (std::size_t k = 0; k < bins; ++k) {
      const std::complex<double> got(spectra[r * row_floats + 2 * k], spectra[r * row_floats + 2 * k + 1]);
      error += std::norm(got - expected[k]);
      norm += std::norm(expected[k]);
    }
    worst_forward = std::max(worst_forward, std::sqrt(error / norm));
    double cpu_error = 0.0, pair_error = 0.0;
    for (std::size_t k = 0; k < bins; ++k) {
      const std::complex<double> gpu(spectra[r * row_floats + 2 * k], spectra[r * row_floats + 2 * k + 1]);
      const std::complex<double> cpu(cpu_spectra[r * row_floats + 2 * k],
                                     cpu_spectra[r * row_floats + 2 * k + 1]);
      cpu_error += std::norm(cpu - expected[k]);
      pair_error += std::norm(gpu - cpu);
    }
    worst_cpu = std::max(worst_cpu, std::sqrt(cpu_error / norm));
    worst_pair = std::max(worst_pair, std::sqrt(pair_error / norm));
    error = norm = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double got = round_trip[r * row_floats + i] / static_cast<double>(n);  // C2R is unnormalised
      error += (got - x[i]) * (got - x[i]);
      norm += static_cast<double>(x[i]) * x[i];
    }
    worst_round_trip = std::max(worst_round_trip, std::sqrt(error / norm));
  }
  EXPECT_LE(worst_forward, kFftTolerance);
  EXPECT_LE(worst_round_trip, kFftTolerance);
  EXPECT_LE(worst_pair, 2 * kFftTolerance);  // each within kFftTolerance of float64
  auralis::test::record_measurement("relative_l2_cpu_forward", worst_cpu);
  auralis::test::record_measurement("relative_l2_vulkan_vs_cpu", worst_pair);
  auralis::test::record_measurement("relative_l2_forward", worst_forward);
  auralis::test::record_measurement("relative_l2_round_trip", worst_round_trip);
}

INSTANTIATE_TEST_SUITE_P(Sizes, VulkanFft, ::testing::Values(64, 256, 1024, 4096, 8192));

}  // namespace
