// SPDX-License-Identifier: MIT
// FFT convolution on the GPU: each channel uploaded once, overlap-save blocks cut by a shader, VkFFT R2C,
// a spectral-multiply shader, VkFFT C2R, kept samples written by a shader; the output downloaded once.
#pragma once

#include "vulkan/device.hpp"
#include "vulkan/fft_plans.hpp"
#include "vulkan/gpu_analysis.hpp"

#include <auralis/audio_buffer.hpp>
#include <auralis/spectral.hpp>

#include <span>

namespace auralis::vulkan {

/// See SpectralEngine::convolve; `outputs` already have the inputs' shapes. Throws VulkanFault.
void convolve_on_gpu(Device& device, FftPlans& plans, std::span<const ConvolutionJob> jobs,
                     std::span<AudioBuffer> outputs, TransferCounts& counts);

/// The FFT size a filter of `taps` taps is convolved with on the GPU: four times its length (at least 1024
/// points) up to 16384 points, then twice its length (up to 131072 for FirFilter::max_taps).
std::size_t gpu_overlap_save_size(std::size_t taps) noexcept;

}  // namespace auralis::vulkan
