// SPDX-License-Identifier: MIT
// `auralis analyze`: decode each file, measure loudness and peaks (and with --content its spectrum, stereo
// image and rhythm on the chosen backend), print text or one JSON document.
#include <auralis/auralis.hpp>

#include "cli/backend_flags.hpp"
#include "cli/cli.hpp"
#include "cli/standard_input.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace auralis::cli {

namespace {

constexpr const char* kAnalyzeDescription =
    "Measures each file to ITU-R BS.1770-4 / EBU R128 and prints: format, sample rate, channels,\n"
    "duration, integrated loudness (LUFS), loudness range (LU, EBU Tech 3342), maximum momentary\n"
    "(400 ms) and short-term (3 s) loudness (LUFS), sample peak (dBFS) and true peak (dBTP, 4x\n"
    "oversampled, BS.1770 Annex 2).\n"
    "\n"
    "A silent file, one shorter than 400 ms, or one entirely under -70 LUFS has no measurable\n"
    "loudness: the text says so and JSON gives null.\n"
    "\n"
    "With --content it also analyses the content (STFT on the spectral backend): spectral centroid,\n"
    "roll-off and flatness, stereo correlation and width, tempo, onset rate, level class and genre\n"
    "(JSON: the whole profile, long-term band spectra included).\n";

constexpr const char* kAnalyzeFooter =
    "Decodes WAV (incl. WAVE_FORMAT_EXTENSIBLE), FLAC, OGG/Vorbis, Opus, AIFF and MP3. FILE - reads\n"
    "standard input; -- ends the options (for file names starting with '-').\n"
    "Exit codes: 0 all files measured, 1 at least one file failed (reported on stderr with its\n"
    "name; the others are still measured), 2 usage error.";

// What was decoded, without the samples (plain measurement streams through the file).
struct Stream {
  SourceFormat format;
  std::uint32_t sample_rate_hz = 0;
  std::size_t channels = 0;
  std::uint64_t frames = 0;
  double duration_seconds() const { return static_cast<double>(frames) / sample_rate_hz; }
};

struct Measured {
  Stream stream;
  LoudnessReport report;
  std::optional<ContentProfile> content;
};

std::string format_duration(double seconds) {
  const auto whole_minutes = static_cast<long>(seconds / 60.0);
  char text[64];
  std::snprintf(text, sizeof text, "%ld:%06.3f", whole_minutes,
                seconds - 60.0 * static_cast<double>(whole_minutes));
  return text;
}

std::string format_value(const std::optional<double>& value, const char* unit) {
  if (!value) return "not measurable";
  char text[64];
  std::snprintf(text, sizeof text, "%.2f %s", *value, unit);
  return text;
}

nlohmann::json json_value(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

void print_text(const std::string& path, const Measured& m) {
  const Stream& audio = m.stream;
  const LoudnessReport& r = m.report;
  std::printf("%s\n", path.c_str());
  std::printf("  format          %s %s\n", audio.format.container.c_str(), audio.format.encoding.c_str());
  std::printf("  sample rate     %u Hz\n", audio.sample_rate_hz);
  std::printf("  channels        %zu\n", audio.channels);
  std::printf("  duration        %s (%llu frames)\n", format_duration(audio.duration_seconds()).c_str(),
              static_cast<unsigned long long>(audio.frames));
  if (!r.integrated_lufs)
    std::printf("  loudness        no measurable loudness (silent or shorter than 400 ms)\n");
  std::printf("  integrated      %s\n", format_value(r.integrated_lufs, "LUFS").c_str());
  std::printf("  loudness range  %s\n", format_value(r.loudness_range_lu, "LU").c_str());
  std::printf("  max momentary   %s\n", format_value(r.max_momentary_lufs, "LUFS").c_str());
  std::printf("  max short-term  %s\n", format_value(r.max_short_term_lufs, "LUFS").c_str());
  std::printf("  sample peak     %s\n", format_value(LoudnessReport::to_db(r.sample_peak), "dBFS").c_str());
  std::printf("  true peak       %s\n",
              format_value(LoudnessReport::to_db(r.true_peak.value_or(0.0)), "dBTP").c_str());
  if (!m.content) return;
  const ContentProfile& c = *m.content;
  std::printf("  centroid        %.0f Hz (roll-off %.0f Hz, flatness %.3f)\n", c.spectral_centroid_hz,
              c.spectral_rolloff_hz, c.spectral_flatness);
  std::printf("  stereo          correlation %.2f, width %.2f, bass correlation %.2f\n", c.correlation,
              c.width, c.low_end_correlation);
  std::printf("  rhythm          %.1f BPM, %.2f onsets/s\n", c.tempo_bpm, c.onset_rate_hz);
  std::printf("  character       %s, genre estimate %s\n", to_string(c.level_class), to_string(c.genre));
}

nlohmann::json to_json(const std::string& path, const Measured& m) {
  const Stream& audio = m.stream;
  const LoudnessReport& r = m.report;
  return {
      {"path", path},
      {"format",
       {{"container", audio.format.container},
        {"encoding", audio.format.encoding},
        {"sample_rate_hz", audio.sample_rate_hz},
        {"channels", audio.channels},
        {"frames", audio.frames},
        {"duration_s", audio.duration_seconds()}}},
      {"loudness",
       {{"measurable", r.integrated_lufs.has_value()},
        {"integrated_lufs", json_value(r.integrated_lufs)},
        {"loudness_range_lu", json_value(r.loudness_range_lu)},
        {"max_momentary_lufs", json_value(r.max_momentary_lufs)},
        {"max_short_term_lufs", json_value(r.max_short_term_lufs)},
        {"sample_peak_dbfs", json_value(LoudnessReport::to_db(r.sample_peak))},
        {"true_peak_dbtp", json_value(LoudnessReport::to_db(r.true_peak.value_or(0.0)))}}},
      {"content", m.content ? nlohmann::json::parse(profile_to_json(*m.content)) : nlohmann::json(nullptr)},
      {"error", nullptr},
  };
}

// Loudness and peaks block by block, decoding ahead of the meter on a second thread when there is one:
// memory does not grow with the file's length or channel count.
Measured measure_streaming(const std::string& path, unsigned threads) {
  AudioFileReader reader(path);
  Stream stream{reader.format(), reader.sample_rate(), reader.channels(), 0};
  LoudnessOptions options;
  options.threads = threads;
  LoudnessReport report = measure_loudness(reader, options);
  stream.frames = report.frames;
  return {std::move(stream), std::move(report), {}};
}

// One streaming analysis pass: memory does not grow with the file's length either.
Measured measure_content(const std::string& path, SpectralEngine& engine) {
  AudioFileReader reader(path);
  const SourceFormat format = reader.format();
  ContentProfile profile = analyze_content(reader, engine);
  LoudnessReport loudness = profile.loudness;
  return {{format, profile.sample_rate, profile.channels, loudness.frames},
          std::move(loudness),
          std::move(profile)};
}

// The --verbose line: how long the file took and what measured it.
void print_measured_by(const std::string& path, std::chrono::steady_clock::time_point start,
                       const SpectralEngine* engine, unsigned threads) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (engine == nullptr) {
    std::fprintf(stderr, "auralis analyze: %s: %.3f s, streaming loudness meter (%s)\n", path.c_str(),
                 seconds, threads > 0 ? (std::to_string(threads) + " threads").c_str() : "all cores");
    return;
  }
  const BackendStats stats = engine->stats();
  std::fprintf(stderr, "auralis analyze: %s: %.3f s, content analysis on %s (%s, %u threads)\n", path.c_str(),
               seconds, stats.backend.c_str(), stats.device.c_str(), stats.threads);
}

// Decoding errors name the file; the meter's and the analysis's (out of memory) do not know it.
std::string naming_file(const std::string& path, const std::string& message) {
  return message.find(path) == std::string::npos ? path + ": " + message : message;
}

}  // namespace

