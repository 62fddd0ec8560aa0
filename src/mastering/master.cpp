// plan_master and master: analysis, planning and rendering wired together, with per-stage timings; every
// error names the track it is about, and running out of memory is an auralis::Error too.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "mastering/plan_limits.hpp"
#include "mastering/stage_clock.hpp"

#include <new>
#include <string>

namespace auralis {

namespace {

// Runs `step`, prefixing the message of any auralis::Error it throws with `name` (the track it concerns).
template <class Step>
auto naming(const std::string& name, Step&& step) {
  try {
    return step();
  } catch (const Error& e) {
    throw Error(e.code(), name + ": " + e.what());
  }
}

Error out_of_memory(const MasterOptions& options) {
  return Error(ErrorCode::out_of_memory, options.input_name + ": not enough memory to master it");
}

// The plan the mode asks for, decided from the profiles, with the user's overrides.
MasteringPlan decide_plan(const MasterReport& report, const MasterOptions& options) {
  if (options.mode == MasteringMode::adaptive) {
    return plan_adaptive(report.profile, options.preset, options.overrides);
  }
  MasteringPlan matched = plan_reference(report.profile, *report.reference_profile, options.overrides);
  if (options.mode == MasteringMode::reference) return matched;
  MasteringPlan blended = blend_plans(plan_adaptive(report.profile, options.preset, options.overrides),
                                      matched, options.hybrid_weight);
  mastering::apply_overrides(blended, options.overrides);
  return blended;
}

// The user's overrides are choices, not decisions: out of range, they are refused (naming the field) before
// anything is planned, so that clamping a decided plan never changes them.
void validate_overrides(const PlanOverrides& overrides) {
  MasteringPlan probe;
  mastering::apply_overrides(probe, overrides);
  mastering::validate_plan(probe);
}

// Renders the decided plan into `result` (twice when matching a reference).
void render_plan(AudioBuffer audio, const MasterOptions& options, SpectralEngine& engine,
                 MasterResult& result) {
  MasterReport& report = result.report;
  if (report.plan.mode == MasteringMode::reference && !options.plan && report.reference_profile) {
    // Reference matching renders twice: once to measure what the first curves achieve, once with the
    // residual added (see refine_reference_plan).
    const RenderResult trial = render(audio, report.plan, engine, {}, &report.profile.loudness);
    refine_reference_plan(report.plan, analyze_content(trial.audio, engine), *report.reference_profile);
  }
  RenderResult rendered =
      render(std::move(audio), report.plan, engine, options.progress, &report.profile.loudness);
  result.audio = std::move(rendered.audio);
  report.before = std::move(rendered.before);
  report.after = std::move(rendered.after);
  for (const std::string& warning : rendered.warnings)
    report.warnings.push_back(options.input_name + ": " + warning);
  report.timings.insert(report.timings.end(), rendered.timings.begin(), rendered.timings.end());
  report.backend = engine.stats();
}

MasterReport plan_master_named(const AudioBuffer& audio, const AudioBuffer* reference,
                               const MasterOptions& options, SpectralEngine& engine) {
  MasterReport report;
  mastering::StageClock clock(report.timings, options.progress);
  clock.start("analysis", 0.0);
  report.profile = naming(options.input_name, [&] { return analyze_content(audio, engine); });
  const bool needs_reference = !options.plan && options.mode != MasteringMode::adaptive;
  if (needs_reference && reference == nullptr) {
    throw Error(ErrorCode::invalid_argument,
                options.input_name + ": " + to_string(options.mode) + " mode needs a reference track");
  }
  if (needs_reference) {
    report.reference_profile =
        naming(options.reference_name, [&] { return analyze_content(*reference, engine); });
    // Matching a reference without loudness would match nothing: no target, no spectrum worth copying.
    if (!report.reference_profile->loudness.integrated_lufs) {
      throw Error(ErrorCode::unusable_reference,
                  options.reference_name +
                      ": the reference has no measurable loudness (silent, shorter than 400 ms, or below -70 "
                      "LUFS); nothing to match");
    }
  }
  clock.start("plan", 0.05);
  if (options.plan) {
    report.plan = *options.plan;
    mastering::apply_overrides(report.plan, options.overrides);
  } else {
    naming(options.input_name, [&] { validate_overrides(options.overrides); });
    report.plan = naming(options.input_name, [&] { return decide_plan(report, options); });
    const std::string origin =
        options.mode == MasteringMode::reference ? " (from reference " + options.reference_name + ")"
        : options.mode == MasteringMode::hybrid  ? " (blended with reference " + options.reference_name + ")"
                                                 : "";
    for (const std::string& note : mastering::clamp_plan(report.plan, origin)) {
      report.warnings.push_back(options.input_name + ": " + note);
    }
  }
  naming(options.input_name, [&] { mastering::validate_plan(report.plan); });
  return report;
}

}  // namespace

MasterReport plan_master(const AudioBuffer& audio, const AudioBuffer* reference, const MasterOptions& options,
                         SpectralEngine& engine) {
  try {
    return plan_master_named(audio, reference, options, engine);
  } catch (const std::bad_alloc&) {
    throw out_of_memory(options);
  }
}

MasterResult master(AudioBuffer audio, const MasterOptions& options, const AudioBuffer* reference) {
  try {
    SpectralEngine engine(options.backend);
    MasterResult result;
    result.report = plan_master(audio, reference, options, engine);
    naming(options.input_name, [&] { render_plan(std::move(audio), options, engine, result); });
    return result;
  } catch (const std::bad_alloc&) {
    throw out_of_memory(options);
  }
}

}  // namespace auralis
