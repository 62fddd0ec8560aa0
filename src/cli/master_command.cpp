// SPDX-License-Identifier: MIT
// `auralis master`: parse options into MasterOptions, run master_file, print the report.
#include <auralis/auralis.hpp>

#include "cli/backend_flags.hpp"
#include "cli/cli.hpp"
#include "cli/standard_input.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <new>
#include <optional>
#include <string>
#include <system_error>
#include <tuple>
#include <utility>

namespace auralis::cli {

namespace {

constexpr const char* kMasterDescription =
    "Masters IN into OUT: analyses it, decides a plan, then renders EQ, compressor, stereo width,\n"
    "loudness gain and a true-peak limiter. OUT (and REPORT) appear complete or not at all, even when the\n"
    "run is interrupted; IN and REF are never overwritten, and an OUT or REPORT that is an input, the other\n"
    "output or not a regular file (a device, FIFO or folder) is refused before any work. IN may be - for\n"
    "standard input; OUT may not be - (it is written to a temporary file and renamed into place, and a\n"
    "WAV's header is completed by seeking back, which a pipe cannot do).\n";

constexpr const char* kMasterFooter =
    "--config FILE reads option values from FILE by their long names (TOML or INI: 'target-lufs = -16',\n"
    "'preset = \"warm\"', 'no-limiter = true'); options on the command line override it.\n"
    "\n"
    "Exit codes: 0 success, 1 the file could not be mastered (reason on stderr), 2 usage error.";

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
}

void print_warnings(const std::vector<std::string>& warnings, const Verbosity& verbosity) {
  if (verbosity.quiet) return;
  for (const std::string& w : warnings) std::fprintf(stderr, "auralis master: warning: %s\n", w.c_str());
}

// Each pass with its stages under it; a pass's stages overlap in wall time (they run side by side), its
// "total" line does not.
void print_profile(const MasterReport& r, std::FILE* to) {
  double wall = 0.0, cpu = 0.0;
  std::fprintf(to, "%-24s %9s %9s\n", "pass / stage", "wall ms", "cpu ms");
  for (const StageTiming& t : r.timings) {
    const bool summary = t.pass.empty() || t.stage == "total";
    const std::string label = t.pass.empty() ? t.stage : summary ? t.pass : "  " + t.stage;
    std::fprintf(to, "%-24s %9.1f %9.1f\n", label.c_str(), 1e3 * t.wall_seconds, 1e3 * t.cpu_seconds);
    if (summary) {
      wall += t.wall_seconds;
      cpu += t.cpu_seconds;
    }
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::fprintf(to, "%-24s %9.1f %9.1f\n", "total", 1e3 * wall, 1e3 * cpu);
  std::fprintf(to, "real time  %.0fx (%.1f s of audio)\n",
               wall > 0.0 ? r.profile.duration_seconds / wall : 0.0, r.profile.duration_seconds);
  std::fprintf(to, "peak memory %.1f MiB, %ld minor page faults\n",
               static_cast<double>(usage.ru_maxrss) / 1024.0, usage.ru_minflt);
}

}  // namespace

void add_master_options(CLI::App& app, MasterArguments& p, bool one_track) {
  PlanOverrides& o = p.options.overrides;
  // A library parser (preset_from_string, ...) reports an unknown name as an Error saying what is known.
  const auto named = [](auto parse, auto& target, bool* given = nullptr) -> ValueParser {
    return [parse, &target, given](const std::string& value) -> std::optional<std::string> {
      try {
        target = parse(value);
      } catch (const Error& e) {
        return e.what();
      }
      if (given != nullptr) *given = true;
      return std::nullopt;
    };
  };
  const auto percent = [](const std::string& name, std::optional<double>& target) {
    return number_in(0.0, 100.0, name + " needs a percentage 0-100",
                     [&target](double n) { target = n / 100.0; });
  };
  const auto in_range = [](double low, double high, const std::string& problem,
                           std::optional<double>& target) {
    return number_in(low, high, problem, [&target](double n) { target = n; });
  };

  // Each option joins the group of its heading in --help.
  app.option_defaults()->group("Modes");
  add_value(app, "-p,--preset", "P",
            "adaptive mode with preset adaptive (default), gentle, warm, bright, punchy, live",
            named(preset_from_string, p.options.preset, &p.preset_given));
  app.add_option("-r,--reference", p.reference,
                 "reference mode: match REF's loudness, mid/side spectra and width")
      ->type_name("REF");
  add_value(app, "--mode", "M",
            "with --reference: reference (default) or hybrid (blend with the adaptive plan)",
            [&p](const std::string& value) -> std::optional<std::string> {
              if (value != "reference" && value != "hybrid") return "--mode is reference or hybrid";
              p.options.mode = value == "hybrid" ? MasteringMode::hybrid : MasteringMode::reference;
              p.mode_given = true;
              return std::nullopt;
            });
  add_value(app, "--weight", "W", "hybrid: the reference plan's share, 0-1 (default 0.5)",
            number_in(0.0, 1.0, "--weight needs 0-1", [&p](double n) { p.options.hybrid_weight = n; }));
  add_value(app, "--match-amount", "PCT",
            "reference and hybrid: how far the EQ moves toward REF's spectrum, 0-100\n"
            "(default 100; boosts stay within +12 dB, the side's +6 dB, and none lifts\n"
            "a band at the track's noise floor)",
            percent("--match-amount", o.match_amount));
  app.add_option("--plan-file", p.plan_file,
                 "render the plan in JSON file F instead of deciding one (not with --preset or\n"
                 "--reference; unknown or repeated keys are errors)")
      ->type_name("F");

  app.option_defaults()->group("Targets and amounts");
  add_value(app, "--delivery", "D",
            "where the master goes, setting its target and ceiling: streaming (default,\n"
            "-14 LUFS, -1 dBTP; -2 dBTP when louder than -14), apple (-16, -1), youtube\n"
            "(-14, -1), ebu-r128 (-23, -1), atsc-a85 (-24, -2), cd (-10, -0.3), podcast\n"
            "(-16, -1); presets and genre never move them",
            named(delivery_from_string, o.delivery));
  add_value(app, "--target-lufs", "L", "integrated loudness target (LUFS), instead of the delivery's",
            in_range(-70.0, 0.0, "--target-lufs needs a loudness between -70 and 0 LUFS", o.target_lufs));
  add_value(app, "--ceiling", "DBTP", "true-peak ceiling (dBTP), instead of the delivery's",
            in_range(-20.0, 0.0, "--ceiling needs a true peak between -20 and 0 dBTP", o.ceiling_dbtp));
  add_value(app, "--subsonic", "HZ", "high-pass below HZ, DC included, inside the EQ (default 20; 0: off)",
            in_range(0.0, 200.0, "--subsonic needs a frequency between 0 and 200 Hz", o.subsonic_hz));
  add_value(app, "--eq-phase", "P",
            "the EQ's phase: linear (default; zero phase, but narrow bass boosts ring\n"
            "before transients), minimum (no pre-echo; the bass lags) or mixed (minimum\n"
            "phase below about 200 Hz, linear above)",
            named(eq_phase_from_string, o.eq_phase));
  add_value(app, "--compression", "DB",
            "the compressor's mean gain reduction, 0-24 dB, instead of the preset's (which\n"
            "is what brings the track's range to the preset's goal, at most 1-3 dB; 0: none)",
            in_range(0.0, 24.0, "--compression needs a gain reduction between 0 and 24 dB",
                     o.compressor_reduction_db));
  add_value(app, "--sidechain-hpf", "HZ",
            "high-pass on the compressor's detector only, 0-500 Hz (default 100; 0: off)",
            in_range(0.0, 500.0, "--sidechain-hpf needs a frequency between 0 and 500 Hz",
                     o.sidechain_high_pass_hz));
  app.add_flag_callback(
      "--no-limiter", [&o] { o.limiter = false; },
      "no limiter; an integer output that would then clip is an error");
  app.add_flag("--allow-clipping", p.options.allow_clipping,
               "with --no-limiter, let the integer output clip (counted in a warning)");
  const std::tuple<const char*, const char*, std::optional<double>*> kAmounts[] = {
      {"--eq", "the EQ", &o.eq_amount},
      {"--dynamics", "the compressor", &o.dynamics_amount},
      {"--width", "the stereo width change", &o.width_amount},
      {"--loudness", "the loudness gain", &o.loudness_amount}};
  for (const auto& [name, stage, amount] : kAmounts) {
    add_value(app, name, "PCT", std::string("how much of ") + stage + " to apply, 0-100 (default 100)",
              percent(name, *amount));
  }

  app.option_defaults()->group("Output");
  add_value(app, "--rate", "HZ",
            "output sample rate, 8000-768000 (default: the input's): resampled with\n"
            "libsoxr (very high quality) before the EQ, compressor and limiter, so true\n"
            "peaks are held at the rate delivered",
            number_in(
                8000.0, 768000.0, "--rate needs a whole number of Hz, 8000-768000",
                [&p](double n) { p.options.output_rate_hz = static_cast<std::uint32_t>(n); }, true));
  add_value(app, "--quality", "Q",
            "ogg, opus and mp3: the encoder's VBR quality, 0 (smallest) to 1 (best)\n"
            "(default: libsndfile's)",
            number_in(0.0, 1.0, "--quality needs a number between 0 and 1",
                      [&p](double n) { p.encode.quality = n; }));
  add_value(app, "--bits", "16|24|32f",
            "sample format of wav, flac and aiff (default 24; integer formats get TPDF\n"
            "dither)",
            [&p](const std::string& value) -> std::optional<std::string> {
              constexpr std::pair<std::string_view, SampleFormat> kBits[] = {
                  {"16", SampleFormat::pcm16}, {"24", SampleFormat::pcm24}, {"32f", SampleFormat::float32}};
              for (const auto& [name, format] : kBits) {
                if (value == name) {
                  p.encode.sample_format = format;
                  return std::nullopt;
                }
              }
              return "--bits is 16, 24 or 32f";
            });
  add_value(app, "--dither", "D",
            "integer formats: tpdf (default; flat noise), shaped (TPDF with noise shaping:\n"
            "about 12 dB less noise at 1-5 kHz, more above 15 kHz) or none (plain rounding)",
            [&p](const std::string& value) -> std::optional<std::string> {
              if (value == "none") {
                p.encode.dither = false;
              } else if (value == "tpdf" || value == "shaped") {
                p.encode.dither = true;
                p.encode.dither_shape = value == "tpdf" ? DitherShape::tpdf : DitherShape::shaped;
              } else {
                return "--dither is tpdf, shaped or none";
              }
              return std::nullopt;
            });
  if (one_track) {
    add_value(app, "--format", "F",
              "output format: wav, flac, aiff, ogg (Vorbis), opus (48 kHz and other Opus\n"
              "rates only) or mp3 (default: from OUT's extension: .wav .flac .aif(f) .ogg\n"
              ".oga .opus .mp3)",
              [&p](const std::string& value) -> std::optional<std::string> {
                if (!file_type_named(value)) return "--format is wav, flac, aiff, ogg, opus or mp3";
                p.format = value;
                return std::nullopt;
              });
    app.add_flag("--plan", p.print_plan, "print the plan as JSON and exit without rendering");
    app.add_option("--json", p.json_report,
                   "write the report (profile, plan, before/after loudness, timings) to REPORT;\n"
                   "OUT and REPORT are renamed into place together once both are on disk;\n"
                   "- prints it on stdout instead of the summary")
        ->type_name("REPORT");
    app.add_option("--report", p.html_report,
                   "write the HTML report (plots of loudness, gain reduction, true-peak overs,\n"
                   "spectra and the EQ; the plan in words; a loudness-matched comparison) to\n"
                   "FILE.html, once OUT is written")
        ->type_name("FILE.html");
    add_value(
        app, "--preview", "SECONDS",
        "also write OUT's loudest SECONDS (1-600) and the same stretch of IN, at equal\n"
        "loudness, for A/B listening: OUT's folder, STEM.preview-before.wav and\n"
        "STEM.preview-after.wav (STEM: OUT's name without its extension)",
        number_in(min_preview_seconds, max_preview_seconds, "--preview needs a number of seconds, 1-600",
                  [&p](double seconds) { p.preview_seconds = seconds; }));
    app.add_flag("--profile", p.profile,
                 "print each pass with the wall and CPU time of its stages, and the run's peak\n"
                 "memory and page faults");
  }
  add_backend_options(app, p.options.backend,
                      "worker threads (default: all cores); the output is identical for any N");
  app.option_defaults()->group("Options");
  app.set_config("--config", "", "read option values from FILE (see below); the command line overrides them")
      ->type_name("FILE");

  if (!one_track) {
    // Asked of a batch, these are mistakes to name, not unknown options.
    for (const char* name : {"--plan", "--json", "--profile", "--preview"}) {
      app.add_flag_callback(
             name,
             [name] {
               throw CLI::ValidationError(std::string(name) + " concerns one track: use auralis master");
             })
          ->group("");
    }
    app.add_option_function<std::string>(
           "--format",
           [](const std::string&) {
             throw CLI::ValidationError("--format: the output names' extension decides (--name)");
           })
        ->group("");
  }
}

int check_master_arguments(std::string_view command, MasterArguments& p) {
  apply_verbosity(p.verbosity, p.options.backend);
  if (p.reference && !p.mode_given) p.options.mode = MasteringMode::reference;
  if (p.mode_given && !p.reference) return usage_error(command, "--mode needs --reference");
  if (p.preset_given && p.reference && p.options.mode == MasteringMode::reference) {
    return usage_error(
        command, "--preset and --reference exclude each other (--mode hybrid blends a preset with REF)");
  }
  if (p.plan_file && (p.preset_given || p.reference)) {
    return usage_error(command, "--plan-file renders a saved plan; it excludes --preset and --reference");
  }
  return exit_ok;
}

int parse_master_arguments(std::span<const std::string_view> args, MasterArguments& p, bool& help) {
  const std::unique_ptr<CLI::App> app =
      make_command_app("master", kMasterDescription, kMasterFooter, p.verbosity,
                       "print on stderr each pass with the wall and CPU time of its stages (what\n"
                       "--profile prints on stdout)");
  app->add_option("IN", p.input, "the track to master (- for standard input)")->required()->type_name("");
  app->add_option("OUT", p.output, "where the master goes")->required()->type_name("");
  add_master_options(*app, p, true);
  if (const int rc = parse_command(*app, args, help); rc != exit_ok || help) return rc;
  if (p.output == kStandardStream) {
    return usage_error("master",
                       "OUT cannot be - (standard output): the master is renamed into place when complete, "
                       "and a WAV's header is completed by seeking back, which a pipe cannot do");
  }
  if (const int rc = check_master_arguments("master", p)) return rc;
  if (p.html_report) {
    // The page is written after the master: it must not replace the input or another output.
    const auto same = [&](const std::string& other) {
      std::error_code ignored;
      return std::filesystem::weakly_canonical(*p.html_report, ignored) ==
             std::filesystem::weakly_canonical(other, ignored);
    };
    for (const std::string& other :
         {p.input, p.output, p.reference.value_or(""), p.json_report.value_or("")}) {
      if (!other.empty() && same(other)) {
        return usage_error("master", "--report names a file already in use: " + other);
      }
    }
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
  bool finished = false;
  if (const int rc = parse_master_arguments(args, p, finished); rc != exit_ok || finished) return rc;
  try {
    if (p.plan_file) p.options.plan = read_plan_file(*p.plan_file);
    p.encode.type = p.format ? *file_type_named(*p.format) : file_type_for(p.output);
    std::optional<std::filesystem::path> reference;
    if (p.reference) reference = *p.reference;
    // Mastering reads IN in several passes: standard input is copied once to a file that can be reread.
    std::optional<StandardInputCopy> standard_input;
    std::filesystem::path input = p.input;
    if (p.input == kStandardStream) input = standard_input.emplace().path();
    if (p.print_plan) {
      const MasterReport report = plan_master_file(input, p.options, reference);
      print_warnings(report.warnings, p.verbosity);
      std::printf("%s\n", plan_to_json(report.plan).c_str());
      return exit_ok;
    }
    if (!p.verbosity.quiet && isatty(STDERR_FILENO)) p.options.progress = draw_progress;
    const bool json_on_stdout = p.json_report == kStandardStream;
    std::optional<std::filesystem::path> report_path;
    if (p.json_report && !json_on_stdout) report_path = *p.json_report;
    // What the HTML page plots (master_file measures it itself for a JSON report file).
    p.options.curves = p.html_report.has_value() || json_on_stdout;
    const MasterReport report = master_file(input, p.output, p.options, p.encode, reference, report_path);
    if (p.html_report) write_report_file(*p.html_report, render_report_html(report_to_json(report)));
    std::optional<MasterPreviews> previews;
    if (p.preview_seconds) previews = write_previews(input, p.output, *p.preview_seconds);
    print_warnings(report.warnings, p.verbosity);
    if (json_on_stdout) {
      std::printf("%s\n", report_to_json(report).c_str());
    } else {
      print_summary(report, p.output);
      if (previews) print_previews(*previews);
    }
    if (p.profile) print_profile(report, stdout);
    if (p.verbosity.verbose) print_profile(report, stderr);
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
