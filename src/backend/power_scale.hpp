// SPDX-License-Identifier: MIT
// The mean-square scaling every backend applies to FFT power (see BandEnergies in spectral.hpp).
#pragma once

#include <auralis/spectral.hpp>

#include <span>
#include <vector>

namespace auralis::backend {

/// 1 / (N sum w^2): turns |X_k|^2 of a windowed N-point frame into mean-square units.
double window_power_scale(std::span<const float> window);

/// Turns each result's summed per-bin power |X_k|^2 (over its frames) into the average one-sided power
/// SpectralAnalysis::average_power promises, and adds the transforms run (channels x frames) to `transforms`.
void finish_average_power(std::vector<SpectralAnalysis>& results, double power_scale,
                          std::uint64_t& transforms);

}  // namespace auralis::backend
