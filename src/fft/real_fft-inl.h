// SPDX-License-Identifier: MIT
// Building blocks of the batched real FFT, included once per SIMD target by each kernel file (real_fft.cpp,
// stft_kernels.cpp, convolution_kernels.cpp); every function here is inline.
// Layout inside a kernel: split complex, element k of lane j at re[k * L + j], im[k * L + j].

// Per-target include guard (Highway's toggle idiom): this file is re-included for every target.
#if defined(AURALIS_FFT_REAL_FFT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef AURALIS_FFT_REAL_FFT_INL_H_
#undef AURALIS_FFT_REAL_FFT_INL_H_
#else
#define AURALIS_FFT_REAL_FFT_INL_H_
#endif

#include <hwy/highway.h>

#include "fft/real_fft.hpp"

HWY_BEFORE_NAMESPACE();
namespace auralis::fft::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// At most 8 frames per group: measured faster than 16 (the working set of a group stays in L2) and the
// transposes below need only 128-bit-block shuffles and half swaps.
using FftTag = hn::CappedTag<float, 8>;
using FftVec = hn::Vec<FftTag>;

// Transposes the L x L tile held in rows[0..L) (L = Lanes(FftTag): 1, 2, 4 or 8) in registers.
// The scalar target has one lane (nothing to transpose) and none of these shuffles.
template <class D>
HWY_INLINE void TransposeTile(D d, hn::Vec<D>* rows) {
#if HWY_TARGET == HWY_SCALAR
  (void)d, (void)rows;
#else
  using V = hn::Vec<D>;
  constexpr size_t kLanes = hn::MaxLanes(D());
  if constexpr (kLanes == 2) {
    const V lo = hn::InterleaveLower(d, rows[0], rows[1]);
    rows[1] = hn::InterleaveUpper(d, rows[0], rows[1]);
    rows[0] = lo;
  } else if constexpr (kLanes >= 4) {
    const hn::Repartition<double, D> dd;
    for (size_t g = 0; g < kLanes; g += 4) {
      const V t0 = hn::InterleaveLower(d, rows[g], rows[g + 1]);
      const V t1 = hn::InterleaveUpper(d, rows[g], rows[g + 1]);
      const V t2 = hn::InterleaveLower(d, rows[g + 2], rows[g + 3]);
      const V t3 = hn::InterleaveUpper(d, rows[g + 2], rows[g + 3]);
      rows[g] = hn::BitCast(d, hn::InterleaveLower(dd, hn::BitCast(dd, t0), hn::BitCast(dd, t2)));
      rows[g + 1] = hn::BitCast(d, hn::InterleaveUpper(dd, hn::BitCast(dd, t0), hn::BitCast(dd, t2)));
      rows[g + 2] = hn::BitCast(d, hn::InterleaveLower(dd, hn::BitCast(dd, t1), hn::BitCast(dd, t3)));
      rows[g + 3] = hn::BitCast(d, hn::InterleaveUpper(dd, hn::BitCast(dd, t1), hn::BitCast(dd, t3)));
    }
    if constexpr (kLanes == 8) {
      for (size_t j = 0; j < 4; ++j) {
        const V lo = rows[j];
        rows[j] = hn::ConcatLowerLower(d, rows[j + 4], lo);
        rows[j + 4] = hn::ConcatUpperUpper(d, rows[j + 4], lo);
      }
    }
  }
#endif
}

// Distance between the four work arrays. Power-of-two distances would put the same element of every array in
// one cache set (measured: 4096-point transforms ran 40 % slower); a 64-float skew spreads them.
HWY_INLINE size_t WorkArrayStride(size_t m) {
  return m * hn::Lanes(FftTag()) + kWorkArraySkew;
}

HWY_INLINE void ComplexMul(FftVec ar, FftVec ai, const float* w, FftVec& out_re, FftVec& out_im) {
  const FftTag d;
  const FftVec wr = hn::Set(d, w[0]), wi = hn::Set(d, w[1]);
  out_re = hn::MulSub(ar, wr, hn::Mul(ai, wi));
  out_im = hn::MulAdd(ar, wi, hn::Mul(ai, wr));
}

