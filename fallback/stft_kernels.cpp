// SPDX-License-Identifier: MIT
// STFT analysis kernel per SIMD target (see stft_kernels.hpp), built from the FFT blocks in real_fft-inl.h.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fallback/stft_kernels.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "fallback/stft_kernels.hpp"
#include "fft/real_fft-inl.h"

#include <algorithm>

HWY_BEFORE_NAMESPACE();
namespace auralis::fallback::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
// The FFT's building blocks for this target (FftTag, ForwardLanes, ...; see real_fft-inl.h).
using namespace fft::HWY_NAMESPACE;

void AnalyzeFrames(const fft::RealFftTables& t, const float* const* frames, size_t count, const float* window,
                   const backend::BandWeightsView* layouts, size_t layout_count, float* const* band_out,
                   double* power_sum, float* HWY_RESTRICT work) {
  const FftTag d;
  const size_t L = hn::Lanes(d);
  const size_t m = t.size / 2;
  const WorkArrays arrays = SplitWorkspace(work, m);
  // Per-lane power sums over this call's frames, bins 0..m, after the four work arrays.
  float* HWY_RESTRICT power_acc = work + 4 * WorkArrayStride(m);
  std::fill(power_acc, power_acc + (m + 1) * L, 0.0f);
  HWY_ALIGN float nyquist_r[8], nyquist_i[8], lanes[8];
  for (size_t first = 0; first < count; first += L) {
    const size_t valid = std::min(L, count - first);
    PackFrames(frames + first, valid, m, window, arrays.a_r, arrays.a_i);
    float *xr, *xi;
    ForwardLanes(t, arrays.a_r, arrays.a_i, arrays.b_r, arrays.b_i, xr, xi, nyquist_r, nyquist_i);
    // The pair ForwardLanes did not return is free: power goes into its real array, bins 0..m.
    float* HWY_RESTRICT power = xr == arrays.a_r ? arrays.b_r : arrays.a_r;
    for (size_t k = 0; k < m; ++k) {
      const FftVec re = hn::LoadU(d, xr + k * L), im = hn::LoadU(d, xi + k * L);
      const FftVec p = hn::MulAdd(re, re, hn::Mul(im, im));
      hn::StoreU(p, d, power + k * L);
      hn::StoreU(hn::Add(hn::LoadU(d, power_acc + k * L), p), d, power_acc + k * L);
    }
    {
      const FftVec re = hn::LoadU(d, nyquist_r), im = hn::LoadU(d, nyquist_i);
      const FftVec p = hn::MulAdd(re, re, hn::Mul(im, im));
      hn::StoreU(p, d, power + m * L);
      hn::StoreU(hn::Add(hn::LoadU(d, power_acc + m * L), p), d, power_acc + m * L);
    }
    for (size_t l = 0; l < layout_count; ++l) {
      const backend::BandWeightsView& bw = layouts[l];
      float* out = band_out[l] + first * bw.bands;
      for (size_t b = 0; b < bw.bands; ++b) {
        const float* HWY_RESTRICT p = power + bw.first_bin[b] * L;
        const float* HWY_RESTRICT w = bw.weights + bw.offset[b];
        // Four independent accumulators: one chain would wait on FMA latency at every bin.
        const size_t bins_in_band = bw.bin_count[b];
        FftVec s0 = hn::Zero(d), s1 = hn::Zero(d), s2 = hn::Zero(d), s3 = hn::Zero(d);
        size_t i = 0;
        for (; i + 4 <= bins_in_band; i += 4) {
          s0 = hn::MulAdd(hn::Set(d, w[i]), hn::LoadU(d, p + i * L), s0);
          s1 = hn::MulAdd(hn::Set(d, w[i + 1]), hn::LoadU(d, p + (i + 1) * L), s1);
          s2 = hn::MulAdd(hn::Set(d, w[i + 2]), hn::LoadU(d, p + (i + 2) * L), s2);
          s3 = hn::MulAdd(hn::Set(d, w[i + 3]), hn::LoadU(d, p + (i + 3) * L), s3);
        }
        for (; i < bins_in_band; ++i) s0 = hn::MulAdd(hn::Set(d, w[i]), hn::LoadU(d, p + i * L), s0);
        hn::StoreU(hn::Add(hn::Add(s0, s1), hn::Add(s2, s3)), d, lanes);
        for (size_t j = 0; j < valid; ++j) out[j * bw.bands + b] = lanes[j];
      }
    }
  }
  for (size_t k = 0; k <= m; ++k) {
    double sum = 0.0;
    for (size_t j = 0; j < L; ++j) sum += static_cast<double>(power_acc[k * L + j]);
    power_sum[k] += sum;
  }
}

}  // namespace auralis::fallback::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace auralis::fallback {

HWY_EXPORT(AnalyzeFrames);

std::size_t stft_workspace_floats(const fft::RealFftPlan& plan) noexcept {
  constexpr std::size_t kMaxLanes = 8;  // FftTag's cap
  return plan.workspace_floats() + plan.bins() * kMaxLanes;
}

void analyze_frames(const fft::RealFftPlan& plan, const float* const* frames, std::size_t count,
                    const float* window, const backend::BandWeightsView* layouts, std::size_t layout_count,
                    float* const* band_out, double* power_sum, float* workspace) {
  HWY_DYNAMIC_DISPATCH(AnalyzeFrames)
  (plan.tables(), frames, count, window, layouts, layout_count, band_out, power_sum, workspace);
}

}  // namespace auralis::fallback
#endif  // HWY_ONCE
