// SPDX-License-Identifier: MIT
// The batch manifest: records round-trip, the latest record of an output wins, a line cut short by a
// killed run neither breaks reading nor the next append, and a refresh reads what others appended.
#include "batch/manifest.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/seeds.hpp"

namespace {

namespace fs = std::filesystem;
using auralis::batch::Manifest;
using auralis::batch::ManifestRecord;

class BatchManifest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("auralis-manifest-" + std::to_string(auralis::test::fresh_seed()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

ManifestRecord record(const std::string& output, const std::string& status) {
  ManifestRecord r;
  r.input = "in/" + output;
  r.output = output;
  r.status = status;
  r.content_hash = "0123456789abcdef0123456789abcdef";
  r.options_hash = "fedcba9876543210fedcba9876543210";
  r.version = "0.1.0";
  r.before_lufs = -23.25;
  r.limiter_p99_db = 1.5;
  if (status == "failed") {
    r.error_code = "truncated_file";
    r.error = "in/" + output + ": truncated";
  }
  return r;
}

TEST_F(BatchManifest, RecordsRoundTripAndTheLatestWins) {
  {
    Manifest manifest(dir_);
    manifest.append(record("a.wav", "failed"));
    manifest.append(record("b.wav", "mastered"));
    manifest.append(record("a.wav", "mastered"));
  }
  const Manifest again(dir_);
  const std::optional<ManifestRecord> a = again.latest("a.wav");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->status, "mastered");
  EXPECT_EQ(a->content_hash, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(a->before_lufs, -23.25);
  EXPECT_FALSE(a->after_lufs.has_value());
  EXPECT_EQ(a->limiter_p99_db, 1.5);
  EXPECT_TRUE(again.latest("b.wav").has_value());
  EXPECT_FALSE(again.latest("c.wav").has_value());
}

TEST_F(BatchManifest, ALineCutShortIsSkippedAndTheNextRecordStartsOnItsOwnLine) {
  {
    Manifest manifest(dir_);
    manifest.append(record("a.wav", "mastered"));
  }
  const std::string cut = auralis::batch::to_json_line(record("b.wav", "mastered")).substr(0, 40);
  std::ofstream(dir_ / Manifest::file_name, std::ios::app) << cut;
  {
    Manifest manifest(dir_);
    EXPECT_TRUE(manifest.latest("a.wav").has_value());
    EXPECT_FALSE(manifest.latest("b.wav").has_value());
    manifest.append(record("c.wav", "mastered"));
  }
  const Manifest again(dir_);
  EXPECT_TRUE(again.latest("a.wav").has_value());
  EXPECT_TRUE(again.latest("c.wav").has_value());
  std::ifstream in(dir_ / Manifest::file_name);
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  EXPECT_EQ(lines, 3u);  // a, the cut line, c
}

// What another writer (a process, another object) appends is read on refresh, a line only once it is whole;
// a manifest replaced meanwhile is read from its start.
TEST_F(BatchManifest, RefreshReadsWhatOthersAppended) {
  Manifest reader(dir_);
  Manifest writer(dir_);
  writer.append(record("a.wav", "failed"));
  EXPECT_FALSE(reader.latest("a.wav").has_value());
  reader.refresh();
  ASSERT_TRUE(reader.latest("a.wav").has_value());
  EXPECT_EQ(reader.latest("a.wav")->status, "failed");
  const std::string line = auralis::batch::to_json_line(record("b.wav", "mastered"));
  std::ofstream(dir_ / Manifest::file_name, std::ios::app) << line.substr(0, 40);
  reader.refresh();
  EXPECT_FALSE(reader.latest("b.wav").has_value());
  std::ofstream(dir_ / Manifest::file_name, std::ios::app) << line.substr(40);
  reader.refresh();
  EXPECT_TRUE(reader.latest("b.wav").has_value());
  fs::remove(dir_ / Manifest::file_name);
  Manifest(dir_).append(record("c.wav", "mastered"));
  reader.refresh();
  EXPECT_FALSE(reader.latest("a.wav").has_value());
  EXPECT_TRUE(reader.latest("c.wav").has_value());
}

}  // namespace
