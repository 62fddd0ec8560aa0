// SPDX-License-Identifier: MIT
// Translation between auralis speaker layouts and libsndfile channel maps (SF_CHANNEL_MAP_*).
#pragma once

#include <auralis/audio_buffer.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace auralis::io {

/// The speaker of one SF_CHANNEL_MAP_* value; positions auralis does not name (heights, wides,
/// ambisonics, invalid) are Speaker::other.
Speaker speaker_from_sndfile(int sf_channel);

/// The SF_CHANNEL_MAP_* values of a layout, or nullopt when a speaker has no libsndfile equivalent
/// (Speaker::other).
std::optional<std::vector<int>> sndfile_map_from_layout(std::span<const Speaker> layout);

/// Channel order of Ogg Vorbis (Vorbis I spec, section 4.3.9) and of Opus mapping family 1, which differs
/// from the WAV order from 3 channels up; nullopt above 8 channels, where the order is application-defined.
std::optional<std::vector<Speaker>> vorbis_layout(std::size_t channels);

}  // namespace auralis::io
