// SPDX-License-Identifier: MIT
// One streaming pass over a track: blocks from a source, through a list of stages in order (each stage's
// latency removed, silence fed after the end so every stage sees its stream whole), to sinks. Buffers are
// allocated once per pass. With two or more threads the source is read ahead on one thread and the sinks
// run behind on another while the stages run on the caller's; the result is the same for any thread count
// and any block size.
#pragma once

#include <auralis/mastering.hpp>

#include "dsp/stage.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace auralis::mastering {

/// Where a pass's audio comes from.
class BlockSource {
 public:
  virtual ~BlockSource() = default;
  virtual std::size_t channels() const noexcept = 0;
  virtual std::uint32_t sample_rate() const noexcept = 0;
  /// Up to `max_frames` frames into planes[c]; 0 at the end. Throws for a source that fails.
  virtual std::size_t read(std::span<float* const> planes, std::size_t max_frames) = 0;
};

/// Where it goes: something that measures, collects or encodes, without changing the audio.
class BlockSink {
 public:
  virtual ~BlockSink() = default;
  virtual const char* name() const noexcept = 0;
  virtual void consume(std::span<const float* const> planes, std::size_t frames) = 0;
};

struct PassOptions {
  std::size_t block_frames = default_block_frames;
  unsigned threads = 1;  ///< 1: everything on the calling thread; 2 or more: read ahead and sink behind.
};

/// Runs a pass and returns the frames the source gave. Adds to `timings` one entry for the pass ("total":
/// its wall and process CPU time) and one per stage, source ("decode") and sink (the wall and thread CPU
/// time spent in it), each with `pass` as its pass. The stages are prepared here; sinks and the source are
/// used as they are.
std::uint64_t run_pass(const std::string& pass, BlockSource& source, std::span<dsp::Stage* const> stages,
                       std::span<BlockSink* const> sinks, const PassOptions& options,
                       std::vector<StageTiming>& timings);

}  // namespace auralis::mastering
