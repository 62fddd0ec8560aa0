// SPDX-License-Identifier: MIT
// Mastering: analyse a track into a ContentProfile, decide a MasteringPlan (adaptive, reference or hybrid),
// and render the plan through EQ, compressor, stereo width, loudness gain and a true-peak limiter.
#pragma once

#include <auralis/export.h>

#include <auralis/audio_buffer.hpp>
#include <auralis/audio_io.hpp>
#include <auralis/backend.hpp>
#include <auralis/loudness.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace auralis {

/// Number of critical (Bark) bands every per-band curve in a plan or profile has (BandLayout::bark).
inline constexpr std::size_t critical_band_count = 26;
/// Number of log-spaced analysis bands (BandLayout::log64).
inline constexpr std::size_t log_band_count = 64;
/// Thresholds at which the content analysis probes the compressor (ContentProfile::compressor_overshoot_db):
/// compressor_probe_lowest_dbfs and every compressor_probe_step_db above, to +6 dBFS.
inline constexpr std::size_t compressor_probe_count = 49;
inline constexpr double compressor_probe_lowest_dbfs = -90.0;
inline constexpr double compressor_probe_step_db = 2.0;
/// Attack and release pairs the probe runs: one per preset (Preset's order).
inline constexpr std::size_t compressor_probe_ballistics = 6;

/// How a recording is levelled, from its loudness and peaks (first matching rule wins; see
/// docs/mastering.md).
enum class LevelClass : std::uint8_t {
  silent,
  under_levelled,
  live_dynamic,
  over_levelled,
  hot,
  well_levelled
};

/// Genres the deterministic rules can name (see docs/mastering.md for the rules).
enum class Genre : std::uint8_t {
  unknown,
  classical,
  rock,
  electronic,
  jazz,
  pop,
  hip_hop,
  acoustic,
  ambient,
  speech
};

AURALIS_API const char* to_string(LevelClass level) noexcept;
AURALIS_API const char* to_string(Genre genre) noexcept;

/// Everything the analysis measured about one track. Plain data; same input, same profile, always.
/// Loudness values are empty for silence ("no measurable loudness"), never NaN; every value is finite for
/// finite samples, however large.
struct AURALIS_API ContentProfile {
  std::uint32_t sample_rate = 0;
  std::size_t channels = 0;
  double duration_seconds = 0.0;

  LoudnessReport loudness;
  double rms_dbfs = -200.0;          ///< RMS over all samples and channels (floor -200).
  double crest_db = 0.0;             ///< Sample peak over RMS.
  double short_term_p10_lufs = 0.0;  ///< Distribution of measurable short-term loudness (every 100 ms).
  double short_term_p50_lufs = 0.0;
  double short_term_p95_lufs = 0.0;
  double dynamic_range_db = 0.0;  ///< p95 - p10 of short-term loudness (LRA without its relative gate).
  /// Samples in runs of 3 or more on one channel at full scale (|x| >= 0.999): clipping in the source,
  /// which mastering cannot undo (a master of such a track carries a warning).
  std::uint64_t clipped_samples = 0;

  /// [b][k]: the mean gain reduction over the audible programme (16-frame windows whose sidechain level is
  /// above -70 dBFS, as GainReduction counts them) that the compressor (its sidechain high-passed at 100 Hz,
  /// a 10 ms RMS detector, a 6 dB soft knee, the attack and release of preset b) would apply with its
  /// threshold at compressor_probe_lowest_dbfs + k x compressor_probe_step_db, per unit of slope (1 -
  /// 1/ratio): the reduction is linear in the slope, so any ratio's is this times its slope. The plan solves
  /// for the threshold on it (docs/mastering.md).
  std::array<std::array<double, compressor_probe_count>, compressor_probe_ballistics>
      compressor_overshoot_db{};

