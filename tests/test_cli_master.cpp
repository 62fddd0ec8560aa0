// SPDX-License-Identifier: MIT
// `auralis master` end to end: output and summary, --plan, --plan-file, --json, refusals, exit codes,
// thread-count independence.
#include <auralis/auralis.hpp>

#include "support/signals.hpp"

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

using auralis::test::CommandResult;
using auralis::test::quoted;
using auralis::test::read_file;
using auralis::test::run_cli;

class CliMaster : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = fs::temp_directory_path() /
               ("auralis-cli-master-" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
                std::to_string(::getpid()));
    fs::create_directories(scratch_);
  }
  void TearDown() override { fs::remove_all(scratch_); }

  // 6 s of stereo programme-like noise (level moving every half second) at 44.1 kHz.
  fs::path write_input(const std::string& name, auralis::SampleFormat format = auralis::SampleFormat::float32,
                       std::uint64_t seed = 0x636c69ULL) {
    auralis::AudioBuffer audio = auralis::test::pink_noise(2, 44100, 6.0, -10.0, seed);
    const double breakpoints[] = {-6.0, 0.0, -12.0, -3.0, -9.0, 0.0};
    auralis::test::apply_gain_ramp_db(audio, breakpoints, 0.5);
    auralis::test::apply_fades(audio, 0.05);
    const fs::path path = scratch_ / name;
    auralis::write_audio(path, audio, {.sample_format = format});
    return path;
  }

  fs::path scratch_;
};

TEST_F(CliMaster, WritesTheOutputAndPrintsBeforeAndAfter) {
  const fs::path in = write_input("in.wav", auralis::SampleFormat::pcm24);
  const fs::path out = scratch_ / "out.wav";
  const CommandResult r = run_cli("master " + quoted(in) + " " + quoted(out) + " --quiet", scratch_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(out));
  for (const char* label : {"before", "after", "integrated", "true peak", "target"}) {
    EXPECT_NE(r.out.find(label), std::string::npos) << "missing '" << label << "' in:\n" << r.out;
  }
  const auralis::DecodedAudio decoded = auralis::read_audio(out);
  EXPECT_EQ(decoded.format.encoding, "PCM_24");  // the default encoding
  EXPECT_EQ(decoded.audio.channels(), 2u);
  EXPECT_EQ(decoded.audio.sample_rate(), 44100u);
  EXPECT_EQ(decoded.audio.frames(), auralis::read_audio(in).audio.frames());
  // The summary's before/after are what the files measure, the file is within 0.5 LU of the printed target
  // and under the default -1 dBTP ceiling + 0.1 dB (the issue's bounds).
  const auralis::LoudnessReport after = auralis::measure_loudness(decoded.audio);
  ASSERT_TRUE(after.integrated_lufs && after.true_peak);
  const std::size_t line = r.out.find("integrated");
  ASSERT_NE(line, std::string::npos) << r.out;
  double printed_before = 0.0, printed_after = 0.0;
  ASSERT_EQ(std::sscanf(r.out.c_str() + line, "integrated %lf %lf", &printed_before, &printed_after), 2)
      << r.out;
  // Printed with two decimals; 24-bit dither moves the loudness by far less than that.
  EXPECT_NEAR(printed_after, *after.integrated_lufs, 0.006) << r.out;
  EXPECT_NEAR(printed_before, *auralis::measure_loudness(auralis::read_audio(in).audio).integrated_lufs,
              0.006);
  double target = 0.0;
  const std::size_t target_line = r.out.find("target");
  ASSERT_NE(target_line, std::string::npos);
  ASSERT_EQ(std::sscanf(r.out.c_str() + target_line, "target %lf", &target), 1) << r.out;
  EXPECT_NEAR(*after.integrated_lufs, target, 0.5);
  EXPECT_LE(*auralis::LoudnessReport::to_db(*after.true_peak), -1.0 + 0.1);
}

TEST_F(CliMaster, PlanPrintsJsonAndWritesNothing) {
  const fs::path in = write_input("in.wav");
  const fs::path out = scratch_ / "out.wav";
  const CommandResult r = run_cli(
      "master " + quoted(in) + " " + quoted(out) + " --plan --preset warm --target-lufs -16 --eq-phase mixed",
      scratch_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(out));
  const nlohmann::json plan = nlohmann::json::parse(r.out);  // throws (fails) unless stdout is one document
  EXPECT_EQ(plan["preset"], "warm");
  EXPECT_EQ(plan["target_lufs"], -16.0);
  EXPECT_EQ(plan["eq_phase"], "mixed");
  // It is the library's plan: it reads back with plan_from_json.
  EXPECT_EQ(auralis::plan_from_json(r.out).preset, auralis::Preset::warm);
}

