// SPDX-License-Identifier: MIT
// `auralis bench FILE`: analysis and convolution of the file on every available backend, one table.
#include <auralis/auralis.hpp>

#include "cli/backend_comparison.hpp"
#include "cli/backend_flags.hpp"
#include "cli/cli.hpp"

#include <charconv>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

namespace auralis::cli {

namespace {

constexpr const char* kBenchHelp =
    "Usage: auralis bench FILE [--repetitions N] [--threads N] [--backend B] [--device D] [--json]\n"
    "\n"
    "Runs STFT analysis (4096-point frames, hop 1024, 64 log bands and 26 critical bands) and FFT\n"
    "convolution (an 8191-tap linear-phase FIR) of FILE on the CPU backend and on every usable Vulkan\n"
    "device, and prints one table: backend, device, warm-up time (plans and kernels), median analysis\n"
    "and convolution time per call, real-time factor, bytes moved over the bus and queue submissions\n"
    "per analysis plus convolution, and the speed-up over the CPU backend measured in the same run.\n"
    "\n"
    "Options:\n"
    "  --repetitions N     timed calls per backend after the warm-up (default 3)\n"
    "  --threads N         CPU backend threads (default: all cores)\n"
    "  --backend cpu|vulkan  that backend alone (default: all)\n"
    "  --device NAME|INDEX the Vulkan device to time (default: every usable one, lavapipe included)\n"
    "  --json              one JSON document on stdout instead of the table\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit codes: 0 measured, 1 the file could not be read or no backend ran, 2 usage error.\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "auralis bench: %s\n(see auralis bench --help)\n", message.c_str());
  return exit_usage;
}

bool parse_count(std::string_view text, unsigned& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out >= 1 && out <= 1000;
}

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
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kBenchHelp, stdout);
      return exit_ok;
    }
    if (arg == "--json") {
      json = true;
      continue;
    }
    if (arg.size() < 2 || arg.front() != '-') {
      files.emplace_back(arg);
      continue;
    }
    if (i + 1 >= args.size()) return usage_error(std::string(arg) + " needs a value");
    const std::string_view value = args[++i];
    if (arg == "--repetitions") {
      if (!parse_count(value, options.repetitions))
        return usage_error("--repetitions needs a whole number 1-1000");
    } else if (arg == "--threads") {
      if (!parse_count(value, options.cpu_workers))
        return usage_error("--threads needs a whole number 1-1000");
    } else if (is_backend_flag(arg)) {
      BackendOptions parsed;
      if (const auto problem = apply_backend_flag(arg, value, parsed)) return usage_error(*problem);
      if (arg == "--device") {
        options.device = parsed.device;
      } else if (parsed.kind == BackendKind::automatic) {
        options.only.reset();
      } else {
        options.only = parsed.kind;
      }
    } else {
      return usage_error("unknown option " + std::string(arg));
    }
  }
  if (files.size() != 1) return usage_error("needs exactly one FILE");
  try {
    const DecodedAudio decoded = read_audio(files[0]);
    const std::vector<BackendRun> runs = compare_backends(decoded.audio, options);
    if (json) {
      std::cout << to_json(files[0], decoded.audio, runs).dump(2) << '\n';
    } else {
      std::printf("%s: %.1f s, %zu channels, %u Hz\n", files[0].c_str(), decoded.audio.duration_seconds(),
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
