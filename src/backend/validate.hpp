// SPDX-License-Identifier: MIT
// Argument checks shared by every backend, so that all of them refuse the same inputs with the same words.
#pragma once

#include <auralis/audio_buffer.hpp>
#include <auralis/spectral.hpp>

#include <span>

namespace auralis::backend {

/// Throws Error(invalid_argument) naming the problem; see SpectralEngine::analyze.
void validate_analysis(std::span<const AudioBuffer* const> tracks, const StftSpec& spec,
                       std::span<const BandLayout> layouts);

/// Throws Error(invalid_argument) naming the problem; see SpectralEngine::convolve.
void validate_convolution(std::span<const ConvolutionJob> jobs, std::span<const AudioBuffer> outputs);

/// The filter job's channel `channel` uses (jobs hold one shared filter or one per channel).
inline const FirFilter& filter_for_channel(const ConvolutionJob& job, std::size_t channel) {
  return job.filters.size() == 1 ? job.filters[0] : job.filters[channel];
}

}  // namespace auralis::backend
