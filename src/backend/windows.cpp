// SPDX-License-Identifier: MIT
// Window coefficients (periodic, DFT-even) for the windows in spectral.hpp, computed in double.
#include <auralis/error.hpp>
#include <auralis/spectral.hpp>

#include <cmath>
#include <numbers>

namespace auralis {

std::vector<float> window_coefficients(Window window, std::size_t size) {
  if (size == 0) throw Error(ErrorCode::invalid_argument, "a window needs at least one sample");
  std::vector<float> w(size);
  const double step = 2.0 * std::numbers::pi / static_cast<double>(size);
  for (std::size_t n = 0; n < size; ++n) {
    const double phase = step * static_cast<double>(n);
    double value = 1.0;
    switch (window) {
      case Window::hann:
        value = 0.5 - 0.5 * std::cos(phase);
        break;
      case Window::sqrt_hann:
        value = std::sqrt(0.5 - 0.5 * std::cos(phase));
        break;
      case Window::blackman_harris:
        value = 0.35875 - 0.48829 * std::cos(phase) + 0.14128 * std::cos(2.0 * phase) -
                0.01168 * std::cos(3.0 * phase);
        break;
      case Window::rectangular:
        break;
    }
    w[n] = static_cast<float>(value);
  }
  return w;
}

}  // namespace auralis
