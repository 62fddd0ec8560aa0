// SPDX-License-Identifier: MIT
// SpectralEngine: validates arguments once for every backend and forwards to the chosen one.
#include <auralis/backend.hpp>

#include "backend/backend.hpp"
#include "backend/validate.hpp"
#include "engine/backend_factory.hpp"

namespace auralis {

SpectralEngine::SpectralEngine(const BackendOptions& options) : backend_(engine::make_backend(options)) {}

SpectralEngine::~SpectralEngine() = default;
SpectralEngine::SpectralEngine(SpectralEngine&&) noexcept = default;
SpectralEngine& SpectralEngine::operator=(SpectralEngine&&) noexcept = default;

std::vector<SpectralAnalysis> SpectralEngine::analyze(std::span<const AudioBuffer* const> tracks,
                                                      const StftSpec& spec,
                                                      std::span<const BandLayout> layouts) {
  backend::validate_analysis(tracks, spec, layouts);
  return backend_->analyze(tracks, spec, layouts);
}

std::vector<AudioBuffer> SpectralEngine::convolve(std::span<const ConvolutionJob> jobs) {
  std::vector<AudioBuffer> outputs(jobs.size());
  convolve(jobs, outputs);
  return outputs;
}

void SpectralEngine::convolve(std::span<const ConvolutionJob> jobs, std::span<AudioBuffer> outputs) {
  backend::validate_convolution(jobs, outputs);
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const AudioBuffer& input = *jobs[j].input;
    AudioBuffer& output = outputs[j];
    if (output.channels() != input.channels() || output.frames() != input.frames() ||
        output.sample_rate() != input.sample_rate()) {
      // Every sample is written by the backend, and its workers touch the memory first.
      output = AudioBuffer::uninitialized(input.channels(), input.frames(), input.sample_rate());
    }
    output.set_layout(input.layout());
  }
  backend_->convolve(jobs, outputs);
}

BackendStats SpectralEngine::stats() const {
  return backend_->stats();
}

}  // namespace auralis
