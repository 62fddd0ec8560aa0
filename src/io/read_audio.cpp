// SPDX-License-Identifier: MIT
// read_audio: decodes a whole file into a planar float32 AudioBuffer through AudioFileReader.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>

#include "io/planar_collector.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <vector>

namespace auralis {
namespace {

// Frames decoded per call: large enough to amortise the call, small enough to stay in cache.
constexpr std::size_t kChunkFrames = 4096;

// A header's frame count is trusted as an allocation size only up to this much float data, or this many
// times the file size, so a corrupt header cannot make us allocate (and zero) a huge buffer up front.
constexpr std::uint64_t kTrustedAllocationBytes = std::uint64_t{1} << 30;
constexpr std::uint64_t kTrustedExpansionPerFileByte = 1024;

std::size_t allocation_hint(const AudioFileReader& reader, const std::filesystem::path& path) {
  const std::optional<std::uint64_t> announced = reader.announced_frames();
  if (!announced) return 0;
  struct stat status {};
  const std::uint64_t file_bytes = ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode)
                                       ? static_cast<std::uint64_t>(status.st_size)
                                       : 0;
  const std::uint64_t frame_bytes = static_cast<std::uint64_t>(reader.channels()) * sizeof(float);
  const std::uint64_t trusted_bytes =
      std::max(kTrustedAllocationBytes, file_bytes * kTrustedExpansionPerFileByte);
  return *announced <= trusted_bytes / frame_bytes ? static_cast<std::size_t>(*announced) : 0;
}

}  // namespace

DecodedAudio read_audio(const std::filesystem::path& path) {
  AudioFileReader reader(path);
  try {
    DecodedAudio result{{}, reader.format()};
    io::PlanarCollector collector(reader.channels(), reader.sample_rate(), allocation_hint(reader, path));
    std::vector<float> chunk(kChunkFrames * reader.channels());
    while (const std::size_t got = reader.read_interleaved(chunk.data(), kChunkFrames)) {
      collector.append(chunk.data(), got);
    }
    result.audio = collector.take();
    result.audio.set_layout(reader.layout());
    return result;
  } catch (const std::bad_alloc&) {
    throw Error(ErrorCode::out_of_memory, path.string() + ": not enough memory to decode it");
  }
}

}  // namespace auralis
