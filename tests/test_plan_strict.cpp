// SPDX-License-Identifier: MIT
// Plans are read strictly: a key plan_to_json does not write, or one given twice, is an error naming it (and
// the key meant); read_plan_file reads files, pipes and devices with a bounded size, every error naming the
// path and being an auralis::Error.
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace auralis;
namespace fs = std::filesystem;

// The auralis::Error `body` throws; a failure when it throws nothing or anything else.
Error error_from(const std::function<void()>& body) {
  try {
    body();
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an auralis::Error: " << e.what();
  }
  return Error(ErrorCode::invalid_argument, "");
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(PlanStrict, UnknownKeysAreNamedWithTheNearestValidKey) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"({"tagret_lufs": -14})", "unknown key tagret_lufs; did you mean target_lufs?"},
      {R"({"limiter": {"ceilng_dbtp": -1}})",
       "unknown key limiter.ceilng_dbtp; did you mean limiter.ceiling_dbtp?"},
      {R"({"compressor": {"atack_ms": 5}})",
       "unknown key compressor.atack_ms; did you mean compressor.attack_ms?"},
      {R"({"compressor": {"ratoi": 2}})", "unknown key compressor.ratoi; did you mean compressor.ratio?"},
      {R"({"width": {"side_gian": 1}})", "unknown key width.side_gian; did you mean width.side_gain?"},
      {R"({"amounts": {"Loudness": 1}})", "unknown key amounts.Loudness; did you mean amounts.loudness?"},
      {R"({"mid_eq": {"gain_db": []}})", "unknown key mid_eq.gain_db; did you mean mid_eq.gains_db?"},
      {R"({"side_eq": {"frequency_hz": []}})",
       "unknown key side_eq.frequency_hz; did you mean side_eq.frequencies_hz?"},
      // A key of another section is unknown here.
      {R"({"limiter": {"ratio": 2}})", "unknown key limiter.ratio"},
      // Nothing near: every key of that level is listed.
      {R"({"limiter": {"colour": "red"}})",
       "unknown key limiter.colour; the keys in limiter are budget_mean_db, budget_p99_db, ceiling_dbtp, "
       "enabled, lookahead_ms, release_ms, sustained_release_ms"},
      {R"({"loudness": -14})", "unknown key loudness; the keys at the top level are amounts, compressor"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    const Error e = error_from([&] { plan_from_json(c.json); });
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    EXPECT_TRUE(contains(e.what(), std::string("plan JSON: ") + c.message)) << e.what();
  }
}

TEST(PlanStrict, KeysGivenTwiceAreRefused) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"target_lufs": -14, "target_lufs": -9})", "key target_lufs appears twice"},
      {R"({"limiter": {"release_ms": 50, "ceiling_dbtp": -1, "release_ms": 80}})",
       "key limiter.release_ms appears twice"},
      {R"({"compressor": {"ratio": 2}, "compressor": {"ratio": 3}})", "key compressor appears twice"},
  };
  for (const auto& [json, message] : cases) {
    SCOPED_TRACE(json);
    const Error e = error_from([&] { plan_from_json(json); });
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    EXPECT_TRUE(contains(e.what(), message)) << e.what();
  }
  // The same key in different objects is two fields.
  const MasteringPlan plan = plan_from_json(R"({"compressor": {"enabled": false, "release_ms": 90},
                         "limiter": {"enabled": false, "release_ms": 40}})");
  EXPECT_FALSE(plan.compressor_enabled);
  EXPECT_FALSE(plan.limiter.enabled);
  EXPECT_EQ(plan.compressor.release_ms, 90.0);
  EXPECT_EQ(plan.limiter.release_ms, 40.0);
}

TEST(PlanStrict, EverythingPlanToJsonWritesIsAccepted) {
  MasteringPlan curves = neutral_plan();
  curves.mid_eq = {{100.0, 1000.0}, {1.5, -2.5}};
  curves.side_eq = {{200.0}, {3.0}};
  for (const MasteringPlan& plan : {MasteringPlan{}, neutral_plan(), curves}) {
    const std::string json = plan_to_json(plan);
    EXPECT_EQ(plan_to_json(plan_from_json(json)), json);
  }
}

TEST(PlanStrict, EqDbHoldsOneValuePerCriticalBand) {
  std::string json = R"({"eq_db": [0)";
  for (std::size_t b = 1; b <= critical_band_count; ++b) json += ", 0";  // one too many
  json += "]}";
  const Error e = error_from([&] { plan_from_json(json); });
  EXPECT_TRUE(contains(e.what(), "eq_db must hold 26 values")) << e.what();
}

// A fresh folder under the system's temporary folder, removed with everything in it.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("auralis-plan-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

