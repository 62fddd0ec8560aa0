// SPDX-License-Identifier: MIT
// Batched real FFT (forward r2c, inverse c2r) for power-of-two sizes 64-65536: the core of the CPU backend's
// kernels, and the transform filter design uses.
#pragma once

#include <cstddef>
#include <vector>

namespace auralis::fft {

/// Floats between consecutive work arrays beyond their size (see WorkArrayStride in real_fft-inl.h).
inline constexpr std::size_t kWorkArraySkew = 64;

/// The tables one kernel call reads; a view into a RealFftPlan.
struct RealFftTables {
  std::size_t size;             ///< Real transform size N.
  const float* stage_twiddles;  ///< Per pass (radix 8, then 4), per butterfly p: w^(p r), r = 1..radix-1.
  const float* real_twiddles;   ///< e^{-2 pi i k / N} (re, im) for k = 0..N/2, to split/merge halves.
};

/// Plan for one size: twiddle tables computed once in double, immutable afterwards (safe to share between
/// threads). Transforms run several frames at once, one frame per SIMD lane, so butterflies need no shuffles;
/// frames are transposed into that layout on the way in and out.
class RealFftPlan {
 public:
  static constexpr std::size_t min_size = 64;
  static constexpr std::size_t max_size = 65536;

  /// Throws Error(invalid_argument) unless size is a power of two in [min_size, max_size].
  explicit RealFftPlan(std::size_t size);

  std::size_t size() const noexcept { return size_; }
  std::size_t bins() const noexcept { return size_ / 2 + 1; }
  /// Floats of scratch memory one call needs; each concurrent caller needs its own.
  std::size_t workspace_floats() const noexcept;

  /// Forward transforms of `batch` frames: frame b is in[b * in_stride + i], i < size (frames may overlap).
  /// Output: bins() complex values, interleaved (re, im), frame b at out[b * out_stride]. Unnormalised.
  void forward(const float* in, std::size_t in_stride, std::size_t batch, float* out, std::size_t out_stride,
               float* workspace) const;
  /// Inverse transforms of `batch` spectra laid out as forward's output; normalised by 1/size, so
  /// inverse(forward(x)) == x up to rounding.
  void inverse(const float* in, std::size_t in_stride, std::size_t batch, float* out, std::size_t out_stride,
               float* workspace) const;

  RealFftTables tables() const noexcept { return {size_, stage_twiddles_.data(), real_twiddles_.data()}; }

 private:
  std::size_t size_;
  std::vector<float> stage_twiddles_;
  std::vector<float> real_twiddles_;
};

}  // namespace auralis::fft
