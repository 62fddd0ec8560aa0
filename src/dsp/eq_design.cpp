// SPDX-License-Identifier: MIT
// EQ FIR design by frequency sampling (see eq_design.hpp), in double with a naive cosine sum per tap
// pair replaced by one inverse real DFT computed with the float FFT and symmetrised; the minimum-phase part
// by the same FFT on the cepstrum.
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

namespace {

// The linear gain the FIR should have at `frequency_hz`. Bin 0 takes the lowest point's gain (DC follows the
// bass) unless a high-pass removes it.
double curve_gain(const GainPoints& points, std::span<const double> high_passes_hz, double frequency_hz) {
  const double db = interpolate_gain_db(points, std::max(frequency_hz, 1.0));
  double gain = std::pow(10.0, db / 20.0);
  for (const double cutoff : high_passes_hz) gain *= eq_high_pass_gain(frequency_hz, cutoff);
  return gain;
}

// `taps` (odd) of the zero-phase impulse response `impulse` (even: impulse[i] == impulse[size - i], peak at
// sample 0), centred, Hann-windowed and made exactly symmetric.
std::vector<float> centred_zero_phase_taps(std::span<const float> impulse, std::size_t taps) {
  const std::size_t half = taps / 2;
  std::vector<float> h(taps);
  for (std::size_t i = 0; i <= half; ++i) {
    const double window =
        0.5 + 0.5 * std::cos(std::numbers::pi * static_cast<double>(i) / static_cast<double>(half + 1));
    const double value = window * impulse[i];
    h[half + i] = static_cast<float>(value);
    h[half - i] = static_cast<float>(value);
  }
  return h;
}

// The phase is designed from gains floored at -120 dB: a deeper log magnitude (a high-pass's zero at DC)
// lengthens the cepstrum and so its aliasing. The magnitude itself is not floored.
constexpr double kMinimumPhaseFloor = 1e-6;

// The longest causal span: with the span before the delay (half of it) the FIR stays within
// FirFilter::max_taps.
constexpr std::size_t kLongestCausalTaps = (2 * (FirFilter::max_taps - 2) / 3) | 1;

// Weight of a log gain in the minimum-phase design at `frequency_hz`: 1 below the mixed crossover's octave,
// 0 above it, a raised cosine on log frequency across it.
double minimum_phase_weight(EqPhase phase, double frequency_hz) {
  if (phase == EqPhase::minimum) return 1.0;
  const double octaves = std::log2(std::max(frequency_hz, 1.0) / eq_mixed_crossover_hz);
  if (octaves <= -0.5) return 1.0;
  if (octaves >= 0.5) return 0.0;
  return 0.5 - 0.5 * std::sin(std::numbers::pi * octaves);
}

// Per bin of `plan`, the phase of the minimum-phase filter whose log magnitude is `log_gain`, homomorphic:
// the real cepstrum of the log magnitude with its anticausal half folded onto the causal half, transformed
// back; the imaginary part is the phase.
std::vector<double> minimum_phase(std::span<const double> log_gain, const fft::RealFftPlan& plan,
                                  float* workspace) {
  const std::size_t size = plan.size();
  std::vector<float> spectrum(2 * plan.bins(), 0.0f);
  for (std::size_t k = 0; k < plan.bins(); ++k) spectrum[2 * k] = static_cast<float>(log_gain[k]);
  std::vector<float> cepstrum(size);
  plan.inverse(spectrum.data(), spectrum.size(), 1, cepstrum.data(), size, workspace);
  for (std::size_t n = 1; n < size / 2; ++n) {
    cepstrum[n] *= 2.0f;
    cepstrum[size - n] = 0.0f;
  }
  plan.forward(cepstrum.data(), size, 1, spectrum.data(), spectrum.size(), workspace);
  std::vector<double> phase(plan.bins());
  for (std::size_t k = 0; k < plan.bins(); ++k) phase[k] = spectrum[2 * k + 1];
  return phase;
}

}  // namespace

