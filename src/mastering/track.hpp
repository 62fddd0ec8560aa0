// SPDX-License-Identifier: MIT
// A track that a mastering run reads once per pass: a buffer in memory, or a file decoded anew for each
// pass (nothing of it is kept between passes).
#pragma once

#include <auralis/audio_buffer.hpp>
#include <auralis/audio_io.hpp>

#include "io/scratch_file.hpp"
#include "mastering/stream_pass.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace auralis::mastering {

/// A pass's source on an open decoder (the caller keeps it alive).
class ReaderSource final : public BlockSource {
 public:
  explicit ReaderSource(AudioFileReader& reader) : reader_(reader) {}
  std::size_t channels() const noexcept override { return reader_.channels(); }
  std::uint32_t sample_rate() const noexcept override { return reader_.sample_rate(); }
  std::size_t read(std::span<float* const> planes, std::size_t max_frames) override;

 private:
  AudioFileReader& reader_;
};

class Track {
 public:
  virtual ~Track() = default;
  virtual std::size_t channels() const noexcept = 0;
  virtual std::uint32_t sample_rate() const noexcept = 0;
  virtual const std::vector<Speaker>& layout() const noexcept = 0;
  /// The track from its first frame.
  virtual std::unique_ptr<BlockSource> open() const = 0;
};

class BufferTrack final : public Track {
 public:
  explicit BufferTrack(const AudioBuffer& audio) : audio_(audio) {}
  std::size_t channels() const noexcept override { return audio_.channels(); }
  std::uint32_t sample_rate() const noexcept override { return audio_.sample_rate(); }
  const std::vector<Speaker>& layout() const noexcept override { return audio_.layout(); }
  std::unique_ptr<BlockSource> open() const override;

 private:
  const AudioBuffer& audio_;
};

/// Lossless files (WAV, FLAC, AIFF) are decoded again for every pass: that costs less than storing them.
/// Lossy ones (Vorbis, Opus, MP3) decode slowly, so the first pass also keeps the decoded samples in a
/// scratch file (float32, 8 bytes a stereo frame), and later passes read them back.
class FileTrack final : public Track {
 public:
  /// Opens `path` and checks its header (throws what AudioFileReader throws).
  explicit FileTrack(std::filesystem::path path);
  std::size_t channels() const noexcept override { return channels_; }
  std::uint32_t sample_rate() const noexcept override { return rate_; }
  const std::vector<Speaker>& layout() const noexcept override { return layout_; }
  const SourceFormat& format() const noexcept { return format_; }
  const AudioTags& tags() const noexcept { return tags_; }
  std::unique_ptr<BlockSource> open() const override;

 private:
  std::filesystem::path path_;
  std::size_t channels_;
  std::uint32_t rate_;
  std::vector<Speaker> layout_;
  SourceFormat format_;
  AudioTags tags_;
  mutable std::optional<AudioFileReader> first_;  // the reader that checked the header serves the first pass
  bool spill_ = false;                            // lossy: keep the first pass's decoded samples
  mutable std::shared_ptr<io::ScratchFile> decoded_;  // complete once the first pass has read to the end
};

}  // namespace auralis::mastering
