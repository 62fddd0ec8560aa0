// SPDX-License-Identifier: MIT
// Full-track loudness + true-peak analysis: auralis's meter against libebur128 on the same audio, one core.
#include <auralis/loudness.hpp>

#include "demo_track.hpp"

#include <benchmark/benchmark.h>
#include <ebur128.h>

#include <vector>

namespace {

// The shared 4-minute stereo 44.1 kHz demo track (demo_track.hpp).
using auralis::bench::kTrackRate;
using auralis::bench::kTrackSeconds;

const auralis::AudioBuffer& track() {
  return auralis::bench::demo_track();
}

void set_counters(benchmark::State& state) {
  const double frames = static_cast<double>(track().frames());
  state.counters["realtime_x"] =
      benchmark::Counter(kTrackSeconds, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["frames_per_s"] = benchmark::Counter(frames, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Loudness_auralis(benchmark::State& state) {
  const auralis::AudioBuffer& audio = track();
  for (auto _ : state) {
    const auralis::LoudnessReport report = auralis::measure_loudness(audio);
    benchmark::DoNotOptimize(report.integrated_lufs);
    benchmark::DoNotOptimize(report.true_peak);
  }
  set_counters(state);
}

// libebur128 takes interleaved frames; interleaving is done once, outside the timed loop.
void BM_Loudness_libebur128(benchmark::State& state) {
  const auralis::AudioBuffer& audio = track();
  std::vector<float> interleaved(audio.frames() * 2);
  for (std::size_t i = 0; i < audio.frames(); ++i) {
    interleaved[2 * i] = audio.channel(0)[i];
    interleaved[2 * i + 1] = audio.channel(1)[i];
  }
  for (auto _ : state) {
    ebur128_state* meter =
        ebur128_init(2, kTrackRate, EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK);
    ebur128_add_frames_float(meter, interleaved.data(), audio.frames());
    double integrated = 0.0, range = 0.0, peak = 0.0;
    ebur128_loudness_global(meter, &integrated);
    ebur128_loudness_range(meter, &range);
    ebur128_true_peak(meter, 0, &peak);
    benchmark::DoNotOptimize(integrated);
    benchmark::DoNotOptimize(range);
    benchmark::DoNotOptimize(peak);
    ebur128_destroy(&meter);
  }
  set_counters(state);
}

BENCHMARK(BM_Loudness_auralis)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Loudness_libebur128)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
