// SPDX-License-Identifier: MIT
// read_audio's refusals: missing, corrupt, truncated, empty, too wide, wrong rate and non-finite files,
// each with its error code and a message naming the file.
#include "test_audio_io_support.hpp"

#include <limits>
#include <tuple>

namespace {

using auralis::AudioBuffer;
using auralis::ErrorCode;
using auralis::SampleFormat;
using auralis::test::io::AudioIoScratch;
using auralis::test::io::expect_error;
using auralis::test::io::file_bytes;
using auralis::test::io::interleaved_sine;
using auralis::test::io::noise;
using auralis::test::io::put_file_bytes;
using auralis::test::io::write_with_sndfile;
namespace fs = std::filesystem;

class AudioIoReadErrors : public AudioIoScratch {
 protected:
  std::string read_error(const fs::path& path, ErrorCode code) {
    return expect_error([&] { auralis::read_audio(path); }, code, path);
  }

  // Cuts `bytes` off the end of the file.
  static void chop(const fs::path& path, std::uintmax_t bytes) {
    fs::resize_file(path, fs::file_size(path) - bytes);
  }
};

TEST_F(AudioIoReadErrors, MissingFile) {
  read_error(file("absent.wav"), ErrorCode::file_not_found);
  read_error(file("no-such-folder/absent.flac"), ErrorCode::file_not_found);
}

TEST_F(AudioIoReadErrors, RandomBytes) {
  std::string bytes(20000, '\0');
  std::uint64_t state = 12345;
  for (char& byte : bytes) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    byte = static_cast<char>(state >> 56);
  }
  put_file_bytes(file("noise.wav"), bytes);
  const std::string message = read_error(file("noise.wav"), ErrorCode::unreadable_file);
  EXPECT_NE(message.find("libsndfile"), std::string::npos) << message;
}

TEST_F(AudioIoReadErrors, TextFileNamedWav) {
  put_file_bytes(file("notes.wav"), "These are my notes, not a song.\n");
  read_error(file("notes.wav"), ErrorCode::unreadable_file);
}

TEST_F(AudioIoReadErrors, EmptyFileAndFolder) {
  put_file_bytes(file("zero-bytes.wav"), "");
  read_error(file("zero-bytes.wav"), ErrorCode::unreadable_file);
  fs::create_directory(file("folder.wav"));
  read_error(file("folder.wav"), ErrorCode::unreadable_file);
}

// libsndfile shortens a WAV's frame count to the data present, so the truncation must be found from the
// header's own data chunk size.
TEST_F(AudioIoReadErrors, TruncatedWav) {
  const AudioBuffer audio = noise(2, 10000, 48000, 0.5, 1);
  for (const SampleFormat sample_format : {SampleFormat::pcm16, SampleFormat::pcm24, SampleFormat::float32}) {
    const auto path = file("cut.wav");
    auralis::write_audio(path, audio, {.sample_format = sample_format});
    chop(path, 1001);  // Not a whole number of frames, either.
    const std::string message = read_error(path, ErrorCode::truncated_file);
    EXPECT_NE(message.find("of 10000 frames"), std::string::npos) << message;
  }
}

TEST_F(AudioIoReadErrors, TruncatedByOneByte) {
  const auto path = file("one-byte.wav");
  auralis::write_audio(path, noise(1, 1000, 44100, 0.5, 2), {.sample_format = SampleFormat::pcm16});
  chop(path, 1);
  const std::string message = read_error(path, ErrorCode::truncated_file);
  EXPECT_NE(message.find("999 of 1000 frames"), std::string::npos) << message;
}

TEST_F(AudioIoReadErrors, TruncatedFlac) {
  const auto path = file("cut.flac");
  auralis::write_audio(path, noise(2, 48000, 48000, 0.5, 3),
                       {.type = auralis::FileType::flac, .sample_format = SampleFormat::pcm16});
  chop(path, fs::file_size(path) / 3);
  const std::string message = read_error(path, ErrorCode::truncated_file);
  EXPECT_NE(message.find("of 48000 frames"), std::string::npos) << message;
}

