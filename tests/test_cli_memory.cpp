// SPDX-License-Identifier: MIT
// Out of memory is an error, never an abort: `auralis master` and `auralis analyze --content` under
// address-space limits from far too small to enough exit 0 or 1 with "not enough memory" (or a thread that
// cannot start) naming the file, and leave the output folder as it was.
#include <auralis/auralis.hpp>

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"
#include "support/sanitizers.hpp"
#include "support/signals.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

namespace {

namespace fs = std::filesystem;

std::set<std::string> names_in(const fs::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.insert(entry.path().filename().string());
  return names;
}

struct LimitedRun {
  bool exited = false;
  int exit_code = -1;
  int signal = 0;
  std::string err;
};

// Runs the CLI with its address space limited to `kib` KiB (the shell's ulimit -v).
LimitedRun run_limited(std::size_t kib, const std::string& arguments, const fs::path& scratch) {
  const char* cli = std::getenv("AURALIS_CLI");
  if (cli == nullptr) cli = AURALIS_TEST_CLI;
  const fs::path err = scratch / "stderr.txt";
  const std::string command = "ulimit -v " + std::to_string(kib) + " && exec '" + std::string(cli) + "' " +
                              arguments + " >/dev/null 2>" + auralis::test::quoted(err) + " </dev/null";
  const int status = std::system(command.c_str());
  LimitedRun run;
  run.exited = WIFEXITED(status);
  if (run.exited) run.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  run.err = auralis::test::read_file(err);
  fs::remove(err);
  return run;
}

// A 30 s stereo track, and an empty folder for outputs, in a scratch folder removed afterwards.
class CliMemory : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auralis::test::sanitized_build)
      GTEST_SKIP() << "address-space limits do not apply under the sanitizers";
    scratch_ = fs::temp_directory_path() / ("auralis-cli-memory-" + std::to_string(::getpid()));
    fs::create_directories(scratch_ / "out");
    input_ = scratch_ / "in.wav";
    auralis::write_audio(input_, auralis::test::pink_noise(2, 48000, 30.0, -10.0, 7));
  }
  void TearDown() override {
    std::error_code error;
    fs::remove_all(scratch_, error);
  }

  // Runs `arguments` under limits from too little to decode at all, through failing in analysis and
  // rendering, to enough: each run exits 0, or 1 saying "not enough memory" (or a thread that cannot start)
  // and naming the input; the output folder holds at most `output` afterwards. Some limit must fail and
  // some succeed, or the test tested nothing.
  void expect_memory_errors(const std::string& arguments, const fs::path& output) {
    int failures = 0, successes = 0;
    // From 12 MiB: streamed, `analyze --content` decodes and analyses in under 24 MiB where no Vulkan
    // libraries are loaded (AURALIS_VULKAN=OFF), so the smaller limits are the ones that make it fail.
    for (const std::size_t mib : {12, 16, 20, 24, 32, 40, 48, 56, 64, 80, 96, 128, 192, 1024}) {
      SCOPED_TRACE(std::to_string(mib) + " MiB");
      const LimitedRun run = run_limited(mib * 1024, arguments, scratch_);
      ASSERT_TRUE(run.exited) << "killed by signal " << run.signal << "; stderr: " << run.err;
      if (run.exit_code == 0) {
        ++successes;
        if (!output.empty()) {
          EXPECT_EQ(names_in(scratch_ / "out"), std::set<std::string>{output.filename().string()});
          fs::remove(output);
        }
        continue;
      }
      // The dynamic loader itself may fail under the smallest limits, before auralis runs.
      if (run.err.find("error while loading shared libraries") != std::string::npos) continue;
      ++failures;
      EXPECT_EQ(run.exit_code, 1) << run.err;
      EXPECT_NE(run.err.find(input_.string()), std::string::npos) << run.err;
      const bool says_memory = run.err.find("not enough memory") != std::string::npos ||
                               run.err.find("cannot start") != std::string::npos;
      EXPECT_TRUE(says_memory) << run.err;
      EXPECT_TRUE(names_in(scratch_ / "out").empty()) << "partial output left behind";
    }
    EXPECT_GT(failures, 0) << "no limit was small enough to fail: the test tested nothing";
    EXPECT_GT(successes, 0) << "no limit was large enough to succeed";
  }

  fs::path scratch_, input_;
};

TEST_F(CliMemory, MasterOutOfMemoryIsAnErrorNamingTheFileNeverAnAbort) {
  const fs::path output = scratch_ / "out" / "out.wav";
  expect_memory_errors("master " + auralis::test::quoted(input_) + " " + auralis::test::quoted(output) +
                           " --quiet --backend cpu --threads 2",
                       output);
}

// The content analysis holds the whole track and the STFT's frames; the meter's errors name the file too.
TEST_F(CliMemory, AnalyzeContentOutOfMemoryIsAnErrorNamingTheFileNeverAnAbort) {
  expect_memory_errors("analyze --content --json --backend cpu --threads 2 " + auralis::test::quoted(input_),
                       {});
}

}  // namespace