  /// Long-term spectrum of the channels' mean power, mean-square units per band (see BandEnergies).
  std::array<double, log_band_count> log_band_power{};
  /// The same split into mid and side (stereo only; for other channel counts mid holds everything).
  std::array<double, log_band_count> mid_log_band_power{};
  std::array<double, log_band_count> side_log_band_power{};
  /// Mid and side spectra of the loud sections only: the frames at most 10 dB under the 95th percentile of
  /// frame level. What reference matching compares (an intro, a fade or a quiet bridge, where noise weighs
  /// more, does not pull the match).
  std::array<double, log_band_count> loud_mid_log_band_power{};
  std::array<double, log_band_count> loud_side_log_band_power{};
  /// Each log band's own noise floor, mid and side: the 10th percentile (1 dB steps) of the band's power
  /// over the frames above the silence floor (-80 dBFS). A band whose loud-section power stays near it
  /// holds steady noise (hiss, hum), not music.
  std::array<double, log_band_count> mid_noise_floor{};
  std::array<double, log_band_count> side_noise_floor{};
  std::array<double, critical_band_count> critical_band_power{};
  /// Averages over all non-silent STFT frames (not one frame).
  double spectral_centroid_hz = 0.0;
  double spectral_rolloff_hz = 0.0;  ///< 85 % of the frame's power lies below.
  double spectral_flatness = 0.0;    ///< Geometric over arithmetic mean of log-band power density, 0-1.

  /// Stereo: correlation (+1 mono, 0 unrelated, -1 out of phase) and width = side / (mid + side) energy
  /// (0 mono, 0.5 unrelated channels, 1 side only). Mono tracks read correlation 1, width 0.
  double correlation = 1.0;
  double width = 0.0;
  std::array<double, critical_band_count> band_correlation{};
  std::array<double, critical_band_count> band_width{};
  double low_end_correlation = 1.0;  ///< Correlation below 150 Hz: mono compatibility of the bass.

  double tempo_bpm = 0.0;      ///< From the autocorrelation of spectral flux; 0 when no pulse is found.
  double onset_rate_hz = 0.0;  ///< Spectral-flux onsets per second.

  LevelClass level_class = LevelClass::well_levelled;
  Genre genre = Genre::unknown;
};

/// Mastering presets: target loudness, tonal tilt and dynamics, audibly different from each other.
enum class Preset : std::uint8_t { adaptive, gentle, warm, bright, punchy, live };
AURALIS_API const char* to_string(Preset preset) noexcept;
/// Parses a preset name; throws Error(invalid_argument) listing the valid names.
AURALIS_API Preset preset_from_string(const std::string& name);

/// Where a master goes, and so its loudness target and true-peak ceiling: one policy for every mode and
/// preset (docs/mastering.md gives each value's source). Presets and genre shape tone and dynamics only.
enum class Delivery : std::uint8_t { streaming, apple, youtube, ebu_r128, atsc_a85, cd, podcast };
AURALIS_API const char* to_string(Delivery delivery) noexcept;
/// Parses a delivery name ("streaming", "ebu-r128", ...); throws Error(invalid_argument) listing them.
AURALIS_API Delivery delivery_from_string(const std::string& name);

struct AURALIS_API DeliveryProfile {
  double target_lufs;
  double ceiling_dbtp;
};
/// The delivery's target and ceiling. For streaming the ceiling is -1 dBTP, or -2 dBTP when
/// `target_lufs` (a target asked for instead of the delivery's own) is louder than -14 LUFS: loud masters
/// lose more to lossy encoding.
AURALIS_API DeliveryProfile delivery_profile(Delivery delivery,
                                             std::optional<double> target_lufs = std::nullopt);

enum class MasteringMode : std::uint8_t { adaptive, reference, hybrid };
AURALIS_API const char* to_string(MasteringMode mode) noexcept;

/// Phase response of the EQ's FIR. linear: zero phase once compensated (no phase shift, but a narrow
/// boost rings as long before a transient as after it: pre-echo); minimum: causal, no pre-echo, the boosted
/// bass delayed by its group delay; mixed: minimum phase below about 200 Hz, zero phase above it.
enum class EqPhase : std::uint8_t { linear, minimum, mixed };
AURALIS_API const char* to_string(EqPhase phase) noexcept;
/// Parses "linear", "minimum" or "mixed"; throws Error(invalid_argument) listing them.
AURALIS_API EqPhase eq_phase_from_string(const std::string& name);

enum class DetectorKind : std::uint8_t { rms, peak };

