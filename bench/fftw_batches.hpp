// SPDX-License-Identifier: MIT
// FFTW peers for the full-track suites: one-thread FFTW_MEASURE plans that run the bare transforms of frames
// lying at a fixed distance in one padded signal, a fixed number of frames per fftw call (plan_many's
// `howmany`), so the frames are read where they lie and never copied.
#pragma once

#include <fftw3.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <type_traits>

namespace auralis::bench {

struct FftwFree {
  void operator()(void* p) const noexcept { fftwf_free(p); }
};
struct FftwPlanDestroy {
  void operator()(fftwf_plan p) const noexcept { fftwf_destroy_plan(p); }
};
using FftwReal = std::unique_ptr<float[], FftwFree>;
using FftwComplex = std::unique_ptr<fftwf_complex[], FftwFree>;
using FftwPlan = std::unique_ptr<std::remove_pointer_t<fftwf_plan>, FftwPlanDestroy>;

inline FftwReal fftw_real(std::size_t n) {
  FftwReal p(fftwf_alloc_real(n));
  std::fill(p.get(), p.get() + n, 0.0f);
  return p;
}

inline FftwComplex fftw_complex(std::size_t n) {
  FftwComplex p(fftwf_alloc_complex(n));
  std::fill(reinterpret_cast<float*>(p.get()), reinterpret_cast<float*>(p.get()) + 2 * n, 0.0f);
  return p;
}

/// Forward r2c transforms of `count` frames of `n` samples, frame f at signal + f * dist (frames may overlap:
/// istride 1, idist dist), `chunk` frames per call into one reused spectrum buffer (chunk x (n/2 + 1)),
/// optionally followed by the c2r of those spectra into one reused time buffer (chunk x n): the bare
/// transforms of an overlap-save pass, without the multiply. Planning (FFTW_MEASURE) overwrites the first
/// chunk of frames: fill `signal` after constructing.
class FftwFrameBatches {
 public:
  FftwFrameBatches(std::size_t n, std::size_t dist, std::size_t count, std::size_t chunk, float* signal,
                   bool inverse)
      : n_(n),
        dist_(dist),
        count_(count),
        chunk_(chunk),
        signal_(signal),
        spectra_(fftw_complex(chunk * (n / 2 + 1))),
        times_(inverse ? fftw_real(chunk * n) : nullptr) {
    full_r2c_ = plan_r2c(chunk);
    if (inverse) full_c2r_ = plan_c2r(chunk);
    if (const std::size_t tail = count % chunk; tail != 0) {
      tail_r2c_ = plan_r2c(tail);
      if (inverse) tail_c2r_ = plan_c2r(tail);
    }
  }

  /// Transforms every frame once: count forward transforms (and count inverse ones when asked).
  void run() const {
    const std::size_t whole = count_ / chunk_ * chunk_;
    for (std::size_t f = 0; f < whole; f += chunk_) step(full_r2c_.get(), full_c2r_.get(), f);
    if (whole < count_) step(tail_r2c_.get(), tail_c2r_.get(), whole);
  }

  const fftwf_complex* spectra() const noexcept { return spectra_.get(); }

 private:
  void step(fftwf_plan r2c, fftwf_plan c2r, std::size_t first) const {
    // New-array execute: every frame start keeps the planned alignment (dist is a multiple of 16 floats).
    fftwf_execute_dft_r2c(r2c, signal_ + first * dist_, spectra_.get());
    if (c2r != nullptr) fftwf_execute(c2r);
  }

  FftwPlan plan_r2c(std::size_t howmany) const {
    const int size[1] = {static_cast<int>(n_)};
    return FftwPlan(fftwf_plan_many_dft_r2c(1, size, static_cast<int>(howmany), signal_, nullptr, 1,
                                            static_cast<int>(dist_), spectra_.get(), nullptr, 1,
                                            static_cast<int>(n_ / 2 + 1), FFTW_MEASURE));
  }

  FftwPlan plan_c2r(std::size_t howmany) const {
    const int size[1] = {static_cast<int>(n_)};
    return FftwPlan(fftwf_plan_many_dft_c2r(1, size, static_cast<int>(howmany), spectra_.get(), nullptr, 1,
                                            static_cast<int>(n_ / 2 + 1), times_.get(), nullptr, 1,
                                            static_cast<int>(n_), FFTW_MEASURE));
  }

  std::size_t n_, dist_, count_, chunk_;
  float* signal_;
  FftwComplex spectra_;
  FftwReal times_;
  FftwPlan full_r2c_, full_c2r_, tail_r2c_, tail_c2r_;
};

}  // namespace auralis::bench
