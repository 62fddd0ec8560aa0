// SPDX-License-Identifier: MIT
// A constant gain as a stage: the loudness gain when no limiter applies it, and the exact power-of-two
// scaling of samples too large for the chain.
#pragma once

#include "dsp/stage.hpp"

namespace auralis::dsp {

class Gain final : public Stage {
 public:
  /// Multiplies every sample by `gain` (linear), in double, rounding once to float.
  Gain(const char* name, double gain) : name_(name), gain_(gain) {}
  const char* name() const noexcept override { return name_; }
  void prepare(const StreamSpec&) override {}
  void reset() override {}
  void process(std::span<float* const> planes, std::size_t frames) override {
    for (float* plane : planes) {
      for (std::size_t n = 0; n < frames; ++n) plane[n] = static_cast<float>(gain_ * plane[n]);
    }
  }

 private:
  const char* name_;
  double gain_;
};

}  // namespace auralis::dsp
