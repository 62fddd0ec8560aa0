// SPDX-License-Identifier: MIT
// plan_master and master: analysis passes, planning (with reference refinement as a trial render), and the
// render passes wired together; every error names the track it is about, and running out of memory is an
// auralis::Error too.
#include "mastering/master_tracks.hpp"

#include <auralis/error.hpp>

#include "mastering/content_analysis.hpp"
#include "mastering/curve_meters.hpp"
#include "mastering/memory_stream.hpp"
#include "mastering/plan_limits.hpp"
#include "mastering/render_track.hpp"

#include <chrono>
#include <new>
#include <optional>
#include <string>

namespace auralis::mastering {

namespace {

// The plan the mode asks for, decided from the profiles, with the user's overrides.
MasteringPlan decide_plan(const MasterReport& report, const MasterOptions& options) {
  if (options.mode == MasteringMode::adaptive) {
    return plan_adaptive(report.profile, options.preset, options.overrides);
  }
  MasteringPlan matched = plan_reference(report.profile, *report.reference_profile, options.overrides);
  if (options.mode == MasteringMode::reference) return matched;
  MasteringPlan blended = blend_plans(plan_adaptive(report.profile, options.preset, options.overrides),
                                      matched, options.hybrid_weight);
  apply_overrides(blended, options.overrides);
  return blended;
}

// The user's overrides are choices, not decisions: out of range, they are refused (naming the field) before
// anything is planned, so that clamping a decided plan never changes them.
void validate_overrides(const PlanOverrides& overrides) {
  MasteringPlan probe;
  apply_overrides(probe, overrides);
  // Not applied to a plan but planned with (plan_adaptive solves the threshold for it): checked here.
  probe.compressor.target_reduction_db = overrides.compressor_reduction_db.value_or(0.0);
  validate_plan(probe);
}

// Reference matching measures what the first curves achieve on a trial render of the track and adds the
// residual (see refine_reference_plan), so that the plan returned is the one rendered.
void refine_by_trial(const Track& input, const MasterOptions& options, SpectralEngine& engine,
                     const PassOptions& passes, MasterReport& report) {
  std::optional<ContentAnalysis> trial;
  const RenderTargetFactory analyse = [&] {
    trial.emplace(engine, input.channels(), input.sample_rate(), input.layout());
    return RenderTarget{trial->stages(), {&trial->level_sink()}};
  };
  naming(options.input_name, [&] {
    render_track(input, report.plan, report.profile.loudness, engine, passes, analyse, report.timings, false,
                 "trial");
    refine_reference_plan(report.plan, trial->finish(report.profile.loudness.frames),
                          *report.reference_profile, options.overrides.match_amount.value_or(1.0));
  });
}

// A profile the caller measured before (a cache, an album's first pass): it must at least describe a
// track of this shape.
const ContentProfile& given_profile(const ContentProfile& profile, const Track& track,
                                    const std::string& name) {
  if (profile.sample_rate != track.sample_rate() || profile.channels != track.channels()) {
    throw Error(ErrorCode::invalid_argument, name + ": the profile given describes another track (" +
                                                 std::to_string(profile.channels) + " channels, " +
                                                 std::to_string(profile.sample_rate) + " Hz)");
  }
  return profile;
}

// The render's curves beside the analysis's, every series one value per step.
void keep_curves(const MasterCurves& rendered, const Track& input, MasterCurves& curves) {
  const std::size_t step = curve_step_frames(input.sample_rate());
  curves.step_seconds = static_cast<double>(step) / input.sample_rate();
  const std::size_t steps = rendered.momentary_after_lufs.size();
  curves.momentary_after_lufs = rendered.momentary_after_lufs;
  curves.short_term_after_lufs = rendered.short_term_after_lufs;
  if (!rendered.compressor_reduction_db.empty()) {
    curves.compressor_reduction_db = fit_series(rendered.compressor_reduction_db, steps);
  }
  if (!rendered.limiter_reduction_db.empty()) {
    curves.limiter_reduction_db = fit_series(rendered.limiter_reduction_db, steps);
  }
  curves.overs = rendered.overs;
  curves.mid_after_log_band_power = rendered.mid_after_log_band_power;
  curves.side_after_log_band_power = rendered.side_after_log_band_power;
}

}  // namespace

PassOptions pass_options(const MasterOptions& options) {
  if (options.block_frames == 0) {
    throw Error(ErrorCode::invalid_argument,
                options.input_name + ": the block size must be at least 1 frame");
  }
  return pass_options(options.block_frames, options.backend.max_workers);
}

MasterReport plan_tracks(const Track& input, const Track* reference, const MasterOptions& options,
                         SpectralEngine& engine) {
  const PassOptions passes = pass_options(options);
  MasterReport report;
  if (options.progress) options.progress("analysis", 0.0);
  if (options.profile) {
    report.profile = given_profile(*options.profile, input, options.input_name);
  } else {
    // The report's "before" loudness over time, measured in the same pass when asked for.
    std::optional<CurveSink> curves;
    std::vector<BlockSink*> also;
    if (options.curves)
      also.push_back(&curves.emplace(input.channels(), input.sample_rate(), input.layout(), std::nullopt));
    report.profile = naming(options.input_name, [&] {
      return analyze_track(input, engine, passes, "analysis", report.timings, also);
    });
    if (curves) {
      curves->finish();
      report.curves.momentary_before_lufs = std::move(curves->momentary_lufs);
      report.curves.short_term_before_lufs = std::move(curves->short_term_lufs);
    }
  }
  const bool needs_reference = !options.plan && options.mode != MasteringMode::adaptive;
  if (needs_reference && reference == nullptr) {
    throw Error(ErrorCode::invalid_argument,
                options.input_name + ": " + to_string(options.mode) + " mode needs a reference track");
  }
  if (needs_reference) {
    report.reference_profile =
        options.reference_profile
            ? given_profile(*options.reference_profile, *reference, options.reference_name)
            : naming(options.reference_name, [&] {
                return analyze_track(*reference, engine, passes, "reference analysis", report.timings);
              });
    // Matching a reference without loudness would match nothing: no target, no spectrum worth copying.
    if (!report.reference_profile->loudness.integrated_lufs) {
      throw Error(ErrorCode::unusable_reference,
                  options.reference_name +
                      ": the reference has no measurable loudness (silent, shorter than 400 ms, or below -70 "
                      "LUFS); nothing to match");
    }
  }
  if (report.profile.clipped_samples > 0) {
    report.warnings.push_back(options.input_name + ": the input is clipped (" +
                              std::to_string(report.profile.clipped_samples) +
                              " samples in runs at full scale); mastering cannot restore what was cut off");
  }
  if (options.progress) options.progress("plan", 0.2);
  const auto plan_start = std::chrono::steady_clock::now();
  if (options.plan) {
    report.plan = *options.plan;
    apply_overrides(report.plan, options.overrides);
  } else {
    naming(options.input_name, [&] { validate_overrides(options.overrides); });
    report.plan = naming(options.input_name, [&] { return decide_plan(report, options); });
    const std::string origin =
        options.mode == MasteringMode::reference ? " (from reference " + options.reference_name + ")"
        : options.mode == MasteringMode::hybrid  ? " (blended with reference " + options.reference_name + ")"
                                                 : "";
    for (const std::string& note : clamp_plan(report.plan, origin)) {
      report.warnings.push_back(options.input_name + ": " + note);
    }
  }
  naming(options.input_name, [&] { validate_plan(report.plan); });
  report.timings.push_back(
      {"plan", std::chrono::duration<double>(std::chrono::steady_clock::now() - plan_start).count(), 0.0,
       ""});
  if (!options.plan && report.plan.mode == MasteringMode::reference) {
    refine_by_trial(input, options, engine, passes, report);
    naming(options.input_name, [&] { validate_plan(report.plan); });
  }
  return report;
}

void render_tracks(const Track& input, const MasterOptions& options, SpectralEngine& engine,
                   const RenderTargetFactory& target, MasterReport& report) {
  if (options.progress) options.progress("render", 0.4);
  const RenderOutcome outcome = naming(options.input_name, [&] {
    return render_track(input, report.plan, report.profile.loudness, engine, pass_options(options), target,
                        report.timings, options.curves);
  });
  report.before = report.profile.loudness;
  report.after = outcome.after;
  report.compressor_reduction = outcome.compressor_reduction;
  report.limiter_reduction = outcome.limiter_reduction;
  report.lowered_target_lufs = outcome.lowered_target_lufs;
  if (options.curves) keep_curves(outcome.curves, input, report.curves);
  for (const std::string& warning : outcome.warnings)
    report.warnings.push_back(options.input_name + ": " + warning);
  report.backend = engine.stats();
}

}  // namespace auralis::mastering

