// SPDX-License-Identifier: MIT
// `auralis master`: parse options into MasterOptions, run master_file, print the report.
#include <auralis/auralis.hpp>

#include "cli/backend_flags.hpp"
#include "cli/cli.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <new>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

namespace auralis::cli {

namespace {

constexpr const char* kMasterHelp =
    "Usage: auralis master IN OUT [--preset P | --reference REF [--mode reference|hybrid]] [options]\n"
    "\n"
    "Masters IN into OUT: analyses it, decides a plan, then renders EQ, compressor, stereo width,\n"
    "loudness gain and a true-peak limiter. OUT (and REPORT) appear complete or not at all, even when the\n"
    "run is interrupted; IN and REF are never overwritten, and an OUT or REPORT that is an input, the other\n"
    "output or not a regular file (a device, FIFO or folder) is refused before any work.\n"
    "\n"
    "Modes:\n"
    "  --preset P          adaptive mode with preset adaptive (default), gentle, warm, bright, punchy, live\n"
    "  --reference REF     reference mode: match REF's loudness, mid/side spectra and width\n"
    "  --mode M            with --reference: reference (default) or hybrid (blend with the adaptive plan)\n"
    "  --weight W          hybrid: the reference plan's share, 0-1 (default 0.5)\n"
    "  --match-amount PCT  reference and hybrid: how far the EQ moves toward REF's spectrum, 0-100\n"
    "                      (default 100; boosts stay within +12 dB, the side's +6 dB, and none lifts\n"
    "                      a band at the track's noise floor)\n"
    "  --plan-file F       render the plan in JSON file F instead of deciding one (not with --preset or\n"
    "                      --reference; unknown or repeated keys are errors)\n"
    "\n"
    "Targets and amounts:\n"
    "  --delivery D        where the master goes, setting its target and ceiling: streaming (default,\n"
    "                      -14 LUFS, -1 dBTP; -2 dBTP when louder than -14), apple (-16, -1), youtube\n"
    "                      (-14, -1), ebu-r128 (-23, -1), atsc-a85 (-24, -2), cd (-10, -0.3), podcast\n"
    "                      (-16, -1); presets and genre never move them\n"
    "  --target-lufs L     integrated loudness target (LUFS), instead of the delivery's\n"
    "  --ceiling DBTP      true-peak ceiling (dBTP), instead of the delivery's\n"
    "  --subsonic HZ       high-pass below HZ, DC included, inside the EQ (default 20; 0: off)\n"
    "  --eq-phase P        the EQ's phase: linear (default; zero phase, but narrow bass boosts ring\n"
    "                      before transients), minimum (no pre-echo; the bass lags) or mixed (minimum\n"
    "                      phase below about 200 Hz, linear above)\n"
    "  --compression DB    the compressor's mean gain reduction, 0-24 dB, instead of the preset's (which\n"
    "                      is what brings the track's range to the preset's goal, at most 1-3 dB; 0: none)\n"
    "  --sidechain-hpf HZ  high-pass on the compressor's detector only, 0-500 Hz (default 100; 0: off)\n"
    "  --no-limiter        no limiter; an integer output that would then clip is an error\n"
    "  --allow-clipping    with --no-limiter, let the integer output clip (counted in a warning)\n"
    "  --eq PCT, --dynamics PCT, --width PCT, --loudness PCT\n"
    "                      how much of each stage to apply, 0-100 (default 100)\n"
    "\n"
    "Output:\n"
    "  --format F          output format: wav, flac, aiff, ogg (Vorbis), opus (48 kHz and other Opus\n"
    "                      rates only) or mp3 (default: from OUT's extension: .wav .flac .aif(f) .ogg\n"
    "                      .oga .opus .mp3)\n"
    "  --rate HZ           output sample rate, 8000-768000 (default: the input's): resampled with\n"
    "                      libsoxr (very high quality) before the EQ, compressor and limiter, so true\n"
    "                      peaks are held at the rate delivered\n"
    "  --quality Q         ogg, opus and mp3: the encoder's VBR quality, 0 (smallest) to 1 (best)\n"
    "                      (default: libsndfile's)\n"
    "  --bits 16|24|32f    sample format of wav, flac and aiff (default 24; integer formats get TPDF\n"
    "                      dither)\n"
    "  --dither D          integer formats: tpdf (default; flat noise), shaped (TPDF with noise shaping:\n"
    "                      about 12 dB less noise at 1-5 kHz, more above 15 kHz) or none (plain rounding)\n"
    "  --plan              print the plan as JSON and exit without rendering\n"
    "  --json REPORT       write the report (profile, plan, before/after loudness, timings) to REPORT;\n"
    "                      OUT and REPORT are renamed into place together once both are on disk\n"
    "  --report FILE.html  write the HTML report (plots of loudness, gain reduction, true-peak overs,\n"
    "                      spectra and the EQ; the plan in words; a loudness-matched comparison) to\n"
    "                      FILE.html, once OUT is written\n"
    "  --preview SECONDS   also write OUT's loudest SECONDS (1-600) and the same stretch of IN, at equal\n"
    "                      loudness, for A/B listening: OUT's folder, STEM.preview-before.wav and\n"
    "                      STEM.preview-after.wav (STEM: OUT's name without its extension)\n"
    "  --profile           print each pass with the wall and CPU time of its stages, and the run's peak\n"
    "                      memory and page faults\n"
    "  --quiet             no progress bar (it is shown only on a terminal anyway)\n"
    "\n"
    "Compute:\n" AURALIS_BACKEND_FLAGS_HELP
    "  --threads N         worker threads (default: all cores); the output is identical for any N\n"
    "\n"
    "Exit codes: 0 success, 1 the file could not be mastered (reason on stderr), 2 usage error.\n";

// The --format names, as FileType spells them.
std::optional<FileType> file_type_named(std::string_view name) {
  constexpr std::pair<std::string_view, FileType> kNames[] = {
      {"wav", FileType::wav}, {"flac", FileType::flac}, {"aiff", FileType::aiff},
      {"ogg", FileType::ogg}, {"opus", FileType::opus}, {"mp3", FileType::mp3}};
  for (const auto& [known, type] : kNames) {
    if (name == known) return type;
  }
  return std::nullopt;
}

bool parse_number(std::string_view text, double& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "auralis master: %s\n(see auralis master --help)\n", message.c_str());
  return exit_usage;
}

// A one-line bar on stderr, redrawn as stages start.
void draw_progress(const std::string& stage, double fraction) {
  const int width = 30;
  const int filled = static_cast<int>(fraction * width + 0.5);
  std::fprintf(stderr, "\r[%-*.*s] %3d%% %-10s", width, filled, "##############################",
               static_cast<int>(fraction * 100.0 + 0.5), stage.c_str());
  if (fraction >= 1.0) std::fputc('\n', stderr);
  std::fflush(stderr);
}

void print_summary(const MasterReport& r, const std::string& output) {
  const auto lufs = [](const std::optional<double>& v) {
    char text[32];
    if (!v) return std::string("n/a");
    std::snprintf(text, sizeof text, "%.2f", *v);
    return std::string(text);
  };
  const auto dbtp = [&](const LoudnessReport& l) {
    return lufs(l.true_peak ? LoudnessReport::to_db(*l.true_peak) : std::nullopt);
  };
  std::printf("%s\n", output.c_str());
  std::printf("  mode            %s (preset %s, genre %s, %s)\n", to_string(r.plan.mode),
              to_string(r.plan.preset), to_string(r.profile.genre), to_string(r.profile.level_class));
  std::printf("  target          %s LUFS, ceiling %.2f dBTP%s%s\n", lufs(r.plan.target_lufs).c_str(),
              r.plan.limiter.ceiling_dbtp, r.plan.limiter.enabled ? "" : " (limiter off)",
              r.lowered_target_lufs
                  ? (", lowered to " + lufs(r.lowered_target_lufs) + " LUFS (limiter budget)").c_str()
                  : "");
  if (r.codec_ceiling) {
    std::printf(
        "  codec ceiling   decoded true peak %.2f dBTP after %d render%s, limiter ceiling %.2f dBTP\n",
        r.codec_ceiling->decoded_true_peak_dbtp, r.codec_ceiling->renders,
        r.codec_ceiling->renders == 1 ? "" : "s", r.codec_ceiling->limiter_ceiling_dbtp);
  }
  std::printf("                  before      after\n");
  std::printf("  integrated      %-10s  %s LUFS\n", lufs(r.before.integrated_lufs).c_str(),
              lufs(r.after.integrated_lufs).c_str());
  std::printf("  loudness range  %-10s  %s LU\n", lufs(r.before.loudness_range_lu).c_str(),
              lufs(r.after.loudness_range_lu).c_str());
  std::printf("  true peak       %-10s  %s dBTP\n", dbtp(r.before).c_str(), dbtp(r.after).c_str());
  const auto reduction = [](const char* stage, const GainReduction& g) {
    std::printf("  %-15s max %.1f, 99%% %.1f, mean %.2f dB; %.1f s above 1 dB\n", stage, g.max_db, g.p99_db,
                g.mean_db, g.seconds_above_1db);
  };
  std::printf("  gain reduction\n");
  reduction("  compressor", r.compressor_reduction);
  reduction("  limiter", r.limiter_reduction);
  std::printf("  backend         %s (%s)%s\n", r.backend.backend.c_str(), r.backend.device.c_str(),
              r.backend.fault.empty() ? "" : ", fell back to the CPU after a GPU fault");
  for (const std::string& w : r.warnings) std::printf("  warning: %s\n", w.c_str());
}

// Each pass with its stages under it; a pass's stages overlap in wall time (they run side by side), its
// "total" line does not.
void print_profile(const MasterReport& r) {
  double wall = 0.0, cpu = 0.0;
  std::printf("%-24s %9s %9s\n", "pass / stage", "wall ms", "cpu ms");
  for (const StageTiming& t : r.timings) {
    const bool summary = t.pass.empty() || t.stage == "total";
    const std::string label = t.pass.empty() ? t.stage : summary ? t.pass : "  " + t.stage;
    std::printf("%-24s %9.1f %9.1f\n", label.c_str(), 1e3 * t.wall_seconds, 1e3 * t.cpu_seconds);
    if (summary) {
      wall += t.wall_seconds;
      cpu += t.cpu_seconds;
    }
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%-24s %9.1f %9.1f\n", "total", 1e3 * wall, 1e3 * cpu);
  std::printf("real time  %.0fx (%.1f s of audio)\n", wall > 0.0 ? r.profile.duration_seconds / wall : 0.0,
              r.profile.duration_seconds);
  std::printf("peak memory %.1f MiB, %ld minor page faults\n", static_cast<double>(usage.ru_maxrss) / 1024.0,
              usage.ru_minflt);
}

}  // namespace

int parse_master_arguments(std::span<const std::string_view> args, MasterArguments& p, bool& help,
                           std::vector<std::string>* inputs) {
  std::vector<std::string> positional;
  bool options_done = false, mode_given = false, preset_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (options_done || arg.empty() || arg[0] != '-' || arg == "-") {
      positional.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      help = true;
      return exit_ok;
    }
    const auto flag = [&](const char* name) { return arg == name; };
    if (flag("--plan")) {
      p.print_plan = true;
      continue;
    }
    if (flag("--profile")) {
      p.profile = true;
      continue;
    }
    if (flag("--quiet")) {
      p.quiet = true;
      continue;
    }
    if (flag("--no-limiter")) {
      p.options.overrides.limiter = false;
      continue;
    }
    if (flag("--allow-clipping")) {
      p.options.allow_clipping = true;
      continue;
    }
    if (i + 1 >= args.size()) return usage_error(std::string(arg) + " needs a value");
    const std::string value(args[++i]);
    double number = 0.0;
    const auto percent = [&](std::optional<double>& out) -> int {
      if (!parse_number(value, number) || number < 0.0 || number > 100.0) {
        return usage_error(std::string(arg) + " needs a percentage 0-100, not '" + value + "'");
      }
      out = number / 100.0;
      return exit_ok;
    };
    if (flag("--preset")) {
      preset_given = true;
      try {
        p.options.preset = preset_from_string(value);
      } catch (const Error& e) {
        return usage_error(e.what());
      }
    } else if (flag("--reference")) {
      p.reference = value;
    } else if (flag("--mode")) {
      if (value != "reference" && value != "hybrid") return usage_error("--mode is reference or hybrid");
      p.options.mode = value == "hybrid" ? MasteringMode::hybrid : MasteringMode::reference;
      mode_given = true;
    } else if (flag("--weight")) {
      if (!parse_number(value, number) || number < 0.0 || number > 1.0)
        return usage_error("--weight needs 0-1");
      p.options.hybrid_weight = number;
    } else if (flag("--plan-file")) {
      p.plan_file = value;
    } else if (flag("--delivery")) {
      try {
        p.options.overrides.delivery = delivery_from_string(value);
      } catch (const Error& e) {
        return usage_error(e.what());
      }
    } else if (flag("--target-lufs")) {
      if (!parse_number(value, number) || number > 0.0 || number < -70.0) {
        return usage_error("--target-lufs needs a loudness between -70 and 0 LUFS");
      }
      p.options.overrides.target_lufs = number;
    } else if (flag("--ceiling")) {
      if (!parse_number(value, number) || number > 0.0 || number < -20.0) {
        return usage_error("--ceiling needs a true peak between -20 and 0 dBTP");
      }
      p.options.overrides.ceiling_dbtp = number;
    } else if (flag("--subsonic")) {
      if (!parse_number(value, number) || number < 0.0 || number > 200.0) {
        return usage_error("--subsonic needs a frequency between 0 and 200 Hz");
      }
      p.options.overrides.subsonic_hz = number;
    } else if (flag("--eq-phase")) {
      try {
        p.options.overrides.eq_phase = eq_phase_from_string(value);
      } catch (const Error& e) {
        return usage_error(e.what());
      }
    } else if (flag("--compression")) {
      if (!parse_number(value, number) || number < 0.0 || number > 24.0) {
        return usage_error("--compression needs a gain reduction between 0 and 24 dB");
      }
      p.options.overrides.compressor_reduction_db = number;
    } else if (flag("--sidechain-hpf")) {
      if (!parse_number(value, number) || number < 0.0 || number > 500.0) {
        return usage_error("--sidechain-hpf needs a frequency between 0 and 500 Hz");
      }
      p.options.overrides.sidechain_high_pass_hz = number;
    } else if (flag("--eq")) {
      if (const int rc = percent(p.options.overrides.eq_amount)) return rc;
    } else if (flag("--dynamics")) {
      if (const int rc = percent(p.options.overrides.dynamics_amount)) return rc;
    } else if (flag("--width")) {
      if (const int rc = percent(p.options.overrides.width_amount)) return rc;
    } else if (flag("--loudness")) {
      if (const int rc = percent(p.options.overrides.loudness_amount)) return rc;
    } else if (flag("--match-amount")) {
      if (const int rc = percent(p.options.overrides.match_amount)) return rc;
    } else if (flag("--format")) {
      if (!file_type_named(value)) return usage_error("--format is wav, flac, aiff, ogg, opus or mp3");
      p.format = value;
    } else if (flag("--rate")) {
      if (!parse_number(value, number) || number < 8000.0 || number > 768000.0 ||
          number != std::floor(number)) {
        return usage_error("--rate needs a whole number of Hz, 8000-768000");
      }
      p.options.output_rate_hz = static_cast<std::uint32_t>(number);
    } else if (flag("--quality")) {
      if (!parse_number(value, number) || number < 0.0 || number > 1.0) {
        return usage_error("--quality needs a number between 0 and 1");
      }
      p.encode.quality = number;
    } else if (flag("--dither")) {
      if (value == "tpdf" || value == "shaped") {
        p.encode.dither = true;
        p.encode.dither_shape = value == "tpdf" ? DitherShape::tpdf : DitherShape::shaped;
      } else if (value == "none") {
        p.encode.dither = false;
      } else {
        return usage_error("--dither is tpdf, shaped or none");
      }
    } else if (flag("--bits")) {
      if (value == "16")
        p.encode.sample_format = SampleFormat::pcm16;
      else if (value == "24")
        p.encode.sample_format = SampleFormat::pcm24;
      else if (value == "32f")
        p.encode.sample_format = SampleFormat::float32;
      else
        return usage_error("--bits is 16, 24 or 32f");
    } else if (flag("--json")) {
      p.json_report = value;
    } else if (flag("--report")) {
      p.html_report = value;
    } else if (flag("--preview")) {
      if (!parse_number(value, number) || number < min_preview_seconds || number > max_preview_seconds) {
        return usage_error("--preview needs a number of seconds, 1-600");
      }
      p.preview_seconds = number;
    } else if (is_backend_flag(arg)) {
      if (const auto error = apply_backend_flag(arg, value, p.options.backend)) return usage_error(*error);
    } else if (flag("--threads")) {
      if (!parse_number(value, number) || number < 1.0 || number > 1024.0 || number != std::floor(number)) {
        return usage_error("--threads needs a whole number 1-1024");
      }
      p.options.backend.max_workers = static_cast<unsigned>(number);
    } else {
      return usage_error("unknown option " + std::string(arg));
    }
  }
  if (inputs != nullptr) {
    *inputs = std::move(positional);
  } else {
    if (positional.size() != 2) return usage_error("needs IN and OUT");
    p.input = positional[0];
    p.output = positional[1];
  }
  if (p.reference && !mode_given) p.options.mode = MasteringMode::reference;
  if (mode_given && !p.reference) return usage_error("--mode needs --reference");
  if (preset_given && p.reference && p.options.mode == MasteringMode::reference) {
    return usage_error(
        "--preset and --reference exclude each other (--mode hybrid blends a preset with REF)");
  }
  if (p.html_report) {
    // The page is written after the master: it must not replace the input or another output.
    const auto same = [&](const std::string& other) {
      std::error_code ignored;
      return std::filesystem::weakly_canonical(*p.html_report, ignored) ==
             std::filesystem::weakly_canonical(other, ignored);
    };
    for (const std::string& other :
         {p.input, p.output, p.reference.value_or(""), p.json_report.value_or("")}) {
      if (!other.empty() && same(other)) return usage_error("--report names a file already in use: " + other);
    }
  }
  if (p.plan_file && (preset_given || p.reference)) {
    return usage_error("--plan-file renders a saved plan; it excludes --preset and --reference");
  }
  return exit_ok;
}

