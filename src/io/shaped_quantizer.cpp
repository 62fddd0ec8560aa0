// SPDX-License-Identifier: MIT
// ShapedQuantizer: the error-feedback loop, sample by sample (each sample needs the previous errors).
#include "io/shaped_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace auralis::io {
namespace {

struct ZeroPair {
  double frequency_hz;
  double radius;
};

constexpr double kDesignRateHz = 44100.0;
constexpr ZeroPair kZeros[] = {{3500.0, 0.85}, {12500.0, 0.55}};

// NTF(z) = 1 + c[0] z^-1 + ... + c[3] z^-4, the product of the zero pairs' quadratics.
std::array<double, 4> noise_transfer_taps() {
  std::array<double, 5> product{1.0, 0.0, 0.0, 0.0, 0.0};
  std::size_t order = 0;
  for (const ZeroPair& zero : kZeros) {
    const double w = 2.0 * std::numbers::pi * zero.frequency_hz / kDesignRateHz;
    const double quadratic[3] = {1.0, -2.0 * zero.radius * std::cos(w), zero.radius * zero.radius};
    std::array<double, 5> next{};
    for (std::size_t i = 0; i <= order; ++i) {
      for (std::size_t k = 0; k < 3; ++k) next[i + k] += product[i] * quadratic[k];
    }
    product = next;
    order += 2;
  }
  return {product[1], product[2], product[3], product[4]};
}

// Two 32-bit halves of a draw as TPDF dither in LSB, in [-1, 1).
double tpdf_of(std::uint64_t draw) {
  constexpr double kScale = 1.0 / 4294967296.0;
  return static_cast<double>(draw >> 32) * kScale + static_cast<double>(draw & 0xFFFFFFFFULL) * kScale - 1.0;
}

// After clamping, the error is no longer small; bounded, the feedback cannot run away.
constexpr double kMaxErrorLsb = 2.0;

}  // namespace

std::size_t ShapedQuantizer::quantize(const float* x, const std::uint64_t* draws, std::size_t count, int bits,
                                      std::int32_t* q) noexcept {
  static const std::array<double, 4> taps = noise_transfer_taps();
  const double scale = std::ldexp(1.0, bits - 1);
  const double highest = scale - 1.0;
  const double lowest = -scale;
  std::size_t clipped = 0;
  for (std::size_t n = 0; n < count; ++n) {
    double shaped = static_cast<double>(x[n]) * scale;
    for (std::size_t k = 0; k < taps.size(); ++k) shaped += taps[k] * errors_[k];
    double rounded = std::round(shaped + tpdf_of(draws[n]));
    if (rounded > highest || rounded < lowest) {
      ++clipped;
      rounded = std::clamp(rounded, lowest, highest);
    }
    q[n] = static_cast<std::int32_t>(rounded);
    std::copy_backward(errors_.begin(), errors_.end() - 1, errors_.end());
    errors_[0] = std::clamp(rounded - shaped, -kMaxErrorLsb, kMaxErrorLsb);
  }
  return clipped;
}

}  // namespace auralis::io
