// EQ FIR design by frequency sampling (see eq_design.hpp), in double with a naive cosine sum per tap
// pair replaced by one inverse real DFT computed with the float FFT and symmetrised.
#include "dsp/eq_design.hpp"

#include "fft/real_fft.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>

namespace auralis::dsp {

double interpolate_gain_db(const GainPoints& points, double frequency_hz) {
  const auto& f = points.frequencies_hz;
  const auto& g = points.gains_db;
  if (f.empty()) return 0.0;
  if (frequency_hz <= f.front()) return g.front();
  if (frequency_hz >= f.back()) return g.back();
  const auto upper = std::upper_bound(f.begin(), f.end(), frequency_hz);
  const std::size_t i = static_cast<std::size_t>(upper - f.begin());
  const double lo = std::log(std::max(f[i - 1], 1e-3)), hi = std::log(f[i]);
  const double t = hi > lo ? (std::log(frequency_hz) - lo) / (hi - lo) : 1.0;
  return g[i - 1] + t * (g[i] - g[i - 1]);
}

std::size_t eq_fir_taps(std::uint32_t sample_rate_hz) {
  const auto taps = static_cast<std::size_t>(0.186 * sample_rate_hz) | 1u;
  return std::min<std::size_t>(taps, FirFilter::max_taps - 1);
}

double eq_high_pass_gain(double frequency_hz, double cutoff_hz) {
  if (cutoff_hz <= 0.0) return 1.0;
  const double r = frequency_hz / cutoff_hz;
  const double r8 = (r * r) * (r * r) * (r * r) * (r * r);
  return r8 / (1.0 + r8);
}

FirFilter design_eq_fir(const GainPoints& points, std::uint32_t sample_rate_hz,
                        std::span<const double> high_passes_hz) {
  const std::size_t taps = eq_fir_taps(sample_rate_hz);
  // A dense grid (at least twice the taps) so the windowed response follows the curve between samples.
  const std::size_t size = std::min<std::size_t>(fft::RealFftPlan::max_size, std::bit_ceil(2 * taps));
  const fft::RealFftPlan plan(size);
  std::vector<float> spectrum(2 * plan.bins(), 0.0f);
  for (std::size_t k = 0; k < plan.bins(); ++k) {
    const double frequency = static_cast<double>(k) * sample_rate_hz / static_cast<double>(size);
    // Bin 0 takes the lowest point's gain (DC follows the bass) unless the high-pass removes it.
    const double db = interpolate_gain_db(points, std::max(frequency, 1.0));
    double gain = std::pow(10.0, db / 20.0);
    for (const double cutoff : high_passes_hz) gain *= eq_high_pass_gain(frequency, cutoff);
    spectrum[2 * k] = static_cast<float>(gain);
  }
  std::vector<float> impulse(size);
  std::vector<float> workspace(plan.workspace_floats());
  plan.inverse(spectrum.data(), spectrum.size(), 1, impulse.data(), size, workspace.data());
  // Zero phase puts the peak at sample 0; centre it, window it and make it exactly symmetric.
  const std::size_t half = taps / 2;
  std::vector<float> h(taps);
  for (std::size_t i = 0; i <= half; ++i) {
    const double window =
        0.5 + 0.5 * std::cos(std::numbers::pi * static_cast<double>(i) / static_cast<double>(half + 1));
    const double value = window * impulse[i];  // impulse is even: impulse[i] == impulse[size - i]
    h[half + i] = static_cast<float>(value);
    h[half - i] = static_cast<float>(value);
  }
  return FirFilter::linear_phase(std::move(h));
}

}  // namespace auralis::dsp
