// SPDX-License-Identifier: MIT
// The on-disk analysis cache: round trip, misses, damaged entries, least-recently-used eviction under the
// bound, failures reported instead of thrown, and whole entries when threads and processes store one key.
#include "batch/analysis_cache.hpp"
#include "test_audio_io_support.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace auralis {
namespace {

namespace fs = std::filesystem;
using batch::AnalysisCache;
using io::Hash128;

class AnalysisCacheTest : public test::io::AudioIoScratch {
 protected:
  fs::path dir() const { return file("cache"); }
  fs::path entry(const Hash128& key) const { return dir() / key.hex().substr(0, 2) / key.hex(); }

  // Marks an entry as used `seconds_ago`.
  void age(const Hash128& key, int seconds_ago) const {
    fs::last_write_time(entry(key), fs::file_time_type::clock::now() - std::chrono::seconds(seconds_ago));
  }

  // Names under the cache folder that are not entries (temporaries left behind).
  std::vector<std::string> stray_files() const {
    std::vector<std::string> found;
    for (const auto& item : fs::recursive_directory_iterator(dir())) {
      const std::string name = item.path().filename().string();
      if (item.is_regular_file() && !Hash128::from_hex(name)) found.push_back(name);
    }
    return found;
  }
};

const Hash128 kFirst{0x0123456789abcdefULL, 1}, kSecond{0x0123456789abcdefULL, 2},
    kThird{0xfe00000000000000ULL, 3}, kFourth{0x1100000000000000ULL, 4}, kFifth{0x2200000000000000ULL, 5};

std::string value_of(std::size_t bytes, char fill) {
  std::string value(bytes, fill);
  for (std::size_t i = 0; i < bytes; i += 97) value[i] = static_cast<char>(i);
  return value;
}

TEST_F(AnalysisCacheTest, StoresAndFindsByKey) {
  const AnalysisCache cache_view(dir(), 1 << 20);
  EXPECT_FALSE(cache_view.find(kFirst));
  EXPECT_FALSE(fs::exists(dir())) << "a find creates nothing";
  AnalysisCache cache(dir(), 1 << 20);
  const std::string value = value_of(5000, 'a');
  EXPECT_EQ(cache.store(kFirst, value), std::nullopt);
  EXPECT_EQ(cache.find(kFirst), value);
  EXPECT_EQ(cache_view.find(kFirst), value) << "another object on the same folder sees it";
  EXPECT_FALSE(cache.find(kSecond)) << "same first half, other key";
  EXPECT_EQ(fs::file_size(entry(kFirst)), AnalysisCache::header_bytes + value.size());
  EXPECT_EQ(cache.store(kFirst, "replaced"), std::nullopt);
  EXPECT_EQ(cache.find(kFirst), "replaced");
  EXPECT_EQ(cache.store(kSecond, ""), std::nullopt);
  EXPECT_EQ(cache.find(kSecond), "");
  EXPECT_TRUE(stray_files().empty());
}

TEST_F(AnalysisCacheTest, DamagedEntriesAreMissesAndAreDeleted) {
  AnalysisCache cache(dir(), 1 << 20);
  const std::string value = value_of(3000, 'b');
  const auto damage_and_expect_miss = [&](const char* what, const std::function<void()>& damage) {
    ASSERT_EQ(cache.store(kFirst, value), std::nullopt);
    damage();
    EXPECT_FALSE(cache.find(kFirst)) << what;
    EXPECT_FALSE(fs::exists(entry(kFirst))) << what << " was not deleted";
  };
  const auto flip_byte = [&](std::size_t offset) {
    std::string bytes = test::io::file_bytes(entry(kFirst));
    bytes[offset] = static_cast<char>(bytes[offset] ^ 0x10);
    std::ofstream(entry(kFirst), std::ios::binary | std::ios::trunc) << bytes;
  };
  damage_and_expect_miss("truncated",
                         [&] { fs::resize_file(entry(kFirst), AnalysisCache::header_bytes + 1500); });
  damage_and_expect_miss("header only", [&] { fs::resize_file(entry(kFirst), AnalysisCache::header_bytes); });
  damage_and_expect_miss("empty", [&] { fs::resize_file(entry(kFirst), 0); });
  damage_and_expect_miss("longer", [&] { std::ofstream(entry(kFirst), std::ios::app) << "x"; });
  damage_and_expect_miss("a value byte", [&] { flip_byte(AnalysisCache::header_bytes + 1234); });
  damage_and_expect_miss("the magic", [&] { flip_byte(0); });
  damage_and_expect_miss("the checksum", [&] { flip_byte(AnalysisCache::header_bytes - 1); });
  damage_and_expect_miss("another key's entry", [&] {
    ASSERT_EQ(cache.store(kSecond, value), std::nullopt);
    fs::rename(entry(kSecond), entry(kFirst));
  });
  ASSERT_EQ(cache.store(kFirst, value), std::nullopt);
  EXPECT_EQ(cache.find(kFirst), value) << "a whole entry is found again after all that";
}

TEST_F(AnalysisCacheTest, EvictsTheLeastRecentlyUsedBeyondTheBound) {
  const std::size_t entry_bytes = AnalysisCache::header_bytes + 1000;
  AnalysisCache cache(dir(), 3 * entry_bytes + 100);  // room for three entries
  for (const Hash128& key : {kFirst, kSecond, kThird})
    ASSERT_EQ(cache.store(key, value_of(1000, 'c')), std::nullopt);
  age(kFirst, 300);
  age(kSecond, 200);
  age(kThird, 100);
  ASSERT_TRUE(cache.find(kFirst));  // the oldest becomes the most recently used
  ASSERT_EQ(cache.store(kFourth, value_of(1000, 'd')), std::nullopt);
  EXPECT_TRUE(fs::exists(entry(kFirst)));
  EXPECT_FALSE(fs::exists(entry(kSecond))) << "the least recently used goes first";
  EXPECT_TRUE(fs::exists(entry(kThird)));
  EXPECT_TRUE(fs::exists(entry(kFourth)));
  age(kFourth, 50);
  age(kFirst, 50);
  ASSERT_EQ(cache.store(kFifth, value_of(1000, 'e')), std::nullopt);
  EXPECT_FALSE(fs::exists(entry(kThird)));
  EXPECT_TRUE(fs::exists(entry(kFirst)) && fs::exists(entry(kFourth)) && fs::exists(entry(kFifth)));

  // Entries another process stored count too: a new object on the folder finds them before it adds its own.
  AnalysisCache other(dir(), 3 * entry_bytes + 100);
  age(kFirst, 100);
  ASSERT_EQ(other.store(kSecond, value_of(1000, 'f')), std::nullopt);
  EXPECT_FALSE(fs::exists(entry(kFirst)));
  std::uintmax_t total = 0;
  for (const auto& item : fs::recursive_directory_iterator(dir())) {
    if (item.is_regular_file()) total += item.file_size();
  }
  EXPECT_EQ(total, 3 * entry_bytes);
}

TEST_F(AnalysisCacheTest, FailuresAreReportedNotThrown) {
  AnalysisCache small(dir(), 100);
  const std::optional<std::string> too_large = small.store(kFirst, value_of(200, 'g'));
  ASSERT_TRUE(too_large);
  EXPECT_NE(too_large->find("bound of 100 bytes"), std::string::npos) << *too_large;
  EXPECT_FALSE(small.find(kFirst));
  AnalysisCache large(dir(), 1 << 20);
  ASSERT_EQ(large.store(kThird, value_of(200, 'g')), std::nullopt);
  EXPECT_FALSE(small.find(kThird)) << "over its own bound";
  EXPECT_TRUE(fs::exists(entry(kThird))) << "a process with a larger bound may use it: not deleted";
  EXPECT_TRUE(large.find(kThird));

  // A folder that cannot be made (a file is in the way, whatever the user's rights).
  std::ofstream(file("blocker")) << "x";
  AnalysisCache blocked(file("blocker") / "cache", 1 << 20);
  const std::optional<std::string> why = blocked.store(kFirst, "value");
  ASSERT_TRUE(why);
  EXPECT_NE(why->find((file("blocker") / "cache").string()), std::string::npos) << *why;
  EXPECT_FALSE(blocked.find(kFirst));

  // An entry's place taken by a folder: not written over, not deleted by a find.
  fs::create_directories(entry(kSecond));
  AnalysisCache cache(dir(), 1 << 20);
  EXPECT_TRUE(cache.store(kSecond, "value"));
  EXPECT_FALSE(cache.find(kSecond));
  EXPECT_TRUE(fs::is_directory(entry(kSecond)));
}

TEST(AnalysisCacheDefaultDir, FollowsXdgThenHome) {
  const auto saved = [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    return value ? std::optional<std::string>(value) : std::nullopt;
  };
  const std::optional<std::string> xdg = saved("XDG_CACHE_HOME"), home = saved("HOME");
  ::setenv("XDG_CACHE_HOME", "/var/cache/me", 1);
  ::setenv("HOME", "/home/me", 1);
  EXPECT_EQ(AnalysisCache::default_dir(), fs::path("/var/cache/me/auralis/analysis"));
  ::setenv("XDG_CACHE_HOME", "relative", 1);  // the XDG spec says to ignore a relative path
  EXPECT_EQ(AnalysisCache::default_dir(), fs::path("/home/me/.cache/auralis/analysis"));
  ::unsetenv("XDG_CACHE_HOME");
  EXPECT_EQ(AnalysisCache::default_dir(), fs::path("/home/me/.cache/auralis/analysis"));
  ::unsetenv("HOME");
  EXPECT_EQ(AnalysisCache::default_dir(), fs::path());
  if (xdg) ::setenv("XDG_CACHE_HOME", xdg->c_str(), 1);
  if (home) ::setenv("HOME", home->c_str(), 1);
}

// Writers of one key at once: every store succeeds and every find after it is a hit on one writer's whole
// value (entries are renamed into place whole, so a reader never meets a partial one, which would be a miss),
// and one whole entry is left with no temporary beside it.
TEST_F(AnalysisCacheTest, ConcurrentStoresOfOneKeyLeaveOneWholeEntry) {
  constexpr int kWriters = 4;
  constexpr int kStores = 20;
  std::vector<std::string> values;
  for (int w = 0; w < kWriters; ++w)
    values.push_back(value_of(60000 + 1000 * static_cast<std::size_t>(w), 'h'));
  const auto is_a_value = [&values](const std::optional<std::string>& found) {
    return found && std::find(values.begin(), values.end(), *found) != values.end();
  };
  AnalysisCache cache(dir(), 1 << 22);
  std::vector<int> failures(kWriters, 0);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kStores; ++i) {
        if (cache.store(kFirst, values[static_cast<std::size_t>(w)])) ++failures[static_cast<std::size_t>(w)];
        if (!is_a_value(cache.find(kFirst))) ++failures[static_cast<std::size_t>(w)];
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  for (int w = 0; w < kWriters; ++w) EXPECT_EQ(failures[static_cast<std::size_t>(w)], 0) << "writer " << w;
  EXPECT_TRUE(is_a_value(cache.find(kFirst)));
  EXPECT_TRUE(stray_files().empty());

  // Processes: each child stores its own value again and again; the parent finds one whole.
  std::vector<pid_t> children;
  for (int w = 0; w < 2; ++w) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      AnalysisCache own(dir(), 1 << 22);
      int failed = 0;
      for (int i = 0; i < kStores; ++i) {
        if (own.store(kSecond, values[static_cast<std::size_t>(w)])) ++failed;
        if (!is_a_value(own.find(kSecond))) ++failed;
      }
      ::_exit(failed == 0 ? 0 : 1);
    }
    children.push_back(child);
  }
  for (const pid_t child : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "a process failed to store or read a whole entry";
  }
  EXPECT_TRUE(is_a_value(cache.find(kSecond)));
  EXPECT_TRUE(stray_files().empty());
}

}  // namespace
}  // namespace auralis
