// SPDX-License-Identifier: MIT
// STFT analysis on the GPU: each channel's PCM uploaded once, framed and windowed by a shader, VkFFT R2C,
// power and band reduction by shaders; only band energies and spectrum sums come back.
#pragma once

#include "vulkan/device.hpp"
#include "vulkan/fft_plans.hpp"

#include <auralis/audio_buffer.hpp>
#include <auralis/spectral.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace auralis::vulkan {

/// Bytes over the bus and transforms run, added to by each call.
struct TransferCounts {
  std::uint64_t uploaded = 0;
  std::uint64_t downloaded = 0;
  std::uint64_t transforms = 0;
};

/// See SpectralEngine::analyze. Throws VulkanFault.
std::vector<SpectralAnalysis> analyze_on_gpu(Device& device, FftPlans& plans,
                                             std::span<const AudioBuffer* const> tracks, const StftSpec& spec,
                                             std::span<const BandLayout> layouts, TransferCounts& counts);

}  // namespace auralis::vulkan
