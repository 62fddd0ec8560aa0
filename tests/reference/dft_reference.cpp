// SPDX-License-Identifier: MIT
// Float64 DFT / FFT references (test-only; clarity over speed).
#include "reference/dft_reference.hpp"

#include <cmath>
#include <numbers>

namespace auralis::reference {

namespace {

using Complex = std::complex<double>;

void fft_recursive(std::vector<Complex>& a) {
  const std::size_t n = a.size();
  if (n == 1) return;
  std::vector<Complex> even(n / 2), odd(n / 2);
  for (std::size_t i = 0; i < n / 2; ++i) {
    even[i] = a[2 * i];
    odd[i] = a[2 * i + 1];
  }
  fft_recursive(even);
  fft_recursive(odd);
  for (std::size_t k = 0; k < n / 2; ++k) {
    const Complex w =
        std::polar(1.0, -2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n));
    a[k] = even[k] + w * odd[k];
    a[k + n / 2] = even[k] - w * odd[k];
  }
}

}  // namespace

std::vector<Complex> real_dft(const std::vector<float>& x) {
  const std::size_t n = x.size();
  std::vector<Complex> out(n / 2 + 1);
  if (n <= 1024) {
    for (std::size_t k = 0; k <= n / 2; ++k) {
      Complex sum = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        // Reduce k*i mod n first so the angle stays exact for large products.
        const double angle =
            -2.0 * std::numbers::pi * static_cast<double>((k * i) % n) / static_cast<double>(n);
        sum += static_cast<double>(x[i]) * Complex(std::cos(angle), std::sin(angle));
      }
      out[k] = sum;
    }
    return out;
  }
  std::vector<Complex> a(x.begin(), x.end());
  fft_recursive(a);
  for (std::size_t k = 0; k <= n / 2; ++k) out[k] = a[k];
  return out;
}

}  // namespace auralis::reference
