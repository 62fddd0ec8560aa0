// SPDX-License-Identifier: MIT
// Rendering a plan as streaming passes: a measuring pass when the plan needs whole-track numbers (the
// loudness before the gain, the stereo energies for the width guard), then the render pass through EQ,
// compressor, width, loudness gain and limiter into the caller's outputs, repeated (at most 4 times in
// all) only when the limiter cost the loudness target or the meter reads a peak over the ceiling.
#pragma once

#include <auralis/mastering.hpp>

#include "dsp/eq_design.hpp"
#include "dsp/stage.hpp"
#include "mastering/stream_pass.hpp"
#include "mastering/track.hpp"

#include <functional>
#include <string>
#include <vector>

namespace auralis::mastering {

/// Where one render pass's output goes: stages that look at it (their output is not used) and sinks.
struct RenderTarget {
  std::vector<dsp::Stage*> stages;
  std::vector<BlockSink*> sinks;
};
/// Called once per render pass; what it returns must live until the next call or the end of render_track.
using RenderTargetFactory = std::function<RenderTarget()>;

struct RenderOutcome {
  LoudnessReport after;
  GainReduction compressor_reduction;         // of the last pass that ran the compressor
  GainReduction limiter_reduction;            // of the last render pass
  std::optional<double> lowered_target_lufs;  // where the limiter's budget lowered the target
  std::vector<std::string> warnings;
  int render_passes = 0;
  /// The "after" series, overs and spectra, and the gain-reduction series, of the passes above; the
  /// "before" series and the step are the caller's.
  MasterCurves curves;
};

/// Renders `plan` (validated here) from `track`, whose loudness `before` the analysis measured. Passes are
/// named "measure", "render", "render 2" ..., after `purpose` and a space when it is not empty.
/// A silent track goes to the target unchanged, with a warning. With `curves`, the outcome's curves are
/// measured (see MasterOptions::curves); without, they stay empty.
RenderOutcome render_track(const Track& track, const MasteringPlan& plan, const LoudnessReport& before,
                           SpectralEngine& engine, const PassOptions& options,
                           const RenderTargetFactory& target, std::vector<StageTiming>& timings,
                           bool curves = false, const std::string& purpose = "");

/// The EQ's gain points (amount applied): the sub-bass point and the critical-band curve, plus the plan's
/// mid or side curve when `extra` is one of them and not empty.
dsp::GainPoints eq_points(const MasteringPlan& plan, const EqCurve* extra);

/// The pass options of an engine run: its block size and the engine's worker count.
PassOptions pass_options(std::size_t block_frames, unsigned threads);

}  // namespace auralis::mastering
