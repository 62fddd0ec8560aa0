// read_audio: decodes any file libsndfile reads into a planar float32 AudioBuffer, with strict checks.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>

#include "io/channel_map.hpp"
#include "io/declared_frames.hpp"
#include "io/format_names.hpp"
#include "io/planar_collector.hpp"
#include "io/sndfile_resources.hpp"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <vector>

namespace auralis {
namespace {

// Frames decoded per libsndfile call: large enough to amortise the call, small enough to stay in cache.
constexpr sf_count_t kChunkFrames = 4096;

// A header's frame count is trusted as an allocation size only up to this much float data, or this many
// times the file size, so a corrupt header cannot make us allocate (and zero) a huge buffer up front.
constexpr std::uint64_t kTrustedAllocationBytes = std::uint64_t{1} << 30;
constexpr std::uint64_t kTrustedExpansionPerFileByte = 1024;

[[noreturn]] void fail(ErrorCode code, const std::filesystem::path& path, const std::string& what) {
  throw Error(code, path.string() + ": " + what);
}

// The frame count the file promises, when it is exact: libsndfile's own count (which it clamps to the data
// present for uncompressed formats) raised to what an uncompressed header declares. MPEG counts may be
// estimates from the bitrate, so they only size the allocation.
struct FrameCounts {
  std::optional<std::uint64_t> promised;
  std::uint64_t allocation_hint = 0;
};

FrameCounts frame_counts(const SF_INFO& info, int fd, std::uint64_t file_bytes) {
  FrameCounts counts;
  const bool known = info.frames >= 0 && info.frames != SF_COUNT_MAX;
  if (known) {
    const auto reported = static_cast<std::uint64_t>(info.frames);
    const std::uint64_t frame_bytes = static_cast<std::uint64_t>(info.channels) * sizeof(float);
    const std::uint64_t trusted_bytes =
        std::max(kTrustedAllocationBytes, file_bytes * kTrustedExpansionPerFileByte);
    if (reported <= trusted_bytes / frame_bytes) counts.allocation_hint = reported;
    if ((info.format & SF_FORMAT_TYPEMASK) != SF_FORMAT_MPEG) counts.promised = reported;
  }
  if (const auto declared = io::declared_frame_count(fd, info.format)) {
    counts.promised = std::max(counts.promised.value_or(0), *declared);
  }
  return counts;
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

std::string count_of(std::uint64_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

}  // namespace

DecodedAudio read_audio(const std::filesystem::path& path) {
  io::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    const int error_number = errno;
    if (error_number == ENOENT || error_number == ENOTDIR) {
      fail(ErrorCode::file_not_found, path, "no such file");
    }
    fail(ErrorCode::unreadable_file, path, "cannot open: " + io::system_error_text(error_number));
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) {
    fail(ErrorCode::unreadable_file, path, "cannot stat: " + io::system_error_text(errno));
  }
  if (S_ISDIR(status.st_mode)) fail(ErrorCode::unreadable_file, path, "is a folder, not an audio file");

  SF_INFO info{};
  const io::SndfilePtr file(sf_open_fd(fd.get(), SFM_READ, &info, SF_FALSE));
  if (!file) {
    fail(ErrorCode::unreadable_file, path,
         std::string("not a readable audio file (libsndfile: ") + sf_strerror(nullptr) + ")");
  }
  if (info.channels < 1) fail(ErrorCode::unreadable_file, path, "the header declares no channels");
  const auto channels = static_cast<std::size_t>(info.channels);
  if (channels > max_channels) {
    fail(ErrorCode::too_many_channels, path,
         count_of(channels, "channel") + "; at most " + std::to_string(max_channels) + " are supported");
  }
  if (info.samplerate < static_cast<int>(min_sample_rate) ||
      info.samplerate > static_cast<int>(max_sample_rate)) {
    fail(ErrorCode::unsupported_rate, path,
         "sample rate " + std::to_string(info.samplerate) + " Hz is outside the supported " +
             std::to_string(min_sample_rate) + "-" + std::to_string(max_sample_rate) + " Hz");
  }
  const auto sample_rate_hz = static_cast<std::uint32_t>(info.samplerate);
  // libsndfile finds an Ogg stream's length in its last page, which a complete file always has; without
  // it the stream was cut short, and decoding it would give a silently shortened track.
  if ((info.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_OGG && info.frames == SF_COUNT_MAX &&
      S_ISREG(status.st_mode)) {
    fail(ErrorCode::truncated_file, path, "truncated: the Ogg stream ends without its final page");
  }
  const FrameCounts counts = frame_counts(info, fd.get(), static_cast<std::uint64_t>(status.st_size));

  std::optional<io::PlanarCollector> collector;
  try {
    collector.emplace(channels, sample_rate_hz, static_cast<std::size_t>(counts.allocation_hint));
    std::vector<float> chunk(static_cast<std::size_t>(kChunkFrames) * channels);
    for (;;) {
      const sf_count_t got = sf_readf_float(file.get(), chunk.data(), kChunkFrames);
      if (got <= 0) break;
      collector->append(chunk.data(), static_cast<std::size_t>(got));
    }
  } catch (const std::bad_alloc&) {
    fail(ErrorCode::unreadable_file, path, "not enough memory to decode it");
  }

  const std::uint64_t decoded = collector->frames();
  const bool short_of_promise = counts.promised && decoded < *counts.promised;
  if (short_of_promise) {
    std::string what = "truncated: decoded " + std::to_string(decoded) + " of " +
                       count_of(*counts.promised, "frame") + " the header promises";
    if (sf_error(file.get()) != SF_ERR_NO_ERROR) {
      what += std::string(" (libsndfile: ") + sf_strerror(file.get()) + ")";
    }
    fail(ErrorCode::truncated_file, path, what);
  }
  if (sf_error(file.get()) != SF_ERR_NO_ERROR) {
    fail(ErrorCode::unreadable_file, path,
         "read error after " + count_of(decoded, "frame") + " (libsndfile: " + sf_strerror(file.get()) + ")");
  }
  if (decoded == 0) fail(ErrorCode::empty_audio, path, "holds no audio (0 frames)");
  if (const std::uint64_t bad = collector->non_finite_samples(); bad > 0) {
    fail(ErrorCode::non_finite_samples, path,
         count_of(bad, "NaN/Inf sample") + " (audio samples must be finite numbers)");
  }

  DecodedAudio result{{}, {io::container_name(info.format), io::encoding_name(info.format)}};
  try {
    result.audio = collector->take();
  } catch (const std::bad_alloc&) {
    fail(ErrorCode::unreadable_file, path, "not enough memory to hold " + count_of(decoded, "frame"));
  }
  result.audio.set_layout(layout_from_file(file.get(), info));
  return result;
}

}  // namespace auralis
