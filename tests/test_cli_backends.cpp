// SPDX-License-Identifier: MIT
// The CLI's backend choice end to end: `auralis backends`, --backend/--device on analyze, master and bench,
// lavapipe named explicitly, and every command still working on the CPU with Vulkan hidden (no loader, or
// a loader with no driver), while --backend vulkan then fails with a clear error and writes nothing.
#include <auralis/auralis.hpp>

#include "support/backends.hpp"
#include "support/cli_runner.hpp"
#include "support/signals.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace {

namespace fs = std::filesystem;

using auralis::test::CommandResult;
using auralis::test::quoted;
using auralis::test::run_cli;

// Sets environment variables for the CLI runs of one test and restores them after.
class ScopedEnvironment {
 public:
  void set(const std::string& name, const std::optional<std::string>& value) {
    if (!saved_.contains(name)) {
      const char* old = std::getenv(name.c_str());
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
    }
    if (value) {
      setenv(name.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
  }
  ~ScopedEnvironment() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name.c_str(), value->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
  }

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

class CliBackends : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = fs::temp_directory_path() /
               ("auralis-cli-backends-" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
                std::to_string(::getpid()));
    fs::create_directories(scratch_);
    environment_.set("AURALIS_VULKAN_DEVICE", std::nullopt);
    input_ = scratch_ / "in.wav";
    auralis::write_audio(input_, auralis::test::pink_noise(2, 44100, 4.0, -12.0, 0x626b64ULL),
                         {.sample_format = auralis::SampleFormat::float32});
  }
  void TearDown() override { fs::remove_all(scratch_); }

  CommandResult run(const std::string& arguments) { return run_cli(arguments, scratch_); }

  fs::path scratch_, input_;
  ScopedEnvironment environment_;
};

double snr_db(const auralis::AudioBuffer& got, const auralis::AudioBuffer& expected) {
  double signal = 0.0, error = 0.0;
  for (std::size_t c = 0; c < got.channels(); ++c) {
    for (std::size_t n = 0; n < got.frames(); ++n) {
      const double e = expected.channel(c)[n];
      signal += e * e;
      error += (got.channel(c)[n] - e) * (got.channel(c)[n] - e);
    }
  }
  return 10.0 * std::log10(signal / std::max(error, 1e-300));
}

TEST_F(CliBackends, ListsTheCpuTargetAndEveryVulkanDevice) {
  const CommandResult r = run("backends --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_FALSE(doc["cpu"]["simd_target"].get<std::string>().empty());
  EXPECT_EQ(doc["chosen"], "cpu");  // lavapipe is never chosen unless named
  if (!doc["vulkan"]["loaded"].get<bool>()) {
    if (auralis::test::vulkan_required()) FAIL() << "Vulkan required but: " << doc["vulkan"]["status"];
    GTEST_SKIP() << "no Vulkan here: " << doc["vulkan"]["status"];
  }
  const CommandResult named = run("backends --json --device llvmpipe");
  ASSERT_EQ(named.exit_code, 0) << named.err;
  const auto chosen = nlohmann::json::parse(named.out);
  EXPECT_EQ(chosen["chosen"], "vulkan");
  bool lavapipe_chosen = false;
  for (const auto& device : chosen["vulkan"]["devices"]) {
    EXPECT_FALSE(device["reason"].get<std::string>().empty());
    if (device["name"].get<std::string>().find("llvmpipe") != std::string::npos) {
      lavapipe_chosen = device["chosen"].get<bool>();
      EXPECT_EQ(device["type"], "CPU");
    }
  }
  EXPECT_TRUE(lavapipe_chosen);
  const CommandResult text = run("backends");
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("SIMD target"), std::string::npos);
}

// Both ways Vulkan can be missing: no loader library, and a loader that finds no driver.
class CliWithoutVulkan : public CliBackends, public ::testing::WithParamInterface<std::string> {};

