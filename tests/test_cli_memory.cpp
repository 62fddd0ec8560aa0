// Out of memory is an error, never an abort: `auralis master` under address-space limits from far too small
// to enough exits 0 or 1 with "not enough memory" (or a thread that cannot start) naming the file, and
// leaves its output folder as it was.
#include <auralis/auralis.hpp>

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"
#include "support/signals.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

namespace {

namespace fs = std::filesystem;

// Address-space limits do not work under the sanitizers, which reserve terabytes of shadow memory.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

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

TEST(CliMemory, OutOfMemoryIsAnErrorNamingTheFileNeverAnAbort) {
  if (kSanitized) GTEST_SKIP() << "address-space limits do not apply under the sanitizers";
  const fs::path scratch = fs::temp_directory_path() / ("auralis-cli-memory-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  const fs::path input = scratch / "in.wav";
  auralis::write_audio(input, auralis::test::pink_noise(2, 48000, 30.0, -10.0, 7));
  const fs::path output_folder = scratch / "out";
  fs::create_directories(output_folder);
  const fs::path output = output_folder / "out.wav";

  int failures = 0, successes = 0;
  // From too little to decode at all, through failing in analysis and rendering, to enough.
  for (const std::size_t mib : {24, 32, 40, 48, 56, 64, 80, 96, 128, 192, 1024}) {
    SCOPED_TRACE(std::to_string(mib) + " MiB");
    const LimitedRun run =
        run_limited(mib * 1024,
                    "master " + auralis::test::quoted(input) + " " + auralis::test::quoted(output) +
                        " --quiet --backend cpu --threads 2",
                    scratch);
    ASSERT_TRUE(run.exited) << "killed by signal " << run.signal << "; stderr: " << run.err;
    if (run.exit_code == 0) {
      ++successes;
      EXPECT_EQ(names_in(output_folder), std::set<std::string>{"out.wav"});
      fs::remove(output);
      continue;
    }
    // The dynamic loader itself may fail under the smallest limits, before auralis runs.
    if (run.err.find("error while loading shared libraries") != std::string::npos) continue;
    ++failures;
    EXPECT_EQ(run.exit_code, 1) << run.err;
    EXPECT_NE(run.err.find(input.string()), std::string::npos) << run.err;
    const bool says_memory = run.err.find("not enough memory") != std::string::npos ||
                             run.err.find("cannot start") != std::string::npos;
    EXPECT_TRUE(says_memory) << run.err;
    EXPECT_TRUE(names_in(output_folder).empty()) << "partial output left behind";
  }
  EXPECT_GT(failures, 0) << "no limit was small enough to fail: the test tested nothing";
  EXPECT_GT(successes, 0) << "no limit was large enough to succeed";
  fs::remove_all(scratch);
}

}  // namespace
