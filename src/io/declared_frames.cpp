// SPDX-License-Identifier: MIT
// The frame count an uncompressed WAV/RF64/AIFF header promises, read by hand because libsndfile quietly
// shortens it to what the file holds (so a truncated file would otherwise decode as a shorter, valid one).
#include "io/declared_frames.hpp"

#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>

namespace auralis::io {
namespace {

// A header with more chunks than this before its sample data is not worth following.
constexpr int kMaxChunksBeforeData = 4096;
constexpr std::uint32_t kOpenLength = 0xFFFFFFFFu;

bool read_at(int fd, std::uint64_t offset, unsigned char* destination, std::size_t count) {
  while (count > 0) {
    const ssize_t got = ::pread(fd, destination, count, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    destination += got;
    count -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

bool has_tag(const unsigned char* bytes, const char (&tag)[5]) {
  return std::memcmp(bytes, tag, 4) == 0;
}

std::uint64_t read_uint(const unsigned char* bytes, std::size_t size, bool big_endian) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const std::size_t byte = big_endian ? i : size - 1 - i;
    value = (value << 8) | bytes[byte];
  }
  return value;
}

// Only for these encodings is one frame exactly one block of the data chunk.
bool is_uncompressed(int sf_format) {
  switch (sf_format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_16:
    case SF_FORMAT_PCM_24:
    case SF_FORMAT_PCM_32:
    case SF_FORMAT_PCM_U8:
    case SF_FORMAT_FLOAT:
    case SF_FORMAT_DOUBLE:
    case SF_FORMAT_ULAW:
    case SF_FORMAT_ALAW:
      return true;
    default:
      return false;
  }
}

// RIFF-style chunk walk: "RIFF"/"RIFX"/"RF64"/"BW64", size, "WAVE", then (id, size, body) chunks padded to
// even sizes. The data chunk's size over the fmt chunk's block align is the declared frame count.
std::optional<std::uint64_t> riff_declared_frames(int fd, std::uint64_t file_size, bool big_endian,
                                                  bool size_in_ds64) {
  std::optional<std::uint64_t> ds64_data_bytes;
  std::uint64_t block_align = 0;
  std::uint64_t offset = 12;
  for (int chunk = 0; chunk < kMaxChunksBeforeData && offset + 8 <= file_size; ++chunk) {
    std::array<unsigned char, 8> header{};
    if (!read_at(fd, offset, header.data(), header.size())) return std::nullopt;
    const std::uint64_t size = read_uint(header.data() + 4, 4, big_endian);
    const std::uint64_t body = offset + 8;
    if (has_tag(header.data(), "ds64") && size >= 16) {
      std::array<unsigned char, 16> sizes{};
      if (!read_at(fd, body, sizes.data(), sizes.size())) return std::nullopt;
      ds64_data_bytes = read_uint(sizes.data() + 8, 8, false);
    } else if (has_tag(header.data(), "fmt ") && size >= 14) {
      std::array<unsigned char, 14> format{};
      if (!read_at(fd, body, format.data(), format.size())) return std::nullopt;
      block_align = read_uint(format.data() + 12, 2, big_endian);
    } else if (has_tag(header.data(), "data")) {
      if (block_align == 0) return std::nullopt;
      std::uint64_t data_bytes = size;
      if (size_in_ds64 && size == kOpenLength) {
        if (!ds64_data_bytes) return std::nullopt;
        data_bytes = *ds64_data_bytes;
      } else if (size == 0 || size == kOpenLength) {
        return std::nullopt;
      }
      return data_bytes / block_align;
    }
    offset = body + size + (size & 1);
  }
  return std::nullopt;
}

// IFF chunk walk: "FORM", size, "AIFF"/"AIFC", then big-endian (id, size, body) chunks padded to even
// sizes. COMM holds numSampleFrames right after numChannels.
std::optional<std::uint64_t> aiff_declared_frames(int fd, std::uint64_t file_size) {
  std::uint64_t offset = 12;
  for (int chunk = 0; chunk < kMaxChunksBeforeData && offset + 8 <= file_size; ++chunk) {
    std::array<unsigned char, 8> header{};
    if (!read_at(fd, offset, header.data(), header.size())) return std::nullopt;
    const std::uint64_t size = read_uint(header.data() + 4, 4, true);
    if (has_tag(header.data(), "COMM") && size >= 6) {
      std::array<unsigned char, 6> common{};
      if (!read_at(fd, offset + 8, common.data(), common.size())) return std::nullopt;
      const std::uint64_t frames = read_uint(common.data() + 2, 4, true);
      if (frames == 0 || frames == kOpenLength) return std::nullopt;
      return frames;
    }
    offset += 8 + size + (size & 1);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> declared_frame_count(int fd, int sf_format) {
  const int major = sf_format & SF_FORMAT_TYPEMASK;
  if (major != SF_FORMAT_WAV && major != SF_FORMAT_WAVEX && major != SF_FORMAT_RF64 &&
      major != SF_FORMAT_AIFF) {
    return std::nullopt;
  }
  if (!is_uncompressed(sf_format)) return std::nullopt;

  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) return std::nullopt;
  const auto file_size = static_cast<std::uint64_t>(status.st_size);

  std::array<unsigned char, 12> magic{};
  if (file_size < magic.size() || !read_at(fd, 0, magic.data(), magic.size())) return std::nullopt;
  const unsigned char* form = magic.data() + 8;
  if (has_tag(magic.data(), "RIFF") && has_tag(form, "WAVE")) {
    return riff_declared_frames(fd, file_size, false, false);
  }
  if (has_tag(magic.data(), "RIFX") && has_tag(form, "WAVE")) {
    return riff_declared_frames(fd, file_size, true, false);
  }
  if ((has_tag(magic.data(), "RF64") || has_tag(magic.data(), "BW64")) && has_tag(form, "WAVE")) {
    return riff_declared_frames(fd, file_size, false, true);
  }
  if (has_tag(magic.data(), "FORM") && (has_tag(form, "AIFF") || has_tag(form, "AIFC"))) {
    return aiff_declared_frames(fd, file_size);
  }
  return std::nullopt;
}

}  // namespace auralis::io
