// SPDX-License-Identifier: MIT
// Order statistics used by analysis and planning.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace auralis::core {

/// The value at fraction `p` (0-1) of the sorted values, nearest rank; 0 for no values.
inline double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::ranges::sort(values);
  return values[static_cast<std::size_t>(static_cast<double>(values.size() - 1) * p + 0.5)];
}

}  // namespace auralis::core
