// SPDX-License-Identifier: MIT
// AudioFileReader: decodes a file block by block with read_audio's checks, in memory independent of its
// length.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>

#include "io/audio_tags.hpp"
#include "io/channel_map.hpp"
#include "io/declared_frames.hpp"
#include "io/format_names.hpp"
#include "io/sndfile_open.hpp"
#include "io/stream_spill.hpp"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <new>
#include <string>
#include <vector>

namespace auralis {
namespace {

// Frames decoded per libsndfile call by the planar read: large enough to amortise the call, small enough to
// stay in cache.
constexpr std::size_t kChunkFrames = 4096;

[[noreturn]] void fail(ErrorCode code, const std::filesystem::path& path, const std::string& what) {
  throw Error(code, path.string() + ": " + what);
}

std::string count_of(std::uint64_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// Vorbis, Opus and MP3 headers give the length as an estimate (granule positions, bitrate), so a stream is
// what it decodes to. Uncompressed and FLAC headers give it exactly.
bool length_is_exact(int sf_format) {
  const int container = sf_format & SF_FORMAT_TYPEMASK;
  return container != SF_FORMAT_OGG && container != SF_FORMAT_MPEG;
}

// The frame count the file promises when its header gives an exact one: libsndfile's own count (which it
// clamps to the data present for uncompressed formats) raised to what an uncompressed header declares.
std::optional<std::uint64_t> promised_frames(const SF_INFO& info, int fd) {
  std::optional<std::uint64_t> promised;
  if (length_is_exact(info.format) && info.frames >= 0 && info.frames != SF_COUNT_MAX) {
    promised = static_cast<std::uint64_t>(info.frames);
  }
  if (const auto declared = io::declared_frame_count(fd, info.format)) {
    promised = std::max(promised.value_or(0), *declared);
  }
  return promised;
}

std::vector<Speaker> layout_from_file(SNDFILE* file, const SF_INFO& info) {
  const auto channels = static_cast<std::size_t>(info.channels);
  std::vector<int> map(channels, SF_CHANNEL_MAP_INVALID);
  const auto map_bytes = static_cast<int>(map.size() * sizeof(int));
  if (sf_command(file, SFC_GET_CHANNEL_MAP_INFO, map.data(), map_bytes) == SF_TRUE) {
    std::vector<Speaker> layout;
    layout.reserve(channels);
    for (const int position : map) layout.push_back(io::speaker_from_sndfile(position));
    return layout;
  }
  // libsndfile gives no map for Ogg, whose streams use the Vorbis order rather than the WAV one.
  if ((info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_OGG) {
    if (auto layout = io::vorbis_layout(channels)) return *layout;
  }
  return default_layout(channels);
}

}  // namespace

struct AudioFileReader::State {
  std::filesystem::path path;
  io::UniqueFd fd;
  io::UniqueFd spilled;  ///< The seekable copy of a stream, when the input is one.
  io::SndfilePtr file;
  SF_INFO info{};
  std::size_t channels = 0;
  std::uint32_t sample_rate_hz = 0;
  std::vector<Speaker> layout;
  SourceFormat format;
  AudioTags tags;
  std::optional<std::uint64_t> announced;
  std::optional<std::uint64_t> promised;
  std::uint64_t frames_read = 0;
  std::uint64_t non_finite = 0;
  bool ended = false;
  std::vector<float> chunk;  ///< Interleaved scratch of the planar read.

  // The checks read_audio makes once the data has ended.
  void finish() {
    ended = true;
    if (promised && frames_read < *promised) {
      std::string what = "truncated: decoded " + std::to_string(frames_read) + " of " +
                         count_of(*promised, "frame") + " the header promises";
      if (sf_error(file.get()) != SF_ERR_NO_ERROR)
        what += std::string(" (libsndfile: ") + sf_strerror(file.get()) + ")";
      fail(ErrorCode::truncated_file, path, what);
    }
    if (sf_error(file.get()) != SF_ERR_NO_ERROR) {
      fail(ErrorCode::unreadable_file, path,
           "read error after " + count_of(frames_read, "frame") + " (libsndfile: " + sf_strerror(file.get()) +
               ")");
    }
    if (frames_read == 0) fail(ErrorCode::empty_audio, path, "holds no audio (0 frames)");
    if (non_finite > 0) {
      fail(ErrorCode::non_finite_samples, path,
           count_of(non_finite, "NaN/Inf sample") + " (audio samples must be finite numbers)");
    }
  }
};

AudioFileReader::AudioFileReader(const std::filesystem::path& path) try : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.path = path;
  s.fd = io::UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!s.fd) {
    const int error_number = errno;
    if (error_number == ENOENT || error_number == ENOTDIR)
      fail(ErrorCode::file_not_found, path, "no such file");
    fail(ErrorCode::unreadable_file, path, "cannot open: " + io::system_error_text(error_number));
  }
  struct stat status {};
  if (::fstat(s.fd.get(), &status) != 0) {
    fail(ErrorCode::unreadable_file, path, "cannot stat: " + io::system_error_text(errno));
  }
  if (S_ISDIR(status.st_mode)) fail(ErrorCode::unreadable_file, path, "is a folder, not an audio file");
  s.spilled = io::spill_stream(s.fd.get(), path);
  const int decode_fd = s.spilled ? s.spilled.get() : s.fd.get();

