// SPDX-License-Identifier: MIT
// Highway kernel for quantize_samples, compiled once per SIMD target and dispatched at run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "io/quantize_kernel.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "io/quantize_kernel.hpp"

#include <algorithm>
#include <cmath>

HWY_BEFORE_NAMESPACE();
namespace auralis::io::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// In double, where every step is exact but the dither's addition: a float times a power of two, the two
// 32-bit halves of a draw scaled to [0, 1) and their sum, and the rounding by truncating the value moved
// half a step away from zero (a conversion that does not depend on the rounding mode).
template <bool kDither>
size_t Quantize(const float* HWY_RESTRICT x, const uint64_t* HWY_RESTRICT draws, size_t count, int bits,
                int32_t* HWY_RESTRICT q) {
  const hn::ScalableTag<double> d;
  const hn::Rebind<float, decltype(d)> df;
  const hn::RebindToUnsigned<decltype(d)> du;
  const hn::RebindToSigned<decltype(d)> di;
  const hn::Rebind<int32_t, decltype(d)> d32;
  const size_t lanes = hn::Lanes(d);
  const double full_scale = std::ldexp(1.0, bits - 1);
  const auto scale = hn::Set(d, full_scale);
  const auto below_range = hn::Set(d, -full_scale - 1.0);
  const auto lowest = hn::Set(d, -full_scale);
  const auto highest = hn::Set(d, full_scale - 1.0);
  const auto half_up = hn::Set(d, 0.5);
  const auto half_down = hn::Set(d, -0.5);
  const auto per_half = hn::Set(d, 0x1.0p-32);
  const auto one = hn::Set(d, 1.0);
  const auto low_half = hn::Set(du, 0xffffffffULL);

  size_t clipped = 0;
  const auto quantize_vector = [&](const float* in, const uint64_t* in_draws, int32_t* out) {
    auto scaled = hn::Mul(hn::PromoteTo(d, hn::LoadU(df, in)), scale);
    if constexpr (kDither) {
      const auto draw = hn::LoadU(du, in_draws);
      const auto first = hn::ConvertTo(d, hn::BitCast(di, hn::ShiftRight<32>(draw)));
      const auto second = hn::ConvertTo(d, hn::BitCast(di, hn::And(draw, low_half)));
      scaled = hn::Add(scaled, hn::Sub(hn::Add(hn::Mul(first, per_half), hn::Mul(second, per_half)), one));
    }
    const auto limited = hn::Min(hn::Max(scaled, below_range), scale);
    const auto half = hn::IfThenElse(hn::Lt(limited, hn::Zero(d)), half_down, half_up);
    const auto rounded = hn::Trunc(hn::Add(limited, half));
    clipped += hn::CountTrue(d, hn::Or(hn::Gt(rounded, highest), hn::Lt(rounded, lowest)));
    hn::StoreU(hn::DemoteTo(d32, hn::Min(hn::Max(rounded, lowest), highest)), d32, out);
  };

  size_t i = 0;
  for (; i + lanes <= count; i += lanes) quantize_vector(x + i, kDither ? draws + i : nullptr, q + i);
  if (i < count) {
    // The last, partial vector goes through the same instructions, from zero-padded copies.
    constexpr size_t kMaxLanes = HWY_MAX_BYTES / sizeof(double);
    HWY_ALIGN float tail[kMaxLanes] = {};
    HWY_ALIGN uint64_t tail_draws[kMaxLanes] = {};
    HWY_ALIGN int32_t tail_out[kMaxLanes] = {};
    const size_t rest = count - i;
    std::copy_n(x + i, rest, tail);
    if constexpr (kDither) std::copy_n(draws + i, rest, tail_draws);
    // Padding lanes hold silence (plus under one LSB of dither), which never clips, so the count holds.
    quantize_vector(tail, tail_draws, tail_out);
    std::copy_n(tail_out, rest, q + i);
  }
  return clipped;
}

size_t QuantizeSamples(const float* HWY_RESTRICT x, const uint64_t* HWY_RESTRICT draws, size_t count,
                       int bits, int32_t* HWY_RESTRICT q) {
  return draws ? Quantize<true>(x, draws, count, bits, q) : Quantize<false>(x, draws, count, bits, q);
}

}  // namespace auralis::io::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace auralis::io {

HWY_EXPORT(QuantizeSamples);

std::size_t quantize_samples(const float* x, const std::uint64_t* dither_draws, std::size_t count, int bits,
                             std::int32_t* q) {
  return HWY_DYNAMIC_DISPATCH(QuantizeSamples)(x, dither_draws, count, bits, q);
}

}  // namespace auralis::io
#endif  // HWY_ONCE