/// Feed-forward compressor settings (stereo-linked).
struct AURALIS_API CompressorPlan {
  DetectorKind detector = DetectorKind::rms;
  double threshold_dbfs = -18.0;
  double ratio = 2.0;    ///< >= 1.
  double knee_db = 6.0;  ///< Soft knee width, centred on the threshold.
  double attack_ms = 10.0;
  double release_ms = 150.0;
  double rms_window_ms = 10.0;  ///< RMS detector integration time.
  /// Gain after the compressor (0 dB = none; scaled by the dynamics amount). The adaptive plan sets it to
  /// target_reduction_db: it gives back the mean of what the compressor takes from each window, for a master
  /// rendered without the loudness stage (or with part of it); the loudness, weighted toward the loud
  /// sections that are compressed most, still falls (docs/mastering.md). With a loudness target the
  /// loudness gain is measured after it and the output level does not depend on it.
  double makeup_db = 0.0;
  /// Corner (Hz) of the fourth-order high-pass on the detector's input only (the audio is not filtered), so
  /// that a kick or a bass line does not pump everything above it; 0 = off.
  double sidechain_high_pass_hz = 100.0;
  /// The mean gain reduction over the audible programme (GainReduction::mean_db) the plan aimed for when it
  /// chose the threshold; a record for the reader, the render does not use it.
  double target_reduction_db = 0.0;
};

/// M/S width stage.
struct AURALIS_API WidthPlan {
  double side_gain = 1.0;        ///< Linear gain on the side signal (1 = unchanged).
  double bass_mono_hz = 120.0;   ///< Side content below this is removed (bass kept mono); 0 = off.
  double min_correlation = 0.0;  ///< The side gain is reduced so correlation never falls below this.
};

/// True-peak limiter.
struct AURALIS_API LimiterPlan {
  bool enabled = true;
  double ceiling_dbtp = -1.0;
  double lookahead_ms = 5.0;
  double release_ms = 80.0;  ///< Release after a short reduction.
  /// Release after a sustained one (reduction asked for again and again for 200 ms or more, as bass drives
  /// it): slow, so that the gain does not follow the bass's cycles and modulate everything above it.
  double sustained_release_ms = 1500.0;
  /// The gain-reduction budget (dB over the audible programme, as GainReduction measures it): the loudness
  /// gain is lowered, and the target with it, rather than let the limiter take more.
  double budget_p99_db = 4.0;
  double budget_mean_db = 1.0;
};

/// Per-stage amounts, 0-1: 0 leaves that stage out, 1 applies the plan fully.
struct AURALIS_API StageAmounts {
  double eq = 1.0;
  double dynamics = 1.0;
  double width = 1.0;
  double loudness = 1.0;
};

/// A spectral correction curve: gains in dB at ascending frequencies, interpolated on log frequency.
struct AURALIS_API EqCurve {
  std::vector<double> frequencies_hz;
  std::vector<double> gains_db;
};

/// Everything the render does, decided once per track. Plain data, JSON round-trippable; a user can print,
/// edit and re-apply it, and an album mode can share one between tracks.
struct AURALIS_API MasteringPlan {
  MasteringMode mode = MasteringMode::adaptive;
  Preset preset = Preset::adaptive;
  Genre genre = Genre::unknown;
  std::optional<double> target_lufs = -14.0;  ///< Empty: no loudness change.
  /// EQ per critical band in dB (limited to +-12 dB, smoothed across bands), applied to mid and side alike.
  std::array<double, critical_band_count> eq_db{};
  /// EQ gain for 20-60 Hz in dB (a control point at 35 Hz, apart from the lowest critical band's at 77 Hz,
  /// so rumble can be cut without the kick); within +-12 dB.
  double sub_bass_db = 0.0;
  /// Subsonic high-pass inside the EQ's FIR (DC included): nothing below it is ever lifted, rumble and
  /// offsets are removed. 0 = off.
  double subsonic_hz = 20.0;
  /// Phase response of the EQ's FIR; mid and side always share one.
  EqPhase eq_phase = EqPhase::linear;
  /// Reference mode: separate mid and side corrections (empty curves: none).
  EqCurve mid_eq;
  EqCurve side_eq;
  CompressorPlan compressor;
  bool compressor_enabled = true;
  WidthPlan width;
  LimiterPlan limiter;
  StageAmounts amounts;
};

/// The plan that changes nothing: all amounts 0, no loudness target, limiter off. Renders bit-exact.
AURALIS_API MasteringPlan neutral_plan();

