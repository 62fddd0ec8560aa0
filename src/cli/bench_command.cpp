// SPDX-License-Identifier: MIT
// `auralis bench FILE`: analysis and convolution of the file on every available backend, one table.
#include <auralis/auralis.hpp>

#include "cli/backend_comparison.hpp"
#include "cli/backend_flags.hpp"
#include "cli/cli.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

namespace auralis::cli {

namespace {

constexpr const char* kBenchDescription =
    "Runs STFT analysis (4096-point frames, hop 1024, 64 log bands and 26 critical bands) and FFT\n"
    "convolution (an 8191-tap linear-phase FIR) of FILE on the CPU backend and on every usable Vulkan\n"
    "device, and prints one table: backend, device, warm-up time (plans and kernels), median analysis\n"
    "and convolution time per call, real-time factor, bytes moved over the bus and queue submissions\n"
    "per analysis plus convolution, and the speed-up over the CPU backend measured in the same run.\n";

constexpr const char* kBenchFooter =
    "Exit codes: 0 measured, 1 the file could not be read or no backend ran, 2 usage error.";

nlohmann::json to_json(const std::string& path, const AudioBuffer& audio,
                       const std::vector<BackendRun>& runs) {
  nlohmann::json rows = nlohmann::json::array();
  for (const BackendRun& r : runs) {
    rows.push_back(
        {{"backend", r.backend},
         {"device", r.device},
         {"failure", r.failure.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.failure)},
         {"warmup_s", r.warmup_seconds},
         {"analysis_s", r.analysis_seconds},
         {"convolution_s", r.convolution_seconds},
         {"device_s", r.device_seconds > 0.0 ? nlohmann::json(r.device_seconds) : nlohmann::json(nullptr)},
         {"realtime_x", r.realtime},
         {"bytes_moved", r.bytes_moved},
         {"submissions", r.submissions},
         {"speedup_vs_cpu", r.speedup_vs_cpu ? nlohmann::json(*r.speedup_vs_cpu) : nlohmann::json(nullptr)}});
  }
  return {{"path", path},
          {"duration_s", audio.duration_seconds()},
          {"channels", audio.channels()},
          {"sample_rate_hz", audio.sample_rate()},
          {"backends", rows}};
}

}  // namespace

int run_bench(std::span<const std::string_view> args) {
  ComparisonOptions options;
  bool json = false;
  std::string file;
  Verbosity verbosity;
  const std::unique_ptr<CLI::App> app = make_command_app("bench", kBenchDescription, kBenchFooter, verbosity,
                                                         "print on stderr how long decoding FILE took");
  app->add_option("FILE", file, "the audio file to time")->required()->type_name("");
  add_value(*app, "--repetitions", "N", "timed calls per backend after the warm-up (default 3)",
            number_in(
                1.0, 1000.0, "--repetitions needs a whole number 1-1000",
                [&options](double n) { options.repetitions = static_cast<unsigned>(n); }, true));
  add_value(*app, "--threads", "N", "CPU backend threads (default: all cores)",
            number_in(
                1.0, 1000.0, "--threads needs a whole number 1-1000",
                [&options](double n) { options.cpu_workers = static_cast<unsigned>(n); }, true));
  add_value(*app, "--backend", "cpu|vulkan", "that backend alone (default: all)",
            backend_kind_parser([&options](BackendKind kind) {
              if (kind == BackendKind::automatic) {
                options.only.reset();
              } else {
                options.only = kind;
              }
            }));
  add_value(*app, "--device", "NAME|INDEX",
            "the Vulkan device to time (default: every usable one, lavapipe included)",
            [&options](const std::string& value) -> std::optional<std::string> {
              if (value.empty()) return "--device needs a device name or index";
              options.device = value;
              return std::nullopt;
            });
  app->add_flag("--json", json, "one JSON document on stdout instead of the table");
  bool finished = false;
  if (const int rc = parse_command(*app, args, finished); rc != exit_ok || finished) return rc;
  try {
    const auto start = std::chrono::steady_clock::now();
    const DecodedAudio decoded = read_audio(file);
    if (verbosity.verbose) {
      std::fprintf(stderr, "auralis bench: decoded %s in %.3f s\n", file.c_str(),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    const std::vector<BackendRun> runs = compare_backends(decoded.audio, options);
    if (json) {
      std::cout << to_json(file, decoded.audio, runs).dump(2) << '\n';
    } else {
      std::printf("%s: %.1f s, %zu channels, %u Hz\n", file.c_str(), decoded.audio.duration_seconds(),
                  decoded.audio.channels(), decoded.audio.sample_rate());
      std::fputs(format_table(runs).c_str(), stdout);
    }
    for (const BackendRun& r : runs) {
      if (r.analysis_seconds > 0.0) return exit_ok;
    }
    std::fprintf(stderr, "auralis bench: no backend could run\n");
    return exit_file_failed;
  } catch (const Error& e) {
    std::fprintf(stderr, "auralis bench: %s\n", e.what());
    return exit_file_failed;
  }
}

}  // namespace auralis::cli
