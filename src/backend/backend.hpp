// SPDX-License-Identifier: MIT
// The interface every compute backend implements: batched STFT analysis and batched FFT convolution.
// Arguments arrive validated (see validate.hpp); implementations only compute.
#pragma once

#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/spectral.hpp>

#include <span>
#include <vector>

namespace auralis::backend {

class Backend {
 public:
  virtual ~Backend() = default;

  /// See SpectralEngine::analyze.
  virtual std::vector<SpectralAnalysis> analyze(std::span<const AudioBuffer* const> tracks,
                                                const StftSpec& spec,
                                                std::span<const BandLayout> layouts) = 0;
  /// See SpectralEngine::convolve; `outputs` already have the inputs' shapes.
  virtual void convolve(std::span<const ConvolutionJob> jobs, std::span<AudioBuffer> outputs) = 0;

  virtual BackendStats stats() const = 0;
};

}  // namespace auralis::backend
