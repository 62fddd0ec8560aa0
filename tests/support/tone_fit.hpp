// SPDX-License-Identifier: MIT
// The amplitude of one sinusoid in a signal, by least squares on its cosine and sine: how tests read a tone
// out of a mixture (crosstalk, sidebands, a pilot tone's gain) without an FFT's bin leakage.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <span>

namespace auralis::test {

/// Amplitude of the `hz` component of x[first, last) sampled at `rate_hz`.
template <class Sample>
double tone_amplitude(std::span<const Sample> x, double hz, double rate_hz, std::size_t first,
                      std::size_t last) {
  double cc = 0.0, ss = 0.0, cs = 0.0, xc = 0.0, xs = 0.0;
  for (std::size_t n = first; n < last; ++n) {
    const double w = 2.0 * std::numbers::pi * hz * static_cast<double>(n) / rate_hz;
    const double c = std::cos(w), s = std::sin(w), v = static_cast<double>(x[n]);
    cc += c * c;
    ss += s * s;
    cs += c * s;
    xc += v * c;
    xs += v * s;
  }
  const double det = cc * ss - cs * cs;
  return std::hypot((xc * ss - xs * cs) / det, (xs * cc - xc * cs) / det);
}

}  // namespace auralis::test
