// SPDX-License-Identifier: MIT
// Planning and rendering over tracks (buffers or files), shared by master() and master_file().
#pragma once

#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "mastering/render_track.hpp"
#include "mastering/stream_pass.hpp"
#include "mastering/track.hpp"

#include <string>
#include <string_view>

namespace auralis::mastering {

/// Runs `step`, prefixing the message of any auralis::Error it throws with `name` (the track it concerns),
/// unless the message already starts with it (a reader names its file itself).
template <class Step>
auto naming(const std::string& name, Step&& step) {
  try {
    return step();
  } catch (const Error& e) {
    const std::string_view message = e.what();
    if (message.starts_with(name + ": ")) throw;
    throw Error(e.code(), name + ": " + e.what());
  }
}

/// The block size and threads `options` ask for.
PassOptions pass_options(const MasterOptions& options);

/// plan_master over tracks: analysis passes, the plan, and for reference mode the trial render that
/// refines it; the plan returned is the one to render.
MasterReport plan_tracks(const Track& input, const Track* reference, const MasterOptions& options,
                         SpectralEngine& engine);

/// Renders report.plan from `input` into `target` and completes the report (before, after, warnings,
/// timings, backend).
void render_tracks(const Track& input, const MasterOptions& options, SpectralEngine& engine,
                   const RenderTargetFactory& target, MasterReport& report);

}  // namespace auralis::mastering
