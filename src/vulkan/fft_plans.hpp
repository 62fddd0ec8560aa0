// SPDX-License-Identifier: MIT
// Batched power-of-two real FFTs on the GPU through VkFFT, in place on a rows buffer each plan owns (row r:
// fft_size / 2 + 1 complex values; real input in its first fft_size floats). Plans are built once per
// (size, batch) and reused; VkFFT's compiled kernels are cached on disk so the next process starts fast.
// The only code that sees VkFFT's types (fft_plans.cpp).
#pragma once

#include "vulkan/device.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace auralis::vulkan {

class FftPlan;

/// $XDG_CACHE_HOME/auralis (or ~/.cache/auralis), where compiled FFT kernels are kept.
std::string kernel_cache_directory();

class FftPlans {
 public:
  explicit FftPlans(Device& device);
  ~FftPlans();
  FftPlans(const FftPlans&) = delete;
  FftPlans& operator=(const FftPlans&) = delete;

  /// The plan for `batch` rows of `size`-point transforms (forward and inverse), built on first use.
  FftPlan& plan(std::size_t size, std::size_t batch);
  /// Records the forward (real to complex) or inverse (complex to real, unnormalised) transform of every
  /// row into the device's command buffer.
  void forward(FftPlan& plan);
  void inverse(FftPlan& plan);

  /// The plan's rows buffer.
  static const Buffer& rows(const FftPlan& plan) noexcept;
  /// Kernels built by compiling (not loaded from the disk cache) since construction, for tests.
  std::size_t compiled() const noexcept { return compiled_; }

 private:
  Device& device_;
  std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<FftPlan>> plans_;
  std::size_t compiled_ = 0;
};

}  // namespace auralis::vulkan
