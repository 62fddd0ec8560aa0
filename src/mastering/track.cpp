// BufferTrack and FileTrack: a pass's source over a buffer or a freshly opened decoder.
#include "mastering/track.hpp"

#include "mastering/memory_stream.hpp"

namespace auralis::mastering {

namespace {

class ReaderSource final : public BlockSource {
 public:
  explicit ReaderSource(AudioFileReader reader) : reader_(std::move(reader)) {}
  std::size_t channels() const noexcept override { return reader_.channels(); }
  std::uint32_t sample_rate() const noexcept override { return reader_.sample_rate(); }
  std::size_t read(std::span<float* const> planes, std::size_t max_frames) override {
    const std::size_t frames = reader_.read(planes, max_frames);
    // A file with NaN/Inf is refused with the whole file's count, which the reader gives at its end: read
    // on to it now rather than pass the samples to stages and meters that would refuse them first.
    if (reader_.non_finite_samples() > 0) {
      while (reader_.read(planes, max_frames) > 0) {
      }
    }
    return frames;
  }

 private:
  AudioFileReader reader_;
};

}  // namespace

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
}

std::unique_ptr<BlockSource> FileTrack::open() const {
  if (first_) {
    auto source = std::make_unique<ReaderSource>(std::move(*first_));
    first_.reset();
    return source;
  }
  return std::make_unique<ReaderSource>(AudioFileReader(path_));
}

}  // namespace auralis::mastering
