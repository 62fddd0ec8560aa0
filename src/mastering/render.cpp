// SPDX-License-Identifier: MIT
// render_track: the passes of a render (see render_track.hpp) and the stage list of each; render() runs
// them over a buffer in memory.
#include "mastering/render_track.hpp"

#include <auralis/error.hpp>

#include "core/units.hpp"
#include "dsp/compressor.hpp"
#include "dsp/eq_design.hpp"
#include "dsp/fir_equalizer.hpp"
#include "dsp/gain.hpp"
#include "dsp/stereo_width.hpp"
#include "dsp/true_peak_limiter.hpp"
#include "mastering/content_analysis.hpp"
#include "mastering/curve_meters.hpp"
#include "mastering/limiter_loudness.hpp"
#include "mastering/memory_stream.hpp"
#include "mastering/meter_sink.hpp"
#include "mastering/plan_limits.hpp"
#include "mastering/presets.hpp"
#include "mastering/scratch_stream.hpp"
#include "mastering/segment_sizes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

namespace auralis::mastering {

dsp::GainPoints eq_points(const MasteringPlan& plan, const EqCurve* extra) {
  const auto centres = critical_band_centres_hz();
  dsp::GainPoints bands{{sub_bass_centre_hz}, {plan.sub_bass_db}};
  bands.frequencies_hz.insert(bands.frequencies_hz.end(), centres.begin(), centres.end());
  bands.gains_db.insert(bands.gains_db.end(), plan.eq_db.begin(), plan.eq_db.end());
  if (extra == nullptr || extra->frequencies_hz.empty()) {
    for (double& g : bands.gains_db) g *= plan.amounts.eq;
    return bands;
  }
  dsp::GainPoints points;
  points.frequencies_hz = extra->frequencies_hz;
  for (std::size_t i = 0; i < extra->frequencies_hz.size(); ++i) {
    const double g = extra->gains_db[i] + dsp::interpolate_gain_db(bands, extra->frequencies_hz[i]);
    points.gains_db.push_back(plan.amounts.eq * std::clamp(g, -max_match_db, max_match_db));
  }
  return points;
}

namespace {

// Loudness after limiting may miss the target (the limiter takes some level away): the gain is corrected
// and the render repeated until within this, at most kRenderPasses times in all.
constexpr double kLoudnessToleranceLu = 0.1;
constexpr int kRenderPasses = 4;
// The limiter aims this far under the ceiling, so that other meters agree the ceiling holds: libebur128's
// interpolator reads up to 0.17 dB above ours on the corpus (bright 48 kHz synths); BS.1770 allows both.
// A final check with our meter lowers the aim further if needed.
constexpr double kCeilingMarginDb = 0.15;
// The measuring pass keeps the shaped stream (after EQ, compressor and width) in a scratch file for the
// render passes, which then only limit, measure and encode it, when it is at most this large (100 minutes
// of 44.1 kHz stereo); longer tracks are shaped again rather than fill the temporary folder.
constexpr std::uint64_t kMaxShapedSpillBytes = std::uint64_t{2} << 30;
// A loudness gain above this gets a warning: it lifts the noise floor as much as the music.
constexpr double kLargeGainDb = 20.0;

bool is_flat(const dsp::GainPoints& points) {
  return std::ranges::all_of(points.gains_db, [](double g) { return g == 0.0; });
}

// What the plan asks of each stage for this track, decided before any pass.
struct ChainDesign {
  double scale = 1.0;  // a power of two for samples too large for the chain
  std::vector<FirFilter> eq_filters;
  bool eq_mid_side = false;
  bool compressor = false;
  std::vector<std::size_t> detected;  // the channels the compressor's detector listens to
  bool width = false;
  double planned_side_gain = 1.0;
};

ChainDesign design_chain(const Track& track, const MasteringPlan& plan, const LoudnessReport& before,
                         std::vector<std::string>& warnings) {
  ChainDesign design;
  if (before.sample_peak > largest_unscaled_peak) {
    // 3e38 is finite, but the EQ's sums and the meter's squares overflow long before it.
    const int exponent = std::ilogb(before.sample_peak) + 1;
    design.scale = std::ldexp(1.0, -exponent);
    char note[160];
    std::snprintf(
        note, sizeof note,
        "samples reach %+.1f dBFS, beyond what the chain processes; scaled by %.1f dB (a power of two, "
        "exact) before processing",
        20.0 * std::log10(before.sample_peak), 20.0 * std::log10(design.scale));
    warnings.emplace_back(note);
  }
  // The bass mono-maker is the side's high-pass inside the EQ's FIR, not a filter of its own in the width
  // stage: mid and side then stay aligned in phase above the crossover, so a source panned to one side
  // stays there (an IIR high-pass on the side alone rotates the side against the mid). In every EQ phase
  // mode mid and side share one phase response (what differs between them is zero phase). The subsonic
  // high-pass is in the same FIR, on every channel.
  const bool bass_mono = track.channels() == 2 && plan.amounts.width > 0.0 && plan.width.bass_mono_hz > 0.0;
  const bool equalise = plan.amounts.eq > 0.0;
  const bool mid_side =
      track.channels() == 2 && (bass_mono || (equalise && (!plan.mid_eq.frequencies_hz.empty() ||
                                                           !plan.side_eq.frequencies_hz.empty())));
  const dsp::GainPoints first =
      equalise ? eq_points(plan, mid_side ? &plan.mid_eq : nullptr) : dsp::GainPoints{};
  const dsp::GainPoints second =
      equalise ? eq_points(plan, mid_side ? &plan.side_eq : nullptr) : dsp::GainPoints{};
  if (bass_mono || plan.subsonic_hz > 0.0 || !is_flat(first) || !is_flat(second)) {
    std::vector<dsp::EqChannelCurve> curves{{first, {plan.subsonic_hz}}};
    const bool lfe = std::ranges::find(track.layout(), Speaker::lfe) != track.layout().end();
    if (mid_side) {
      curves.push_back({second, {plan.subsonic_hz, bass_mono ? plan.width.bass_mono_hz : 0.0}});
    } else if (lfe) {
      // The LFE carries only what the mix sends it, band-limited already: the tonal EQ is not for it
      // (only the subsonic high-pass, which removes nothing it should carry).
      curves.push_back({{}, {plan.subsonic_hz}});
    }
    design.eq_filters = dsp::design_eq_firs(curves, track.sample_rate(), plan.eq_phase);
    if (!mid_side && lfe) {
      // One FIR per channel: the main one, or the LFE's (each designed once above).
      const std::vector<FirFilter> designed = std::move(design.eq_filters);
      design.eq_filters.clear();
      for (const Speaker speaker : track.layout()) {
        design.eq_filters.push_back(designed[speaker == Speaker::lfe ? 1 : 0]);
      }
    }
    design.eq_mid_side = mid_side;
  }
  design.compressor = plan.compressor_enabled && plan.amounts.dynamics > 0.0;
  design.detected = dsp::detected_channels(track.layout());
  if (plan.amounts.width > 0.0) {
    if (track.channels() == 2) {
      design.planned_side_gain = dsp::planned_side_gain(plan.width, plan.amounts.width);
      design.width = design.planned_side_gain != 1.0;
    } else if (track.channels() > 2) {
      warnings.emplace_back("stereo width skipped: more than two channels");
    }
  }
  return design;
}

// Why the render aims under the target, in words for the report.
std::string lowered_target_warning(const MasteringPlan& plan, const LoudnessGainPlan& planned) {
  char text[320];
  if (planned.budget_unreachable) {
    std::snprintf(text, sizeof text,
                  "the limiter takes more than its budget (99th percentile %.1f dB, mean %.1f dB of gain "
                  "reduction) even at unity gain, the input's peaks being over the ceiling: the loudness "
                  "target of %.1f LUFS is lowered to %.1f LUFS",
                  plan.limiter.budget_p99_db, plan.limiter.budget_mean_db, *plan.target_lufs,
                  planned.expected_lufs);
  } else if (planned.over_budget) {
    std::snprintf(text, sizeof text,
                  "the loudness target of %.1f LUFS needs more limiting than the budget allows (99th "
                  "percentile %.1f dB, mean %.1f dB of gain reduction): lowered to %.1f LUFS",
                  *plan.target_lufs, plan.limiter.budget_p99_db, plan.limiter.budget_mean_db,
                  planned.expected_lufs);
  } else {
    std::snprintf(text, sizeof text,
                  "toward the loudness target of %.1f LUFS a dB of gain bought less than 0.3 LU (the limiter "
                  "takes the rest): lowered to %.1f LUFS",
                  *plan.target_lufs, planned.expected_lufs);
  }
  return text;
}

// The stages of one pass, owned here, in order.
class StageList {
 public:
  template <class S, class... Args>
  S& add(Args&&... args) {
    stages_.push_back(std::make_unique<S>(std::forward<Args>(args)...));
    pointers_.push_back(stages_.back().get());
    return static_cast<S&>(*stages_.back());
  }
  void add_external(const std::vector<dsp::Stage*>& stages) {
    pointers_.insert(pointers_.end(), stages.begin(), stages.end());
  }
  std::span<dsp::Stage* const> pointers() const noexcept { return pointers_; }

