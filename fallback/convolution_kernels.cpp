// SPDX-License-Identifier: MIT
// Overlap-save kernel per SIMD target (see convolution_kernels.hpp), built from real_fft-inl.h.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fallback/convolution_kernels.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "fallback/convolution_kernels.hpp"
#include "fft/real_fft-inl.h"

#include <algorithm>

HWY_BEFORE_NAMESPACE();
namespace auralis::fallback::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
// The FFT's building blocks for this target (FftTag, ForwardLanes, ...; see real_fft-inl.h).
using namespace fft::HWY_NAMESPACE;

// acc (+)= x * h for every lane: x in lane layout, h one complex scalar per bin shared by all lanes.
HWY_INLINE void MultiplySpectrum(size_t bins, const float* HWY_RESTRICT xr, const float* HWY_RESTRICT xi,
                                 const float* HWY_RESTRICT hr, const float* HWY_RESTRICT hi, bool accumulate,
                                 float* HWY_RESTRICT acc_r, float* HWY_RESTRICT acc_i) {
  const FftTag d;
  const size_t L = hn::Lanes(d);
  for (size_t k = 0; k < bins; ++k) {
    const FftVec a_r = hn::LoadU(d, xr + k * L), a_i = hn::LoadU(d, xi + k * L);
    const FftVec w_r = hn::Set(d, hr[k]), w_i = hn::Set(d, hi[k]);
    FftVec re = hn::MulSub(a_r, w_r, hn::Mul(a_i, w_i));
    FftVec im = hn::MulAdd(a_r, w_i, hn::Mul(a_i, w_r));
    if (accumulate) {
      re = hn::Add(hn::LoadU(d, acc_r + k * L), re);
      im = hn::Add(hn::LoadU(d, acc_i + k * L), im);
    }
    hn::StoreU(re, d, acc_r + k * L);
    hn::StoreU(im, d, acc_i + k * L);
  }
}

void ConvolveBlocks(const fft::RealFftTables& t, const float* const* frames, size_t count, size_t partitions,
                    const float* spectra, size_t keep_begin, float* const* outputs,
                    float* HWY_RESTRICT work) {
  const FftTag d;
  const size_t L = hn::Lanes(d);
  const size_t m = t.size / 2;
  const size_t bins = m + 1;
  const WorkArrays arrays = SplitWorkspace(work, m);
  // The product's split-complex pair, bins 0..m, after the four FFT work arrays.
  const size_t stride = WorkArrayStride(m);
  float* const yr = work + 4 * stride;
  float* const yi = work + 5 * stride;
  HWY_ALIGN float nyquist_r[8] = {}, nyquist_i[8] = {}, product_nyquist_r[8] = {}, product_nyquist_i[8] = {};
  for (size_t first = 0; first < count; first += L) {
    const size_t valid = std::min(L, count - first);
    for (size_t p = 0; p < partitions; ++p) {
      PackFrames(frames + p * count + first, valid, m, nullptr, arrays.a_r, arrays.a_i);
      float *xr, *xi;
      ForwardLanes(t, arrays.a_r, arrays.a_i, arrays.b_r, arrays.b_i, xr, xi, nyquist_r, nyquist_i);
      const float* hr = spectra + p * 2 * bins;
      const float* hi = hr + bins;
      const bool accumulate = p != 0;
      MultiplySpectrum(m, xr, xi, hr, hi, accumulate, yr, yi);
      MultiplySpectrum(1, nyquist_r, nyquist_i, hr + m, hi + m, accumulate, product_nyquist_r,
                       product_nyquist_i);
    }
    const float *fr, *fi;
    InverseLanes(t, yr, yi, product_nyquist_r, product_nyquist_i, arrays.a_r, arrays.a_i, fr, fi);
    UnpackFrames(fr, fi, true, keep_begin / 2, m, valid, outputs + first);
  }
}

}  // namespace auralis::fallback::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace auralis::fallback {

HWY_EXPORT(ConvolveBlocks);

std::size_t convolution_workspace_floats(const fft::RealFftPlan& plan) noexcept {
  // Four FFT work arrays plus the product pair, each one work-array stride apart.
  return plan.workspace_floats() / 4 * 6;
}

void convolve_blocks(const fft::RealFftPlan& plan, const float* const* frames, std::size_t count,
                     std::size_t partitions, const float* spectra, std::size_t keep_begin,
                     float* const* outputs, float* workspace) {
  HWY_DYNAMIC_DISPATCH(ConvolveBlocks)
  (plan.tables(), frames, count, partitions, spectra, keep_begin, outputs, workspace);
}

}  // namespace auralis::fallback
#endif  // HWY_ONCE