  io::SndfileOpening opening = io::open_sndfile(decode_fd, SFM_READ, s.info);
  if (!opening.file) {
    fail(ErrorCode::unreadable_file, path, "not a readable audio file (libsndfile: " + opening.error + ")");
  }
  s.file = std::move(opening.file);
  if (s.info.channels < 1) fail(ErrorCode::unreadable_file, path, "the header declares no channels");
  s.channels = static_cast<std::size_t>(s.info.channels);
  if (s.channels > max_channels) {
    fail(ErrorCode::too_many_channels, path,
         count_of(s.channels, "channel") + "; at most " + std::to_string(max_channels) + " are supported");
  }
  if (s.info.samplerate < static_cast<int>(min_sample_rate) ||
      s.info.samplerate > static_cast<int>(max_sample_rate)) {
    fail(ErrorCode::unsupported_rate, path,
         "sample rate " + std::to_string(s.info.samplerate) + " Hz is outside the supported " +
             std::to_string(min_sample_rate) + "-" + std::to_string(max_sample_rate) + " Hz");
  }
  s.sample_rate_hz = static_cast<std::uint32_t>(s.info.samplerate);
  // libsndfile finds an Ogg stream's length in its last page, which a complete file always has; without
  // it the stream was cut short, and decoding it would give a silently shortened track.
  if ((s.info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_OGG && s.info.frames == SF_COUNT_MAX) {
    fail(ErrorCode::truncated_file, path, "truncated: the Ogg stream ends without its final page");
  }
  if (s.info.frames >= 0 && s.info.frames != SF_COUNT_MAX)
    s.announced = static_cast<std::uint64_t>(s.info.frames);
  s.promised = promised_frames(s.info, decode_fd);
  s.layout = layout_from_file(s.file.get(), s.info);
  s.format = {io::container_name(s.info.format), io::encoding_name(s.info.format)};
  s.tags = io::tags_from_sndfile(s.file.get());
} catch (const std::bad_alloc&) {
  throw Error(ErrorCode::out_of_memory, path.string() + ": not enough memory to open it");
}

AudioFileReader::~AudioFileReader() = default;
AudioFileReader::AudioFileReader(AudioFileReader&&) noexcept = default;
AudioFileReader& AudioFileReader::operator=(AudioFileReader&&) noexcept = default;

std::size_t AudioFileReader::channels() const noexcept {
  return state_->channels;
}
std::uint32_t AudioFileReader::sample_rate() const noexcept {
  return state_->sample_rate_hz;
}
const std::vector<Speaker>& AudioFileReader::layout() const noexcept {
  return state_->layout;
}
const SourceFormat& AudioFileReader::format() const noexcept {
  return state_->format;
}
std::optional<std::uint64_t> AudioFileReader::announced_frames() const noexcept {
  return state_->announced;
}
const AudioTags& AudioFileReader::tags() const noexcept {
  return state_->tags;
}
std::uint64_t AudioFileReader::frames_read() const noexcept {
  return state_->frames_read;
}
std::uint64_t AudioFileReader::non_finite_samples() const noexcept {
  return state_->non_finite;
}

std::size_t AudioFileReader::read_interleaved(float* interleaved, std::size_t max_frames) {
  State& s = *state_;
  if (s.ended || max_frames == 0) return 0;
  const sf_count_t got = sf_readf_float(s.file.get(), interleaved, static_cast<sf_count_t>(max_frames));
  if (got <= 0) {
    s.finish();
    return 0;
  }
  const auto frames = static_cast<std::size_t>(got);
  for (std::size_t i = 0; i < frames * s.channels; ++i) {
    if (!std::isfinite(interleaved[i])) ++s.non_finite;
  }
  s.frames_read += frames;
  return frames;
}

std::size_t AudioFileReader::read(std::span<float* const> planes, std::size_t max_frames) {
  State& s = *state_;
  if (planes.size() != s.channels) {
    throw Error(ErrorCode::invalid_argument, s.path.string() + ": read() needs one plane per channel (" +
                                                 std::to_string(s.channels) + "), got " +
                                                 std::to_string(planes.size()));
  }
  if (s.chunk.empty()) {
    try {
      s.chunk.resize(kChunkFrames * s.channels);
    } catch (const std::bad_alloc&) {
      fail(ErrorCode::out_of_memory, s.path, "not enough memory to decode it");
    }
  }
  std::size_t total = 0;
  while (total < max_frames) {
    const std::size_t got = read_interleaved(s.chunk.data(), std::min(kChunkFrames, max_frames - total));
    if (got == 0) break;
    for (std::size_t c = 0; c < s.channels; ++c) {
      float* destination = planes[c] + total;
      for (std::size_t i = 0; i < got; ++i) destination[i] = s.chunk[i * s.channels + c];
    }
    total += got;
  }
  return total;
}

}  // namespace auralis
