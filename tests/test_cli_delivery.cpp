// SPDX-License-Identifier: MIT
// `auralis master` delivery options: --format, --quality, --rate, --dither reach the file written (its
// container, rate and bytes), the summary reports the codec ceiling, and bad values are usage errors.
#include <auralis/audio_io.hpp>

#include "support/cli_runner.hpp"
#include "support/signals.hpp"
#include "test_audio_io_support.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using CliDelivery = auralis::test::io::AudioIoScratch;
using auralis::test::CommandResult;
using auralis::test::quoted;
using auralis::test::run_cli;

constexpr int kUsageError = 2;

TEST_F(CliDelivery, FormatRateAndQualityReachTheFile) {
  auralis::write_audio(file("in.wav"), auralis::test::sine(2, 44100, 997.0, -12.0, 1.0));
  const CommandResult r = run_cli("master " + quoted(file("in.wav")) + " " + quoted(file("out.bin")) +
                                      " --format opus --rate 48000 --quality 0.8 --quiet",
                                  scratch_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("codec ceiling"), std::string::npos) << r.out;
  const auralis::DecodedAudio decoded = auralis::read_audio(file("out.bin"));
  EXPECT_EQ(decoded.format.container, "OGG");
  EXPECT_EQ(decoded.format.encoding, "OPUS");
  EXPECT_EQ(decoded.audio.sample_rate(), 48000u);
}

TEST_F(CliDelivery, ShapedDitherChangesTheSixteenBitFile) {
  auralis::write_audio(file("in.wav"), auralis::test::sine(2, 44100, 997.0, -12.0, 1.0));
  const std::string in = quoted(file("in.wav"));
  for (const char* dither : {"tpdf", "shaped", "none"}) {
    const CommandResult r = run_cli("master " + in + " " + quoted(file(std::string(dither) + ".wav")) +
                                        " --bits 16 --dither " + dither + " --quiet",
                                    scratch_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string tpdf = auralis::test::io::file_bytes(file("tpdf.wav"));
  EXPECT_NE(tpdf, auralis::test::io::file_bytes(file("shaped.wav")));
  EXPECT_NE(tpdf, auralis::test::io::file_bytes(file("none.wav")));
}

TEST_F(CliDelivery, BadValuesAreUsageErrors) {
  auralis::write_audio(file("in.wav"), auralis::test::sine(2, 44100, 997.0, -12.0, 0.5));
  const std::string io = "master " + quoted(file("in.wav")) + " " + quoted(file("out.wav"));
  for (const char* options : {" --format m4a", " --quality 1.5", " --quality x", " --rate 4000",
                              " --rate 44100.5", " --dither triangular"}) {
    SCOPED_TRACE(options);
    EXPECT_EQ(run_cli(io + options, scratch_).exit_code, kUsageError);
  }
}

TEST_F(CliDelivery, AQualityForALosslessOutputIsRefusedBeforeAnyWork) {
  auralis::write_audio(file("in.wav"), auralis::test::sine(2, 44100, 997.0, -12.0, 0.5));
  const CommandResult r = run_cli(
      "master " + quoted(file("in.wav")) + " " + quoted(file("out.flac")) + " --quality 0.5 --profile",
      scratch_);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(file("out.flac").string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not FLAC"), std::string::npos) << r.err;
  // Refused before the analysis: no pass ran, so no profile was printed, and nothing was written.
  EXPECT_EQ(r.out.find("analysis"), std::string::npos) << r.out;
  EXPECT_TRUE(leftover_temporaries().empty());
  EXPECT_FALSE(std::filesystem::exists(file("out.flac")));
}

}  // namespace
