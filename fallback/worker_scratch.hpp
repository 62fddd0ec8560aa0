// Scratch memory per worker and purpose, grown on demand and kept between calls, so tasks do not allocate.
// A worker index is held by one thread at a time (WorkerPool), so no locking is needed.
#pragma once

#include <cstddef>
#include <vector>

namespace auralis::fallback {

class WorkerScratch {
 public:
  enum Slot : std::size_t { fft_workspace, frame_copies, block_tail, slot_count };

  explicit WorkerScratch(unsigned workers) : buffers_(static_cast<std::size_t>(workers) * slot_count) {}

  /// At least `floats` floats for `worker`'s `slot`; the contents are unspecified.
  float* get(unsigned worker, Slot slot, std::size_t floats) {
    std::vector<float>& buffer = buffers_[worker * slot_count + slot];
    if (buffer.size() < floats) buffer.resize(floats);
    return buffer.data();
  }

 private:
  std::vector<std::vector<float>> buffers_;
};

}  // namespace auralis::fallback
