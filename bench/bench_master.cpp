// SPDX-License-Identifier: MIT
// Full mastering of a corpus track, decode and encode included (auralis::master_file, the library call
// behind `auralis master`), beside decoding and encoding the same file alone: the floor no mastering run can
// go under. Needs the corpus (tools/render-corpus); skipped with a message without it.
#include <auralis/auralis.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;

// The corpus's rock track: 204.9 s of stereo 44.1 kHz music (the corpus has no 44.1 kHz track of exactly four
// minutes; the real-time factor is per second of audio either way).
fs::path corpus_track() {
  const char* dir = std::getenv("AURALIS_CORPUS_DIR");
  const fs::path base =
      dir != nullptr ? fs::path(dir) : fs::path(std::getenv("HOME")) / ".cache/auralis/corpus";
  return base / "default_rock.wav";
}

void set_counters(benchmark::State& state, double seconds) {
  state.counters["audio_seconds"] = seconds;
  state.counters["realtime_x"] = benchmark::Counter(seconds, benchmark::Counter::kIsIterationInvariantRate);
}

// Arg: max_workers.
void BM_Master_auralis(benchmark::State& state) {
  const fs::path input = corpus_track();
  if (!fs::exists(input)) {
    state.SkipWithError(("corpus track missing: " + input.string() + " (run tools/render-corpus)").c_str());
    return;
  }
  const fs::path output = fs::temp_directory_path() / "auralis-bench-master.wav";
  auralis::MasterOptions options;
  options.backend.max_workers = static_cast<unsigned>(state.range(0));
  double seconds = 0.0;
  for (auto _ : state) {
    const auralis::MasterReport report = auralis::master_file(input, output, options, {});
    seconds = report.profile.duration_seconds;
  }
  fs::remove(output);
  set_counters(state, seconds);
}

void BM_Master_io(benchmark::State& state) {
  const fs::path input = corpus_track();
  if (!fs::exists(input)) {
    state.SkipWithError(("corpus track missing: " + input.string() + " (run tools/render-corpus)").c_str());
    return;
  }
  const fs::path output = fs::temp_directory_path() / "auralis-bench-io.wav";
  double seconds = 0.0;
  for (auto _ : state) {
    const auralis::DecodedAudio decoded = auralis::read_audio(input);
    auralis::EncodeOptions encode;
    encode.protected_paths.push_back(input);
    auralis::write_audio(output, decoded.audio, encode);
    seconds = decoded.audio.duration_seconds();
  }
  fs::remove(output);
  set_counters(state, seconds);
}

BENCHMARK(BM_Master_auralis)->ArgName("workers")->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Master_io)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
