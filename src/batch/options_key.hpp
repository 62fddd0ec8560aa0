// SPDX-License-Identifier: MIT
// What decides a batch output's bytes besides its input, as one canonical text: the manifest stores its
// hash, and a rerun with other options redoes the track.
#pragma once

#include <auralis/batch.hpp>

#include <optional>
#include <string>

namespace auralis::batch {

/// Canonical JSON of the options that change what a track's master is: mode, preset, overrides, a given
/// plan, the encoding, the reference's content, gain tags and the backend asked for (a GPU's analysis
/// differs from the CPU's in the last bits); not threads or block size (the output is identical for any).
/// `track_target_lufs`: an album's target for this track.
std::string options_key(const BatchOptions& options, const std::string& reference_hash,
                        std::optional<double> track_target_lufs);

/// XXH3-128 of `text`, as 32 hex digits.
std::string hash_text(const std::string& text);

}  // namespace auralis::batch
