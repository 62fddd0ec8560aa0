// SPDX-License-Identifier: MIT
// Highway kernels for peak_kernels.hpp, compiled once per SIMD target and dispatched at run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "analysis/peak_kernels.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "analysis/peak_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

HWY_BEFORE_NAMESPACE();
namespace auralis::analysis::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

float AbsMax(const float* HWY_RESTRICT x, size_t n) {
  const hn::ScalableTag<float> d;
  const size_t lanes = hn::Lanes(d);
  auto peak = hn::Zero(d);
  size_t i = 0;
  for (; i + lanes <= n; i += lanes) peak = hn::Max(peak, hn::Abs(hn::LoadU(d, x + i)));
  float result = hn::GetLane(hn::MaxOfLanes(d, peak));
  for (; i < n; ++i) result = std::max(result, std::fabs(x[i]));
  return result;
}

// Vectorised over time: each lane is one input position, and every tap is a broadcast coefficient times an
// unaligned load, so one load feeds all four phases. The last, partial vector is masked rather than run
// through scalar code, so every output is computed by the same instructions wherever a call boundary falls.
float OversampledAbsMax(const float* HWY_RESTRICT x, size_t n) {
  const hn::ScalableTag<float> d;
  const size_t lanes = hn::Lanes(d);
  const float* HWY_RESTRICT base = x - true_peak_history;
  auto peak = hn::Zero(d);
  for (size_t i = 0; i < n; i += lanes) {
    auto y0 = hn::Zero(d);
    auto y1 = hn::Zero(d);
    auto y2 = hn::Zero(d);
    auto y3 = hn::Zero(d);
    for (size_t k = 0; k < true_peak_taps_per_phase; ++k) {
      const auto v = hn::LoadU(d, base + i + true_peak_history - k);
      y0 = hn::MulAdd(hn::Set(d, true_peak_taps[0][k]), v, y0);
      y1 = hn::MulAdd(hn::Set(d, true_peak_taps[1][k]), v, y1);
      y2 = hn::MulAdd(hn::Set(d, true_peak_taps[2][k]), v, y2);
      y3 = hn::MulAdd(hn::Set(d, true_peak_taps[3][k]), v, y3);
    }
    const auto largest = hn::Max(hn::Max(hn::Abs(y0), hn::Abs(y1)), hn::Max(hn::Abs(y2), hn::Abs(y3)));
    peak = hn::Max(peak, hn::IfThenElseZero(hn::FirstN(d, n - i), largest));
  }
  return hn::GetLane(hn::MaxOfLanes(d, peak));
}

}  // namespace auralis::analysis::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace auralis::analysis {

HWY_EXPORT(AbsMax);
HWY_EXPORT(OversampledAbsMax);

float abs_max(const float* x, std::size_t n) {
  return HWY_DYNAMIC_DISPATCH(AbsMax)(x, n);
}

double oversampled_abs_max(const float* x, std::size_t n) {
  const float fast = HWY_DYNAMIC_DISPATCH(OversampledAbsMax)(x, n);
  if (std::isfinite(fast)) return fast;
  // Finite samples near the float limit (3e38 is +769 dBFS) overshoot it between samples; in double the
  // interpolation cannot overflow, so hostile input gets a true peak as a number rather than infinity.
  double peak = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& phase : true_peak_taps) {
      double y = 0.0;
      for (std::size_t k = 0; k < true_peak_taps_per_phase; ++k) {
        y += static_cast<double>(phase[k]) *
             static_cast<double>(x[static_cast<std::ptrdiff_t>(i) - static_cast<std::ptrdiff_t>(k)]);
      }
      peak = std::max(peak, std::fabs(y));
    }
  }
  return peak;
}

}  // namespace auralis::analysis
#endif  // HWY_ONCE
