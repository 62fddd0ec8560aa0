// SPDX-License-Identifier: MIT
// Album loudness: one loudness gain for every track of an album, so that their differences stay as they
// were and the album as a whole meets the target.
#pragma once

#include <auralis/mastering.hpp>

#include <optional>
#include <span>
#include <vector>

namespace auralis::batch {

struct AlbumTargets {
  std::optional<double> album_lufs;  ///< The album's loudness before mastering (album_loudness).
  /// Per track, in order: its own loudness moved by the album's shortfall (target - album_lufs); empty for
  /// a track without measurable loudness, or when the album has none.
  std::vector<std::optional<double>> track_target_lufs;
};

/// The tracks' targets for an album whose loudness must meet `target_lufs`.
AlbumTargets album_targets(std::span<const ContentProfile* const> tracks, double target_lufs);

}  // namespace auralis::batch
