// SPDX-License-Identifier: MIT
// Plain float64 references for the meter's SIMD kernels (test-only): K-weighting and the true-peak FIR.
#pragma once

#include "analysis/k_weighting.hpp"

#include <cstddef>
#include <vector>

namespace auralis::reference {

/// Sum of squares of the K-weighted signal, transposed direct form II in double, one sample at a time.
double k_weighted_sum_of_squares(const analysis::KWeightingDesign& design, const std::vector<float>& x);

/// Largest |y| of the 4x-oversampled signal using the BS.1770-4 Annex 2 taps in double, signal preceded by
/// silence and followed by none (the same outputs oversampled_abs_max produces).
double oversampled_abs_max(const std::vector<float>& x);

}  // namespace auralis::reference