// One loudness policy: the delivery sets target and ceiling, whatever the preset; --target-lufs and
// --ceiling override it; streaming louder than -14 LUFS gets -2 dBTP.
TEST_F(CliMaster, DeliverySetsTheTargetAndTheCeiling) {
  const fs::path in = write_input("in.wav");
  const std::string io = quoted(in) + " " + quoted(scratch_ / "out.wav") + " --plan";
  struct Case {
    std::string args;
    double target, ceiling;
  };
  const Case cases[] = {{"", -14.0, -1.0},
                        {" --preset punchy", -14.0, -1.0},
                        {" --delivery streaming --preset gentle", -14.0, -1.0},
                        {" --delivery apple", -16.0, -1.0},
                        {" --delivery youtube", -14.0, -1.0},
                        {" --delivery ebu-r128", -23.0, -1.0},
                        {" --delivery atsc-a85", -24.0, -2.0},
                        {" --delivery cd", -10.0, -0.3},
                        {" --delivery podcast", -16.0, -1.0},
                        {" --target-lufs -10", -10.0, -2.0},
                        {" --target-lufs -16", -16.0, -1.0},
                        {" --target-lufs -10 --ceiling -1.5", -10.0, -1.5},
                        {" --delivery ebu-r128 --target-lufs -18", -18.0, -1.0}};
  for (const Case& c : cases) {
    const CommandResult r = run_cli("master " + io + c.args, scratch_);
    ASSERT_EQ(r.exit_code, 0) << c.args << "\n" << r.err;
    const nlohmann::json plan = nlohmann::json::parse(r.out);
    EXPECT_EQ(plan["target_lufs"], c.target) << c.args;
    EXPECT_EQ(plan["limiter"]["ceiling_dbtp"], c.ceiling) << c.args;
  }
}

// With the limiter off, a gain that would clip integer PCM is an error (nothing written) unless clipping is
// allowed, and then it is counted in a warning.
TEST_F(CliMaster, ClippingWithoutTheLimiterIsRefusedUnlessAllowed) {
  const fs::path in = write_input("in.wav");
  const fs::path out = scratch_ / "out.wav";
  const std::string args = "master " + quoted(in) + " " + quoted(out) + " --target-lufs -3 --no-limiter";
  const CommandResult refused = run_cli(args, scratch_);
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find("would clip"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find(out.string()), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(out));
  const CommandResult allowed = run_cli(args + " --allow-clipping", scratch_);
  ASSERT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_NE((allowed.out + allowed.err).find("clipped in the integer output"), std::string::npos)
      << allowed.out << allowed.err;
  // Float samples do not clip: no error.
  const CommandResult floating = run_cli(args + " --bits 32f", scratch_);
  EXPECT_EQ(floating.exit_code, 0) << floating.err;
}

