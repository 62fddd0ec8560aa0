// SPDX-License-Identifier: MIT
// Band edges of the layouts in spectral.hpp: 64 log-spaced bands and Zwicker's critical bands.
#include <auralis/error.hpp>
#include <auralis/spectral.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace auralis {

namespace {

constexpr std::size_t kLogBands = 64;
constexpr double kLogLowHz = 20.0;
constexpr double kLogHighHz = 20000.0;

// Zwicker's critical-band edges up to 20 kHz; the last band runs from 20 kHz to Nyquist.
constexpr std::array<double, 26> kBarkEdgesHz = {0,    100,  200,  300,  400,  510,   630,   770,  920,
                                                 1080, 1270, 1480, 1720, 2000, 2320,  2700,  3150, 3700,
                                                 4400, 5300, 6400, 7700, 9500, 12000, 15500, 20000};

}  // namespace

std::size_t band_count(BandLayout layout) noexcept {
  return layout == BandLayout::log64 ? kLogBands : kBarkEdgesHz.size();
}

std::vector<double> band_edges_hz(BandLayout layout, double sample_rate_hz) {
  if (!(sample_rate_hz > 0.0) || !std::isfinite(sample_rate_hz)) {
    throw Error(ErrorCode::invalid_argument, "band edges need a positive sample rate");
  }
  const double nyquist = sample_rate_hz / 2.0;
  std::vector<double> edges;
  if (layout == BandLayout::log64) {
    for (std::size_t i = 0; i <= kLogBands; ++i) {
      edges.push_back(kLogLowHz * std::pow(kLogHighHz / kLogLowHz,
                                           static_cast<double>(i) / static_cast<double>(kLogBands)));
    }
    edges.back() = kLogHighHz;  // exact, not pow's rounding
  } else {
    edges.assign(kBarkEdgesHz.begin(), kBarkEdgesHz.end());
    edges.push_back(std::max(nyquist, kBarkEdgesHz.back()));
  }
  for (double& edge : edges) edge = std::min(edge, nyquist);
  return edges;
}

}  // namespace auralis
