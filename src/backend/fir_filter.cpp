// SPDX-License-Identifier: MIT
// FirFilter::linear_phase: a symmetric FIR compensated by its group delay.
#include <auralis/spectral.hpp>

#include <utility>

namespace auralis {

FirFilter FirFilter::linear_phase(std::vector<float> taps) {
  const std::size_t delay = taps.empty() ? 0 : (taps.size() - 1) / 2;
  return FirFilter{std::move(taps), delay};
}

}  // namespace auralis