// 4-point DFT of (x0, x1, x2, x3) in place: y0 = t0 + t2, y1 = t1 - i t3, y2 = t0 - t2, y3 = t1 + i t3.
HWY_INLINE void Dft4(FftVec& r0, FftVec& i0, FftVec& r1, FftVec& i1, FftVec& r2, FftVec& i2, FftVec& r3,
                     FftVec& i3) {
  const FftVec t0r = hn::Add(r0, r2), t0i = hn::Add(i0, i2);
  const FftVec t1r = hn::Sub(r0, r2), t1i = hn::Sub(i0, i2);
  const FftVec t2r = hn::Add(r1, r3), t2i = hn::Add(i1, i3);
  const FftVec t3r = hn::Sub(r1, r3), t3i = hn::Sub(i1, i3);
  r0 = hn::Add(t0r, t2r), i0 = hn::Add(t0i, t2i);
  r2 = hn::Sub(t0r, t2r), i2 = hn::Sub(t0i, t2i);
  r1 = hn::Add(t1r, t3i), i1 = hn::Sub(t1i, t3r);
  r3 = hn::Sub(t1r, t3i), i3 = hn::Add(t1i, t3r);
}

// One radix-8 Stockham pass over sub-transforms of length n (stride s): 8-point DFTs of elements
// (q + s p) + k s n/8, k < 8, each output r times w^(p r), w = e^(-2 pi i / n), written to (q + 8 s p) + r s.
// The 8-point DFT is two 4-point DFTs (even and odd inputs) joined by the eighth roots of unity.
HWY_INLINE void Radix8Pass(size_t n, size_t s, const float* HWY_RESTRICT twiddles,
                           const float* HWY_RESTRICT ar, const float* HWY_RESTRICT ai, float* HWY_RESTRICT br,
                           float* HWY_RESTRICT bi) {
  const FftTag d;
  const size_t L = hn::Lanes(d);
  const size_t eighth = n / 8;
  const FftVec sqrt_half = hn::Set(d, 0.70710678118654752f);
  for (size_t p = 0; p < eighth; ++p) {
    const float* w = twiddles + 14 * p;
    for (size_t q = 0; q < s; ++q) {
      const size_t i0 = (q + s * p) * L, step = s * eighth * L;
      FftVec e0r = hn::LoadU(d, ar + i0), e0i = hn::LoadU(d, ai + i0);
      FftVec o0r = hn::LoadU(d, ar + i0 + step), o0i = hn::LoadU(d, ai + i0 + step);
      FftVec e1r = hn::LoadU(d, ar + i0 + 2 * step), e1i = hn::LoadU(d, ai + i0 + 2 * step);
      FftVec o1r = hn::LoadU(d, ar + i0 + 3 * step), o1i = hn::LoadU(d, ai + i0 + 3 * step);
      FftVec e2r = hn::LoadU(d, ar + i0 + 4 * step), e2i = hn::LoadU(d, ai + i0 + 4 * step);
      FftVec o2r = hn::LoadU(d, ar + i0 + 5 * step), o2i = hn::LoadU(d, ai + i0 + 5 * step);
      FftVec e3r = hn::LoadU(d, ar + i0 + 6 * step), e3i = hn::LoadU(d, ai + i0 + 6 * step);
      FftVec o3r = hn::LoadU(d, ar + i0 + 7 * step), o3i = hn::LoadU(d, ai + i0 + 7 * step);
      Dft4(e0r, e0i, e1r, e1i, e2r, e2i, e3r, e3i);
      Dft4(o0r, o0i, o1r, o1i, o2r, o2i, o3r, o3i);
      // Odd half times e^(-i pi r / 4), r = 1, 2, 3.
      const FftVec w1r = hn::Mul(sqrt_half, hn::Add(o1r, o1i));
      const FftVec w1i = hn::Mul(sqrt_half, hn::Sub(o1i, o1r));
      const FftVec w2r = o2i, w2i = hn::Neg(o2r);
      const FftVec w3r = hn::Mul(sqrt_half, hn::Sub(o3i, o3r));
      const FftVec w3i = hn::Neg(hn::Mul(sqrt_half, hn::Add(o3r, o3i)));
      const size_t o = (q + s * 8 * p) * L, ostep = s * L;
      FftVec t_r, t_i;
      hn::StoreU(hn::Add(e0r, o0r), d, br + o);
      hn::StoreU(hn::Add(e0i, o0i), d, bi + o);
      ComplexMul(hn::Add(e1r, w1r), hn::Add(e1i, w1i), w, t_r, t_i);
      hn::StoreU(t_r, d, br + o + ostep);
      hn::StoreU(t_i, d, bi + o + ostep);
      ComplexMul(hn::Add(e2r, w2r), hn::Add(e2i, w2i), w + 2, t_r, t_i);
      hn::StoreU(t_r, d, br + o + 2 * ostep);
      hn::StoreU(t_i, d, bi + o + 2 * ostep);
      ComplexMul(hn::Add(e3r, w3r), hn::Add(e3i, w3i), w + 4, t_r, t_i);
      hn::StoreU(t_r, d, br + o + 3 * ostep);
      hn::StoreU(t_i, d, bi + o + 3 * ostep);
      ComplexMul(hn::Sub(e0r, o0r), hn::Sub(e0i, o0i), w + 6, t_r, t_i);
      hn::StoreU(t_r, d, br + o + 4 * ostep);
      hn::StoreU(t_i, d, bi + o + 4 * ostep);
      ComplexMul(hn::Sub(e1r, w1r), hn::Sub(e1i, w1i), w + 8, t_r, t_i);
      hn::StoreU(t_r, d, br + o + 5 * ostep);
      hn::StoreU(t_i, d, bi + o + 5 * ostep);
      ComplexMul(hn::Sub(e2r, w2r), hn::Sub(e2i, w2i), w + 10, t_r, t_i);
      hn::StoreU(t_r, d, br + o + 6 * ostep);
      hn::StoreU(t_i, d, bi + o + 6 * ostep);
      ComplexMul(hn::Sub(e3r, w3r), hn::Sub(e3i, w3i), w + 12, t_r, t_i);
      hn::StoreU(t_r, d, br + o + 7 * ostep);
      hn::StoreU(t_i, d, bi + o + 7 * ostep);
    }
  }
}

