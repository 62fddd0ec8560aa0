// SPDX-License-Identifier: MIT
// A track at another sample rate: each pass reads the inner track and resamples it block by block (libsoxr,
// very high quality), so that the render chain, its limiter included, runs at the delivery rate.
#pragma once

#include "mastering/track.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace auralis::mastering {

class ResampledTrack final : public Track {
 public:
  /// `inner` must outlive this. Throws Error(invalid_argument) for a rate outside 8 kHz-768 kHz.
  ResampledTrack(const Track& inner, std::uint32_t sample_rate_hz);
  std::size_t channels() const noexcept override { return inner_.channels(); }
  std::uint32_t sample_rate() const noexcept override { return rate_; }
  const std::vector<Speaker>& layout() const noexcept override { return inner_.layout(); }
  std::unique_ptr<BlockSource> open() const override;

  /// The frames a resampled stream of `inner_frames` frames holds: round(inner_frames * rate / inner rate).
  std::uint64_t frames_for(std::uint64_t inner_frames) const noexcept;

 private:
  const Track& inner_;
  std::uint32_t rate_;
};

}  // namespace auralis::mastering