/// What the user asks for beyond the mode.
struct AURALIS_API PlanOverrides {
  Delivery delivery = Delivery::streaming;  ///< The target and ceiling unless given below.
  std::optional<double> target_lufs;
  std::optional<double> ceiling_dbtp;
  std::optional<bool> limiter;
  std::optional<double> eq_amount, dynamics_amount, width_amount, loudness_amount;  ///< 0-1.
  std::optional<double> subsonic_hz;  ///< MasteringPlan::subsonic_hz (0 = off).
  /// Reference and hybrid modes: how far (0-1) the EQ moves toward the reference's spectrum (default 1).
  std::optional<double> match_amount;
  std::optional<EqPhase> eq_phase;  ///< MasteringPlan::eq_phase.
  /// The compressor's target mean reduction (CompressorPlan::target_reduction_db, dB) instead of the
  /// preset's: the adaptive plan solves its threshold for it. 0 = no compression.
  std::optional<double> compressor_reduction_db;
  std::optional<double> sidechain_high_pass_hz;  ///< CompressorPlan::sidechain_high_pass_hz (0 = off).
};

/// Analyses a track: one streaming pass (STFT on `engine` beside the loudness meter), with the engine's
/// workers. Throws Error(empty_audio) for an empty buffer.
AURALIS_API ContentProfile analyze_content(const AudioBuffer& audio, SpectralEngine& engine);
/// The same for a file, decoded block by block: memory does not grow with the track's length. Throws what
/// read_audio throws.
AURALIS_API ContentProfile analyze_content(const std::filesystem::path& path, SpectralEngine& engine);
/// The same from an open reader, read from where it stands to its end (for a pipe, which can be opened
/// once only, after looking at its format).
AURALIS_API ContentProfile analyze_content(AudioFileReader& reader, SpectralEngine& engine);

/// Adaptive plan: preset + genre profile + content rules.
AURALIS_API MasteringPlan plan_adaptive(const ContentProfile& profile, Preset preset,
                                        const PlanOverrides& overrides = {});
/// Reference plan: match the reference's loudness, and its mid and side spectra over the loud sections,
/// overrides.match_amount of the way. Safe by construction: boosts capped at +12 dB (the side at +6 dB), none
/// in a band at the track's own noise floor (ContentProfile::mid_noise_floor) or at DC, none copied from a
/// band where the reference holds only noise, and the side's boosts lowered until the track's correlation
/// stays at or above 0.3 (or its own, when lower). Throws Error(invalid_argument) for a match amount outside
/// [0, 1].
AURALIS_API MasteringPlan plan_reference(const ContentProfile& target, const ContentProfile& reference,
                                         const PlanOverrides& overrides = {});
/// Second step of reference matching: moves the plan's mid and side curves `match_amount` of the way to what
/// still separates `rendered` (the profile of the plan's output) from the reference, under the same caps and
/// guard. The FIR cannot follow bands narrower than its resolution exactly, and corrections interact once
/// spectra are normalised; one refinement measures and removes most of what is left.
AURALIS_API void refine_reference_plan(MasteringPlan& plan, const ContentProfile& rendered,
                                       const ContentProfile& reference, double match_amount = 1.0);
/// Hybrid: `weight` (0-1) of the reference plan blended with the adaptive plan, parameter by parameter.
AURALIS_API MasteringPlan blend_plans(const MasteringPlan& adaptive, const MasteringPlan& reference,
                                      double weight);

/// Cost of one stage of a streaming pass (or of a step between passes, such as planning). A pass's stages
/// run side by side on several threads, so their wall times overlap; the entry named "total" of a pass
/// gives its wall time and the CPU time of the whole process during it.
struct AURALIS_API StageTiming {
  std::string stage;  ///< "decode", "eq", "compressor", "width", "limiter", "meter", "encode", "total", ...
  double wall_seconds = 0.0;
  double cpu_seconds = 0.0;
  std::string
      pass;  ///< "analysis", "reference analysis", "measure", "trial", "render", ...; empty between passes
};

/// Progress callback: stage name and overall fraction done (0-1).
using ProgressCallback = std::function<void(const std::string& stage, double fraction)>;

/// Gain reduction of a dynamics stage in dB (positive: level taken away) over the audible programme: the
/// deepest reduction of each 16-frame window whose input reaches above -70 dBFS.
struct AURALIS_API GainReduction {
  double max_db = 0.0;
  double p99_db = 0.0;   ///< 99th percentile of the windows (0.01 dB resolution).
  double mean_db = 0.0;  ///< Mean of the windows.
  double seconds_above_1db = 0.0;
};