TEST_F(AudioIoReadErrors, TruncatedAiffAndRf64) {
  const std::vector<float> samples = interleaved_sine(2, 44100, 4410, 440.0, 0.5);
  for (const auto& [name, format] : {std::pair{"cut.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16},
                                     std::pair{"cut.rf64", SF_FORMAT_RF64 | SF_FORMAT_PCM_24},
                                     std::pair{"cut-ex.wav", SF_FORMAT_WAVEX | SF_FORMAT_PCM_24}}) {
    const auto path = file(name);
    ASSERT_TRUE(write_with_sndfile(path, format, 2, 44100, samples)) << name;
    ASSERT_EQ(auralis::read_audio(path).audio.frames(), 4410u) << name;
    chop(path, 600);
    const std::string message = read_error(path, ErrorCode::truncated_file);
    EXPECT_NE(message.find("of 4410 frames"), std::string::npos) << message;
  }
}

TEST_F(AudioIoReadErrors, ZeroFrames) {
  ASSERT_TRUE(write_with_sndfile(file("empty.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, 2, 44100, {}));
  read_error(file("empty.wav"), ErrorCode::empty_audio);
  ASSERT_TRUE(write_with_sndfile(file("empty.aiff"), SF_FORMAT_AIFF | SF_FORMAT_PCM_24, 1, 44100, {}));
  read_error(file("empty.aiff"), ErrorCode::empty_audio);
  // (libsndfile writes a 0-frame FLAC as a 0-byte file, which no reader recognises: not tested here.)
}

TEST_F(AudioIoReadErrors, TooManyChannels) {
  // AudioBuffer cannot hold 33 channels, so the file is made with libsndfile directly.
  const std::vector<float> samples(33 * 100, 0.25f);
  ASSERT_TRUE(write_with_sndfile(file("wide.wav"), SF_FORMAT_WAV | SF_FORMAT_FLOAT, 33, 48000, samples));
  const std::string message = read_error(file("wide.wav"), ErrorCode::too_many_channels);
  EXPECT_NE(message.find("33"), std::string::npos) << message;
}

TEST_F(AudioIoReadErrors, RateOutsideSupportedRange) {
  for (const int rate : {4000, 7999, 768001, 800000}) {
    const auto path = file("rate-" + std::to_string(rate) + ".wav");
    ASSERT_TRUE(write_with_sndfile(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, rate,
                                   interleaved_sine(1, rate, 100, 100.0, 0.5)));
    const std::string message = read_error(path, ErrorCode::unsupported_rate);
    EXPECT_NE(message.find(std::to_string(rate) + " Hz"), std::string::npos) << message;
  }
  // The limits themselves are accepted.
  for (const int rate : {8000, 768000}) {
    const auto path = file("edge-" + std::to_string(rate) + ".wav");
    ASSERT_TRUE(write_with_sndfile(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, rate,
                                   interleaved_sine(1, rate, 100, 100.0, 0.5)));
    EXPECT_EQ(auralis::read_audio(path).audio.sample_rate(), static_cast<std::uint32_t>(rate));
  }
}

TEST_F(AudioIoReadErrors, NonFiniteSamplesAreCounted) {
  std::vector<float> samples = interleaved_sine(2, 48000, 10000, 1000.0, 0.5);
  samples[5] = std::numeric_limits<float>::quiet_NaN();
  samples[6000] = std::numeric_limits<float>::infinity();
  samples[19999] = -std::numeric_limits<float>::infinity();
  ASSERT_TRUE(write_with_sndfile(file("nan.wav"), SF_FORMAT_WAV | SF_FORMAT_FLOAT, 2, 48000, samples));
  const std::string message = read_error(file("nan.wav"), ErrorCode::non_finite_samples);
  EXPECT_NE(message.find("3 NaN/Inf samples"), std::string::npos) << message;

  std::vector<float> one_nan(200, 0.1f);
  one_nan[150] = std::numeric_limits<float>::quiet_NaN();
  ASSERT_TRUE(write_with_sndfile(file("one-nan.wav"), SF_FORMAT_WAV | SF_FORMAT_DOUBLE, 1, 48000, one_nan));
  const std::string single = read_error(file("one-nan.wav"), ErrorCode::non_finite_samples);
  EXPECT_NE(single.find("1 NaN/Inf sample"), std::string::npos) << single;
}

// libsndfile takes an Ogg stream's length from its last page; a cut file has none (frames unknown) and
// would otherwise decode to a silently shortened track, sometimes to nothing at all.
TEST_F(AudioIoReadErrors, CutOggIsTruncated) {
  for (const auto& [name, format, rate] : {std::tuple{"cut.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100},
                                           std::tuple{"cut.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 48000}}) {
    const auto path = file(name);
    if (!write_with_sndfile(path, format, 2, rate, interleaved_sine(2, rate, 5 * rate, 440.0, 0.5))) {
      GTEST_SKIP() << "this libsndfile cannot write " << name;
    }
    ASSERT_EQ(auralis::read_audio(path).audio.frames(), 5u * rate);
    chop(path, fs::file_size(path) / 3);
    read_error(path, ErrorCode::truncated_file);
  }
}

// A FLAC encoder that cannot seek back leaves STREAMINFO's total sample count at 0 ("unknown"): every
// frame is still decoded, with no count to allocate from.
TEST_F(AudioIoReadErrors, FlacWithUnknownLengthDecodesEveryFrame) {
  const auto path = file("streamed.flac");
  const AudioBuffer audio = noise(2, 30000, 44100, 0.5, 5);
  auralis::write_audio(
      path, audio, {.type = auralis::FileType::flac, .sample_format = SampleFormat::pcm16, .dither = false});
  std::string bytes = file_bytes(path);
  ASSERT_EQ(bytes.substr(0, 4), "fLaC");
  // STREAMINFO starts at byte 8; its 36-bit total sample count takes the low nibble of byte 21 and bytes
  // 22-25.
  bytes[21] = static_cast<char>(bytes[21] & 0xF0);
  for (std::size_t k = 22; k < 26; ++k) bytes[k] = 0;
  put_file_bytes(path, bytes);
  const AudioBuffer decoded = auralis::read_audio(path).audio;
  ASSERT_EQ(decoded.frames(), audio.frames());
  for (std::size_t c = 0; c < 2; ++c) {
    for (std::size_t i = 0; i < audio.frames(); i += 101) {
      ASSERT_NEAR(decoded.channel(c)[i], audio.channel(c)[i], 0.5 / 32768)
          << "channel " << c << " frame " << i;
    }
  }
}

// Frames past what the header promises must not be lost either (header undercount or no count).
TEST_F(AudioIoReadErrors, HeaderWithOpenLengthStillDecodes) {
  const auto path = file("streamed.wav");
  auralis::write_audio(path, noise(2, 3000, 48000, 0.5, 4), {.sample_format = SampleFormat::pcm16});
  // A streaming writer that cannot seek back leaves the RIFF and data sizes at 0xFFFFFFFF.
  std::string bytes = file_bytes(path);
  const std::size_t data = bytes.find("data");
  ASSERT_NE(data, std::string::npos);
  bytes.replace(data + 4, 4, std::string(4, '\xFF'));
  bytes.replace(4, 4, std::string(4, '\xFF'));
  put_file_bytes(path, bytes);
  EXPECT_EQ(auralis::read_audio(path).audio.frames(), 3000u);
}

}  // namespace