namespace auralis {

namespace {

Error out_of_memory(const MasterOptions& options) {
  return Error(ErrorCode::out_of_memory, options.input_name + ": not enough memory to master it");
}

}  // namespace

MasterReport plan_master(const AudioBuffer& audio, const AudioBuffer* reference, const MasterOptions& options,
                         SpectralEngine& engine) {
  try {
    const mastering::BufferTrack input(audio);
    std::optional<mastering::BufferTrack> reference_track;
    if (reference != nullptr) reference_track.emplace(*reference);
    return mastering::plan_tracks(input, reference_track ? &*reference_track : nullptr, options, engine);
  } catch (const std::bad_alloc&) {
    throw out_of_memory(options);
  }
}

MasterResult master(AudioBuffer audio, const MasterOptions& options, const AudioBuffer* reference) {
  if (options.output_rate_hz) {
    throw Error(ErrorCode::invalid_argument,
                options.input_name + ": output_rate_hz is for master_file; master() keeps the input's rate");
  }
  try {
    SpectralEngine engine(options.backend);
    MasterResult result;
    result.report = plan_master(audio, reference, options, engine);
    result.audio = AudioBuffer::uninitialized(audio.channels(), audio.frames(), audio.sample_rate());
    result.audio.set_layout(audio.layout());
    std::optional<mastering::BufferSink> collect;
    mastering::render_tracks(
        mastering::BufferTrack(audio), options, engine,
        [&] {
          return mastering::RenderTarget{{}, {&collect.emplace(result.audio)}};
        },
        result.report);
    return result;
  } catch (const std::bad_alloc&) {
    throw out_of_memory(options);
  }
}

}  // namespace auralis
