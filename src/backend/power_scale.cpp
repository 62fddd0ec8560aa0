// SPDX-License-Identifier: MIT
// Mean-square scaling of FFT power (see power_scale.hpp).
#include "backend/power_scale.hpp"

namespace auralis::backend {

double window_power_scale(std::span<const float> window) {
  double window_energy = 0.0;
  for (float w : window) window_energy += static_cast<double>(w) * w;
  return 1.0 / (static_cast<double>(window.size()) * window_energy);
}

void finish_average_power(std::vector<SpectralAnalysis>& results, double power_scale,
                          std::uint64_t& transforms) {
  for (SpectralAnalysis& result : results) {
    const std::size_t bins = result.bins();
    const double frames = static_cast<double>(result.frames);
    for (std::size_t c = 0; c < result.channels; ++c) {
      double* average = result.average_power.data() + c * bins;
      for (std::size_t k = 0; k < bins; ++k) {
        // Bins other than DC and Nyquist stand for their negative-frequency twins too.
        const double one_sided = (k == 0 || k == bins - 1) ? 1.0 : 2.0;
        average[k] *= one_sided * power_scale / frames;
      }
    }
    transforms += result.channels * result.frames;
  }
}

}  // namespace auralis::backend
