// SPDX-License-Identifier: MIT
// Delivery formats: master_file into every type write_audio writes (WAV, FLAC, AIFF, Ogg Vorbis, Opus, MP3),
// each file read back and measured against the report; --quality reaching the lossy encoders.
#include <auralis/audio_io.hpp>
#include <auralis/error.hpp>
#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>

#include "support/measurements.hpp"
#include "support/music_like.hpp"
#include "support/seeds.hpp"
#include "test_audio_io_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using auralis::EncodeOptions;
using auralis::FileType;

// Lossless files hold the render to within dither (below 0.01 LU). A lossy codec removes what it deems
// inaudible (mostly above 16 kHz and under the masking threshold) and adds coding noise: on this programme
// Vorbis, Opus and MP3 at their default qualities change the integrated loudness by at most 0.05 LU
// (measured: see docs/accuracy.md), so 0.2 LU leaves room for another encoder version while still failing
// for a file whose level or channels are wrong (a channel lost is 3 LU).
constexpr double kLosslessToleranceLu = 0.01;
constexpr double kLossyToleranceLu = 0.2;

class DeliveryFormats : public auralis::test::io::AudioIoScratch {
 protected:
  void SetUp() override {
    AudioIoScratch::SetUp();
    auralis::test::write_music_like(scratch_ / "in.wav", 4.0, 0.0, 7);
  }

  auralis::MasterReport master_to(const fs::path& output, const EncodeOptions& encode) {
    auralis::MasterOptions options;
    options.backend.max_workers = 1;
    return auralis::master_file(scratch_ / "in.wav", output, options, encode);
  }
};

struct FormatCase {
  const char* extension;
  FileType type;
  const char* container;
  std::uint32_t rate_hz;
};

TEST_F(DeliveryFormats, EveryTypeIsWrittenAndDecodesAtTheReportedLoudness) {
  // Opus only takes its own rates, so its case masters a 48 kHz input.
  const FormatCase cases[] = {
      {".wav", FileType::wav, "WAV", 44100},    {".flac", FileType::flac, "FLAC", 44100},
      {".aiff", FileType::aiff, "AIFF", 44100}, {".ogg", FileType::ogg, "OGG", 44100},
      {".opus", FileType::opus, "OGG", 48000},  {".mp3", FileType::mp3, "MPEG", 44100}};
  for (const FormatCase& c : cases) {
    SCOPED_TRACE(c.extension);
    EXPECT_EQ(auralis::file_type_for(fs::path("out") += c.extension), c.type);
    fs::path input = scratch_ / "in.wav";
    if (c.rate_hz != 44100) {
      auralis::AudioBuffer audio = auralis::test::music_like(2, c.rate_hz, 0, 4 * c.rate_hz, 7);
      input = scratch_ / "in48.wav";
      auralis::write_audio(input, audio);
    }
    const fs::path output = scratch_ / (std::string("out") + c.extension);
    auralis::MasterOptions options;
    options.backend.max_workers = 1;
    const auralis::MasterReport report = auralis::master_file(input, output, options, {.type = c.type});
    const auralis::DecodedAudio decoded = auralis::read_audio(output);
    EXPECT_EQ(decoded.format.container, c.container);
    EXPECT_EQ(decoded.audio.sample_rate(), c.rate_hz);
    EXPECT_EQ(decoded.audio.channels(), 2u);
    const auralis::LoudnessReport measured = auralis::measure_loudness(decoded.audio);
    ASSERT_TRUE(measured.integrated_lufs && report.after.integrated_lufs);
    const double difference = *measured.integrated_lufs - *report.after.integrated_lufs;
    auralis::test::record_measurement(std::string("decoded_minus_report_lu") + c.extension, difference);
    EXPECT_NEAR(difference, 0.0, auralis::is_lossy(c.type) ? kLossyToleranceLu : kLosslessToleranceLu);
    EXPECT_EQ(auralis::is_lossy(c.type),
              c.type == FileType::ogg || c.type == FileType::opus || c.type == FileType::mp3);
  }
}

TEST_F(DeliveryFormats, LossyQualityChangesTheFileSize) {
  for (const FileType type : {FileType::ogg, FileType::mp3}) {
    const fs::path low = scratch_ / (type == FileType::ogg ? "low.ogg" : "low.mp3");
    const fs::path high = scratch_ / (type == FileType::ogg ? "high.ogg" : "high.mp3");
    master_to(low, {.type = type, .quality = 0.1});
    master_to(high, {.type = type, .quality = 0.9});
    EXPECT_LT(fs::file_size(low) * 3 / 2, fs::file_size(high)) << low;
  }
}

TEST_F(DeliveryFormats, RefusesOpusAtOtherRatesAndQualityOutOfRange) {
  try {
    master_to(scratch_ / "out.opus", {.type = FileType::opus});
    FAIL() << "Opus at 44.1 kHz was written";
  } catch (const auralis::Error& e) {
    EXPECT_EQ(e.code(), auralis::ErrorCode::unsupported_format) << e.what();
  }
  EXPECT_FALSE(fs::exists(scratch_ / "out.opus"));
  try {
    master_to(scratch_ / "out.ogg", {.type = FileType::ogg, .quality = 1.5});
    FAIL() << "quality 1.5 was accepted";
  } catch (const auralis::Error& e) {
    EXPECT_EQ(e.code(), auralis::ErrorCode::invalid_argument) << e.what();
  }
  EXPECT_FALSE(fs::exists(scratch_ / "out.ogg"));
}

}  // namespace
