// SPDX-License-Identifier: MIT
// Per-target STFT kernel: window, real FFT, power and band reduction of a run of frames, fused so that the
// spectrum never leaves the lane layout the FFT works in.
#pragma once

#include "backend/band_weights.hpp"
#include "fft/real_fft.hpp"

#include <cstddef>

namespace auralis::fallback {

/// Floats of scratch memory analyze_frames needs with this plan; each concurrent caller needs its own.
std::size_t stft_workspace_floats(const fft::RealFftPlan& plan) noexcept;

/// Analyses `count` frames: frames[i] points at fft_size samples. For each layout l, writes frame i's band
/// energies to band_out[l] + i * bands. Adds each bin's unscaled power |X_k|^2 summed over the frames to
/// power_sum[k] (bins() values): summed in float per SIMD lane over this call, then in double in lane
/// order, so a fixed split of the frames into calls gives the same sums on every run.
void analyze_frames(const fft::RealFftPlan& plan, const float* const* frames, std::size_t count,
                    const float* window, const backend::BandWeightsView* layouts, std::size_t layout_count,
                    float* const* band_out, double* power_sum, float* workspace);

}  // namespace auralis::fallback