TEST_F(CliMaster, PlanFileIsRendered) {
  const fs::path in = write_input("in.wav");
  // A plan that only changes loudness: -20 LUFS, limiter at -3 dBTP, no other stage.
  auralis::MasteringPlan plan = auralis::neutral_plan();
  plan.target_lufs = -20.0;
  plan.amounts.loudness = 1.0;
  plan.limiter.enabled = true;
  plan.limiter.ceiling_dbtp = -3.0;
  const fs::path plan_file = scratch_ / "plan.json";
  std::ofstream(plan_file) << auralis::plan_to_json(plan);
  const fs::path out = scratch_ / "out.wav";
  const CommandResult r = run_cli(
      "master " + quoted(in) + " " + quoted(out) + " --plan-file " + quoted(plan_file) + " --bits 32f",
      scratch_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auralis::AudioBuffer output = auralis::read_audio(out).audio;
  const auralis::LoudnessReport after = auralis::measure_loudness(output);
  ASSERT_TRUE(after.integrated_lufs && after.true_peak);
  EXPECT_NEAR(*after.integrated_lufs, -20.0, 0.5);
  EXPECT_LE(*auralis::LoudnessReport::to_db(*after.true_peak), -3.0 + 0.1);
  // Nothing but a gain (and the limiter, which has nothing to do this quietly, as the peak shows): the
  // output is the input scaled by one factor.
  const auralis::AudioBuffer input = auralis::read_audio(in).audio;
  const double gain = output.channel(0)[22050] / static_cast<double>(input.channel(0)[22050]);
  for (std::size_t n = 1000; n < input.frames(); n += 997) {
    if (std::abs(input.channel(1)[n]) < 1e-3f) continue;
    EXPECT_NEAR(output.channel(1)[n] / static_cast<double>(input.channel(1)[n]), gain, 1e-5 * gain) << n;
  }
  // The report names the plan from the file.
  EXPECT_NE(r.out.find("-20.00"), std::string::npos) << r.out;
}

TEST_F(CliMaster, BadPlanFileFailsNamingTheField) {
  const fs::path in = write_input("in.wav");
  const fs::path plan_file = scratch_ / "plan.json";
  std::ofstream(plan_file) << R"({"compressor": {"ratio": "lots"}})";
  const fs::path out = scratch_ / "out.wav";
  const CommandResult r =
      run_cli("master " + quoted(in) + " " + quoted(out) + " --plan-file " + quoted(plan_file), scratch_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ratio"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  const CommandResult missing =
      run_cli("master " + quoted(in) + " " + quoted(out) + " --plan-file " + quoted(scratch_ / "none.json"),
              scratch_);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("none.json"), std::string::npos) << missing.err;
}

TEST_F(CliMaster, JsonReportHasProfilePlanLoudnessAndTimings) {
  const fs::path in = write_input("in.wav");
  const fs::path out = scratch_ / "out.flac";
  const fs::path report = scratch_ / "report.json";
  const CommandResult r = run_cli(
      "master " + quoted(in) + " " + quoted(out) + " --preset punchy --json " + quoted(report), scratch_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(auralis::read_audio(out).format.container, "FLAC");
  const nlohmann::json doc = nlohmann::json::parse(read_file(report));
  for (const char* key : {"profile", "plan", "before", "after", "gain_reduction", "lowered_target_lufs",
                          "timings", "warnings"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
  }
  EXPECT_EQ(doc["plan"]["preset"], "punchy");
  EXPECT_EQ(doc["profile"]["sample_rate"], 44100);
  EXPECT_EQ(doc["profile"]["channels"], 2);
  ASSERT_TRUE(doc["after"]["integrated_lufs"].is_number());
  const double aim = doc["lowered_target_lufs"].is_number() ? doc["lowered_target_lufs"].get<double>()
                                                            : doc["plan"]["target_lufs"].get<double>();
  EXPECT_NEAR(doc["after"]["integrated_lufs"].get<double>(), aim, 0.5);
  for (const char* stage : {"compressor", "limiter"}) {
    for (const char* field : {"max_db", "p99_db", "mean_db", "seconds_above_1db"}) {
      EXPECT_TRUE(doc["gain_reduction"][stage][field].is_number()) << stage << " " << field;
    }
  }
  EXPECT_TRUE(doc["before"]["integrated_lufs"].is_number());
  ASSERT_TRUE(doc["timings"].is_array());
  ASSERT_FALSE(doc["timings"].empty());
  bool saw_decode = false, saw_encode = false;
  for (const auto& t : doc["timings"]) {
    EXPECT_TRUE(t["stage"].is_string());
    EXPECT_GE(t["wall_seconds"].get<double>(), 0.0);
    EXPECT_GE(t["cpu_seconds"].get<double>(), 0.0);
    saw_decode = saw_decode || t["stage"] == "decode";
    saw_encode = saw_encode || t["stage"] == "encode";
  }
  EXPECT_TRUE(saw_decode && saw_encode) << doc["timings"].dump();
}

TEST_F(CliMaster, RefusesToOverwriteTheInput) {
  const fs::path in = write_input("in.wav");
  const std::string before = read_file(in);
  const CommandResult r = run_cli("master " + quoted(in) + " " + quoted(in), scratch_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(r.err.empty());
  EXPECT_EQ(read_file(in), before);
  // Spelled differently, still the same file.
  const CommandResult again =
      run_cli("master " + quoted(in) + " " + quoted(scratch_ / "." / "in.wav"), scratch_);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(read_file(in), before);
  // No temporary file is left behind either.
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(scratch_)) {
    const std::string name = entry.path().filename().string();
    if (name != "stdout.txt" && name != "stderr.txt") ++files;
  }
  EXPECT_EQ(files, 1u);
}

TEST_F(CliMaster, MissingInputFailsNamingTheFile) {
  const fs::path missing = scratch_ / "no-such-input.wav";
  const fs::path out = scratch_ / "out.wav";
  const CommandResult r = run_cli("master " + quoted(missing) + " " + quoted(out), scratch_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no-such-input.wav"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliMaster, UsageErrorsExitTwo) {
  const fs::path in = write_input("in.wav");
  const std::string io = quoted(in) + " " + quoted(scratch_ / "out.wav");
  for (const std::string& args :
       {"master " + io + " --bogus", "master " + io + " --preset loudest",
        "master " + io + " --target-lufs 3", "master " + io + " --target-lufs loud",
        "master " + io + " --ceiling -30", "master " + io + " --eq 150", "master " + io + " --threads 0",
        "master " + io + " --bits 12", "master " + io + " --mode hybrid", "master " + io + " --ceiling",
        "master " + io + " --delivery radio", "master " + io + " --eq-phase zero",
        "master " + io + " --preview 0.5", "master " + io + " --preview 601", "master " + quoted(in),
        std::string("master")}) {
    const CommandResult r = run_cli(args, scratch_);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_FALSE(r.err.empty()) << args;
  }
  EXPECT_FALSE(fs::exists(scratch_ / "out.wav"));
}

TEST_F(CliMaster, PreviewWritesAMatchedPairBesideTheOutput) {
  const fs::path in = write_input("in.wav", auralis::SampleFormat::pcm24);
  const fs::path out = scratch_ / "song.flac";
  const CommandResult r =
      run_cli("master " + quoted(in) + " " + quoted(out) + " --preview 2 --quiet", scratch_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path before = scratch_ / "song.preview-before.wav";
  const fs::path after = scratch_ / "song.preview-after.wav";
  EXPECT_NE(r.out.find(before.string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(after.string()), std::string::npos) << r.out;
  const auralis::AudioBuffer before_audio = auralis::read_audio(before).audio;
  EXPECT_EQ(before_audio.frames(), 2u * 44100u);
  const double difference = *auralis::measure_loudness(before_audio).integrated_lufs -
                            *auralis::measure_loudness(auralis::read_audio(after).audio).integrated_lufs;
  EXPECT_NEAR(difference, 0.0, 0.01);
  // A batch has no single pair to write.
  const CommandResult batch =
      run_cli("batch " + quoted(in) + " -o " + quoted(scratch_ / "batch") + " --preview 2", scratch_);
  EXPECT_EQ(batch.exit_code, 2) << batch.err;
}

TEST_F(CliMaster, ThreadCountDoesNotChangeTheFile) {
  const fs::path in = write_input("in.wav", auralis::SampleFormat::pcm24);
  const fs::path one = scratch_ / "one.wav";
  const fs::path two = scratch_ / "two.wav";
  ASSERT_EQ(run_cli("master " + quoted(in) + " " + quoted(one) + " --preset bright --threads 1", scratch_)
                .exit_code,
            0);
  ASSERT_EQ(run_cli("master " + quoted(in) + " " + quoted(two) + " --preset bright --threads 2", scratch_)
                .exit_code,
            0);
  const std::string a = read_file(one), b = read_file(two);
  ASSERT_GT(a.size(), 44u);
  EXPECT_TRUE(a == b) << "outputs differ between --threads 1 and --threads 2";
}

// The compressor's options reach the plan: a target reduction the threshold is planned for, the sidechain
// filter's corner; out of range, a usage error.
TEST_F(CliMaster, CompressorOptionsReachThePlan) {
  const fs::path in = write_input("in.wav");
  const std::string io = quoted(in) + " " + quoted(scratch_ / "out.wav") + " --plan";
  const CommandResult r = run_cli("master " + io + " --compression 2.5 --sidechain-hpf 80", scratch_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json plan = nlohmann::json::parse(r.out);
  EXPECT_EQ(plan["compressor"]["target_reduction_db"], 2.5);
  EXPECT_EQ(plan["compressor"]["makeup_db"], 2.5);
  EXPECT_EQ(plan["compressor"]["sidechain_high_pass_hz"], 80.0);
  EXPECT_EQ(run_cli("master " + io + " --compression 30", scratch_).exit_code, 2);
  EXPECT_EQ(run_cli("master " + io + " --sidechain-hpf -1", scratch_).exit_code, 2);
}

TEST_F(CliMaster, HelpExitsZero) {
  const CommandResult r = run_cli("master --help", scratch_);
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option : {"--preset", "--reference", "--plan", "--plan-file", "--json", "--target-lufs",
                             "--ceiling", "--threads", "--compression", "--sidechain-hpf"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
}

}  // namespace