// Complex FFT of size m (a power of two >= 2) on L frames at once: Stockham autosort, radix-8 passes while
// 8 divides what is left, then at most one radix-4 or radix-2 pass; ping-pongs between (xr, xi) and
// (yr, yi). Fewer passes matter most: each pass streams the whole group through L2. Returns true when the
// result ends in (xr, xi). Twiddles are scalars broadcast to all lanes: every lane runs the same transform.
HWY_INLINE bool ComplexFftLanes(size_t m, const float* HWY_RESTRICT twiddles, float* xr, float* xi, float* yr,
                                float* yi) {
  const FftTag d;
  const size_t L = hn::Lanes(d);
  size_t n = m;
  size_t s = 1;
  bool in_x = true;
  while (n >= 8) {
    Radix8Pass(n, s, twiddles, in_x ? xr : yr, in_x ? xi : yi, in_x ? yr : xr, in_x ? yi : xi);
    twiddles += 14 * (n / 8);
    n /= 8;
    s *= 8;
    in_x = !in_x;
  }
  while (n >= 4) {
    const size_t quarter = n / 4;
    const float* HWY_RESTRICT ar = in_x ? xr : yr;
    const float* HWY_RESTRICT ai = in_x ? xi : yi;
    float* HWY_RESTRICT br = in_x ? yr : xr;
    float* HWY_RESTRICT bi = in_x ? yi : xi;
    for (size_t p = 0; p < quarter; ++p) {
      const float* w = twiddles + 6 * p;
      for (size_t q = 0; q < s; ++q) {
        const size_t i0 = (q + s * p) * L, step = s * quarter * L;
        const FftVec a_r = hn::LoadU(d, ar + i0), a_i = hn::LoadU(d, ai + i0);
        const FftVec b_r = hn::LoadU(d, ar + i0 + step), b_i = hn::LoadU(d, ai + i0 + step);
        const FftVec c_r = hn::LoadU(d, ar + i0 + 2 * step), c_i = hn::LoadU(d, ai + i0 + 2 * step);
        const FftVec d_r = hn::LoadU(d, ar + i0 + 3 * step), d_i = hn::LoadU(d, ai + i0 + 3 * step);
        const FftVec apc_r = hn::Add(a_r, c_r), apc_i = hn::Add(a_i, c_i);
        const FftVec amc_r = hn::Sub(a_r, c_r), amc_i = hn::Sub(a_i, c_i);
        const FftVec bpd_r = hn::Add(b_r, d_r), bpd_i = hn::Add(b_i, d_i);
        const FftVec bmd_r = hn::Sub(b_r, d_r), bmd_i = hn::Sub(b_i, d_i);
        const size_t o0 = (q + s * 4 * p) * L, ostep = s * L;
        hn::StoreU(hn::Add(apc_r, bpd_r), d, br + o0);
        hn::StoreU(hn::Add(apc_i, bpd_i), d, bi + o0);
        FftVec t_r, t_i;
        // (a - c) - i (b - d), (a + c) - (b + d), (a - c) + i (b - d), each times its twiddle.
        ComplexMul(hn::Add(amc_r, bmd_i), hn::Sub(amc_i, bmd_r), w, t_r, t_i);
        hn::StoreU(t_r, d, br + o0 + ostep);
        hn::StoreU(t_i, d, bi + o0 + ostep);
        ComplexMul(hn::Sub(apc_r, bpd_r), hn::Sub(apc_i, bpd_i), w + 2, t_r, t_i);
        hn::StoreU(t_r, d, br + o0 + 2 * ostep);
        hn::StoreU(t_i, d, bi + o0 + 2 * ostep);
        ComplexMul(hn::Sub(amc_r, bmd_i), hn::Add(amc_i, bmd_r), w + 4, t_r, t_i);
        hn::StoreU(t_r, d, br + o0 + 3 * ostep);
        hn::StoreU(t_i, d, bi + o0 + 3 * ostep);
      }
    }
    twiddles += 6 * quarter;
    n = quarter;
    s *= 4;
    in_x = !in_x;
  }
  if (n == 2) {
    const float* HWY_RESTRICT ar = in_x ? xr : yr;
    const float* HWY_RESTRICT ai = in_x ? xi : yi;
    float* HWY_RESTRICT br = in_x ? yr : xr;
    float* HWY_RESTRICT bi = in_x ? yi : xi;
    for (size_t q = 0; q < s; ++q) {
      const FftVec a_r = hn::LoadU(d, ar + q * L), a_i = hn::LoadU(d, ai + q * L);
      const FftVec b_r = hn::LoadU(d, ar + (q + s) * L), b_i = hn::LoadU(d, ai + (q + s) * L);
      hn::StoreU(hn::Add(a_r, b_r), d, br + q * L);
      hn::StoreU(hn::Add(a_i, b_i), d, bi + q * L);
      hn::StoreU(hn::Sub(a_r, b_r), d, br + (q + s) * L);
      hn::StoreU(hn::Sub(a_i, b_i), d, bi + (q + s) * L);
    }
    in_x = !in_x;
  }
  return in_x;
}

