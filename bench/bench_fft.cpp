// SPDX-License-Identifier: MIT
// Batched real FFT, one thread: the CPU backend's RealFftPlan against FFTW's plan_many r2c (FFTW_MEASURE).
#include "fft/real_fft.hpp"

#include <benchmark/benchmark.h>
#include <fftw3.h>
#include <hwy/aligned_allocator.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

// 256 frames per call, as in an STFT of a few seconds of audio: enough to amortise per-call costs for both.
constexpr std::size_t kBatch = 256;

std::vector<float> noise(std::size_t n) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> x(n);
  for (auto& v : x) v = dist(rng);
  return x;
}

void set_counters(benchmark::State& state, std::size_t n) {
  // FFT convention for real transforms: 2.5 N log2 N flops per transform.
  const double flops = 2.5 * static_cast<double>(n) * std::log2(static_cast<double>(n)) * kBatch;
  state.counters["GFlops"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["transforms_per_s"] =
      benchmark::Counter(kBatch, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_RealFft_auralis(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auralis::fft::RealFftPlan plan(n);
  const std::vector<float> in = noise(n * kBatch);
  std::vector<float> out(2 * plan.bins() * kBatch);
  // Vector-aligned scratch, as the backend's WorkerScratch gives it.
  const auto work = hwy::AllocateAligned<float>(plan.workspace_floats());
  for (auto _ : state) {
    plan.forward(in.data(), n, kBatch, out.data(), 2 * plan.bins(), work.get());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, n);
}

void BM_RealFft_fftw(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  float* in = fftwf_alloc_real(n * kBatch);
  fftwf_complex* out = fftwf_alloc_complex((n / 2 + 1) * kBatch);
  const int size[1] = {static_cast<int>(n)};
  fftwf_plan plan = fftwf_plan_many_dft_r2c(1, size, kBatch, in, nullptr, 1, static_cast<int>(n), out,
                                            nullptr, 1, static_cast<int>(n / 2 + 1), FFTW_MEASURE);
  const std::vector<float> data = noise(n * kBatch);  // FFTW_MEASURE overwrites the input: fill afterwards.
  std::copy(data.begin(), data.end(), in);
  for (auto _ : state) {
    fftwf_execute(plan);
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  set_counters(state, n);
  fftwf_destroy_plan(plan);
  fftwf_free(in);
  fftwf_free(out);
}

BENCHMARK(BM_RealFft_auralis)
    ->RangeMultiplier(2)
    ->Range(1024, 8192)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_RealFft_fftw)
    ->RangeMultiplier(2)
    ->Range(1024, 8192)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

}  // namespace
