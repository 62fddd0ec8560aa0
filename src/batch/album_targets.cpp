// SPDX-License-Identifier: MIT
// album_targets(): the pooled loudness, and each track moved by the same gain.
#include "batch/album_targets.hpp"

#include <auralis/loudness.hpp>

#include <algorithm>

namespace auralis::batch {

AlbumTargets album_targets(std::span<const ContentProfile* const> tracks, double target_lufs) {
  std::vector<LoudnessReport> reports;
  for (const ContentProfile* track : tracks) reports.push_back(track->loudness);
  AlbumTargets targets;
  targets.album_lufs = album_loudness(reports);
  for (const ContentProfile* track : tracks) {
    const std::optional<double>& own = track->loudness.integrated_lufs;
    if (!own || !targets.album_lufs) {
      targets.track_target_lufs.emplace_back();
      continue;
    }
    // Within the targets a plan accepts; the limiter's budget lowers a loud track's further if needed.
    targets.track_target_lufs.emplace_back(std::clamp(*own + target_lufs - *targets.album_lufs, -70.0, 0.0));
  }
  return targets;
}

}  // namespace auralis::batch
