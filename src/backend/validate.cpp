// SPDX-License-Identifier: MIT
// Argument checks shared by every backend.
#include "backend/validate.hpp"

#include <auralis/error.hpp>

#include <bit>
#include <cmath>
#include <string>

namespace auralis::backend {

namespace {

[[noreturn]] void refuse(const std::string& message) {
  throw Error(ErrorCode::invalid_argument, message);
}

void validate_track(const AudioBuffer* track, std::size_t index, const char* operation) {
  const std::string which = std::string(operation) + " track " + std::to_string(index);
  if (track == nullptr) refuse(which + " is null");
  if (track->empty()) refuse(which + " has no samples");
}

}  // namespace

void validate_analysis(std::span<const AudioBuffer* const> tracks, const StftSpec& spec,
                       std::span<const BandLayout> layouts) {
  if (spec.fft_size < 64 || spec.fft_size > 65536 || !std::has_single_bit(spec.fft_size)) {
    refuse("STFT size " + std::to_string(spec.fft_size) + " is not a power of two between 64 and 65536");
  }
  if (spec.hop == 0 || spec.hop > spec.fft_size) {
    refuse("STFT hop " + std::to_string(spec.hop) + " is outside 1-" + std::to_string(spec.fft_size));
  }
  if (layouts.empty()) refuse("analysis needs at least one band layout");
  for (std::size_t a = 0; a < layouts.size(); ++a) {
    for (std::size_t b = a + 1; b < layouts.size(); ++b) {
      if (layouts[a] == layouts[b]) refuse("analysis asks for the same band layout twice");
    }
  }
  for (std::size_t t = 0; t < tracks.size(); ++t) validate_track(tracks[t], t, "analysis");
}

void validate_convolution(std::span<const ConvolutionJob> jobs, std::span<const AudioBuffer> outputs) {
  if (outputs.size() != jobs.size()) {
    refuse("convolution has " + std::to_string(jobs.size()) + " jobs but " + std::to_string(outputs.size()) +
           " output buffers");
  }
  for (const AudioBuffer& output : outputs) {
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      if (jobs[j].input == &output) refuse("convolution output " + std::to_string(j) + " is also an input");
    }
  }
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const ConvolutionJob& job = jobs[j];
    validate_track(job.input, j, "convolution");
    const std::size_t channels = job.input->channels();
    if (job.filters.size() != 1 && job.filters.size() != channels) {
      refuse("convolution track " + std::to_string(j) + " has " + std::to_string(job.filters.size()) +
             " filters for " + std::to_string(channels) + " channels (give 1 or one per channel)");
    }
    for (std::size_t f = 0; f < job.filters.size(); ++f) {
      const FirFilter& filter = job.filters[f];
      const std::string which = "convolution track " + std::to_string(j) + " filter " + std::to_string(f);
      if (filter.taps.empty()) refuse(which + " has no taps");
      if (filter.taps.size() > FirFilter::max_taps) {
        refuse(which + " has " + std::to_string(filter.taps.size()) + " taps (at most " +
               std::to_string(FirFilter::max_taps) + ")");
      }
      if (filter.delay >= filter.taps.size()) {
        refuse(which + " delay " + std::to_string(filter.delay) + " is not below its " +
               std::to_string(filter.taps.size()) + " taps");
      }
      for (float tap : filter.taps) {
        if (!std::isfinite(tap)) refuse(which + " has a non-finite tap");
      }
    }
  }
}

}  // namespace auralis::backend
