// SPDX-License-Identifier: MIT
// 128-bit content hashes (XXH3-128) of a file's bytes and of its decoded audio.
#include "io/content_hash.hpp"

#include "io/sndfile_resources.hpp"

#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

namespace auralis::io {
namespace {

// Bytes read per call by hash_file_bytes: large reads keep the system calls' cost small next to the hashing.
constexpr std::size_t kFileChunkBytes = std::size_t{1} << 20;

struct StateDeleter {
  void operator()(XXH3_state_t* state) const noexcept { XXH3_freeState(state); }
};

// A streaming XXH3-128 state, reset and ready for input.
class Hasher {
 public:
  Hasher() : state_(XXH3_createState()) {
    if (!state_ || XXH3_128bits_reset(state_.get()) == XXH_ERROR) throw std::bad_alloc();
  }
  void update(const void* bytes, std::size_t size) { XXH3_128bits_update(state_.get(), bytes, size); }
  // Little-endian, whatever the host's order, so that a key means the same on every machine.
  void update_le(std::uint64_t value) {
    if constexpr (std::endian::native == std::endian::big) value = __builtin_bswap64(value);
    update(&value, sizeof value);
  }
  Hash128 digest() const {
    const XXH128_hash_t hash = XXH3_128bits_digest(state_.get());
    return {hash.high64, hash.low64};
  }

 private:
  std::unique_ptr<XXH3_state_t, StateDeleter> state_;
};

[[noreturn]] void fail(ErrorCode code, const std::filesystem::path& path, const std::string& what) {
  throw Error(code, path.string() + ": " + what);
}

}  // namespace

std::string Hash128::hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text(32, '0');
  for (int i = 0; i < 16; ++i) {
    text[static_cast<std::size_t>(15 - i)] = kDigits[(high >> (4 * i)) & 0xf];
    text[static_cast<std::size_t>(31 - i)] = kDigits[(low >> (4 * i)) & 0xf];
  }
  return text;
}

std::optional<Hash128> Hash128::from_hex(std::string_view text) {
  if (text.size() != 32) return std::nullopt;
  Hash128 hash;
  for (std::size_t i = 0; i < 32; ++i) {
    const char c = text[i];
    std::uint64_t digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<std::uint64_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<std::uint64_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<std::uint64_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    std::uint64_t& half = i < 16 ? hash.high : hash.low;
    half = (half << 4) | digit;
  }
  return hash;
}

Hash128 hash_bytes(std::string_view bytes) {
  const XXH128_hash_t hash = XXH3_128bits(bytes.data(), bytes.size());
  return {hash.high64, hash.low64};
}

Hash128 hash_file_bytes(const std::filesystem::path& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    const int error_number = errno;
    if (error_number == ENOENT || error_number == ENOTDIR)
      fail(ErrorCode::file_not_found, path, "no such file");
    fail(ErrorCode::unreadable_file, path, "cannot open: " + system_error_text(error_number));
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0)
    fail(ErrorCode::unreadable_file, path, "cannot stat: " + system_error_text(errno));
  if (S_ISDIR(status.st_mode)) fail(ErrorCode::unreadable_file, path, "is a folder, not a file");
  Hasher hasher;
  std::vector<unsigned char> chunk(kFileChunkBytes);
  for (;;) {
    const ssize_t got = ::read(fd.get(), chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail(ErrorCode::unreadable_file, path, "read error: " + system_error_text(errno));
    if (got == 0) break;
    hasher.update(chunk.data(), static_cast<std::size_t>(got));
  }
  return hasher.digest();
}

struct AudioHasher::State {
  Hasher hasher;
};

AudioHasher::AudioHasher(std::uint32_t sample_rate_hz, const std::vector<Speaker>& layout)
    : state_(std::make_unique<State>()), channels_(layout.size()) {
  state_->hasher.update_le(sample_rate_hz);
  state_->hasher.update_le(channels_);
  for (const Speaker speaker : layout) state_->hasher.update_le(static_cast<std::uint64_t>(speaker));
}

AudioHasher::~AudioHasher() = default;

void AudioHasher::add_interleaved(float* samples, std::size_t frames) {
  const std::size_t count = frames * channels_;
  // -0.0 + 0.0 is +0.0: a float file may hold negative zeros where an integer one cannot, and no analysis
  // tells them apart.
  for (std::size_t i = 0; i < count; ++i) samples[i] += 0.0f;
  if constexpr (std::endian::native == std::endian::big) {
    for (std::size_t i = 0; i < count; ++i) {
      samples[i] = std::bit_cast<float>(__builtin_bswap32(std::bit_cast<std::uint32_t>(samples[i])));
    }
  }
  state_->hasher.update(samples, count * sizeof(float));
}

void AudioHasher::add_planar(std::span<const float* const> planes, std::size_t frames) {
  interleaved_.resize(frames * channels_);
  for (std::size_t c = 0; c < channels_; ++c) {
    for (std::size_t n = 0; n < frames; ++n) interleaved_[n * channels_ + c] = planes[c][n];
  }
  add_interleaved(interleaved_.data(), frames);
}

Hash128 AudioHasher::digest() const {
  return state_->hasher.digest();
}

Hash128 hash_decoded_audio(const std::filesystem::path& path, std::size_t block_frames) {
  if (block_frames == 0)
    throw Error(ErrorCode::invalid_argument, "hash_decoded_audio: block_frames must be > 0");
  AudioFileReader reader(path);
  AudioHasher hasher(reader.sample_rate(), reader.layout());
  std::vector<float> block(block_frames * reader.channels());
  while (const std::size_t frames = reader.read_interleaved(block.data(), block_frames)) {
    hasher.add_interleaved(block.data(), frames);
  }
  return hasher.digest();
}

}  // namespace auralis::io
