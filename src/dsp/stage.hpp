// SPDX-License-Identifier: MIT
// The lifecycle every render stage shares (after JUCE's dsp processors): prepare for a stream's shape,
// reset to silence, then process blocks in place. Nothing allocates in process().
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace auralis::dsp {

/// The shape of the stream a stage will see.
struct StreamSpec {
  std::uint32_t sample_rate_hz = 0;
  std::size_t channels = 0;
  std::size_t max_block_frames = 0;  ///< process() is never given more frames than this.
};

class Stage {
 public:
  virtual ~Stage() = default;
  /// Name for profiles ("eq", "compressor", ...).
  virtual const char* name() const noexcept = 0;
  /// Allocates what process() needs and resets.
  virtual void prepare(const StreamSpec& spec) = 0;
  /// Back to the state before the first sample: the next process() starts a new stream.
  virtual void reset() = 0;
  /// Frames by which the output lags the input: output frame t is the processed input frame t - latency()
  /// (the first latency() frames are silence). The stream runner removes the lag and feeds silence after
  /// the end, so the stages after this one see the stream aligned.
  virtual std::size_t latency() const noexcept { return 0; }
  /// The stream has ended: from now on process() is given the silence after it (to flush the latency).
  /// A stage may use this to skip work on that silence; its output must not change.
  virtual void end_of_stream() {}
  /// Processes `frames` frames of planar audio in place (planes[c][i]); frames <= max_block_frames. The
  /// output does not depend on how a stream is split into blocks.
  virtual void process(std::span<float* const> planes, std::size_t frames) = 0;
};

}  // namespace auralis::dsp
