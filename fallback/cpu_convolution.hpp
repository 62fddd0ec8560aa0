// SPDX-License-Identifier: MIT
// FFT convolution on the CPU: overlap-save over fixed chunks of output blocks on the worker pool.
#pragma once

#include "fallback/cpu_context.hpp"

#include <auralis/audio_buffer.hpp>
#include <auralis/spectral.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace auralis::fallback {

/// Output blocks per task; fixed, so the work split never depends on the worker count.
inline constexpr std::size_t kConvolutionChunkBlocks = 8;

/// SpectralEngine::convolve on validated arguments and outputs shaped like the inputs. Adds the FFTs it
/// ran to `transforms`.
void convolve_on_cpu(CpuContext& context, std::span<const ConvolutionJob> jobs,
                     std::span<AudioBuffer> outputs, std::uint64_t& transforms);

}  // namespace auralis::fallback
