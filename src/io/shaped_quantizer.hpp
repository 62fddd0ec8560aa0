// SPDX-License-Identifier: MIT
// Noise-shaped dithered rounding to integers: TPDF dither with the total error fed back through a fixed
// filter, so that the noise leaves the frequencies hearing is most sensitive to.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace auralis::io {

/// One channel's quantiser. The output is q[n] = x[n] * 2^(bits-1) + (e * ntf)[n], where e is the white
/// error of TPDF-dithered rounding and ntf the noise transfer function
///   NTF(z) = (1 - 2 r1 cos w1 z^-1 + r1^2 z^-2) (1 - 2 r2 cos w2 z^-1 + r2^2 z^-2),
/// two zero pairs placed on the inverted equal-loudness (F-weighting) curve: w1 = 3.5 kHz, where hearing
/// is most sensitive, r1 = 0.85; w2 = 12.5 kHz, its second sensitive region, r2 = 0.55; both at 44.1 kHz.
/// The NTF is minimum phase with a leading 1, so by the Gerzon-Craven theorem the noise moved out of
/// 1-5 kHz (about -12 dB there) reappears above 15 kHz (about +9 dB) and below 1 kHz is lowered too
/// (-9 dB); the total rises by 5 dB. The dither of sample n comes from draws[n] as TpdfDither defines it,
/// so the stream depends only on (seed, channel), as TPDF's does. Deterministic: plain double arithmetic,
/// rounding half away from zero.
class ShapedQuantizer {
 public:
  /// Quantises `count` samples to q, bits 16 or 24; returns how many were clamped.
  std::size_t quantize(const float* x, const std::uint64_t* draws, std::size_t count, int bits,
                       std::int32_t* q) noexcept;

 private:
  std::array<double, 4> errors_{};  ///< e[n-1] .. e[n-4]
};

}  // namespace auralis::io
