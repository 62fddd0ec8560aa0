// SPDX-License-Identifier: MIT
// Runs render stages over a buffer as a streaming pass does (each stage's latency removed, silence after
// the end), in blocks of a given size.
#pragma once

#include <auralis/audio_buffer.hpp>

#include "dsp/stage.hpp"
#include "mastering/memory_stream.hpp"
#include "mastering/stream_pass.hpp"

#include <span>
#include <vector>

namespace auralis::test {

inline AudioBuffer run_stages(const AudioBuffer& input, std::span<dsp::Stage* const> stages,
                              std::size_t block_frames = 4096, unsigned threads = 1) {
  AudioBuffer output(input.channels(), input.frames(), input.sample_rate());
  mastering::BufferSource source(input);
  mastering::BufferSink collect(output);
  mastering::BlockSink* const sinks[] = {&collect};
  std::vector<StageTiming> timings;
  mastering::run_pass("test", source, stages, sinks, {block_frames, threads}, timings);
  return output;
}

}  // namespace auralis::test
