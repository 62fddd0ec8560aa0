// SPDX-License-Identifier: MIT
// `auralis analyze` end to end: text and JSON output, silence, failures, exit codes.
#include <auralis/auralis.hpp>

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

using auralis::test::CommandResult;
using auralis::test::quoted;
using auralis::test::run_cli;

class CliAnalyze : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ =
        fs::temp_directory_path() /
        ("auralis-cli-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
         std::to_string(::getpid()));
    fs::create_directories(scratch_);
  }
  void TearDown() override { fs::remove_all(scratch_); }

  // A 1 kHz stereo sine at the given per-channel peak, 20 s at 48 kHz, written as float WAV.
  fs::path write_sine(const std::string& name, double peak_dbfs) {
    constexpr std::uint32_t kRate = 48000;
    auralis::AudioBuffer audio(2, 20 * kRate, kRate);
    const double amplitude = std::pow(10.0, peak_dbfs / 20.0);
    for (std::size_t c = 0; c < 2; ++c) {
      auto samples = audio.channel(c);
      for (std::size_t i = 0; i < samples.size(); ++i) {
        samples[i] =
            static_cast<float>(amplitude * std::sin(2.0 * M_PI * 1000.0 * static_cast<double>(i) / kRate));
      }
    }
    const fs::path path = scratch_ / name;
    auralis::write_audio(path, audio, {.sample_format = auralis::SampleFormat::float32});
    return path;
  }

  fs::path write_silence(const std::string& name) {
    const fs::path path = scratch_ / name;
    auralis::write_audio(path, auralis::AudioBuffer(2, 44100, 44100),
                         {.sample_format = auralis::SampleFormat::float32});
    return path;
  }

  fs::path scratch_;
};

TEST_F(CliAnalyze, TextReportShowsEveryMeasure) {
  const fs::path sine = write_sine("sine.wav", -23.0);
  const CommandResult r = run_cli("analyze '" + sine.string() + "'", scratch_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* label : {"format", "sample rate", "channels", "duration", "integrated", "loudness range",
                            "max momentary", "max short-term", "sample peak", "true peak"}) {
    EXPECT_NE(r.out.find(label), std::string::npos) << "missing '" << label << "' in:\n" << r.out;
  }
  // EBU Tech 3341 case 1: a -23 dBFS stereo 1 kHz sine reads -23.0 +-0.1 LUFS.
  EXPECT_NE(r.out.find("-23.0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("48000 Hz"), std::string::npos) << r.out;
}

TEST_F(CliAnalyze, JsonIsOneValidDocumentWithNullsForSilence) {
  const fs::path sine = write_sine("sine.wav", -23.0);
  const fs::path silence = write_silence("silence.wav");
  const CommandResult r =
      run_cli("analyze --json '" + sine.string() + "' '" + silence.string() + "'", scratch_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);  // Throws (fails the test) on invalid JSON.
  ASSERT_EQ(doc["files"].size(), 2u);
  const auto& loud = doc["files"][0]["loudness"];
  EXPECT_NEAR(loud["integrated_lufs"].get<double>(), -23.0, 0.1);  // Tech 3341 case 1 tolerance.
  EXPECT_NEAR(loud["max_momentary_lufs"].get<double>(), -23.0, 0.1);
  EXPECT_NEAR(loud["sample_peak_dbfs"].get<double>(), -23.0, 0.01);  // Float WAV keeps the sine's peak.
  EXPECT_EQ(doc["files"][0]["format"]["sample_rate_hz"], 48000);
  const auto& quiet = doc["files"][1]["loudness"];
  EXPECT_FALSE(quiet["measurable"].get<bool>());
  for (const char* key : {"integrated_lufs", "loudness_range_lu", "max_momentary_lufs", "max_short_term_lufs",
                          "sample_peak_dbfs", "true_peak_dbtp"}) {
    EXPECT_TRUE(quiet[key].is_null()) << key;
  }
}

TEST_F(CliAnalyze, FailedFileIsNamedOthersStillMeasuredExitOne) {
  const fs::path sine = write_sine("sine.wav", -23.0);
  const fs::path missing = scratch_ / "no-such-file.wav";
  const CommandResult r =
      run_cli("analyze --json '" + missing.string() + "' '" + sine.string() + "'", scratch_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(missing.string()), std::string::npos) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["files"].size(), 2u);
  EXPECT_EQ(doc["files"][0]["error"]["code"], "file_not_found");
  EXPECT_TRUE(doc["files"][1]["error"].is_null());
}

TEST_F(CliAnalyze, CorruptFileIsReported) {
  const fs::path bad = scratch_ / "corrupt.wav";
  std::ofstream(bad) << "this is not a RIFF file at all";
  const CommandResult r = run_cli("analyze '" + bad.string() + "'", scratch_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(bad.string()), std::string::npos) << r.err;
}

TEST_F(CliAnalyze, UsageErrorsExitTwo) {
  EXPECT_EQ(run_cli("analyze", scratch_).exit_code, 2);
  EXPECT_EQ(run_cli("analyze --no-such-option x.wav", scratch_).exit_code, 2);
  EXPECT_EQ(run_cli("no-such-command", scratch_).exit_code, 2);
  EXPECT_EQ(run_cli("", scratch_).exit_code, 2);
}

TEST_F(CliAnalyze, HelpDescribesCommandAndExitCodes) {
  const CommandResult top = run_cli("--help", scratch_);
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.out.find("analyze"), std::string::npos);
  const CommandResult r = run_cli("analyze --help", scratch_);
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"--json", "LUFS", "dBTP", "Exit codes", "null"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
  }
}

}  // namespace
