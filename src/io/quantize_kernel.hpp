// SPDX-License-Identifier: MIT
// Dithered rounding of float samples to 16- or 24-bit integers, vectorised: the encoder's per-sample work.
#pragma once

#include <cstddef>
#include <cstdint>

namespace auralis::io {

/// Writes q[n] = x[n] * 2^(bits-1) + dither, rounded half away from zero and clamped to
/// [-2^(bits-1), 2^(bits-1) - 1], for n < count, and returns how many were clamped. The dither of sample n
/// comes from the draw dither_draws[n] as TpdfDither defines it; null means no dither, and then each
/// sample is exactly its nearest step, whatever the floating-point rounding mode. bits is 16 or 24;
/// samples must be finite.
std::size_t quantize_samples(const float* x, const std::uint64_t* dither_draws, std::size_t count, int bits,
                             std::int32_t* q);

}  // namespace auralis::io
