// SPDX-License-Identifier: MIT
// How an FIR is cut up for overlap-save: FFT size, samples kept per block, and partitions.
#pragma once

#include <cstddef>

namespace auralis::fallback {

/// Block j of the output (samples [j * block, (j + 1) * block)) is the sum over partitions p of frame
/// (j - p) convolved with taps [p * partition, (p + 1) * partition), keeping fft_size - keep_begin samples.
struct OverlapSaveShape {
  std::size_t fft_size;
  std::size_t keep_begin;  ///< First valid sample of a circular block: >= partition - 1, a multiple of 16.
  std::size_t block;       ///< Output samples per block: fft_size - keep_begin.
  std::size_t partition;   ///< Taps per partition.
  std::size_t partitions;
};

/// Filters up to 32768 taps use one partition and an FFT about four times their length (at least 1024, so
/// three quarters of each transform is output), but not above 16384 points unless the filter needs it (then
/// twice its length): larger transforms outgrow L2 with eight frames in flight, and measured slower on two
/// workers (8191 taps: 53 ms at 32768 points, 34 ms at 16384). Longer filters (up to FirFilter::max_taps)
/// are split into 32768-tap partitions with 65536-point transforms, the largest the FFT offers.
OverlapSaveShape choose_overlap_save_shape(std::size_t taps) noexcept;

}  // namespace auralis::fallback
