// SPDX-License-Identifier: MIT
// Highway kernels of the compressor's per-sample math: level to dB, the static curve, dB to linear gain.
// The recursive parts (detector, attack/release smoothing) stay scalar in compressor.cpp.
#pragma once

#include "dsp/gain_computer.hpp"

#include <cstddef>

namespace auralis::dsp {

/// out[i] = 10 log10(max(power[i], 1e-20)) for mean squares (or 20 log10 for peaks when `amplitude`).
void level_to_db(const float* level, std::size_t n, bool amplitude, float* out);

/// out[i] = static_gain_db(curve, level_db[i]), in float.
void static_gain_db_block(const GainCurve& curve, const float* level_db, std::size_t n, float* out);

/// out[i] = 10^((gain_db[i] + offset_db) / 20).
void db_to_gain(const float* gain_db, std::size_t n, float offset_db, float* out);

}  // namespace auralis::dsp