TEST_P(CliWithoutVulkan, EveryCommandRunsOnTheCpuAndVulkanFailsClearly) {
  if (GetParam() == "no_loader") {
    environment_.set("AURALIS_VULKAN_LOADER", "/nonexistent/libvulkan.so.1");
  } else {
    environment_.set("VK_ICD_FILENAMES", "/nonexistent/icd.json");
    environment_.set("VK_DRIVER_FILES", "/nonexistent/icd.json");
  }
  const CommandResult listed = run("backends --json");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto vulkan = nlohmann::json::parse(listed.out)["vulkan"];
  // A build without Vulkan (AURALIS_VULKAN=OFF) says so instead; everything else must hold the same.
  const bool built = vulkan["built"].get<bool>();
  const std::string status = vulkan["status"];
  EXPECT_NE(status.find(!built                      ? "not built"
                        : GetParam() == "no_loader" ? "no Vulkan loader"
                                                    : "no driver"),
            std::string::npos)
      << status;
  EXPECT_FALSE(vulkan["loaded"].get<bool>());
  const std::string refusal = built ? "Vulkan backend unavailable" : "built without Vulkan";

  const CommandResult analyzed = run("analyze --content " + quoted(input_));
  EXPECT_EQ(analyzed.exit_code, 0) << analyzed.err;
  EXPECT_NE(analyzed.out.find("centroid"), std::string::npos);

  const fs::path out = scratch_ / "out.wav";
  const CommandResult mastered = run("master " + quoted(input_) + " " + quoted(out) + " --quiet");
  EXPECT_EQ(mastered.exit_code, 0) << mastered.err;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_NE(mastered.out.find("backend         cpu"), std::string::npos) << mastered.out;

  const CommandResult benched = run("bench " + quoted(input_) + " --repetitions 1");
  EXPECT_EQ(benched.exit_code, 0) << benched.err;
  EXPECT_NE(benched.out.find("cpu "), std::string::npos) << benched.out;
  EXPECT_NE(benched.out.find("unavailable"), std::string::npos) << benched.out;

  const CommandResult refused = run("analyze --content --backend vulkan " + quoted(input_));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find(refusal), std::string::npos) << refused.err;
  const fs::path not_written = scratch_ / "never.wav";
  const CommandResult refused_master =
      run("master " + quoted(input_) + " " + quoted(not_written) + " --quiet --backend vulkan");
  EXPECT_EQ(refused_master.exit_code, 1);
  EXPECT_NE(refused_master.err.find(refusal), std::string::npos) << refused_master.err;
  EXPECT_FALSE(fs::exists(not_written));
}

INSTANTIATE_TEST_SUITE_P(Hidden, CliWithoutVulkan, ::testing::Values("no_loader", "no_driver"),
                         [](const auto& param_info) { return param_info.param; });

TEST_F(CliBackends, LavapipeNamedRunsAnalyzeMasterAndBench) {
  const CommandResult listed = run("backends --json");
  ASSERT_EQ(listed.exit_code, 0);
  if (!nlohmann::json::parse(listed.out)["vulkan"]["loaded"].get<bool>()) {
    if (auralis::test::vulkan_required()) FAIL() << "Vulkan required but missing";
    GTEST_SKIP() << "no Vulkan here";
  }
  const std::string device = " --backend vulkan --device llvmpipe";
  const CommandResult analyzed = run("analyze --content --json" + device + " " + quoted(input_));
  ASSERT_EQ(analyzed.exit_code, 0) << analyzed.err;
  const CommandResult on_cpu = run("analyze --content --json --backend cpu " + quoted(input_));
  ASSERT_EQ(on_cpu.exit_code, 0) << on_cpu.err;
  const double gpu_centroid =
      nlohmann::json::parse(analyzed.out)["files"][0]["content"]["spectral_centroid_hz"];
  const double cpu_centroid =
      nlohmann::json::parse(on_cpu.out)["files"][0]["content"]["spectral_centroid_hz"];
  EXPECT_NEAR(gpu_centroid, cpu_centroid, 1e-4 * cpu_centroid);

  const fs::path gpu_out = scratch_ / "gpu.wav", cpu_out = scratch_ / "cpu.wav";
  const CommandResult gpu_master =
      run("master " + quoted(input_) + " " + quoted(gpu_out) + " --quiet --bits 32f" + device);
  ASSERT_EQ(gpu_master.exit_code, 0) << gpu_master.err;
  EXPECT_NE(gpu_master.out.find("backend         vulkan (llvmpipe"), std::string::npos) << gpu_master.out;
  const CommandResult cpu_master =
      run("master " + quoted(input_) + " " + quoted(cpu_out) + " --quiet --bits 32f --backend cpu");
  ASSERT_EQ(cpu_master.exit_code, 0) << cpu_master.err;
  EXPECT_GE(snr_db(auralis::read_audio(gpu_out).audio, auralis::read_audio(cpu_out).audio), 90.0);

  const CommandResult benched = run("bench " + quoted(input_) + " --repetitions 1 --json" + device);
  ASSERT_EQ(benched.exit_code, 0) << benched.err;
  const auto rows = nlohmann::json::parse(benched.out)["backends"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["backend"], "vulkan");
  EXPECT_GT(rows[0]["bytes_moved"].get<double>(), 0.0);
  EXPECT_GE(rows[0]["submissions"].get<int>(), 2);
}

TEST_F(CliBackends, UsageErrors) {
  EXPECT_EQ(run("analyze --backend gpu " + quoted(input_)).exit_code, 2);
  EXPECT_EQ(run("master " + quoted(input_) + " x.wav --backend metal").exit_code, 2);
  EXPECT_EQ(run("bench").exit_code, 2);
  EXPECT_EQ(run("bench " + quoted(input_) + " --repetitions 0").exit_code, 2);
  EXPECT_EQ(run("backends --bogus").exit_code, 2);
  EXPECT_EQ(run("analyze --device").exit_code, 2);
}

}  // namespace
