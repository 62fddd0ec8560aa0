// SPDX-License-Identifier: MIT
// Content hashes, the analysis cache's keys: hex form, file bytes, and the decoded audio, which must not
// depend on the container or the reader's block size but must see every sample (the predecessor keyed on
// the first, middle and last 1024 samples and returned another track's analysis).
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "io/content_hash.hpp"
#include "support/music_like.hpp"
#include "support/signals.hpp"
#include "test_audio_io_support.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace auralis {
namespace {

namespace fs = std::filesystem;
using io::Hash128;

class ContentHash : public test::io::AudioIoScratch {};

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

Hash128 expected_hash(const void* bytes, std::size_t size) {
  const XXH128_hash_t hash = XXH3_128bits(bytes, size);
  return {hash.high64, hash.low64};
}

// What hash_decoded_audio documents, computed in one piece: rate, channels and layout as 64-bit
// little-endian integers, then the interleaved float32 samples (this host is little-endian).
Hash128 expected_audio_hash(const AudioBuffer& audio) {
  std::string bytes;
  const auto put = [&bytes](std::uint64_t value) { bytes.append(reinterpret_cast<const char*>(&value), 8); };
  put(audio.sample_rate());
  put(audio.channels());
  for (const Speaker speaker : audio.layout()) put(static_cast<std::uint64_t>(speaker));
  std::vector<float> samples = test::interleave(audio, 0, audio.frames());
  for (float& sample : samples) {
    if (sample == 0.0f) sample = 0.0f;  // -0.0 is hashed as 0.0
  }
  bytes.append(reinterpret_cast<const char*>(samples.data()), samples.size() * sizeof(float));
  return expected_hash(bytes.data(), bytes.size());
}

// Noise rounded to 16-bit steps, so that a 16-bit encoding holds it exactly (samples that round to zero
// from below are -0.0, which a float file keeps and an integer one cannot).
AudioBuffer sixteen_bit_noise(std::size_t channels, double seconds, std::uint64_t seed) {
  AudioBuffer audio = test::white_noise(channels, 44100, seconds, -6.0, seed);
  for (std::size_t c = 0; c < channels; ++c) {
    for (float& sample : audio.channel(c)) sample = std::round(sample * 32768.0f) / 32768.0f;
  }
  return audio;
}

EncodeOptions encoding(FileType type, SampleFormat format) {
  EncodeOptions options;
  options.type = type;
  options.sample_format = format;
  options.dither = false;
  return options;
}

TEST(ContentHashHex, RoundTripsAndRefusesOtherText) {
  const Hash128 hash{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
  EXPECT_EQ(hash.hex(), "0123456789abcdeffedcba9876543210");
  EXPECT_EQ(Hash128::from_hex(hash.hex()), hash);
  EXPECT_EQ(Hash128::from_hex("0123456789ABCDEFFEDCBA9876543210"), hash);
  EXPECT_FALSE(Hash128::from_hex("0123456789abcdeffedcba987654321"));    // 31 digits
  EXPECT_FALSE(Hash128::from_hex("0123456789abcdeffedcba98765432100"));  // 33 digits
  EXPECT_FALSE(Hash128::from_hex("0123456789abcdeffedcba987654321g"));
}

TEST_F(ContentHash, BytesAndFileBytesAreXxh3Of128Bits) {
  // 2.5 MiB: several of the reader's 1 MiB chunks and a partial one.
  std::string bytes(5 * (std::size_t{1} << 19), '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 2654435761u) >> 13);
  write_bytes(file("a.bin"), bytes);
  EXPECT_EQ(io::hash_file_bytes(file("a.bin")), expected_hash(bytes.data(), bytes.size()));
  bytes[bytes.size() - 1] ^= 1;  // the last byte only
  write_bytes(file("b.bin"), bytes);
  EXPECT_EQ(io::hash_file_bytes(file("b.bin")), expected_hash(bytes.data(), bytes.size()));
  EXPECT_NE(io::hash_file_bytes(file("a.bin")), io::hash_file_bytes(file("b.bin")));
  write_bytes(file("empty.bin"), "");
  EXPECT_EQ(io::hash_file_bytes(file("empty.bin")), expected_hash("", 0));
  EXPECT_EQ(io::hash_bytes(bytes), expected_hash(bytes.data(), bytes.size()));
  EXPECT_EQ(io::hash_bytes(""), expected_hash("", 0));
}

TEST_F(ContentHash, FileBytesErrorsNameThePath) {
  test::io::expect_error([&] { io::hash_file_bytes(file("missing.wav")); }, ErrorCode::file_not_found,
                         file("missing.wav"));
  test::io::expect_error([&] { io::hash_file_bytes(scratch_); }, ErrorCode::unreadable_file, scratch_);
}

TEST_F(ContentHash, DecodedAudioIsTheDocumentedBytesForAnyBlockSize) {
  const AudioBuffer audio = test::white_noise(2, 44100, 1.5, -3.0, 11);
  write_audio(file("float.wav"), audio, encoding(FileType::wav, SampleFormat::float32));
  const Hash128 expected = expected_audio_hash(audio);
  for (const std::size_t block : {std::size_t{1}, std::size_t{37}, std::size_t{4096},
                                  io::default_hash_block_frames, std::size_t{1} << 20}) {
    EXPECT_EQ(io::hash_decoded_audio(file("float.wav"), block), expected) << block << "-frame blocks";
  }
  test::io::expect_error([&] { io::hash_decoded_audio(file("float.wav"), 0); }, ErrorCode::invalid_argument,
                         "block_frames");
  test::io::expect_error([&] { io::hash_decoded_audio(file("missing.wav")); }, ErrorCode::file_not_found,
                         file("missing.wav"));
}

// The batch hashes a track's audio as its analysis pass streams it, in planar blocks of any size.
TEST_F(ContentHash, PlanarBlocksStreamedPastHashAsTheFileDoes) {
  const AudioBuffer audio = test::white_noise(2, 44100, 1.5, -3.0, 12);
  write_audio(file("float.wav"), audio, encoding(FileType::wav, SampleFormat::float32));
  for (const std::size_t block : {std::size_t{1000}, std::size_t{32768}}) {
    io::AudioHasher hasher(audio.sample_rate(), audio.layout());
    for (std::size_t first = 0; first < audio.frames(); first += block) {
      const std::size_t frames = std::min(block, audio.frames() - first);
      const float* planes[] = {audio.channel(0).data() + first, audio.channel(1).data() + first};
      hasher.add_planar(planes, frames);
    }
    EXPECT_EQ(hasher.digest(), io::hash_decoded_audio(file("float.wav"))) << block << "-frame blocks";
  }
}

TEST_F(ContentHash, SameSamplesInAnotherContainerHashEqual) {
  const AudioBuffer audio = sixteen_bit_noise(2, 2.0, 5);
  write_audio(file("float.wav"), audio, encoding(FileType::wav, SampleFormat::float32));
  write_audio(file("pcm16.wav"), audio, encoding(FileType::wav, SampleFormat::pcm16));
  write_audio(file("pcm16.flac"), audio, encoding(FileType::flac, SampleFormat::pcm16));
  write_audio(file("pcm24.flac"), audio, encoding(FileType::flac, SampleFormat::pcm24));
  const auto channel = audio.channel(0);
  ASSERT_TRUE(std::ranges::any_of(channel, [](float x) { return x == 0.0f && std::signbit(x); }));
  const Hash128 reference = io::hash_decoded_audio(file("float.wav"));
  EXPECT_EQ(reference, expected_audio_hash(audio));
  for (const char* name : {"pcm16.wav", "pcm16.flac", "pcm24.flac"}) {
    EXPECT_EQ(io::hash_decoded_audio(file(name)), reference) << name;
    EXPECT_NE(io::hash_file_bytes(file(name)), io::hash_file_bytes(file("float.wav"))) << name;
  }
}

TEST_F(ContentHash, RateAndChannelLayoutArePartOfTheKey) {
  const AudioBuffer audio = sixteen_bit_noise(2, 1.0, 6);
  write_audio(file("44k.wav"), audio, encoding(FileType::wav, SampleFormat::float32));
  AudioBuffer faster(2, audio.frames(), 48000);
  for (std::size_t c = 0; c < 2; ++c) std::ranges::copy(audio.channel(c), faster.channel(c).begin());
  write_audio(file("48k.wav"), faster, encoding(FileType::wav, SampleFormat::float32));
  EXPECT_NE(io::hash_decoded_audio(file("44k.wav")), io::hash_decoded_audio(file("48k.wav")));
  // Six channels, L R C LFE Ls Rs against the same samples mapped L R C Ls Rs and a rear centre: BS.1770
  // weighs them differently, so their analyses differ and must not share an entry.
  AudioBuffer surround = sixteen_bit_noise(6, 1.0, 7);
  write_audio(file("default.wav"), surround, encoding(FileType::wav, SampleFormat::float32));
  surround.set_layout({Speaker::left, Speaker::right, Speaker::centre, Speaker::rear_left,
                       Speaker::rear_right, Speaker::rear_centre});
  write_audio(file("mapped.wav"), surround, encoding(FileType::wav, SampleFormat::float32));
  EXPECT_NE(io::hash_decoded_audio(file("default.wav")), io::hash_decoded_audio(file("mapped.wav")));
}

// The keying test: two tracks equal in their first, middle and last 1024 samples (all the
// predecessor's key saw) and different elsewhere get different keys, and their analyses differ too.
TEST_F(ContentHash, TracksSharingFirstMiddleAndLastSamplesHashApart) {
  constexpr std::size_t kFrames = 3 * 44100;
  constexpr std::size_t kEdge = 1024;
  const AudioBuffer first = test::music_like(2, 44100, 0, kFrames, 21);
  AudioBuffer second = first;
  // 6 dB down over [0.25, 0.45] of the track: clear of the three 1024-sample windows.
  for (std::size_t c = 0; c < 2; ++c) {
    auto samples = second.channel(c);
    for (std::size_t i = kFrames / 4; i < kFrames * 9 / 20; ++i) samples[i] *= 0.5f;
  }
  const std::size_t middle = kFrames / 2 - kEdge / 2;
  for (std::size_t c = 0; c < 2; ++c) {
    for (const std::size_t start : {std::size_t{0}, middle, kFrames - kEdge}) {
      ASSERT_EQ(std::memcmp(first.channel(c).data() + start, second.channel(c).data() + start,
                            kEdge * sizeof(float)),
                0);
    }
  }
  write_audio(file("first.wav"), first, encoding(FileType::wav, SampleFormat::float32));
  write_audio(file("second.wav"), second, encoding(FileType::wav, SampleFormat::float32));
  EXPECT_NE(io::hash_decoded_audio(file("first.wav")), io::hash_decoded_audio(file("second.wav")));

  SpectralEngine engine(BackendOptions::cpu(1));
  const ContentProfile a = analyze_content(file("first.wav"), engine);
  const ContentProfile b = analyze_content(file("second.wav"), engine);
  ASSERT_TRUE(a.loudness.integrated_lufs && b.loudness.integrated_lufs);
  // A fifth of the track 6 dB down lowers the gated loudness by 0.74 LU (measured).
  EXPECT_GT(*a.loudness.integrated_lufs - *b.loudness.integrated_lufs, 0.5);
  EXPECT_NE(profile_to_json(a), profile_to_json(b));
}

}  // namespace
}  // namespace auralis