int parse_analyze_arguments(std::span<const std::string_view> args, AnalyzeArguments& out, bool& help) {
  const std::unique_ptr<CLI::App> app =
      make_command_app("analyze", kAnalyzeDescription, kAnalyzeFooter, out.verbosity,
                       "print on stderr, for each file, the time it took and what measured it");
  app->add_option("FILE", out.files, "the files to measure (- for standard input)")
      ->required()
      ->type_name("");
  app->add_flag("--json", out.json, "print one JSON document {\"files\": [...]} on stdout instead of text");
  app->add_flag("--content", out.content, "add the content analysis");
  add_backend_options(*app, out.backend, "worker threads for the CPU backend (default: all cores)",
                      &out.backend_given);
  const int rc = parse_command(*app, args, help);
  apply_verbosity(out.verbosity, out.backend);
  return rc;
}

int run_analyze(std::span<const std::string_view> args) {
  AnalyzeArguments parsed;
  bool finished = false;
  if (const int rc = parse_analyze_arguments(args, parsed, finished); rc != exit_ok || finished) return rc;
  const auto& [files, verbosity, json, content, backend_given, backend] = parsed;

  // Made once for every file (plans are reused), for the first file that needs it, so that failing to make
  // it (no memory for its threads) is reported against that file; made at once when a backend is named
  // without --content, so that a backend that cannot run is still reported.
  std::optional<SpectralEngine> engine;
  if (backend_given && !content) {
    try {
      engine.emplace(backend);
    } catch (const Error& e) {
      std::fprintf(stderr, "auralis analyze: %s\n", e.what());
      return exit_file_failed;
    }
  }

  int status = exit_ok;
  nlohmann::json document = {{"files", nlohmann::json::array()}};
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& path = files[i];
    try {
      if (content && !engine) engine.emplace(backend);
      const auto start = std::chrono::steady_clock::now();
      const std::string source = path == kStandardStream ? kStandardInputPath : path;
      const Measured m =
          content ? measure_content(source, *engine) : measure_streaming(source, backend.max_workers);
      if (verbosity.verbose)
        print_measured_by(path, start, content ? &*engine : nullptr, backend.max_workers);
      if (json) {
        document["files"].push_back(to_json(path, m));
      } else {
        if (i > 0) std::printf("\n");
        print_text(path, m);
      }
    } catch (const Error& e) {
      const std::string message = naming_file(path, e.what());
      std::fprintf(stderr, "auralis analyze: %s\n", message.c_str());
      document["files"].push_back(
          {{"path", path}, {"error", {{"code", to_string(e.code())}, {"message", message}}}});
      status = exit_file_failed;
    } catch (const std::bad_alloc&) {
      const std::string message = path + ": not enough memory to analyse it";
      std::fprintf(stderr, "auralis analyze: %s\n", message.c_str());
      document["files"].push_back(
          {{"path", path}, {"error", {{"code", to_string(ErrorCode::out_of_memory)}, {"message", message}}}});
      status = exit_file_failed;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "auralis analyze: %s: %s\n", path.c_str(), e.what());
      document["files"].push_back({{"path", path}, {"error", {{"code", "internal"}, {"message", e.what()}}}});
      status = exit_file_failed;
    }
  }
  // File names are bytes, not necessarily UTF-8: invalid sequences print as U+FFFD rather than abort.
  if (json) std::cout << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  std::fflush(stdout);
  return status;
}

}  // namespace auralis::cli