// Forward real FFT of L frames already packed as z[k] = x[2k] + i x[2k+1] in (zr, zi); (tr, ti) is scratch.
// Writes X[k] for k < m into whichever pair is free and returns it in (out_r, out_i); X[m] goes to nyquist_*.
HWY_INLINE void ForwardLanes(const RealFftTables& t, float* zr, float* zi, float* tr, float* ti,
                             float*& out_r, float*& out_i, float* HWY_RESTRICT nyquist_r,
                             float* HWY_RESTRICT nyquist_i) {
  const FftTag d;
  const size_t L = hn::Lanes(d);
  const size_t m = t.size / 2;
  const bool in_z = ComplexFftLanes(m, t.stage_twiddles, zr, zi, tr, ti);
  const float* HWY_RESTRICT fr = in_z ? zr : tr;
  const float* HWY_RESTRICT fi = in_z ? zi : ti;
  out_r = in_z ? tr : zr;
  out_i = in_z ? ti : zi;
  const FftVec half = hn::Set(d, 0.5f);
  // X[k] = E + w^k O and X[m-k] = conj(E - w^k O), with E = (Z[k] + conj Z[m-k]) / 2 and
  // O = (Z[k] - conj Z[m-k]) / 2i: the even and odd samples' spectra.
  for (size_t k = 0; k <= m / 2; ++k) {
    const size_t mirror = (m - k) % m;
    const FftVec zr_k = hn::LoadU(d, fr + k * L), zi_k = hn::LoadU(d, fi + k * L);
    const FftVec cr = hn::LoadU(d, fr + mirror * L), ci = hn::Neg(hn::LoadU(d, fi + mirror * L));
    const FftVec er = hn::Mul(half, hn::Add(zr_k, cr)), ei = hn::Mul(half, hn::Add(zi_k, ci));
    const FftVec o_r = hn::Mul(half, hn::Sub(zi_k, ci)), o_i = hn::Mul(half, hn::Sub(cr, zr_k));
    FftVec wr, wi;
    ComplexMul(o_r, o_i, t.real_twiddles + 2 * k, wr, wi);
    hn::StoreU(hn::Add(er, wr), d, out_r + k * L);
    hn::StoreU(hn::Add(ei, wi), d, out_i + k * L);
    const size_t upper = m - k;
    float* HWY_RESTRICT ur = upper == m ? nyquist_r : out_r + upper * L;
    float* HWY_RESTRICT ui = upper == m ? nyquist_i : out_i + upper * L;
    hn::StoreU(hn::Sub(er, wr), d, ur);
    hn::StoreU(hn::Sub(wi, ei), d, ui);
  }
}

