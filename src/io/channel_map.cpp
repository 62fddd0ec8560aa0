// SPDX-License-Identifier: MIT
// Translation between auralis speaker layouts and libsndfile channel maps (SF_CHANNEL_MAP_*).
#include "io/channel_map.hpp"

#include <sndfile.h>

namespace auralis::io {

Speaker speaker_from_sndfile(int sf_channel) {
  switch (sf_channel) {
    case SF_CHANNEL_MAP_MONO:
      return Speaker::mono;
    case SF_CHANNEL_MAP_LEFT:
    case SF_CHANNEL_MAP_FRONT_LEFT:
      return Speaker::left;
    case SF_CHANNEL_MAP_RIGHT:
    case SF_CHANNEL_MAP_FRONT_RIGHT:
      return Speaker::right;
    case SF_CHANNEL_MAP_CENTER:
    case SF_CHANNEL_MAP_FRONT_CENTER:
      return Speaker::centre;
    case SF_CHANNEL_MAP_LFE:
      return Speaker::lfe;
    case SF_CHANNEL_MAP_REAR_LEFT:
      return Speaker::rear_left;
    case SF_CHANNEL_MAP_REAR_RIGHT:
      return Speaker::rear_right;
    case SF_CHANNEL_MAP_REAR_CENTER:
      return Speaker::rear_centre;
    case SF_CHANNEL_MAP_SIDE_LEFT:
      return Speaker::side_left;
    case SF_CHANNEL_MAP_SIDE_RIGHT:
      return Speaker::side_right;
    default:
      return Speaker::other;
  }
}

std::optional<std::vector<int>> sndfile_map_from_layout(std::span<const Speaker> layout) {
  std::vector<int> map;
  map.reserve(layout.size());
  for (const Speaker speaker : layout) {
    // WAVE_FORMAT_EXTENSIBLE only knows the plain LEFT/RIGHT/CENTER values, not the FRONT_* aliases.
    switch (speaker) {
      case Speaker::mono:
        map.push_back(SF_CHANNEL_MAP_MONO);
        break;
      case Speaker::left:
        map.push_back(SF_CHANNEL_MAP_LEFT);
        break;
      case Speaker::right:
        map.push_back(SF_CHANNEL_MAP_RIGHT);
        break;
      case Speaker::centre:
        map.push_back(SF_CHANNEL_MAP_CENTER);
        break;
      case Speaker::lfe:
        map.push_back(SF_CHANNEL_MAP_LFE);
        break;
      case Speaker::rear_left:
        map.push_back(SF_CHANNEL_MAP_REAR_LEFT);
        break;
      case Speaker::rear_right:
        map.push_back(SF_CHANNEL_MAP_REAR_RIGHT);
        break;
      case Speaker::rear_centre:
        map.push_back(SF_CHANNEL_MAP_REAR_CENTER);
        break;
      case Speaker::side_left:
        map.push_back(SF_CHANNEL_MAP_SIDE_LEFT);
        break;
      case Speaker::side_right:
        map.push_back(SF_CHANNEL_MAP_SIDE_RIGHT);
        break;
      case Speaker::other:
        return std::nullopt;
    }
  }
  return map;
}

std::optional<std::vector<Speaker>> vorbis_layout(std::size_t channels) {
  using S = Speaker;
  switch (channels) {
    case 1:
      return std::vector<Speaker>{S::mono};
    case 2:
      return std::vector<Speaker>{S::left, S::right};
    case 3:
      return std::vector<Speaker>{S::left, S::centre, S::right};
    case 4:
      return std::vector<Speaker>{S::left, S::right, S::rear_left, S::rear_right};
    case 5:
      return std::vector<Speaker>{S::left, S::centre, S::right, S::rear_left, S::rear_right};
    case 6:
      return std::vector<Speaker>{S::left, S::centre, S::right, S::rear_left, S::rear_right, S::lfe};
    case 7:
      return std::vector<Speaker>{S::left,       S::centre,      S::right, S::side_left,
                                  S::side_right, S::rear_centre, S::lfe};
    case 8:
      return std::vector<Speaker>{S::left,       S::centre,    S::right,      S::side_left,
                                  S::side_right, S::rear_left, S::rear_right, S::lfe};
    default:
      return std::nullopt;
  }
}

}  // namespace auralis::io
