// SPDX-License-Identifier: MIT
// The command line's shared habits, through the built binary: --opt=value and --opt value, --config files
// and command-line overrides, usage errors in one line naming the option, --version in every command,
// --quiet and --verbose, standard input as IN, and the refusal of standard output as OUT.
#include <auralis/auralis.hpp>

#include "support/signals.hpp"

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

using auralis::test::CommandResult;
using auralis::test::quoted;
using auralis::test::read_file;
using auralis::test::run_cli;

constexpr const char* kCommands[] = {"analyze", "master", "batch", "report", "backends", "bench"};

class CliOptions : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = fs::temp_directory_path() /
               ("auralis-cli-options-" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
                std::to_string(::getpid()));
    fs::create_directories(scratch_);
    // 3 s of stereo programme-like noise (level moving every half second), 24-bit, at 44.1 kHz.
    auralis::AudioBuffer audio = auralis::test::pink_noise(2, 44100, 3.0, -10.0, 0x6f707473ULL);
    const double breakpoints[] = {-6.0, 0.0, -12.0, -3.0, -9.0, 0.0};
    auralis::test::apply_gain_ramp_db(audio, breakpoints, 0.5);
    auralis::test::apply_fades(audio, 0.05);
    auralis::write_audio(input_, audio, {.sample_format = auralis::SampleFormat::pcm24});
  }
  void TearDown() override { fs::remove_all(scratch_); }

  CommandResult master(const std::string& output, const std::string& options) {
    return run_cli("master " + quoted(input_) + " " + quoted(scratch_ / output) + " " + options, scratch_);
  }
  double integrated_lufs(const std::string& output) {
    const auralis::LoudnessReport r = auralis::measure_loudness(auralis::read_audio(scratch_ / output).audio);
    EXPECT_TRUE(r.integrated_lufs.has_value()) << output;
    return r.integrated_lufs.value_or(0.0);
  }

  fs::path scratch_;
  fs::path input_ = scratch_ / "in.wav";
};