// Loads L frames (rows at or beyond `valid` read as zero), multiplies them by `window` when it is not null,
// and packs them into split-complex lane layout.
HWY_INLINE void PackFrames(const float* const* frames, size_t valid, size_t m, const float* window,
                           float* HWY_RESTRICT zr, float* HWY_RESTRICT zi) {
  const FftTag d;
  const size_t L = hn::Lanes(d);
  FftVec re[8], im[8];
  for (size_t k0 = 0; k0 < m; k0 += L) {
    for (size_t j = 0; j < L; ++j) {
      if (j < valid) {
        hn::LoadInterleaved2(d, frames[j] + 2 * k0, re[j], im[j]);
      } else {
        re[j] = im[j] = hn::Zero(d);
      }
    }
    if (window != nullptr) {
      FftVec w_re, w_im;
      hn::LoadInterleaved2(d, window + 2 * k0, w_re, w_im);
      for (size_t j = 0; j < L; ++j) {
        re[j] = hn::Mul(re[j], w_re);
        im[j] = hn::Mul(im[j], w_im);
      }
    }
    TransposeTile(d, re);
    TransposeTile(d, im);
    for (size_t c = 0; c < L; ++c) {
      hn::StoreU(re[c], d, zr + (k0 + c) * L);
      hn::StoreU(im[c], d, zi + (k0 + c) * L);
    }
  }
}

// The four split-complex work arrays of one frame group, carved from the caller's workspace.
struct WorkArrays {
  float *a_r, *a_i, *b_r, *b_i;
};

HWY_INLINE WorkArrays SplitWorkspace(float* work, size_t m) {
  const size_t stride = WorkArrayStride(m);
  return {work, work + stride, work + 2 * stride, work + 3 * stride};
}

