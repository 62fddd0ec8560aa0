// BufferTrack and FileTrack: a pass's source over a buffer or a freshly opened decoder.
#include "mastering/track.hpp"

#include "mastering/memory_stream.hpp"

#include <algorithm>

namespace auralis::mastering {

namespace {

// Decodes as ReaderSource does and appends every block, interleaved, to a scratch file.
class SpillingSource final : public BlockSource {
 public:
  SpillingSource(AudioFileReader reader, std::shared_ptr<io::ScratchFile> spill)
      : owned_(std::move(reader)), reader_(owned_), spill_(std::move(spill)) {}
  std::size_t channels() const noexcept override { return reader_.channels(); }
  std::uint32_t sample_rate() const noexcept override { return reader_.sample_rate(); }
  std::size_t read(std::span<float* const> planes, std::size_t max_frames) override {
    const std::size_t frames = reader_.read(planes, max_frames);
    interleaved_.resize(frames * planes.size());
    for (std::size_t c = 0; c < planes.size(); ++c) {
      for (std::size_t n = 0; n < frames; ++n) interleaved_[n * planes.size() + c] = planes[c][n];
    }
    spill_->append(interleaved_.data(), interleaved_.size() * sizeof(float));
    return frames;
  }

 private:
  AudioFileReader owned_;
  ReaderSource reader_;
  std::shared_ptr<io::ScratchFile> spill_;
  std::vector<float> interleaved_;
};

// Reads back what a SpillingSource kept.
class SpilledSource final : public BlockSource {
 public:
  SpilledSource(std::shared_ptr<const io::ScratchFile> spill, std::size_t channels, std::uint32_t rate)
      : spill_(std::move(spill)), channels_(channels), rate_(rate) {}
  std::size_t channels() const noexcept override { return channels_; }
  std::uint32_t sample_rate() const noexcept override { return rate_; }
  std::size_t read(std::span<float* const> planes, std::size_t max_frames) override {
    const std::uint64_t frame_bytes = channels_ * sizeof(float);
    const auto frames = static_cast<std::size_t>(
        std::min<std::uint64_t>(max_frames, (spill_->size() - offset_) / frame_bytes));
    interleaved_.resize(frames * channels_);
    spill_->read_at(offset_, interleaved_.data(), frames * frame_bytes);
    offset_ += frames * frame_bytes;
    for (std::size_t c = 0; c < channels_; ++c) {
      for (std::size_t n = 0; n < frames; ++n) planes[c][n] = interleaved_[n * channels_ + c];
    }
    return frames;
  }

 private:
  std::shared_ptr<const io::ScratchFile> spill_;
  std::size_t channels_;
  std::uint32_t rate_;
  std::uint64_t offset_ = 0;
  std::vector<float> interleaved_;
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
  first_.emplace(std::move(reader));
  spill_ = decodes_slowly(format_);
}

std::unique_ptr<BlockSource> FileTrack::open() const {
  if (decoded_) return std::make_unique<SpilledSource>(decoded_, channels_, rate_);
  AudioFileReader reader = first_ ? std::move(*first_) : AudioFileReader(path_);
  first_.reset();
  if (!spill_) return std::make_unique<OwningReaderSource>(std::move(reader));
  // Every pass reads to the end (or fails, ending the run), so the spill is whole by the next open().
  decoded_ = std::make_shared<io::ScratchFile>();
  return std::make_unique<SpillingSource>(std::move(reader), decoded_);
}

}  // namespace auralis::mastering