fs::path write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Writes `text` into the FIFO at `path` from another thread once a reader opens it. A reader that stops
// early makes the writes fail with EPIPE (SIGPIPE is blocked on that thread) rather than end the process.
std::jthread feed_fifo(const fs::path& path, std::string text) {
  return std::jthread([path, text = std::move(text)] {
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
    const int fd = ::open(path.c_str(), O_WRONLY);
    if (fd < 0) return;
    for (std::size_t written = 0; written < text.size();) {
      const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    ::close(fd);
  });
}

// Read_plan_file's error for `path`: its code, and a message that is exactly `message` after "<path>: ".
void expect_plan_file_error(const fs::path& path, ErrorCode code, const std::string& message) {
  SCOPED_TRACE(path.string());
  const Error e = error_from([&] { read_plan_file(path); });
  EXPECT_EQ(e.code(), code) << e.what();
  EXPECT_EQ(std::string(e.what()), path.string() + ": " + message);
}

TEST(PlanFile, ReadsAPlanFromAFileAndFromAPipe) {
  const TemporaryFolder folder;
  MasteringPlan plan;
  plan.target_lufs = -11.5;
  plan.compressor.attack_ms = 0.0;
  plan.limiter.ceiling_dbtp = -1.5;
  const std::string json = plan_to_json(plan);
  EXPECT_EQ(plan_to_json(read_plan_file(write_file(folder.path() / "plan.json", json))), json);
  const fs::path fifo = folder.path() / "plan.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::jthread writer = feed_fifo(fifo, json);
  EXPECT_EQ(plan_to_json(read_plan_file(fifo)), json);
}

TEST(PlanFile, AFolderOrAMissingFileIsNamed) {
  const TemporaryFolder folder;
  expect_plan_file_error(folder.path(), ErrorCode::invalid_argument, "is a folder, not a plan file");
  expect_plan_file_error(folder.path() / "missing.json", ErrorCode::file_not_found, "no such file");
  expect_plan_file_error(folder.path() / "missing" / "plan.json", ErrorCode::file_not_found, "no such file");
}

TEST(PlanFile, MoreThanOneMebibyteIsRefusedWithoutReadingOn) {
  const TemporaryFolder folder;
  const std::string too_long = "{" + std::string(2 * plan_file_max_bytes, ' ') + "}";
  expect_plan_file_error(write_file(folder.path() / "long.json", too_long), ErrorCode::invalid_argument,
                         "plan file is larger than 1 MiB");
  // Exactly the limit is still a plan.
  const std::string at_limit = "{" + std::string(plan_file_max_bytes - 2, ' ') + "}";
  EXPECT_NO_THROW(read_plan_file(write_file(folder.path() / "limit.json", at_limit)));
  // Devices and pipes that never end.
  if (fs::exists("/dev/zero")) {
    expect_plan_file_error("/dev/zero", ErrorCode::invalid_argument, "plan file is larger than 1 MiB");
  }
  const fs::path fifo = folder.path() / "endless.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::jthread writer = feed_fifo(fifo, std::string(4 * plan_file_max_bytes, ' '));
  expect_plan_file_error(fifo, ErrorCode::invalid_argument, "plan file is larger than 1 MiB");
}

TEST(PlanFile, ErrorsInThePlanNameTheFile) {
  const TemporaryFolder folder;
  const fs::path broken = write_file(folder.path() / "broken.json", R"({"mode": )");
  const Error parse = error_from([&] { read_plan_file(broken); });
  EXPECT_EQ(parse.code(), ErrorCode::invalid_argument);
  EXPECT_EQ(std::string(parse.what()).rfind(broken.string() + ": plan JSON: not valid JSON", 0), 0u)
      << parse.what();
  expect_plan_file_error(write_file(folder.path() / "typo.json", R"({"limiter": {"ceilng_dbtp": -1}})"),
                         ErrorCode::invalid_argument,
                         "plan JSON: unknown key limiter.ceilng_dbtp; did you mean limiter.ceiling_dbtp?");
  expect_plan_file_error(write_file(folder.path() / "twice.json", R"({"preset": "warm", "preset": "live"})"),
                         ErrorCode::invalid_argument,
                         "plan JSON: key preset appears twice; give each field once");
  expect_plan_file_error(
      write_file(folder.path() / "range.json", R"({"limiter": {"ceiling_dbtp": 2}})"),
      ErrorCode::invalid_argument,
      "mastering plan: ceiling must lie within [-20, 0] dBTP (limiter.ceiling_dbtp is +2 dBTP)");
  // Every error plan_from_json gives, whole, after the path.
  expect_plan_file_error(write_file(folder.path() / "empty.json", ""), ErrorCode::invalid_argument,
                         error_from([] { plan_from_json(""); }).what());
}

TEST(PlanFile, AnUnreadableFileIsNamed) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their permissions";
  const TemporaryFolder folder;
  const fs::path locked = write_file(folder.path() / "locked.json", "{}");
  fs::permissions(locked, fs::perms::none);
  expect_plan_file_error(locked, ErrorCode::unreadable_file, "cannot open: Permission denied");
}

}  // namespace
