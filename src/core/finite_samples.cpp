// SPDX-License-Identifier: MIT
// Highway kernel for count_non_finite, compiled once per SIMD target and dispatched at run time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "core/finite_samples.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "core/finite_samples.hpp"

#include <cmath>

HWY_BEFORE_NAMESPACE();
namespace auralis::core::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

size_t CountNonFinite(const float* HWY_RESTRICT x, size_t n) {
  const hn::ScalableTag<float> d;
  const size_t lanes = hn::Lanes(d);
  size_t count = 0;
  size_t i = 0;
  for (; i + lanes <= n; i += lanes) count += hn::CountTrue(d, hn::Not(hn::IsFinite(hn::LoadU(d, x + i))));
  for (; i < n; ++i) count += std::isfinite(x[i]) ? 0 : 1;
  return count;
}

}  // namespace auralis::core::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace auralis::core {

HWY_EXPORT(CountNonFinite);

std::size_t count_non_finite(const float* x, std::size_t n) {
  return HWY_DYNAMIC_DISPATCH(CountNonFinite)(x, n);
}

}  // namespace auralis::core
#endif  // HWY_ONCE
