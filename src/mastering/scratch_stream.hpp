// SPDX-License-Identifier: MIT
// A stream kept in a scratch file (float32, interleaved): a sink that writes it and a source that reads it
// back, for passes that would otherwise compute the same samples again.
#pragma once

#include "io/scratch_file.hpp"
#include "mastering/stream_pass.hpp"

#include <memory>
#include <vector>

namespace auralis::mastering {

/// Best effort: a write that fails (a full disk) abandons the file and the sink writes no more, so that
/// the pass goes on and its owner computes the samples again instead.
class ScratchSink final : public BlockSink {
 public:
  explicit ScratchSink(std::shared_ptr<io::ScratchFile> file) : file_(std::move(file)) {}
  const char* name() const noexcept override { return "spill"; }
  void consume(std::span<const float* const> planes, std::size_t frames) override;

 private:
  std::shared_ptr<io::ScratchFile> file_;
  std::vector<float> interleaved_;
};

class ScratchSource final : public BlockSource {
 public:
  ScratchSource(std::shared_ptr<const io::ScratchFile> file, std::size_t channels,
                std::uint32_t sample_rate_hz)
      : file_(std::move(file)), channels_(channels), rate_(sample_rate_hz) {}
  std::size_t channels() const noexcept override { return channels_; }
  std::uint32_t sample_rate() const noexcept override { return rate_; }
  std::size_t read(std::span<float* const> planes, std::size_t max_frames) override;

 private:
  std::shared_ptr<const io::ScratchFile> file_;
  std::size_t channels_;
  std::uint32_t rate_;
  std::uint64_t offset_ = 0;
  std::vector<float> interleaved_;
};

}  // namespace auralis::mastering
