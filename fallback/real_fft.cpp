// RealFftPlan: twiddle tables and run-time dispatch of the per-target kernels in real_fft-inl.h.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fallback/real_fft.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "fallback/real_fft-inl.h"

#if HWY_ONCE
#include <auralis/error.hpp>

#include <bit>
#include <cmath>
#include <numbers>
#include <string>

namespace auralis::fallback {

HWY_EXPORT(RealFftForward);
HWY_EXPORT(RealFftInverse);

namespace {
// The kernels process up to this many frames per group (FftTag's cap).
constexpr std::size_t kMaxLanes = 8;
}  // namespace

RealFftPlan::RealFftPlan(std::size_t size) : size_(size) {
  if (size < min_size || size > max_size || !std::has_single_bit(size)) {
    throw Error(ErrorCode::invalid_argument,
                "FFT size " + std::to_string(size) + " is not a power of two between 64 and 65536");
  }
  // Twiddles in double, rounded once: float accumulation of angles would cost accuracy at large sizes.
  const auto push = [](std::vector<float>& table, double angle) {
    table.push_back(static_cast<float>(std::cos(angle)));
    table.push_back(static_cast<float>(std::sin(angle)));
  };
  for (std::size_t len = size / 2; len >= 4; len /= 4) {
    for (std::size_t p = 0; p < len / 4; ++p) {
      for (std::size_t r = 1; r <= 3; ++r) {
        push(stage_twiddles_,
             -2.0 * std::numbers::pi * static_cast<double>(p * r) / static_cast<double>(len));
      }
    }
  }
  for (std::size_t k = 0; k <= size / 2; ++k) {
    push(real_twiddles_, -2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(size));
  }
}

std::size_t RealFftPlan::workspace_floats() const noexcept {
  return 4 * ((size_ / 2) * kMaxLanes + kWorkArraySkew);
}

void RealFftPlan::forward(const float* in, std::size_t in_stride, std::size_t batch, float* out,
                          std::size_t out_stride, float* workspace) const {
  HWY_DYNAMIC_DISPATCH(RealFftForward)(tables(), in, in_stride, batch, out, out_stride, workspace);
}

void RealFftPlan::inverse(const float* in, std::size_t in_stride, std::size_t batch, float* out,
                          std::size_t out_stride, float* workspace) const {
  HWY_DYNAMIC_DISPATCH(RealFftInverse)(tables(), in, in_stride, batch, out, out_stride, workspace);
}

}  // namespace auralis::fallback
#endif  // HWY_ONCE
