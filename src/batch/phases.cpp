// SPDX-License-Identifier: MIT
// The public phases of a batch: each call runs the batch's steps on what this process shares between calls
// (one manifest object per output folder, read again for what others appended; one cache object per folder).
#include <auralis/batch.hpp>

#include "batch/album_profile.hpp"
#include "batch/album_targets.hpp"
#include "batch/batch_phases.hpp"
#include "mastering/plan_limits.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

namespace auralis {
namespace {

// The process's manifest object for `output_dir` (created with the folder), brought up to date with what
// other processes and objects appended.
batch::Manifest& shared_manifest(const std::filesystem::path& output_dir) {
  static std::mutex mutex;
  static std::map<std::filesystem::path, std::unique_ptr<batch::Manifest>> manifests;
  batch::Manifest* manifest = nullptr;
  {
    const std::lock_guard lock(mutex);
    std::unique_ptr<batch::Manifest>& entry = manifests[output_dir];
    if (!entry) {
      batch::create_output_folder(output_dir);
      entry = std::make_unique<batch::Manifest>(output_dir);
    }
    manifest = entry.get();
  }
  manifest->refresh();
  return *manifest;
}

}  // namespace

BatchTrackAnalysis analyze_batch_track(const BatchTrack& track, std::size_t index,
                                       const BatchOptions& options) {
  BatchTrackAnalysis analysis = batch::new_analysis(track, index, options);
  batch::record_track_failure(analysis, [&] { batch::inspect(analysis, options); });
  if (options.album != AlbumMode::none && !analysis.error_code) {
    batch::record_track_failure(
        analysis, [&] { batch::measure_profile(analysis, options, batch::shared_cache(options)); });
  }
  return analysis;
}

std::vector<BatchTrackDecision> decide_batch_albums(std::span<const BatchTrackAnalysis> tracks,
                                                    const BatchOptions& options) {
  std::vector<BatchTrackDecision> decisions(tracks.size());
  if (options.album == AlbumMode::none) return decisions;
  // Each album's tracks in batch order, whatever order they came in: the pooled sums do not depend on it.
  std::map<std::string, std::vector<std::size_t>> albums;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    if (!tracks[i].error_code && !tracks[i].album_key.empty()) albums[tracks[i].album_key].push_back(i);
  }
  const double target =
      delivery_profile(options.master.overrides.delivery, options.master.overrides.target_lufs).target_lufs;
  for (auto& [key, members] : albums) {
    std::ranges::stable_sort(members,
                             [&](std::size_t a, std::size_t b) { return tracks[a].index < tracks[b].index; });
    std::vector<const ContentProfile*> profiles;
    for (const std::size_t i : members) {
      if (!tracks[i].profile) {
        throw Error(ErrorCode::invalid_argument,
                    tracks[i].track.input.string() + ": decide_batch_albums: the analysis has no profile");
      }
      profiles.push_back(&*tracks[i].profile);
    }
    const batch::AlbumTargets targets = batch::album_targets(profiles, target);
    // Adaptive albums get one plan, from the album as one programme: the same EQ and compressor for every
    // track (reference and hybrid plans stay per track, each matched to the reference).
    std::optional<MasteringPlan> plan;
    std::vector<std::string> notes;
    if (options.master.mode == MasteringMode::adaptive && !options.master.plan) {
      plan = plan_adaptive(batch::pool_profiles(profiles), options.master.preset, options.master.overrides);
      notes = mastering::clamp_plan(*plan, " (album " + tracks[members.front()].album + ")");
    }
    for (std::size_t m = 0; m < members.size(); ++m) {
      BatchTrackDecision& decision = decisions[members[m]];
      decision.target_lufs = targets.track_target_lufs[m];
      decision.album_plan = plan;
      decision.notes = notes;
    }
  }
  return decisions;
}

BatchTrackResult master_batch_track(const BatchTrackAnalysis& analysis, const BatchTrackDecision& decision,
                                    const BatchOptions& options, const BatchCallbacks& callbacks) {
  const BatchOptions resolved = batch::with_reference_profile(options);
  std::mutex event_mutex;
  const batch::PhaseContext context{resolved,
                                    batch::reference_hash(options),
                                    shared_manifest(options.output_dir),
                                    batch::shared_cache(options),
                                    callbacks,
                                    0,
                                    event_mutex};
  return batch::master_track(analysis, decision, context);
}

void tag_batch_albums(std::span<const BatchTrackAnalysis> analyses,
                      std::span<const BatchTrackDecision> decisions, std::span<BatchTrackResult> results,
                      const BatchOptions& options, const BatchCallbacks& callbacks) {
  std::mutex event_mutex;
  // Tagging needs neither the reference's profile nor the cache.
  const batch::PhaseContext context{
      options,    batch::reference_hash(options), shared_manifest(options.output_dir), nullptr, callbacks, 0,
      event_mutex};
  batch::tag_albums(analyses, decisions, results, context);
}

}  // namespace auralis