std::size_t lines_in(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The two spellings of a value, and the short flag, parse to the same options: the same output bytes.
TEST_F(CliOptions, EqualsAndSpaceSpellingsGiveTheSameBytes) {
  ASSERT_EQ(master("spaced.wav", "--preset warm --target-lufs -12 --eq 50").exit_code, 0);
  ASSERT_EQ(master("equals.wav", "--preset=warm --target-lufs=-12 --eq=50").exit_code, 0);
  ASSERT_EQ(master("short.wav", "-p warm --target-lufs=-12 --eq 50").exit_code, 0);
  ASSERT_EQ(master("default.wav", "").exit_code, 0);
  const std::string spaced = read_file(scratch_ / "spaced.wav");
  ASSERT_GT(spaced.size(), 44u);
  EXPECT_TRUE(spaced == read_file(scratch_ / "equals.wav")) << "--opt=value and --opt value differ";
  EXPECT_TRUE(spaced == read_file(scratch_ / "short.wav")) << "-p and --preset differ";
  // The options did reach the master: without them the file differs.
  EXPECT_FALSE(spaced == read_file(scratch_ / "default.wav"));
}

// A config file gives values by long name; the command line overrides it. Loudness is measured on the
// files, within the 0.5 LU the master holds its target to (docs/accuracy.md).
TEST_F(CliOptions, ConfigFileSetsOptionsAndTheCommandLineOverridesIt) {
  const fs::path config = scratch_ / "house.toml";
  std::ofstream(config) << "# house preset\ntarget-lufs = -16\npreset = \"gentle\"\n";
  const CommandResult from_file = master("house.wav", "--config " + quoted(config));
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_NEAR(integrated_lufs("house.wav"), -16.0, 0.5);
  EXPECT_NE(from_file.out.find("preset gentle"), std::string::npos) << from_file.out;
  const CommandResult overridden = master("louder.wav", "--config=" + quoted(config) + " --target-lufs -12");
  ASSERT_EQ(overridden.exit_code, 0) << overridden.err;
  EXPECT_NEAR(integrated_lufs("louder.wav"), -12.0, 0.5);
  EXPECT_NE(overridden.out.find("preset gentle"), std::string::npos) << overridden.out;

  // batch reads the same file: its master is the same loudness.
  const CommandResult batch = run_cli("batch " + quoted(input_) + " -o " + quoted(scratch_ / "batch") +
                                          " --no-cache --config " + quoted(config),
                                      scratch_);
  ASSERT_EQ(batch.exit_code, 0) << batch.err;
  EXPECT_NEAR(integrated_lufs("batch/in.wav"), -16.0, 0.5);

  const fs::path bad = scratch_ / "bad.toml";
  std::ofstream(bad) << "target-lufs = 3\n";
  const CommandResult refused = master("bad.wav", "--config " + quoted(bad));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--target-lufs"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(scratch_ / "bad.wav"));
}

// In every command an unknown option or a bad value is exit 2 with one line on stderr naming the option.
TEST_F(CliOptions, UsageErrorsAreOneLineNamingTheOption) {
  for (const char* command : kCommands) {
    SCOPED_TRACE(command);
    const CommandResult r = run_cli(std::string(command) + " x.wav --no-such-flag", scratch_);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--no-such-flag"), std::string::npos) << r.err;
    EXPECT_EQ(lines_in(r.err), 1u) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  const CommandResult value = master("out.wav", "--ceiling=-30");
  EXPECT_EQ(value.exit_code, 2);
  EXPECT_NE(value.err.find("--ceiling"), std::string::npos) << value.err;
  EXPECT_NE(value.err.find("-30"), std::string::npos) << value.err;
  EXPECT_EQ(lines_in(value.err), 1u) << value.err;
  const CommandResult missing = master("out.wav", "--threads");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--threads"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(scratch_ / "out.wav"));
}

TEST_F(CliOptions, VersionInEveryCommand) {
  const std::string expected = std::string("auralis ") + auralis::version() + "\n";
  EXPECT_EQ(run_cli("--version", scratch_).out, expected);
  for (const char* command : kCommands) {
    SCOPED_TRACE(command);
    const CommandResult r = run_cli(std::string(command) + " --version", scratch_);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, expected);
    const CommandResult help = run_cli(std::string(command) + " -h", scratch_);
    EXPECT_EQ(help.exit_code, 0) << help.err;
    EXPECT_NE(help.out.find("--quiet"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("--verbose"), std::string::npos) << help.out;
  }
}

// --quiet: nothing on stderr for a clean master, the summary still on stdout; --verbose: the stage timings
// on stderr, the same summary on stdout; analyze -v: what measured the file on stderr, the same stdout.
TEST_F(CliOptions, QuietAndVerboseConcernOnlyStderr) {
  const CommandResult quiet = master("quiet.wav", "-q");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");
  EXPECT_NE(quiet.out.find("integrated"), std::string::npos) << quiet.out;
  const CommandResult verbose = master("verbose.wav", "--verbose");
  ASSERT_EQ(verbose.exit_code, 0) << verbose.err;
  for (const char* stage : {"analysis", "render", "limiter", "peak memory"}) {
    EXPECT_NE(verbose.err.find(stage), std::string::npos) << stage << " not in:\n" << verbose.err;
  }
  EXPECT_EQ(quiet.out.substr(quiet.out.find('\n')), verbose.out.substr(verbose.out.find('\n')));
  const CommandResult plain = run_cli("analyze " + quoted(input_), scratch_);
  const CommandResult detailed = run_cli("analyze -v " + quoted(input_), scratch_);
  ASSERT_EQ(detailed.exit_code, 0) << detailed.err;
  EXPECT_EQ(plain.err, "");
  EXPECT_NE(detailed.err.find("streaming loudness meter"), std::string::npos) << detailed.err;
  EXPECT_EQ(plain.out, detailed.out);
}

// IN of - reads standard input (a pipe): the same bytes as from the file; analyze - measures the same.
TEST_F(CliOptions, StandardInputGivesTheSameBytesAsTheFile) {
  ASSERT_EQ(master("from-file.wav", "--threads 2").exit_code, 0);
  const CommandResult piped = auralis::test::run_cli_piped(
      input_, "master - " + quoted(scratch_ / "from-pipe.wav") + " --threads 2", scratch_);
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  const std::string from_file = read_file(scratch_ / "from-file.wav");
  ASSERT_GT(from_file.size(), 44u);
  EXPECT_TRUE(from_file == read_file(scratch_ / "from-pipe.wav")) << "stdin gave other bytes";

  const CommandResult file_json = run_cli("analyze --json " + quoted(input_), scratch_);
  const CommandResult pipe_json = auralis::test::run_cli_piped(input_, "analyze --json -", scratch_);
  ASSERT_EQ(pipe_json.exit_code, 0) << pipe_json.err;
  nlohmann::json file_doc = nlohmann::json::parse(file_json.out)["files"][0];
  nlohmann::json pipe_doc = nlohmann::json::parse(pipe_json.out)["files"][0];
  EXPECT_EQ(pipe_doc["path"], "-");
  EXPECT_EQ(pipe_doc["loudness"], file_doc["loudness"]);
  EXPECT_EQ(pipe_doc["format"]["frames"], file_doc["format"]["frames"]);
}

// OUT of - is refused before any work, saying why; --json - prints the report on stdout instead.
TEST_F(CliOptions, StandardOutputAsOutIsRefusedAndJsonDashPrintsTheReport) {
  const CommandResult r = run_cli("master " + quoted(input_) + " -", scratch_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("OUT cannot be -"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("seeking"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());

  const CommandResult json = master("out.wav", "--json -");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json report = nlohmann::json::parse(json.out);
  EXPECT_NEAR(report["after"]["integrated_lufs"].get<double>(), integrated_lufs("out.wav"), 0.01);
  EXPECT_FALSE(fs::exists(scratch_ / "-"));
}

}  // namespace
