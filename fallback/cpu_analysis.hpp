// SPDX-License-Identifier: MIT
// STFT analysis on the CPU: frames each channel, runs the fused kernel over fixed chunks of frames on the
// worker pool, and reduces each chunk's power sums in chunk order.
#pragma once

#include "fallback/cpu_context.hpp"

#include <auralis/audio_buffer.hpp>
#include <auralis/spectral.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace auralis::fallback {

/// Frames per task: a multiple of every lane count, and fixed, so chunk boundaries never depend on workers.
inline constexpr std::size_t kAnalysisChunkFrames = 64;

/// SpectralEngine::analyze on validated arguments. Adds the FFTs it ran to `transforms`.
std::vector<SpectralAnalysis> analyze_on_cpu(CpuContext& context, std::span<const AudioBuffer* const> tracks,
                                             const StftSpec& spec, std::span<const BandLayout> layouts,
                                             std::uint64_t& transforms);

}  // namespace auralis::fallback
