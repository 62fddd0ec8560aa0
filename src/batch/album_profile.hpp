// SPDX-License-Identifier: MIT
// An album's tracks pooled into one profile, so that its tonal and dynamic decisions are made once for the
// album (one EQ, one compressor threshold) rather than per track.
#pragma once

#include <auralis/mastering.hpp>

#include <span>

namespace auralis::batch {

/// The tracks as one programme: loudness from their pooled gating blocks and short-term values (integrated
/// as album_loudness, range as EBU Tech 3342 over the pooled values), peaks the highest, spectra, noise
/// floors, stereo measures and compressor probes averaged with each track's duration as its weight, the
/// longest track's tempo, then classified as the analysis classifies a track. Throws Error(invalid_argument)
/// for no tracks.
ContentProfile pool_profiles(std::span<const ContentProfile* const> tracks);

}  // namespace auralis::batch
