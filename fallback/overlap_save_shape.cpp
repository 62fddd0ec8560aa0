// SPDX-License-Identifier: MIT
// choose_overlap_save_shape (see overlap_save_shape.hpp).
#include "fallback/overlap_save_shape.hpp"

#include <algorithm>
#include <bit>

namespace auralis::fallback {

namespace {
constexpr std::size_t kMinFft = 1024;
constexpr std::size_t kMaxFft = 65536;
constexpr std::size_t kLongPartition = kMaxFft / 2;
// Above this the eight-frame working set (six arrays of N/2 x 8 floats) outgrows a 1-2 MB L2 cache.
constexpr std::size_t kCacheFriendlyFft = 16384;
}  // namespace

OverlapSaveShape choose_overlap_save_shape(std::size_t taps) noexcept {
  if (taps > kLongPartition) {
    return {kMaxFft, kLongPartition, kLongPartition, kLongPartition,
            (taps + kLongPartition - 1) / kLongPartition};
  }
  // The unpacking kernel moves 16-sample tiles, so the kept part starts on a multiple of 16.
  const std::size_t keep_begin = (taps - 1 + 15) / 16 * 16;
  const std::size_t span = std::bit_ceil(std::max<std::size_t>(keep_begin, 1));
  const std::size_t fft_size =
      std::clamp<std::size_t>(std::max(std::min(span * 4, kCacheFriendlyFft), span * 2), kMinFft, kMaxFft);
  return {fft_size, keep_begin, fft_size - keep_begin, taps, 1};
}

}  // namespace auralis::fallback
