// SPDX-License-Identifier: MIT
// Float64 reference transforms for tests: a naive DFT for small sizes and a plain recursive FFT otherwise.
#pragma once

#include <complex>
#include <vector>

namespace auralis::reference {

/// Spectrum X[k], k = 0..n/2, of the real signal x (n = x.size()), unnormalised, computed in double.
/// Uses the O(n^2) definition when n <= 1024, a radix-2 recursion otherwise (n must then be a power of two).
std::vector<std::complex<double>> real_dft(const std::vector<float>& x);

}  // namespace auralis::reference
