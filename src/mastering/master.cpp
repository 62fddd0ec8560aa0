// plan_master and master: analysis, planning and rendering wired together, with per-stage timings.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "mastering/plan_limits.hpp"
#include "mastering/stage_clock.hpp"

namespace auralis {

MasterReport plan_master(const AudioBuffer& audio, const AudioBuffer* reference, const MasterOptions& options,
                         SpectralEngine& engine) {
  MasterReport report;
  mastering::StageClock clock(report.timings, options.progress);
  clock.start("analysis", 0.0);
  report.profile = analyze_content(audio, engine);
  const bool needs_reference = !options.plan && options.mode != MasteringMode::adaptive;
  if (needs_reference && reference == nullptr) {
    throw Error(ErrorCode::invalid_argument,
                std::string(to_string(options.mode)) + " mode needs a reference track");
  }
  if (reference != nullptr && needs_reference) report.reference_profile = analyze_content(*reference, engine);
  clock.start("plan", 0.05);
  if (options.plan) {
    report.plan = *options.plan;
    mastering::apply_overrides(report.plan, options.overrides);
  } else if (options.mode == MasteringMode::adaptive) {
    report.plan = plan_adaptive(report.profile, options.preset, options.overrides);
  } else {
    const MasteringPlan matched =
        plan_reference(report.profile, *report.reference_profile, options.overrides);
    if (options.mode == MasteringMode::reference) {
      report.plan = matched;
    } else {
      const MasteringPlan adaptive = plan_adaptive(report.profile, options.preset, options.overrides);
      report.plan = blend_plans(adaptive, matched, options.hybrid_weight);
      mastering::apply_overrides(report.plan, options.overrides);
    }
  }
  mastering::validate_plan(report.plan);
  return report;
}

MasterResult master(AudioBuffer audio, const MasterOptions& options, const AudioBuffer* reference) {
  SpectralEngine engine(options.backend);
  MasterResult result;
  result.report = plan_master(audio, reference, options, engine);
  if (result.report.plan.mode == MasteringMode::reference && !options.plan &&
      result.report.reference_profile) {
    // Reference matching renders twice: once to measure what the first curves achieve, once with the
    // residual added (see refine_reference_plan).
    const RenderResult trial = render(audio, result.report.plan, engine, {}, &result.report.profile.loudness);
    refine_reference_plan(result.report.plan, analyze_content(trial.audio, engine),
                          *result.report.reference_profile);
  }
  RenderResult rendered =
      render(std::move(audio), result.report.plan, engine, options.progress, &result.report.profile.loudness);
  result.audio = std::move(rendered.audio);
  MasterReport& report = result.report;
  report.before = std::move(rendered.before);
  report.after = std::move(rendered.after);
  report.warnings.insert(report.warnings.end(), rendered.warnings.begin(), rendered.warnings.end());
  report.timings.insert(report.timings.end(), rendered.timings.begin(), rendered.timings.end());
  report.backend = engine.stats();
  return result;
}

}  // namespace auralis
