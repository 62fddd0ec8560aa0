// SPDX-License-Identifier: MIT
// channel_true_peak: chunked scan with carried history (see true_peak_scan.hpp).
#include "analysis/true_peak_scan.hpp"

#include "analysis/peak_kernels.hpp"

#include <algorithm>
#include <vector>

namespace auralis::analysis {

double channel_true_peak(std::span<const float> x) {
  constexpr std::size_t kChunk = 16384;
  // The last true_peak_history samples, then one chunk, then the kernel's readable padding.
  std::vector<float> staging(true_peak_history + kChunk + true_peak_padding, 0.0f);
  float* fresh = staging.data() + true_peak_history;
  double peak = 0.0;
  for (std::size_t start = 0; start < x.size(); start += kChunk) {
    const std::size_t take = std::min(kChunk, x.size() - start);
    std::copy_n(x.data() + start, take, fresh);
    peak = std::max(peak, oversampled_abs_max(fresh, take));
    std::copy_n(fresh + take - true_peak_history, true_peak_history, staging.data());
  }
  // Ring-out: the interpolator's output after the last sample, fed with zeros.
  std::fill(fresh, staging.data() + staging.size(), 0.0f);
  peak = std::max(peak, oversampled_abs_max(fresh, true_peak_history + 1));
  return peak;
}

}  // namespace auralis::analysis
