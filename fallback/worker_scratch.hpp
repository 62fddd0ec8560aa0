// SPDX-License-Identifier: MIT
// Scratch memory per worker and purpose, grown on demand and kept between calls, so tasks do not allocate.
// Within one WorkerPool run a worker index is held by one thread at a time, so no locking is needed. Runs
// active at the same time reuse the indices, so a WorkerScratch serves one run at a time: the CPU backend's
// calls are not concurrent, and anything else on the same pool brings its own scratch. Buffers are
// aligned to Highway's vector alignment: the FFT kernels run about 25 % slower on 16-byte-aligned scratch.
#pragma once

#include <hwy/aligned_allocator.h>

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace auralis::fallback {

class WorkerScratch {
 public:
  enum Slot : std::size_t { fft_workspace, frame_copies, block_tail, slot_count };

  explicit WorkerScratch(unsigned workers) : buffers_(static_cast<std::size_t>(workers) * slot_count) {}

  /// At least `floats` floats for `worker`'s `slot`; the contents are unspecified.
  float* get(unsigned worker, Slot slot, std::size_t floats) {
    Buffer& buffer = buffers_[worker * slot_count + slot];
    if (buffer.floats < floats) {
      // Highway returns null rather than throwing; callers turn bad_alloc into "not enough memory".
      auto data = hwy::AllocateAligned<float>(floats);
      if (!data) throw std::bad_alloc();
      buffer = {std::move(data), floats};
    }
    return buffer.data.get();
  }

 private:
  struct Buffer {
    hwy::AlignedFreeUniquePtr<float[]> data;
    std::size_t floats = 0;
  };
  std::vector<Buffer> buffers_;
};

}  // namespace auralis::fallback
