// SPDX-License-Identifier: MIT
// How much audio one backend call covers in a streaming pass: small on the CPU (the worker pool splits a
// call anyway, and buffers stay in cache), large on a GPU, where every call is a queue submission and a
// 4-minute track should take a handful of them.
#pragma once

#include <auralis/backend.hpp>

#include <cstddef>

namespace auralis::mastering {

struct SegmentSizes {
  std::size_t eq_frames;    ///< Output frames per EQ convolution call.
  std::size_t stft_frames;  ///< STFT frames per analysis call.
};

inline SegmentSizes segment_sizes(const SpectralEngine& engine) {
  if (engine.stats().backend == "vulkan") return {std::size_t{1} << 22, 2048};
  return {std::size_t{1} << 18, 64};
}

}  // namespace auralis::mastering
