// SPDX-License-Identifier: MIT
// The BS.1770 meter as a pass's sink.
#pragma once

#include <auralis/loudness.hpp>

#include "mastering/stream_pass.hpp"

namespace auralis::mastering {

class MeterSink final : public BlockSink {
 public:
  MeterSink(std::size_t channels, std::uint32_t sample_rate_hz, const LoudnessOptions& options)
      : meter_(channels, sample_rate_hz, options) {}
  const char* name() const noexcept override { return "meter"; }
  void consume(std::span<const float* const> planes, std::size_t frames) override {
    meter_.add(planes, frames);
  }
  LoudnessReport report() const { return meter_.report(); }

 private:
  LoudnessMeter meter_;
};

}  // namespace auralis::mastering
