// SPDX-License-Identifier: MIT
// Preset and genre tables. Presets keep the predecessor's intent (gentle is light, warm lifts the lows and
// softens the highs, bright the reverse, punchy compresses hardest, live lifts presence) with amounts large
// enough to hear.
#include "mastering/presets.hpp"

#include <auralis/spectral.hpp>

#include <cmath>

namespace auralis::mastering {

namespace {

// tilt (<200, 200-800, 800-3k, 3k-8k, >8k dB), ratio, most compressor reduction (dB), range goal (LU),
// attack, release. Presets shape tone and dynamics, never the loudness target (that is the
// delivery's). The reductions run from gentle's 1 dB (heard only as a steadier level) to punchy's 3 dB (the
// loud sections held down, their attacks let through by the 30 ms attack); the range goals from gentle's and
// live's 8 LU (a performance keeps its swells) to punchy's 4 LU (dense).
constexpr std::array<PresetProfile, 6> kPresets = {{
    {{0.0, 0.0, 0.0, 0.0, 0.0}, 1.8, 2.0, 6.0, 25.0, 250.0},    // adaptive
    {{0.5, 0.0, 0.0, 0.5, 1.0}, 1.4, 1.0, 8.0, 30.0, 300.0},    // gentle
    {{2.5, 1.5, 0.0, -1.5, -2.5}, 2.2, 2.0, 6.0, 20.0, 200.0},  // warm
    {{-1.0, -1.0, 0.5, 2.5, 3.5}, 2.0, 1.5, 6.0, 10.0, 120.0},  // bright
    {{2.0, 0.0, -0.5, 1.5, 1.0}, 3.0, 3.0, 4.0, 30.0, 100.0},   // punchy
    {{0.8, -0.8, 0.5, 2.0, 1.5}, 1.8, 1.5, 8.0, 15.0, 180.0},   // live
}};

// tilt, ratio scale; indexed by Genre.
constexpr std::array<GenreProfile, 10> kGenres = {{
    {{0.0, 0.0, 0.0, 0.0, 0.0}, 1.0},  // unknown
    {{0.0, 0.0, 0.5, 0.0, 0.0}, 0.6},  // classical
    {{1.0, 0.0, 0.8, 0.5, 0.5}, 1.1},  // rock
    {{1.5, 0.0, 0.5, 0.5, 1.0}, 1.2},  // electronic
    {{0.3, 0.0, 0.5, 0.3, 0.3}, 0.8},  // jazz
    {{0.8, 0.0, 1.0, 0.8, 0.8}, 1.0},  // pop
    {{1.5, 0.0, 1.0, 0.5, 0.5}, 1.1},  // hip_hop
    {{0.0, 0.0, 0.8, 0.5, 0.5}, 0.8},  // acoustic
    {{0.5, 0.0, 0.0, 0.5, 1.0}, 0.6},  // ambient
    {{0.0, 0.0, 0.5, 0.5, 0.0}, 0.8},  // speech
}};

constexpr std::array<double, 4> kTiltEdgesHz = {200.0, 800.0, 3000.0, 8000.0};
// The lowest critical band (0-100 Hz) is centred on its part above the sub-bass control's region (60-100
// Hz, geometric mean 77 Hz): the plan's sub_bass_db point at 35 Hz covers 20-60 Hz.
constexpr double kLowestCentreHz = 77.0;

}  // namespace

const PresetProfile& preset_profile(Preset preset) {
  return kPresets[static_cast<std::size_t>(preset)];
}
const GenreProfile& genre_profile(Genre genre) {
  return kGenres[static_cast<std::size_t>(genre)];
}

std::array<double, critical_band_count> critical_band_centres_hz() {
  const std::vector<double> edges = band_edges_hz(BandLayout::bark, 48000.0);
  std::array<double, critical_band_count> centres{};
  for (std::size_t b = 0; b < critical_band_count; ++b) {
    centres[b] = b == 0 ? kLowestCentreHz : std::sqrt(edges[b] * edges[b + 1]);
  }
  return centres;
}

std::array<double, critical_band_count> tilt_to_critical_bands(const Tilt& tilt) {
  std::array<double, critical_band_count> gains{};
  const auto centres = critical_band_centres_hz();
  for (std::size_t b = 0; b < critical_band_count; ++b) {
    std::size_t region = 0;
    while (region < kTiltEdgesHz.size() && centres[b] >= kTiltEdgesHz[region]) ++region;
    gains[b] = tilt[region];
  }
  return gains;
}

}  // namespace auralis::mastering
