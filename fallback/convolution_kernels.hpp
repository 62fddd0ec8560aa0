// SPDX-License-Identifier: MIT
// Per-target overlap-save kernel: forward FFT of input frames, complex multiply(-accumulate) by filter
// spectra and inverse FFT, all in the FFT's lane layout, then only the kept samples leave it.
#pragma once

#include "fft/real_fft.hpp"

#include <cstddef>

namespace auralis::fallback {

/// Floats of scratch memory convolve_blocks needs with this plan; each concurrent caller needs its own.
std::size_t convolution_workspace_floats(const fft::RealFftPlan& plan) noexcept;

/// Floats of one partition's spectrum as convolve_blocks reads it: real parts of bins 0..N/2, then
/// imaginary parts, each pre-scaled by nothing (the inverse transform is normalised).
inline std::size_t partition_spectrum_floats(const fft::RealFftPlan& plan) noexcept {
  return 2 * plan.bins();
}

/// Computes `count` output blocks. Block i sums, over partitions p < partitions, the circular convolution
/// of the frame frames[p * count + i] (fft_size samples) with partition p's spectrum (spectra +
/// p * partition_spectrum_floats), and writes samples [keep_begin, fft_size) of the result to outputs[i].
/// keep_begin must be a multiple of 16.
void convolve_blocks(const fft::RealFftPlan& plan, const float* const* frames, std::size_t count,
                     std::size_t partitions, const float* spectra, std::size_t keep_begin,
                     float* const* outputs, float* workspace);

}  // namespace auralis::fallback
