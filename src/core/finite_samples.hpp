// SPDX-License-Identifier: MIT
// Counting NaN and infinite samples, vectorised: every layer that takes samples from outside (the meters,
// the encoder) refuses them, and checks every sample to do so.
#pragma once

#include <cstddef>

namespace auralis::core {

/// Number of NaN or infinite values among x[0..n).
std::size_t count_non_finite(const float* x, std::size_t n);

}  // namespace auralis::core
