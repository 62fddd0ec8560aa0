// SPDX-License-Identifier: MIT
// 128-bit content hashes (XXH3-128) of a file's bytes and of its decoded audio: the analysis cache's keys.
#pragma once

#include <auralis/audio_buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace auralis::io {

struct Hash128 {
  std::uint64_t high = 0;
  std::uint64_t low = 0;

  /// 32 lowercase hex digits, high half first (XXH3's canonical big-endian form).
  std::string hex() const;
  /// Parses what hex() writes (32 hex digits, either case); empty for anything else.
  static std::optional<Hash128> from_hex(std::string_view text);

  friend bool operator==(const Hash128&, const Hash128&) = default;
};

/// The decoded-audio hash computed as the audio streams past (hash_decoded_audio's bytes, fed by blocks of
/// any size), so a pass that decodes a track anyway can hash it too.
class AudioHasher {
 public:
  AudioHasher(std::uint32_t sample_rate_hz, const std::vector<Speaker>& layout);
  ~AudioHasher();
  AudioHasher(const AudioHasher&) = delete;
  AudioHasher& operator=(const AudioHasher&) = delete;
  /// `frames` frames of interleaved samples (rewritten in place: -0.0 becomes 0.0).
  void add_interleaved(float* samples, std::size_t frames);
  /// `frames` frames of planar samples, one plane per channel.
  void add_planar(std::span<const float* const> planes, std::size_t frames);
  Hash128 digest() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::size_t channels_;
  std::vector<float> interleaved_;
};

/// Frames hash_decoded_audio decodes per call unless told otherwise.
inline constexpr std::size_t default_hash_block_frames = 65536;

/// XXH3-128 of `bytes`: for keys made of other keys and the settings they depend on (a decoded-audio hash
/// with the analysis version and options).
Hash128 hash_bytes(std::string_view bytes);

/// XXH3-128 of the file's bytes, read in large chunks. Throws Error naming the path: file_not_found,
/// unreadable_file (a folder, no permission, a read error).
Hash128 hash_file_bytes(const std::filesystem::path& path);

/// XXH3-128 of the decoded audio, decoded block by block (memory does not grow with the track): the sample
/// rate, the channel count and the channel layout (the speakers BS.1770 weights, which the analysis uses),
/// then every sample as little-endian float32 (-0.0 as 0.0), interleaved frame by frame. The hashed bytes do
/// not depend on `block_frames`, nor on the container or encoding: samples equal as numbers hash equal, in a
/// float WAV as in a 16-bit FLAC. Throws what AudioFileReader throws (Error naming the file), and
/// Error(invalid_argument) for a block_frames of 0.
Hash128 hash_decoded_audio(const std::filesystem::path& path,
                           std::size_t block_frames = default_hash_block_frames);

}  // namespace auralis::io
