// SPDX-License-Identifier: MIT
// Float64 STFT band analysis and convolution references (see spectral_float64.hpp).
#include "reference/spectral_float64.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <numbers>

namespace auralis::reference {

namespace {

using Complex = std::complex<double>;

double window_value(Window window, std::size_t n, std::size_t size) {
  const double phase = 2.0 * std::numbers::pi * static_cast<double>(n) / static_cast<double>(size);
  switch (window) {
    case Window::hann:
      return 0.5 - 0.5 * std::cos(phase);
    case Window::sqrt_hann:
      return std::sqrt(0.5 - 0.5 * std::cos(phase));
    case Window::blackman_harris:
      return 0.35875 - 0.48829 * std::cos(phase) + 0.14128 * std::cos(2 * phase) -
             0.01168 * std::cos(3 * phase);
    case Window::rectangular:
      return 1.0;
  }
  return 1.0;
}

// In-place iterative radix-2 FFT (sign -1 forward, +1 inverse, unnormalised); size a power of two.
void fft(std::vector<Complex>& a, int sign) {
  const std::size_t n = a.size();
  for (std::size_t i = 1, j = 0; i < n; ++i) {
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const double angle = sign * 2.0 * std::numbers::pi / static_cast<double>(len);
    for (std::size_t i = 0; i < n; i += len) {
      for (std::size_t k = 0; k < len / 2; ++k) {
        const Complex w = std::polar(1.0, angle * static_cast<double>(k));
        const Complex u = a[i + k], v = a[i + k + len / 2] * w;
        a[i + k] = u + v;
        a[i + k + len / 2] = u - v;
      }
    }
  }
}

}  // namespace

ChannelSpectrum stft_reference(std::span<const float> x, double rate, const StftSpec& spec,
                               BandLayout layout) {
  const std::size_t n = spec.fft_size;
  const std::size_t bins = n / 2 + 1;
  const std::size_t frames = stft_frame_count(x.size(), spec);
  const std::vector<double> edges = band_edges_hz(layout, rate);
  double window_energy = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    window_energy += window_value(spec.window, i, n) * window_value(spec.window, i, n);
  const double bin_hz = rate / static_cast<double>(n);
  const double nyquist = rate / 2.0;
  ChannelSpectrum out;
  out.average_power.assign(bins, 0.0);
  std::vector<Complex> buffer(n);
  for (std::size_t f = 0; f < frames; ++f) {
    const auto start = static_cast<std::ptrdiff_t>(f * spec.hop) - static_cast<std::ptrdiff_t>(n / 2);
    for (std::size_t i = 0; i < n; ++i) {
      const std::ptrdiff_t at = start + static_cast<std::ptrdiff_t>(i);
      const double sample =
          at >= 0 && at < static_cast<std::ptrdiff_t>(x.size()) ? x[static_cast<std::size_t>(at)] : 0.0;
      buffer[i] = sample * window_value(spec.window, i, n);
    }
    fft(buffer, -1);
    std::vector<double> power(bins);
    for (std::size_t k = 0; k < bins; ++k) {
      const double one_sided = (k == 0 || k == bins - 1) ? 1.0 : 2.0;
      power[k] = one_sided * std::norm(buffer[k]) / (static_cast<double>(n) * window_energy);
      out.average_power[k] += power[k] / static_cast<double>(frames);
    }
    std::vector<double> bands(edges.size() - 1, 0.0);
    for (std::size_t b = 0; b + 1 < edges.size(); ++b) {
      for (std::size_t k = 0; k < bins; ++k) {
        const double lo = std::max(0.0, (static_cast<double>(k) - 0.5) * bin_hz);
        const double hi = std::min(nyquist, (static_cast<double>(k) + 0.5) * bin_hz);
        const double overlap = std::min(hi, edges[b + 1]) - std::max(lo, edges[b]);
        if (overlap > 0.0) bands[b] += power[k] * overlap / (hi - lo);
      }
    }
    out.bands.push_back(std::move(bands));
  }
  return out;
}

std::vector<double> convolve_reference(std::span<const float> x, std::span<const float> taps,
                                       std::size_t delay) {
  const std::size_t length = x.size();
  std::vector<double> y(length, 0.0);
  if (taps.size() * length <= 50'000'000) {
    for (std::size_t n = 0; n < length; ++n) {
      double sum = 0.0;
      for (std::size_t k = 0; k < taps.size(); ++k) {
        const auto at = static_cast<std::ptrdiff_t>(n + delay) - static_cast<std::ptrdiff_t>(k);
        if (at >= 0 && at < static_cast<std::ptrdiff_t>(length))
          sum += static_cast<double>(taps[k]) * x[static_cast<std::size_t>(at)];
      }
      y[n] = sum;
    }
    return y;
  }
  const std::size_t size = std::bit_ceil(length + taps.size());
  std::vector<Complex> a(size), b(size);
  for (std::size_t i = 0; i < length; ++i) a[i] = x[i];
  for (std::size_t i = 0; i < taps.size(); ++i) b[i] = taps[i];
  fft(a, -1);
  fft(b, -1);
  for (std::size_t i = 0; i < size; ++i) a[i] *= b[i];
  fft(a, +1);
  for (std::size_t n = 0; n < length; ++n) y[n] = a[n + delay].real() / static_cast<double>(size);
  return y;
}

}  // namespace auralis::reference
