// SPDX-License-Identifier: MIT
// STFT analysis of a full track: SpectralEngine::analyze on the CPU backend (1 and 2 workers; Hann window,
// both band layouts, average power) against FFTW doing only the bare r2c FFTs of the same frames, one thread;
// and the same analysis on the Vulkan backend (see vulkan_engine.hpp), compared with the CPU backend.
#include <auralis/backend.hpp>
#include <auralis/spectral.hpp>

#include "demo_track.hpp"
#include "fallback/cpu_analysis.hpp"
#include "fftw_batches.hpp"
#include "vulkan_engine.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace {

using auralis::bench::demo_track;
using auralis::bench::kTrackSeconds;

const auralis::StftSpec kSpec{4096, 1024, auralis::Window::hann};
constexpr std::array<auralis::BandLayout, 2> kLayouts = {auralis::BandLayout::log64,
                                                         auralis::BandLayout::bark};

void set_counters(benchmark::State& state, std::size_t frames) {
  state.counters["frames"] = static_cast<double>(frames);
  state.counters["fft_size"] = static_cast<double>(kSpec.fft_size);
  state.counters["hop"] = static_cast<double>(kSpec.hop);
  state.counters["realtime_x"] =
      benchmark::Counter(kTrackSeconds, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["frames_per_s"] =
      benchmark::Counter(static_cast<double>(frames), benchmark::Counter::kIsIterationInvariantRate);
}

// Arg: max_workers.
void BM_Stft_auralis(benchmark::State& state) {
  const auralis::AudioBuffer& audio = demo_track();
  auralis::SpectralEngine engine(auralis::BackendOptions::cpu(static_cast<unsigned>(state.range(0))));
  const auralis::AudioBuffer* tracks[1] = {&audio};
  (void)engine.analyze(tracks, kSpec, kLayouts);  // plans, band tables and scratch memory, outside the timing
  const std::uint64_t before = engine.stats().analyze.transforms;
  std::uint64_t calls = 0;
  for (auto _ : state) {
    const std::vector<auralis::SpectralAnalysis> result = engine.analyze(tracks, kSpec, kLayouts);
    benchmark::DoNotOptimize(result.front().layouts.front().energy.data());
    benchmark::DoNotOptimize(result.front().average_power.data());
    ++calls;
  }
  const std::size_t frames = auralis::stft_frame_count(audio.frames(), kSpec) * audio.channels();
  if (calls > 0 && engine.stats().analyze.transforms - before != calls * frames) {
    state.SkipWithError("the engine ran a different number of transforms than frames");
  }
  set_counters(state, frames);
}

// The Vulkan backend on the same track; the label names the device.
void BM_Stft_vulkan(benchmark::State& state) {
  const auralis::AudioBuffer& audio = demo_track();
  std::string why;
  auto engine = auralis::bench::vulkan_bench_engine(why);
  if (!engine) {
    state.SkipWithError(why.c_str());
    return;
  }
  const auralis::AudioBuffer* tracks[1] = {&audio};
  (void)engine->analyze(tracks, kSpec, kLayouts);  // plans, kernels and buffers, outside the timing
  const auralis::BackendStats before = engine->stats();
  std::uint64_t calls = 0;
  for (auto _ : state) {
    const std::vector<auralis::SpectralAnalysis> result = engine->analyze(tracks, kSpec, kLayouts);
    benchmark::DoNotOptimize(result.front().average_power.data());
    ++calls;
  }
  auralis::bench::set_vulkan_counters(state, before, engine->stats(), &auralis::BackendStats::analyze, calls);
  set_counters(state, auralis::stft_frame_count(audio.frames(), kSpec) * audio.channels());
}

// The same frames' r2c FFTs and nothing else: no window, power or bands. Each channel is copied once, outside
// the timing, into a buffer with fft_size / 2 zeros before it and enough after it, so frame f starts at
// f * hop and the edge frames need no copies either. Arg: frames per fftw call (howmany, idist = hop): 1 (one
// plan executed on each frame in place) or the backend's chunk; compare.py takes the faster as the peer.
// Either way the spectra go to one reused buffer that stays in cache, not to 170 MB a channel.
void BM_Stft_fftw(benchmark::State& state) {
  const auralis::AudioBuffer& audio = demo_track();
  const std::size_t per_channel = auralis::stft_frame_count(audio.frames(), kSpec);
  const std::size_t n = kSpec.fft_size, lead = n / 2;
  const std::size_t padded_size = (per_channel - 1) * kSpec.hop + n;
  std::vector<auralis::bench::FftwReal> padded;
  std::vector<auralis::bench::FftwFrameBatches> batches;
  padded.reserve(audio.channels());
  batches.reserve(audio.channels());
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    padded.push_back(auralis::bench::fftw_real(padded_size));
    batches.emplace_back(n, kSpec.hop, per_channel, static_cast<std::size_t>(state.range(0)),
                         padded.back().get(), false);
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
  set_counters(state, per_channel * audio.channels());
}

BENCHMARK(BM_Stft_auralis)->ArgName("workers")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Stft_vulkan)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Stft_fftw)
    ->ArgName("batch")
    ->Arg(1)
    ->Arg(auralis::fallback::kAnalysisChunkFrames)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
