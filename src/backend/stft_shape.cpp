// SPDX-License-Identifier: MIT
// STFT frame count (see StftSpec): frames centred on multiples of the hop until every sample is covered.
#include <auralis/spectral.hpp>

namespace auralis {

std::size_t stft_frame_count(std::size_t signal_frames, const StftSpec& spec) noexcept {
  const std::size_t half = spec.fft_size / 2;
  if (spec.hop == 0 || signal_frames <= half) return 1;
  return 1 + (signal_frames - half + spec.hop - 1) / spec.hop;
}

}  // namespace auralis