/// Result of rendering: the audio and what happened.
struct AURALIS_API RenderResult {
  AudioBuffer audio;
  LoudnessReport before;
  LoudnessReport after;
  GainReduction compressor_reduction;
  GainReduction limiter_reduction;
  /// The loudness aimed at instead of the plan's target where reaching it would take more limiting than
  /// plan.limiter's budget allows (or drive that buys less than 0.3 LU a dB); a warning says why.
  std::optional<double> lowered_target_lufs;
  std::vector<std::string> warnings;
  std::vector<StageTiming> timings;
};

/// Renders `plan` on `audio` in streaming passes (a measuring pass when the plan needs the loudness before
/// its gain, then the render). Whole-track decisions only; output is bit-identical for any worker count.
/// A silent input is returned unchanged with a warning. Throws Error(invalid_argument) for a plan out of
/// range (naming the field), Error(empty_audio) for an empty buffer.
/// `measured` may carry measure_loudness(audio) when the caller has it already (analyze_content does).
AURALIS_API RenderResult render(AudioBuffer audio, const MasteringPlan& plan, SpectralEngine& engine,
                                const ProgressCallback& progress = {},
                                const LoudnessReport* measured = nullptr);

/// Everything auralis master can be asked for.
/// Frames per block of the streaming passes unless MasterOptions::block_frames says otherwise: 0.7 s at
/// 44.1 kHz, 256 KiB of stereo floats. Large enough that handing blocks between threads costs little
/// (two threads are about 10 % slower at 8192), small enough to stay in a core's cache.
inline constexpr std::size_t default_block_frames = 32768;

struct AURALIS_API MasterOptions {
  MasteringMode mode = MasteringMode::adaptive;  ///< reference and hybrid need a reference track.
  Preset preset = Preset::adaptive;
  double hybrid_weight = 0.5;  ///< The reference plan's share in hybrid mode, 0-1.
  PlanOverrides overrides;
  std::optional<MasteringPlan> plan;  ///< Render this plan instead of deciding one (overrides still apply).
  /// The input's analysis, measured before (an analysis cache, an album's first pass): used instead of
  /// analysing the input again. It must be what analyze_content gives for this input, or the master differs;
  /// one of another channel count or rate is refused (invalid_argument).
  std::optional<ContentProfile> profile;
  /// The same for the reference track (a batch analyses its reference once for all its tracks).
  std::optional<ContentProfile> reference_profile;
  /// master_file only (master() refuses it, invalid_argument): the output's sample rate, 8000-768000 Hz.
  /// The track is resampled (libsoxr, very high quality, linear phase) as each render pass reads it, so the
  /// EQ, compressor and limiter run at this rate and the true peak is held at the rate delivered. The
  /// analysis and the plan stay at the input's rate (the plan is in Hz and dB). Absent: the input's rate.
  std::optional<std::uint32_t> output_rate_hz;
  /// With the limiter off, master_file refuses (Error(would_clip), nothing written) an integer output that
  /// would clip, unless this allows it; clipped samples are then counted in a warning.
  bool allow_clipping = false;
  /// Workers (backend.max_workers: 0 = one per hardware thread) serve both the backend and the passes: with
  /// two or more, each pass decodes ahead of its stages and measures and encodes behind them.
  BackendOptions backend;
  /// Frames per block of the streaming passes; memory grows with it, not with the track's length. The
  /// output is bit-identical for any block size and any worker count.
  std::size_t block_frames = default_block_frames;
  /// Measure what the HTML report plots (MasterReport::curves): loudness over time before and after, the
  /// output's spectrum and true-peak overs, gain reduction over time. They cost a second meter and STFT
  /// over the output (about 15 % more CPU), so they are measured only when asked; master_file asks for
  /// them itself when it writes a JSON report. Off, MasterReport::curves stays empty.
  bool curves = false;
  ProgressCallback progress;
  /// Labels for messages: errors and warnings about the track or the plan name `input_name`, those about
  /// the reference track `reference_name` (master_file sets them to the paths).
  std::string input_name = "input";
  std::string reference_name = "reference";
};