// The --preview pair, beside OUT: STEM.preview-before.wav and STEM.preview-after.wav.
MasterPreviews write_previews(const std::filesystem::path& input, const std::filesystem::path& output,
                              double seconds) {
  const std::filesystem::path stem = output.parent_path() / output.stem();
  return write_master_previews(input, output, seconds, stem.string() + ".preview-before.wav",
                               stem.string() + ".preview-after.wav");
}

void print_previews(const MasterPreviews& previews) {
  std::printf("  preview         %.1f s from %.1f s, at equal loudness for A/B listening\n", previews.seconds,
              previews.start_seconds);
  for (const PreviewExcerpt* excerpt : {&previews.before, &previews.after}) {
    std::printf("                  %s (%.2f LUFS, %+.2f dB)\n", excerpt->path.c_str(), excerpt->loudness_lufs,
                excerpt->gain_db);
  }
}

int run_master(std::span<const std::string_view> args) {
  MasterArguments p;
  bool help = false;
  if (const int rc = parse_master_arguments(args, p, help)) return rc;
  if (help) {
    std::fputs(kMasterHelp, stdout);
    return exit_ok;
  }
  try {
    if (p.plan_file) p.options.plan = read_plan_file(*p.plan_file);
    p.encode.type = p.format ? *file_type_named(*p.format) : file_type_for(p.output);
    std::optional<std::filesystem::path> reference;
    if (p.reference) reference = *p.reference;
    if (p.print_plan) {
      const MasterReport report = plan_master_file(p.input, p.options, reference);
      for (const std::string& w : report.warnings)
        std::fprintf(stderr, "auralis master: warning: %s\n", w.c_str());
      std::printf("%s\n", plan_to_json(report.plan).c_str());
      return exit_ok;
    }
    if (!p.quiet && isatty(STDERR_FILENO)) p.options.progress = draw_progress;
    p.options.curves = p.html_report.has_value();  // --json asks for them through master_file
    std::optional<std::filesystem::path> report_path;
    if (p.json_report) report_path = *p.json_report;
    const MasterReport report = master_file(p.input, p.output, p.options, p.encode, reference, report_path);
    if (p.html_report) write_report_file(*p.html_report, render_report_html(report_to_json(report)));
    print_summary(report, p.output);
    if (p.preview_seconds) print_previews(write_previews(p.input, p.output, *p.preview_seconds));
    if (p.profile) print_profile(report);
    return exit_ok;
  } catch (const Error& e) {
    std::fprintf(stderr, "auralis master: %s\n", e.what());
    return exit_file_failed;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "auralis master: %s: not enough memory to master it\n", p.input.c_str());
    return exit_file_failed;
  } catch (const std::exception& e) {
    // Not expected (every library failure is an Error), but a system failure such as a thread that cannot
    // start must still end as a failed file, not an abort.
    std::fprintf(stderr, "auralis master: %s: %s\n", p.input.c_str(), e.what());
    return exit_file_failed;
  }
}

}  // namespace auralis::cli
