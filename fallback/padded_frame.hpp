// SPDX-License-Identifier: MIT
// Frame access for the drivers: a run of samples that may start before or end after the signal.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>

namespace auralis::fallback {

/// Points at the `size` samples of `x` starting at `start` (possibly negative or running past the end):
/// straight into `x` when they lie inside it, else at a copy in `copy` (size floats) with zeros outside.
inline const float* padded_frame(std::span<const float> x, std::ptrdiff_t start, std::size_t size,
                                 float* copy) {
  const auto length = static_cast<std::ptrdiff_t>(x.size());
  const auto span = static_cast<std::ptrdiff_t>(size);
  if (start >= 0 && start + span <= length) return x.data() + start;
  std::fill(copy, copy + size, 0.0f);
  const std::ptrdiff_t lo = std::max<std::ptrdiff_t>(start, 0);
  const std::ptrdiff_t hi = std::min(start + span, length);
  if (hi > lo) std::copy(x.data() + lo, x.data() + hi, copy + (lo - start));
  return copy;
}

}  // namespace auralis::fallback