/// Time step of MasterCurves' series: 100 ms, the hop of the BS.1770 gating blocks (so the momentary series
/// holds exactly the blocks integrated loudness is gated from).
inline constexpr double curve_step_seconds = 0.1;
/// Most true-peak overs MasterCurves keeps (the first ones).
inline constexpr std::size_t max_true_peak_overs = 100;

/// A step of the output whose true peak is above the limiter's ceiling.
struct AURALIS_API TruePeakOver {
  double time_seconds = 0.0;  ///< Start of the step.
  double true_peak_dbtp = 0.0;
};

/// What the HTML report plots, measured during the passes master already makes (the analysis pass for
/// "before", the last render pass for "after"). Every series has one value per step of step_seconds, the
/// last step possibly shorter: ceil(frames / step frames) values.
struct AURALIS_API MasterCurves {
  double step_seconds = 0.0;  ///< round(rate x curve_step_seconds) frames, in seconds; 0: not measured.
  /// Momentary (400 ms) and short-term (3 s) loudness at the end of each step; empty where unmeasurable
  /// (under 400 ms or 3 s in, or below -70 LUFS). The "before" series are empty when the analysis was not
  /// run (MasterOptions::profile given).
  std::vector<std::optional<double>> momentary_before_lufs, short_term_before_lufs;
  std::vector<std::optional<double>> momentary_after_lufs, short_term_after_lufs;
  /// Deepest gain reduction (dB, >= 0) of each step over the audible windows (as GainReduction counts
  /// them); empty for a stage that did not run.
  std::vector<double> compressor_reduction_db, limiter_reduction_db;
  /// Steps of the output whose true peak exceeds plan.limiter.ceiling_dbtp, in time order, at most
  /// max_true_peak_overs.
  std::vector<TruePeakOver> overs;
  /// Long-term spectrum of the output, as ContentProfile::mid_log_band_power and side_log_band_power.
  std::array<double, log_band_count> mid_after_log_band_power{};
  std::array<double, log_band_count> side_after_log_band_power{};
};

/// What a mastering run measured, decided and did.
/// How master_file held a lossy output's ceiling: each render was encoded, decoded and its true peak measured
/// (our meter); over the ceiling, the limiter's ceiling was lowered by the excess and a margin and the track
/// rendered again, at most 4 times in all.
struct AURALIS_API CodecCeiling {
  int renders = 0;                      ///< Renders encoded and decoded (1: the first held).
  double limiter_ceiling_dbtp = 0.0;    ///< The limiter's ceiling of the last render.
  double decoded_true_peak_dbtp = 0.0;  ///< The decoded file's true peak, as written.
};

struct AURALIS_API MasterReport {
  ContentProfile profile;
  std::optional<ContentProfile> reference_profile;
  MasteringPlan plan;
  LoudnessReport before;
  LoudnessReport after;
  GainReduction compressor_reduction;
  GainReduction limiter_reduction;
  std::optional<double> lowered_target_lufs;  ///< As RenderResult::lowered_target_lufs.
  std::optional<CodecCeiling> codec_ceiling;  ///< master_file of a lossy type with the limiter on.
  std::vector<std::string> warnings;
  std::vector<StageTiming> timings;  ///< decode, analysis, plan, render stages, encode.
  BackendStats backend;
  MasterCurves curves;  ///< What the HTML report plots.
};

struct AURALIS_API MasterResult {
  AudioBuffer audio;
  MasterReport report;
};

/// Analyses `audio` (and `reference`) and decides the plan `options` ask for, without rendering. The plan
/// returned is exactly what master() renders: in reference mode it includes the refinement measured on a
/// trial render (refine_reference_plan), so printing it and rendering it back as options.plan gives the
/// same output.
/// A decided plan (adaptive, reference, hybrid) whose values fall outside the ranges render() accepts, as
/// extreme but legal input can make them (a reference louder than 0 LUFS), is clamped into them, with a
/// warning in MasterReport::warnings naming options.input_name, the field, the planned and the clamped
/// value. A given options.plan (and any override) is not clamped: out of range, it is refused.
/// Every error message starts with options.input_name (or options.reference_name for the reference).
/// Throws Error(invalid_argument) when reference or hybrid mode has no reference, or for a plan or override
/// out of range (naming the field); Error(unusable_reference) when the reference has no measurable
/// integrated loudness (silent, shorter than 400 ms, or below -70 LUFS); Error(out_of_memory) when memory
/// runs out; and the errors of analyze_content.
AURALIS_API MasterReport plan_master(const AudioBuffer& audio, const AudioBuffer* reference,
                                     const MasterOptions& options, SpectralEngine& engine);