FirFilter design_eq_fir(const GainPoints& points, std::uint32_t sample_rate_hz,
                        std::span<const double> high_passes_hz) {
  const std::size_t taps = eq_fir_taps(sample_rate_hz);
  // A dense grid (at least twice the taps) so the windowed response follows the curve between samples.
  const std::size_t size = std::min<std::size_t>(fft::RealFftPlan::max_size, std::bit_ceil(2 * taps));
  const fft::RealFftPlan plan(size);
  std::vector<float> spectrum(2 * plan.bins(), 0.0f);
  for (std::size_t k = 0; k < plan.bins(); ++k) {
    const double frequency = static_cast<double>(k) * sample_rate_hz / static_cast<double>(size);
    spectrum[2 * k] = static_cast<float>(curve_gain(points, high_passes_hz, frequency));
  }
  std::vector<float> impulse(size);
  std::vector<float> workspace(plan.workspace_floats());
  plan.inverse(spectrum.data(), spectrum.size(), 1, impulse.data(), size, workspace.data());
  return FirFilter::linear_phase(centred_zero_phase_taps(impulse, taps));
}

std::vector<FirFilter> design_eq_firs(std::span<const EqChannelCurve> curves, std::uint32_t sample_rate_hz,
                                      EqPhase phase) {
  std::vector<FirFilter> filters;
  if (curves.empty()) return filters;
  if (phase == EqPhase::linear) {
    for (const EqChannelCurve& curve : curves) {
      filters.push_back(design_eq_fir(curve.points, sample_rate_hz, curve.high_passes_hz));
    }
    return filters;
  }
  const std::size_t taps = std::min(eq_fir_taps(sample_rate_hz), kLongestCausalTaps);
  // After the delay, `taps` samples under a one-sided Hann: on a causal response that is a symmetric Hann
  // twice as long, so the minimum phase resolves the bass more finely than the linear design. Before it,
  // half as many, as the linear design has: a response that is not causal (mixed phase above the
  // crossover, and in any mode a curve whose gains differ from the first's) keeps its zero-phase part.
  const std::size_t after = taps - 1;
  const std::size_t before = phase == EqPhase::mixed || curves.size() > 1 ? taps / 2 : 0;
  // A grid several times the span keeps the cepstrum's aliasing down.
  const std::size_t size = std::min<std::size_t>(fft::RealFftPlan::max_size, std::bit_ceil(4 * taps));
  const fft::RealFftPlan plan(size);
  std::vector<float> workspace(plan.workspace_floats());
  std::vector<double> log_gain(plan.bins());
  for (std::size_t k = 0; k < plan.bins(); ++k) {
    const double frequency = static_cast<double>(k) * sample_rate_hz / static_cast<double>(size);
    const double gain = curve_gain(curves[0].points, curves[0].high_passes_hz, frequency);
    log_gain[k] = minimum_phase_weight(phase, frequency) * std::log(std::max(gain, kMinimumPhaseFloor));
  }
  // One phase for every curve: that of the minimum-phase filter of the first curve's gains below the
  // crossover (all of them in minimum mode). Above the crossover only its tail remains, falling as 1 / f
  // (about 0.02 rad at 4 kHz, mostly the 20 Hz subsonic high-pass's): the gains there are zero phase.
  // Cutting the tail off would make the bass's response reach before the onset (pre-echo before a kick
  // -60 dB instead of -138 dB, round-off).
  const std::vector<double> common_phase = minimum_phase(log_gain, plan, workspace.data());
  std::vector<float> spectrum(2 * plan.bins());
  std::vector<float> impulse(size);
  for (const EqChannelCurve& curve : curves) {
    for (std::size_t k = 0; k < plan.bins(); ++k) {
      const double frequency = static_cast<double>(k) * sample_rate_hz / static_cast<double>(size);
      const double gain = curve_gain(curve.points, curve.high_passes_hz, frequency);
      spectrum[2 * k] = static_cast<float>(gain * std::cos(common_phase[k]));
      spectrum[2 * k + 1] = static_cast<float>(gain * std::sin(common_phase[k]));
    }
    plan.inverse(spectrum.data(), spectrum.size(), 1, impulse.data(), size, workspace.data());
    // Samples -before ... after of the response (negative times wrapped to the end of `impulse`), under a
    // Hann half on each side.
    std::vector<float> h(before + 1 + after);
    for (std::size_t i = 0; i < h.size(); ++i) {
      const bool early = i < before;
      const double distance = early ? static_cast<double>(before - i) : static_cast<double>(i - before);
      const double half = static_cast<double>(early ? before : after) + 1.0;
      const double window = 0.5 + 0.5 * std::cos(std::numbers::pi * distance / half);
      h[i] = static_cast<float>(window * impulse[(i + size - before) % size]);
    }
    filters.push_back(FirFilter{std::move(h), before});
  }
  return filters;
}

}  // namespace auralis::dsp