 private:
  std::vector<std::unique_ptr<dsp::Stage>> stages_;
  std::vector<dsp::Stage*> pointers_;
};

// Everything up to the width stage: the part every pass shares. Returns the compressor, if any.
dsp::Compressor* add_shaping(StageList& list, const ChainDesign& design, const MasteringPlan& plan,
                             SpectralEngine& engine) {
  if (design.scale != 1.0) list.add<dsp::Gain>("scale", design.scale);
  if (!design.eq_filters.empty()) {
    list.add<dsp::FirEqualizer>(engine, design.eq_filters, design.eq_mid_side,
                                segment_sizes(engine).eq_frames);
  }
  return design.compressor
             ? &list.add<dsp::Compressor>(plan.compressor, plan.amounts.dynamics, design.detected)
             : nullptr;
}

// A scratch file for the shaped stream, or none where the temporary folder cannot hold one.
std::shared_ptr<io::ScratchFile> new_scratch_file() {
  try {
    return std::make_shared<io::ScratchFile>();
  } catch (const Error&) {
    return nullptr;
  }
}

LoudnessOptions meter_options(const Track& track, bool true_peak) {
  LoudnessOptions options;
  options.layout = track.layout();
  options.true_peak = true_peak;
  return options;
}

// What the report plots of one render pass's output.
void keep_output_curves(CurveSink& curves, const ContentAnalysis::Spectral& spectrum, MasterCurves& kept) {
  kept.momentary_after_lufs = std::move(curves.momentary_lufs);
  kept.short_term_after_lufs = std::move(curves.short_term_lufs);
  kept.overs = std::move(curves.overs);
  ContentProfile measured;
  spectrum.features().finish(measured);
  kept.mid_after_log_band_power = measured.mid_log_band_power;
  kept.side_after_log_band_power = measured.side_log_band_power;
}

}  // namespace

PassOptions pass_options(std::size_t block_frames, unsigned threads) {
  PassOptions options;
  options.block_frames = block_frames;
  options.threads = threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads;
  return options;
}

RenderOutcome render_track(const Track& track, const MasteringPlan& plan, const LoudnessReport& before,
                           SpectralEngine& engine, const PassOptions& options,
                           const RenderTargetFactory& target, std::vector<StageTiming>& timings, bool curves,
                           const std::string& purpose) {
  validate_plan(plan);
  const auto named = [&](const std::string& pass) { return purpose.empty() ? pass : purpose + " " + pass; };
  RenderOutcome outcome;
  if (!before.integrated_lufs && before.sample_peak == 0.0) {
    const RenderTarget out = target();
    StageList list;
    list.add_external(out.stages);
    const auto source = track.open();
    run_pass(named("render"), *source, list.pointers(), out.sinks, options, timings);
    outcome.after = before;
    outcome.warnings.emplace_back("the input is silent; it is returned unchanged");
    return outcome;
  }
  const ChainDesign design = design_chain(track, plan, before, outcome.warnings);
  const bool normalise = plan.target_lufs && plan.amounts.loudness > 0.0;
  const bool guard = design.width && design.planned_side_gain > 1.0;
  // Where the limiter will take level away, the gain is solved on a model of it, measured in the same pass.
  const bool through_limiter = normalise && plan.limiter.enabled && plan.amounts.loudness >= 1.0;
  double side_gain = design.planned_side_gain;
  double gain_db = 0.0;
  // The loudness the render aims at: the target, or lower where the limiter's budget says so.
  const double aim_lufs_requested = plan.target_lufs.value_or(0.0);
  double aim_lufs = aim_lufs_requested;
  double ceiling = plan.limiter.ceiling_dbtp - kCeilingMarginDb;
  const std::size_t step_frames = curve_step_frames(track.sample_rate());
  const bool keep_shaped = before.frames * track.channels() * sizeof(float) <= kMaxShapedSpillBytes;
  std::shared_ptr<io::ScratchFile> shaped;
  const auto aimed_limiter = [&] {
    LimiterPlan aimed = plan.limiter;
    aimed.ceiling_dbtp = ceiling;
    return aimed;
  };

  // Measuring: the width guard's energies and the loudness the gain starts from, in one pass when the
  // guard keeps the planned side gain (the usual case), else the loudness again with the guarded gain.
  for (bool measured = !(guard || normalise); !measured;) {
    StageList list;
    dsp::Compressor* compressor = add_shaping(list, design, plan, engine);
    if (compressor != nullptr && curves) compressor->keep_reduction_series(step_frames);
    dsp::WidthMeter* width_meter = guard ? &list.add<dsp::WidthMeter>() : nullptr;
    if (design.width) list.add<dsp::StereoWidth>(side_gain);
    std::optional<MeterSink> meter;
    std::optional<LimiterStatistics> statistics;
    std::vector<BlockSink*> sinks;
    if (normalise && !through_limiter) {
      sinks.push_back(&meter.emplace(track.channels(), track.sample_rate(), meter_options(track, false)));
    }
    if (through_limiter) {
      sinks.push_back(&statistics.emplace(track.channels(), track.sample_rate(), track.layout()));
    }
    std::optional<ScratchSink> keep;
    shaped = keep_shaped ? new_scratch_file() : nullptr;
    if (shaped) sinks.push_back(&keep.emplace(shaped));
    const auto source = track.open();
    run_pass(named("measure"), *source, list.pointers(), sinks, options, timings);
    if (compressor != nullptr) {
      outcome.compressor_reduction = compressor->reduction();
      if (curves) outcome.curves.compressor_reduction_db = compressor->reduction_series();
    }
    if (statistics) statistics->finish();
    measured = true;
    if (width_meter != nullptr) {
      const double guarded = dsp::guarded_side_gain(side_gain, plan.width.min_correlation,
                                                    width_meter->mid_energy(), width_meter->side_energy());
      if (guarded < side_gain) {
        outcome.warnings.emplace_back("stereo widening reduced to keep the correlation above its floor");
        side_gain = guarded;
        measured = !normalise;
      }
    }
    if (measured && normalise) {
      // The model measures the loudness without the limiter as the meter does (the same K-weighting and
      // gates over the same blocks).
      bool measurable = false;
      if (through_limiter) {
        if (const std::optional<LoudnessGainPlan> planned =
                plan_loudness_gain(*statistics, aimed_limiter(), *plan.target_lufs)) {
          gain_db = planned->gain_db;
          measurable = true;
          if ((planned->over_budget || planned->drive_exhausted) &&
              aim_lufs_requested - planned->expected_lufs > kLoudnessToleranceLu) {
            aim_lufs = planned->expected_lufs;
            outcome.lowered_target_lufs = aim_lufs;
            outcome.warnings.push_back(lowered_target_warning(plan, *planned));
          }
        }
      } else if (const std::optional<double> level = meter->report().integrated_lufs) {
        gain_db = (*plan.target_lufs - *level) * plan.amounts.loudness;
        measurable = true;
      }
      if (!measurable) {
        outcome.warnings.emplace_back("no measurable loudness after processing; loudness gain skipped");
      } else if (gain_db > kLargeGainDb) {
        char text[160];
        std::snprintf(text, sizeof text,
                      "the loudness gain is %+.1f dB: the input is very quiet, and its noise and hum rise "
                      "with it",
                      gain_db);
        outcome.warnings.emplace_back(text);
      }
    }
  }

  const bool from_shaped = shaped && !shaped->abandoned();
  std::optional<SpectralEngine> spectrum_engine;
  if (curves) spectrum_engine.emplace(BackendOptions::cpu(1));
  for (int pass = 0; pass < (plan.limiter.enabled ? kRenderPasses : 1); ++pass) {
    StageList list;
    dsp::Compressor* compressor = nullptr;
    if (!from_shaped) {
      compressor = add_shaping(list, design, plan, engine);
      if (compressor != nullptr && curves) compressor->keep_reduction_series(step_frames);
      if (design.width) list.add<dsp::StereoWidth>(side_gain);
    }
    dsp::TruePeakLimiter* limiter = nullptr;
    if (plan.limiter.enabled) {
      limiter = &list.add<dsp::TruePeakLimiter>(aimed_limiter(), gain_db);
      if (curves) limiter->keep_reduction_series(step_frames);
    } else if (gain_db != 0.0) {
      list.add<dsp::Gain>("gain", core::db_to_amplitude(gain_db));
    }
    // The report's "after" spectrum: the analysis's own STFT, listening to the output, on a CPU engine of
    // its own, so that a GPU render pass keeps its transfers to what the render needs.
    ContentAnalysis::Spectral* spectrum =
        curves ? &list.add<ContentAnalysis::Spectral>(*spectrum_engine, track.channels(), track.sample_rate())
               : nullptr;
    const RenderTarget out = target();
    list.add_external(out.stages);
    MeterSink meter(track.channels(), track.sample_rate(), meter_options(track, true));
    std::optional<CurveSink> output_curves;
    std::vector<BlockSink*> sinks{&meter};
    if (curves) {
      sinks.push_back(&output_curves.emplace(track.channels(), track.sample_rate(), track.layout(),
                                             plan.limiter.ceiling_dbtp));
    }
    sinks.insert(sinks.end(), out.sinks.begin(), out.sinks.end());
    const std::unique_ptr<BlockSource> source =
        from_shaped ? std::make_unique<ScratchSource>(shaped, track.channels(), track.sample_rate())
                    : track.open();
    const std::uint64_t frames = run_pass(named(pass == 0 ? "render" : "render " + std::to_string(pass + 1)),
                                          *source, list.pointers(), sinks, options, timings);
    ++outcome.render_passes;
    outcome.after = meter.report();
    if (curves) {
      output_curves->finish();
      spectrum->finish(frames);
      keep_output_curves(*output_curves, *spectrum, outcome.curves);
    }
    if (compressor != nullptr) {
      outcome.compressor_reduction = compressor->reduction();
      if (curves) outcome.curves.compressor_reduction_db = compressor->reduction_series();
    }
    if (limiter != nullptr) {
      outcome.limiter_reduction = limiter->reduction();
      if (curves) outcome.curves.limiter_reduction_db = limiter->reduction_series();
    }
    if (!plan.limiter.enabled) break;
    bool again = false;
    // The meter's interpolator may see a little more than the limiter's blocks: lower the aim.
    const double peak = LoudnessReport::to_db(outcome.after.true_peak.value_or(0.0)).value_or(-200.0);
    if (peak > plan.limiter.ceiling_dbtp) {
      ceiling -= peak - plan.limiter.ceiling_dbtp + kCeilingMarginDb;
      again = true;
    }
    const auto& level = outcome.after.integrated_lufs;
    if (normalise && plan.amounts.loudness >= 1.0 && level &&
        std::abs(*level - aim_lufs) > kLoudnessToleranceLu) {
      gain_db += aim_lufs - *level;
      again = true;
    }
    if (!again) break;
  }

  if (plan.limiter.enabled && outcome.after.true_peak &&
      *LoudnessReport::to_db(*outcome.after.true_peak) > plan.limiter.ceiling_dbtp) {
    outcome.warnings.emplace_back("true peak still above the ceiling after limiting");
  }
  if (normalise && plan.amounts.loudness >= 1.0 && outcome.after.integrated_lufs &&
      std::abs(*outcome.after.integrated_lufs - aim_lufs) > 0.5) {
    outcome.warnings.emplace_back(
        "the loudness target was not reached within 0.5 LU (the ceiling limits it)");
  }
  return outcome;
}

}  // namespace auralis::mastering

