// SPDX-License-Identifier: MIT
// WAV beyond 4 GiB: the writer starts RF64 where the expected length could pass RIFF's 32-bit sizes, and
// libsndfile's auto-downgrade keeps a short file RIFF; ordinary lengths stay plain WAVE_FORMAT_PCM RIFF.
#include <auralis/audio_io.hpp>

#include "io/audio_file_writer.hpp"
#include "support/signals.hpp"
#include "test_audio_io_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using auralis::SampleFormat;
using auralis::io::wav_needs_rf64;

using WavRf64 = auralis::test::io::AudioIoScratch;

TEST(WavRf64Threshold, FromThreeGibibytesOfSamples) {
  constexpr std::uint64_t kThreeGiB = std::uint64_t{3} << 30;
  // Stereo 24-bit: 6 bytes a frame.
  EXPECT_FALSE(wav_needs_rf64(kThreeGiB / 6 - 1, 2, SampleFormat::pcm24));
  EXPECT_TRUE(wav_needs_rf64(kThreeGiB / 6, 2, SampleFormat::pcm24));
  // Three hours of 44.1 kHz stereo float is 3.8 GB: RF64. An album of 80 minutes at 24 bits is not.
  EXPECT_TRUE(wav_needs_rf64(std::uint64_t{3} * 3600 * 44100, 2, SampleFormat::float32));
  EXPECT_FALSE(wav_needs_rf64(std::uint64_t{80} * 60 * 44100, 2, SampleFormat::pcm24));
  EXPECT_TRUE(wav_needs_rf64(std::uint64_t{80} * 60 * 192000, 6, SampleFormat::pcm24));
}

TEST_F(WavRf64, ShortFilesArePlainRiffWave) {
  const auralis::AudioBuffer tone = auralis::test::sine(2, 44100, 1000.0, -6.0, 0.5);
  auralis::write_audio(scratch_ / "short.wav", tone);
  const std::string bytes = auralis::test::io::file_bytes(scratch_ / "short.wav");
  ASSERT_GT(bytes.size(), 44u);
  EXPECT_EQ(bytes.substr(0, 4), "RIFF");
  EXPECT_EQ(bytes.substr(8, 8), "WAVEfmt ");
  EXPECT_EQ(bytes[20], 1) << "WAVE_FORMAT_PCM";
  EXPECT_EQ(auralis::read_audio(scratch_ / "short.wav").format.container, "WAV");
}

TEST_F(WavRf64, AFileExpectedPastTheLimitStartsRf64AndDowngradesWhenItEndsShort) {
  // Told to expect 5 GiB, as a long track would be; only half a second arrives, so the auto-downgrade
  // rewrites the header as RIFF with a JUNK chunk where RF64's ds64 was reserved.
  const auralis::AudioBuffer tone = auralis::test::sine(2, 44100, 1000.0, -6.0, 0.5);
  const fs::path path = scratch_ / "expected-long.wav";
  {
    auralis::io::AudioFileWriter writer(path, 2, 44100, tone.layout(), {.sample_format = SampleFormat::pcm24},
                                        (std::uint64_t{5} << 30) / 6);
    const float* planes[] = {tone.channel(0).data(), tone.channel(1).data()};
    writer.write(planes, tone.frames());
    writer.finish()->commit();
  }
  const std::string bytes = auralis::test::io::file_bytes(path);
  EXPECT_EQ(bytes.substr(0, 4), "RIFF");
  EXPECT_EQ(bytes.substr(8, 8), "WAVEJUNK");
  const auralis::DecodedAudio decoded = auralis::read_audio(path);
  ASSERT_EQ(decoded.audio.frames(), tone.frames());
  const auralis::DecodedAudio plain = [&] {
    auralis::write_audio(scratch_ / "plain.wav", tone, {.sample_format = SampleFormat::pcm24});
    return auralis::read_audio(scratch_ / "plain.wav");
  }();
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_EQ(std::memcmp(decoded.audio.channel(c).data(), plain.audio.channel(c).data(),
                          tone.frames() * sizeof(float)),
              0)
        << "the same samples as the plain WAV, channel " << c;
  }
}

}  // namespace
