// SPDX-License-Identifier: MIT
// BufferTrack and FileTrack: a pass's source over a buffer or a freshly opened decoder.
#include "mastering/track.hpp"

#include <auralis/error.hpp>

#include "mastering/memory_stream.hpp"
#include "mastering/scratch_stream.hpp"

#include <algorithm>

namespace auralis::mastering {

namespace {

// Decodes as ReaderSource does and keeps every block in a scratch file.
class SpillingSource final : public BlockSource {
 public:
  SpillingSource(AudioFileReader reader, std::shared_ptr<io::ScratchFile> spill)
      : owned_(std::move(reader)), reader_(owned_), spill_(std::move(spill)) {}
  std::size_t channels() const noexcept override { return reader_.channels(); }
  std::uint32_t sample_rate() const noexcept override { return reader_.sample_rate(); }
  std::size_t read(std::span<float* const> planes, std::size_t max_frames) override {
    const std::size_t frames = reader_.read(planes, max_frames);
    const std::vector<const float*> read(planes.begin(), planes.end());
    spill_.consume(read, frames);
    return frames;
  }

 private:
  AudioFileReader owned_;
  ReaderSource reader_;
  ScratchSink spill_;
};

bool decodes_slowly(const SourceFormat& format) {
  return format.encoding == "VORBIS" || format.encoding == "OPUS" || format.encoding.starts_with("MPEG");
}

// A ReaderSource that owns its reader.
class OwningReaderSource final : public BlockSource {
 public:
  explicit OwningReaderSource(AudioFileReader reader) : owned_(std::move(reader)), source_(owned_) {}
  std::size_t channels() const noexcept override { return source_.channels(); }
  std::uint32_t sample_rate() const noexcept override { return source_.sample_rate(); }
  std::size_t read(std::span<float* const> planes, std::size_t max_frames) override {
    return source_.read(planes, max_frames);
  }

 private:
  AudioFileReader owned_;
  ReaderSource source_;
};

}  // namespace

std::size_t ReaderSource::read(std::span<float* const> planes, std::size_t max_frames) {
  const std::size_t frames = reader_.read(planes, max_frames);
  // A file with NaN/Inf is refused with the whole file's count, which the reader gives at its end: read
  // on to it now rather than pass the samples to stages and meters that would refuse them first.
  if (reader_.non_finite_samples() > 0) {
    while (reader_.read(planes, max_frames) > 0) {
    }
  }
  return frames;
}

std::unique_ptr<BlockSource> BufferTrack::open() const {
  return std::make_unique<BufferSource>(audio_);
}

FileTrack::FileTrack(std::filesystem::path path) : path_(std::move(path)) {
  AudioFileReader reader(path_);
  channels_ = reader.channels();
  rate_ = reader.sample_rate();
  layout_ = reader.layout();
  format_ = reader.format();
  tags_ = reader.tags();
  first_.emplace(std::move(reader));
  spill_ = decodes_slowly(format_);
}

std::unique_ptr<BlockSource> FileTrack::open() const {
  if (decoded_) {
    if (!decoded_->abandoned()) return std::make_unique<ScratchSource>(decoded_, channels_, rate_);
    return std::make_unique<OwningReaderSource>(AudioFileReader(path_));
  }
  AudioFileReader reader = first_ ? std::move(*first_) : AudioFileReader(path_);
  first_.reset();
  if (!spill_) return std::make_unique<OwningReaderSource>(std::move(reader));
  // Every pass reads to the end (or fails, ending the run), so the spill is whole by the next open(); a
  // scratch file that cannot be made or written only means decoding again.
  try {
    decoded_ = std::make_shared<io::ScratchFile>();
  } catch (const Error&) {
    return std::make_unique<OwningReaderSource>(std::move(reader));
  }
  return std::make_unique<SpillingSource>(std::move(reader), decoded_);
}

}  // namespace auralis::mastering