/// Analyses, plans and renders in memory; move the audio in to save a copy's memory. Throws what
/// plan_master and render throw; running out of memory anywhere is Error(out_of_memory) naming
/// options.input_name.
AURALIS_API MasterResult master(AudioBuffer audio, const MasterOptions& options,
                                const AudioBuffer* reference = nullptr);

/// Decodes `input` (and `reference`), masters it and encodes `output` atomically; with `report_json`, also
/// writes report_to_json(report) there. Before any work, refuses outputs that are an input or the reference
/// (output_is_input), the same file as each other (invalid_argument), or an existing non-regular file such as
/// a device or FIFO (write_failed). The outputs appear together once both are complete on disk, or not at
/// all. Errors name the file (see read_audio and write_audio); running out of memory is
/// Error(out_of_memory) naming the input. The output carries the input's tags (read_audio_tags), each field
/// replaced where encode.tags sets it (an empty string drops it), and encode.tags.comments.
AURALIS_API MasterReport master_file(const std::filesystem::path& input, const std::filesystem::path& output,
                                     const MasterOptions& options, const EncodeOptions& encode,
                                     const std::optional<std::filesystem::path>& reference = std::nullopt,
                                     const std::optional<std::filesystem::path>& report_json = std::nullopt);

/// plan_master for files, decoded block by block as master_file decodes them (memory does not grow with
/// their length): the plan master_file would render, with the files' paths in every message. Throws what
/// plan_master and read_audio throw.
AURALIS_API MasterReport
plan_master_file(const std::filesystem::path& input, const MasterOptions& options,
                 const std::optional<std::filesystem::path>& reference = std::nullopt);

/// JSON forms (valid for silence: unmeasurable values are null). plan_from_json accepts what plan_to_json
/// writes, with any field left out taking the value of MasteringPlan{}; it only parses (render() checks the
/// ranges). Throws Error(invalid_argument), the message starting "plan JSON: ", for text that does not
/// parse, a field of the wrong type (naming it, e.g. compressor.ratio), a key plan_to_json does not write
/// (naming it with its path and the nearest valid key: "unknown key limiter.ceilng_dbtp; did you mean
/// limiter.ceiling_dbtp?") and a key given twice in one object.
AURALIS_API std::string plan_to_json(const MasteringPlan& plan);
AURALIS_API MasteringPlan plan_from_json(const std::string& json);
/// Every field of the profile, doubles in their shortest exact form, so profile_from_json gives back the
/// same profile bit for bit. Besides peaks in dB (as the report shows them) the loudness holds the linear
/// peaks, per channel, the frame count, and the short-term and gating-block histories (10 values a second
/// each; report_to_json leaves these two out of its profiles).
AURALIS_API std::string profile_to_json(const ContentProfile& profile);
/// Reads what profile_to_json writes. Every field is required (a profile written by a version with other
/// fields is refused whole rather than read with defaults); the peaks in dB are derived and not read.
/// Throws Error(invalid_argument), the message starting "profile JSON: ", for text that does not parse, a
/// missing field, a field of the wrong type or length, or a key profile_to_json does not write (each named
/// with its path, e.g. loudness.frames).
AURALIS_API ContentProfile profile_from_json(const std::string& json);
AURALIS_API std::string report_to_json(const MasterReport& report);

/// Plans are a few KB; read_plan_file refuses anything longer than this (1 MiB).
inline constexpr std::size_t plan_file_max_bytes = std::size_t{1} << 20;
/// Reads a plan written by plan_to_json (and perhaps edited) from a file, a pipe or a device, reading at
/// most plan_file_max_bytes, and checks its values against the ranges render() accepts. Throws only
/// auralis::Error, its message starting with the path: file_not_found ("no such file"),
/// invalid_argument for a folder, for more than plan_file_max_bytes ("plan file is larger than 1 MiB"), for
/// text plan_from_json refuses ("<path>: plan JSON: ...") and for a value out of range ("<path>: mastering
/// plan: ..."); unreadable_file when the file cannot be opened or read; out_of_memory.
AURALIS_API MasteringPlan read_plan_file(const std::filesystem::path& path);

}  // namespace auralis
