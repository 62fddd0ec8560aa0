// SPDX-License-Identifier: MIT
// FFT convolution of a full track with a 4096-tap FIR per channel: SpectralEngine::convolve on the CPU
// backend (1 and 2 workers) against FFTW doing only the bare transforms of the same overlap-save blocks, one
// thread.
#include <auralis/backend.hpp>
#include <auralis/spectral.hpp>

#include "demo_track.hpp"
#include "fallback/cpu_convolution.hpp"
#include "fallback/overlap_save_shape.hpp"
#include "fftw_batches.hpp"
#include "vulkan_engine.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace {

using auralis::bench::demo_track;
using auralis::bench::kTrackRate;
using auralis::bench::kTrackSeconds;

constexpr std::size_t kTaps = 4096;

// A Blackman-windowed sinc low-pass, linear phase: a different cutoff per channel, so each channel has its
// own filter (the cost does not depend on the taps).
auralis::FirFilter low_pass(double cutoff_hz) {
  std::vector<float> taps(kTaps);
  const double fc = cutoff_hz / kTrackRate, centre = (kTaps - 1) / 2.0;
  for (std::size_t i = 0; i < kTaps; ++i) {
    const double t = static_cast<double>(i) - centre;
    const double sinc =
        t == 0.0 ? 2.0 * fc : std::sin(2.0 * std::numbers::pi * fc * t) / (std::numbers::pi * t);
    const double phase = 2.0 * std::numbers::pi * static_cast<double>(i) / (kTaps - 1);
    const double window = 0.42 - 0.5 * std::cos(phase) + 0.08 * std::cos(2.0 * phase);
    taps[i] = static_cast<float>(sinc * window);
  }
  return auralis::FirFilter::linear_phase(std::move(taps));
}

const std::vector<auralis::FirFilter>& filters() {
  static const std::vector<auralis::FirFilter> per_channel = {low_pass(8000.0), low_pass(12000.0)};
  return per_channel;
}

std::size_t blocks_per_channel(std::size_t frames) {
  const auralis::fallback::OverlapSaveShape shape = auralis::fallback::choose_overlap_save_shape(kTaps);
  return (frames + shape.block - 1) / shape.block;
}

void set_counters(benchmark::State& state, std::size_t transforms) {
  const auralis::fallback::OverlapSaveShape shape = auralis::fallback::choose_overlap_save_shape(kTaps);
  state.counters["taps"] = static_cast<double>(kTaps);
  state.counters["fft_size"] = static_cast<double>(shape.fft_size);
  state.counters["transforms"] = static_cast<double>(transforms);
  state.counters["realtime_x"] =
      benchmark::Counter(kTrackSeconds, benchmark::Counter::kIsIterationInvariantRate);
}

// Arg: max_workers.
void BM_Convolution_auralis(benchmark::State& state) {
  const auralis::AudioBuffer& audio = demo_track();
  auralis::SpectralEngine engine(auralis::BackendOptions::cpu(static_cast<unsigned>(state.range(0))));
  const auralis::ConvolutionJob jobs[1] = {{&audio, filters()}};
  // Output buffers reused between calls (the caller-buffer overload), as FFTW's side writes into memory it
  // already has; the first call makes the plans, scratch and outputs outside the timing.
  std::vector<auralis::AudioBuffer> out(1);
  engine.convolve(jobs, out);
  const std::uint64_t before = engine.stats().convolve.transforms;
  std::uint64_t calls = 0;
  for (auto _ : state) {
    engine.convolve(jobs, out);
    benchmark::DoNotOptimize(out.front().channel(0).data());
    ++calls;
  }
  // Per call: each filter's spectrum (one partition), then a forward and an inverse FFT per block.
  const std::size_t block_transforms = 2 * blocks_per_channel(audio.frames()) * audio.channels();
  if (calls > 0 && engine.stats().convolve.transforms - before != calls * (block_transforms + 2)) {
    state.SkipWithError("the engine ran a different number of transforms than the FFTW peer");
  }
  set_counters(state, block_transforms);
}

// The Vulkan backend on the same track and filters; the label names the device.
void BM_Convolution_vulkan(benchmark::State& state) {
  const auralis::AudioBuffer& audio = demo_track();
  std::string why;
  auto engine = auralis::bench::vulkan_bench_engine(why);
  if (!engine) {
    state.SkipWithError(why.c_str());
    return;
  }
  const auralis::ConvolutionJob jobs[1] = {{&audio, filters()}};
  std::vector<auralis::AudioBuffer> out(1);
  engine->convolve(jobs, out);  // plans, kernels and buffers, outside the timing
  const auralis::BackendStats before = engine->stats();
  std::uint64_t calls = 0;
  for (auto _ : state) {
    engine->convolve(jobs, out);
    benchmark::DoNotOptimize(out.front().channel(0).data());
    ++calls;
  }
  auralis::bench::set_vulkan_counters(state, before, engine->stats(), &auralis::BackendStats::convolve,
                                      calls);
  set_counters(state, 2 * blocks_per_channel(audio.frames()) * audio.channels());
}

// The same blocks' transforms and nothing else: the r2c of each overlap-save input frame and the c2r of its
// spectrum (no filter spectrum, multiply or output copy). Each channel is copied once, outside the timing,
// after keep_begin - delay zeros and before enough zeros, so block j's frame starts at j * block and the edge
// blocks need no copies either. Arg: frames per fftw call (howmany, idist = block): 1 (one plan executed on
// each frame in place) or the backend's chunk of blocks; compare.py takes the faster as the peer.
void BM_Convolution_fftw(benchmark::State& state) {
  const auralis::AudioBuffer& audio = demo_track();
  const auralis::fallback::OverlapSaveShape shape = auralis::fallback::choose_overlap_save_shape(kTaps);
  const std::size_t blocks = blocks_per_channel(audio.frames());
  const std::size_t padded_size = (blocks - 1) * shape.block + shape.fft_size;
  std::vector<auralis::bench::FftwReal> padded;
  std::vector<auralis::bench::FftwFrameBatches> batches;
  padded.reserve(audio.channels());
  batches.reserve(audio.channels());
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    const std::size_t lead = shape.keep_begin - filters()[c].delay;
    padded.push_back(auralis::bench::fftw_real(padded_size));
    batches.emplace_back(shape.fft_size, shape.block, blocks, static_cast<std::size_t>(state.range(0)),
                         padded.back().get(), true);
    // FFTW_MEASURE scribbles on the input while planning: fill afterwards.
    std::fill(padded.back().get(), padded.back().get() + padded_size, 0.0f);
    const auto x = audio.channel(c);
    std::copy_n(x.data(), std::min(x.size(), padded_size - lead), padded.back().get() + lead);
  }
  for (auto _ : state) {
    for (const auralis::bench::FftwFrameBatches& b : batches) {
      b.run();
      benchmark::DoNotOptimize(b.spectra());
    }
    benchmark::ClobberMemory();
  }
  set_counters(state, 2 * blocks * audio.channels());
}

BENCHMARK(BM_Convolution_auralis)
    ->ArgName("workers")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Convolution_vulkan)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Convolution_fftw)
    ->ArgName("batch")
    ->Arg(1)
    ->Arg(auralis::fallback::kConvolutionChunkBlocks)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