// Transposes complex elements [k_begin, k_end) of L lane-layout frames (k_begin a multiple of L) back into
// `valid` frames of interleaved complex values: element k of frame j goes to out[j] + 2 (k - k_begin).
// Negates the imaginary parts when asked (the inverse transform's final conjugation).
HWY_INLINE void UnpackFrames(const float* HWY_RESTRICT fr, const float* HWY_RESTRICT fi, bool negate_imag,
                             size_t k_begin, size_t k_end, size_t valid, float* const* out) {
  const FftTag d;
  const size_t L = hn::Lanes(d);
  FftVec re[8], im[8];
  for (size_t k0 = k_begin; k0 < k_end; k0 += L) {
    for (size_t c = 0; c < L; ++c) {
      re[c] = hn::LoadU(d, fr + (k0 + c) * L);
      im[c] = hn::LoadU(d, fi + (k0 + c) * L);
      if (negate_imag) im[c] = hn::Neg(im[c]);
    }
    TransposeTile(d, re);
    TransposeTile(d, im);
    for (size_t j = 0; j < valid; ++j) hn::StoreInterleaved2(re[j], im[j], d, out[j] + 2 * (k0 - k_begin));
  }
}

// Inverse real FFT of L spectra in lane layout: X[k], k < m, in (xr, xi) and X[m] in nyquist_*. Uses
// (zr, zi) as the other work pair; returns the array pair holding the result, in lane layout as complex
// values z[k] = x[2k] + i x[2k+1] still to be conjugated (UnpackFrames with negate_imag does that).
// Normalised by 1/N. Overwrites both pairs.
HWY_INLINE void InverseLanes(const RealFftTables& t, float* xr, float* xi,
                             const float* HWY_RESTRICT nyquist_r, const float* HWY_RESTRICT nyquist_i,
                             float* zr, float* zi, const float*& result_r, const float*& result_i) {
  const FftTag d;
  const size_t L = hn::Lanes(d);
  const size_t m = t.size / 2;
  const FftVec half = hn::Set(d, 0.5f);
  const FftVec scale = hn::Set(d, 1.0f / static_cast<float>(m));
  // Z[k] = E + i O with E = (X[k] + conj X[m-k]) / 2 and O = w^-k (X[k] - conj X[m-k]) / 2; the inverse
  // complex FFT is conj(FFT(conj(Z))) / m, so conj(Z) / m is formed here and conj taken on the way out.
  for (size_t k = 0; k <= m / 2; ++k) {
    const size_t upper = m - k;
    const FftVec a_r = hn::LoadU(d, xr + k * L), a_i = hn::LoadU(d, xi + k * L);
    const FftVec b_r = hn::LoadU(d, upper == m ? nyquist_r : xr + upper * L);
    const FftVec b_i = hn::Neg(hn::LoadU(d, upper == m ? nyquist_i : xi + upper * L));
    const FftVec er = hn::Mul(half, hn::Add(a_r, b_r)), ei = hn::Mul(half, hn::Add(a_i, b_i));
    const FftVec dr = hn::Mul(half, hn::Sub(a_r, b_r)), di = hn::Mul(half, hn::Sub(a_i, b_i));
    // O = conj(w^k) * D.
    const float* w = t.real_twiddles + 2 * k;
    const float conj_w[2] = {w[0], -w[1]};
    FftVec o_r, o_i;
    ComplexMul(dr, di, conj_w, o_r, o_i);
    // conj(Z[k]) = conj(E + iO) = (er - o_i) - i (ei + o_r); conj(Z[m-k]) pairs E* and O* likewise.
    hn::StoreU(hn::Mul(scale, hn::Sub(er, o_i)), d, zr + k * L);
    hn::StoreU(hn::Neg(hn::Mul(scale, hn::Add(ei, o_r))), d, zi + k * L);
    if (k != 0 && upper != k) {
      hn::StoreU(hn::Mul(scale, hn::Add(er, o_i)), d, zr + upper * L);
      hn::StoreU(hn::Mul(scale, hn::Sub(ei, o_r)), d, zi + upper * L);
    }
  }
  const bool in_z = ComplexFftLanes(m, t.stage_twiddles, zr, zi, xr, xi);
  result_r = in_z ? zr : xr;
  result_i = in_z ? zi : xi;
}

}  // namespace auralis::fft::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // AURALIS_FFT_REAL_FFT_INL_H_