namespace auralis {

RenderResult render(AudioBuffer audio, const MasteringPlan& plan, SpectralEngine& engine,
                    const ProgressCallback& progress, const LoudnessReport* measured) {
  mastering::validate_plan(plan);
  if (audio.empty()) throw Error(ErrorCode::empty_audio, "render: the audio has no samples");
  RenderResult result;
  if (progress) progress("render", 0.0);
  result.before = measured != nullptr ? *measured : measure_loudness(audio);
  result.audio = AudioBuffer::uninitialized(audio.channels(), audio.frames(), audio.sample_rate());
  result.audio.set_layout(audio.layout());
  const mastering::BufferTrack track(audio);
  std::optional<mastering::BufferSink> collect;
  const mastering::RenderOutcome outcome = mastering::render_track(
      track, plan, result.before, engine,
      mastering::pass_options(default_block_frames, engine.stats().threads),
      [&] {
        return mastering::RenderTarget{{}, {&collect.emplace(result.audio)}};
      },
      result.timings);
  result.after = outcome.after;
  result.compressor_reduction = outcome.compressor_reduction;
  result.limiter_reduction = outcome.limiter_reduction;
  result.lowered_target_lufs = outcome.lowered_target_lufs;
  result.warnings = outcome.warnings;
  return result;
}

}  // namespace auralis
