// SPDX-License-Identifier: MIT
// RealFftPlan: twiddle tables, the per-target batch kernels built from real_fft-inl.h, and their dispatch.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fft/real_fft.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "fft/real_fft-inl.h"

#include <algorithm>

HWY_BEFORE_NAMESPACE();
namespace auralis::fft::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Points at frames first .. first + valid - 1 of a strided batch.
HWY_INLINE void StridedFrames(const float* base, size_t stride, size_t valid, const float** frames) {
  for (size_t j = 0; j < valid; ++j) frames[j] = base + j * stride;
}

void RealFftForward(const RealFftTables& t, const float* in, size_t in_stride, size_t batch, float* out,
                    size_t out_stride, float* HWY_RESTRICT work) {
  const size_t L = hn::Lanes(FftTag());
  const size_t m = t.size / 2;
  const WorkArrays arrays = SplitWorkspace(work, m);
  HWY_ALIGN float nyquist_r[8], nyquist_i[8];
  const float* frames[8];
  float* outputs[8];
  for (size_t first = 0; first < batch; first += L) {
    const size_t valid = std::min(L, batch - first);
    StridedFrames(in + first * in_stride, in_stride, valid, frames);
    PackFrames(frames, valid, m, nullptr, arrays.a_r, arrays.a_i);
    float *xr, *xi;
    ForwardLanes(t, arrays.a_r, arrays.a_i, arrays.b_r, arrays.b_i, xr, xi, nyquist_r, nyquist_i);
    float* frame_out = out + first * out_stride;
    for (size_t j = 0; j < valid; ++j) outputs[j] = frame_out + j * out_stride;
    UnpackFrames(xr, xi, false, 0, m, valid, outputs);
    for (size_t j = 0; j < valid; ++j) {
      outputs[j][2 * m] = nyquist_r[j];
      outputs[j][2 * m + 1] = nyquist_i[j];
    }
  }
}

void RealFftInverse(const RealFftTables& t, const float* in, size_t in_stride, size_t batch, float* out,
                    size_t out_stride, float* HWY_RESTRICT work) {
  const size_t L = hn::Lanes(FftTag());
  const size_t m = t.size / 2;
  const WorkArrays arrays = SplitWorkspace(work, m);
  HWY_ALIGN float nyquist_r[8] = {}, nyquist_i[8] = {};
  const float* frames[8];
  float* outputs[8];
  for (size_t first = 0; first < batch; first += L) {
    const size_t valid = std::min(L, batch - first);
    const float* frame_in = in + first * in_stride;
    StridedFrames(frame_in, in_stride, valid, frames);
    PackFrames(frames, valid, m, nullptr, arrays.a_r, arrays.a_i);
    for (size_t j = 0; j < valid; ++j) {
      nyquist_r[j] = frames[j][2 * m];
      nyquist_i[j] = frames[j][2 * m + 1];
    }
    const float *fr, *fi;
    InverseLanes(t, arrays.a_r, arrays.a_i, nyquist_r, nyquist_i, arrays.b_r, arrays.b_i, fr, fi);
    for (size_t j = 0; j < valid; ++j) outputs[j] = out + (first + j) * out_stride;
    UnpackFrames(fr, fi, true, 0, m, valid, outputs);
  }
}

}  // namespace auralis::fft::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <auralis/error.hpp>

#include <bit>
#include <cmath>
#include <numbers>
#include <string>

namespace auralis::fft {

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
  // One table per pass, in ComplexFftLanes' order: radix-8 passes, then at most one radix-4 pass.
  for (std::size_t len = size / 2; len >= 4; len /= (len >= 8 ? 8 : 4)) {
    const std::size_t radix = len >= 8 ? 8 : 4;
    for (std::size_t p = 0; p < len / radix; ++p) {
      for (std::size_t r = 1; r < radix; ++r) {
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

}  // namespace auralis::fft
#endif  // HWY_ONCE
