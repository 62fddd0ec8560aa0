// SpectralEngine: validates arguments once for every backend and forwards to the chosen one.
#include <auralis/backend.hpp>

#include "backend/backend.hpp"
#include "backend/validate.hpp"
#include "fallback/cpu_backend.hpp"

namespace auralis {

SpectralEngine::SpectralEngine(const BackendOptions& options)
    : backend_(fallback::make_cpu_backend(options.max_workers)) {}

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
  backend::validate_convolution(jobs);
  return backend_->convolve(jobs);
}

BackendStats SpectralEngine::stats() const {
  return backend_->stats();
}

}  // namespace auralis
