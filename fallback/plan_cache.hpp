// SPDX-License-Identifier: MIT
// FFT plans by size, made on first use and kept for the backend's lifetime. Used from the calling thread
// only (plans are fetched before work is handed to the pool); the plans themselves are read-only.
#pragma once

#include "fft/real_fft.hpp"

#include <map>
#include <memory>

namespace auralis::fallback {

class PlanCache {
 public:
  const fft::RealFftPlan& plan(std::size_t size) {
    auto& slot = plans_[size];
    if (!slot) slot = std::make_unique<fft::RealFftPlan>(size);
    return *slot;
  }

 private:
  std::map<std::size_t, std::unique_ptr<fft::RealFftPlan>> plans_;
};

}  // namespace auralis::fallback
