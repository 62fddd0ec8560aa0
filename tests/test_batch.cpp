// SPDX-License-Identifier: MIT
// `auralis batch` as a user runs it: outputs byte-identical to `auralis master` of each track alone, reruns
// that skip what is done, one bad file among good ones, resuming after SIGKILL at any point, shards that add
// up to the whole, album loudness, the analysis cache, and cancellation through the library.
#include <auralis/auralis.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"
#include "support/flac_tags.hpp"
#include "support/measurements.hpp"
#include "support/music_like.hpp"
#include "support/seeds.hpp"

namespace {

namespace fs = std::filesystem;
using auralis::test::quoted;
using auralis::test::read_file;

class Batch : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("auralis-batch-" + std::to_string(auralis::test::fresh_seed()));
    fs::create_directories(root_ / "in" / "album-a");
    fs::create_directories(root_ / "in" / "album-b");
    fs::create_directories(root_ / "scratch");
    cache_ = root_ / "cache";
  }
  void TearDown() override { fs::remove_all(root_); }

  // A few seconds of music-like audio at `gain_db`, written as 24-bit WAV.
  fs::path track(const std::string& relative, double seconds, double gain_db, std::uint64_t seed) {
    const fs::path path = root_ / "in" / relative;
    auralis::test::write_music_like(path, seconds, gain_db, seed);
    return path;
  }

  void catalogue() {
    track("album-a/one.wav", 4.0, 0.0, 1);
    track("album-a/two.wav", 3.0, -6.0, 2);
    track("album-b/three.wav", 2.5, -3.0, 3);
    track("four.wav", 2.0, -9.0, 4);
  }

  // The CLI with the analysis cache in this test's folder.
  auralis::test::CommandResult cli(const std::string& arguments, const std::string& wrapper = "") {
    return auralis::test::run_cli_after(wrapper + "env XDG_CACHE_HOME=" + quoted(cache_) + " ", arguments,
                                        root_ / "scratch");
  }

  std::string batch_of(const fs::path& out, const std::string& more) const {
    return "batch " + quoted(root_ / "in") + " -o " + quoted(out) + " --quiet " + more;
  }

  // Every file below `dir` (the manifest aside) by its path below `dir`, with its bytes.
  static std::map<std::string, std::string> outputs(const fs::path& dir) {
    return auralis::test::batch_outputs(dir);
  }

  static std::vector<nlohmann::json> manifest(const fs::path& dir) {
    std::vector<nlohmann::json> records;
    std::ifstream in(dir / "auralis-manifest.jsonl");
    for (std::string line; std::getline(in, line);) {
      const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
      if (record.is_object()) records.push_back(record);
    }
    return records;
  }

  fs::path root_, cache_;
};

TEST_F(Batch, OutputsEqualEachTrackMasteredAlone) {
  catalogue();
  const fs::path out = root_ / "out";
  const auto run = cli(batch_of(out, "--jobs 2 --no-cache"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::map<std::string, std::string> files = outputs(out);
  ASSERT_EQ(files.size(), 4u);
  for (const std::string relative : {"album-a/one.wav", "album-a/two.wav", "album-b/three.wav", "four.wav"}) {
    ASSERT_TRUE(files.contains(relative)) << relative;
    const fs::path alone = root_ / "scratch" / "alone.wav";
    const auto single = cli("master " + quoted(root_ / "in" / relative) + " " + quoted(alone) + " --quiet");
    ASSERT_EQ(single.exit_code, 0) << single.err;
    EXPECT_TRUE(files.at(relative) == read_file(alone)) << relative << " differs from auralis master's";
  }
  const std::vector<nlohmann::json> records = manifest(out);
  ASSERT_EQ(records.size(), 4u);
  for (const nlohmann::json& record : records) {
    EXPECT_EQ(record["status"], "mastered");
    EXPECT_EQ(record["content_hash"].get<std::string>().size(), 32u);
    EXPECT_TRUE(record["after_lufs"].is_number());
  }
}

TEST_F(Batch, ARerunSkipsWhatIsDoneAndForceRedoesIt) {
  catalogue();
  const fs::path out = root_ / "out";
  const std::string args = "batch " + quoted(root_ / "in") + " -o " + quoted(out) + " --no-cache";
  ASSERT_EQ(cli(args).exit_code, 0);
  const auto first = outputs(out);
  const auto again = cli(args);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 mastered, 4 already done, 0 failed"), std::string::npos) << again.out;
  EXPECT_EQ(outputs(out), first);
  // Other options make other masters: nothing is skipped.
  const auto other = cli(args + " --target-lufs -16");
  EXPECT_NE(other.out.find("4 mastered, 0 already done"), std::string::npos) << other.out;
  const auto forced = cli(args + " --target-lufs -16 --force");
  EXPECT_NE(forced.out.find("4 mastered, 0 already done"), std::string::npos) << forced.out;
  // A changed output is not taken as done.
  std::ofstream(out / "four.wav", std::ios::app) << "x";
  const auto repaired = cli(args + " --target-lufs -16");
  EXPECT_NE(repaired.out.find("1 mastered, 3 already done"), std::string::npos) << repaired.out;
}

TEST_F(Batch, OneCorruptFileAmongOthersFailsAloneAndIsNamed) {
  catalogue();
  std::ofstream(root_ / "in" / "album-b" / "corrupt.wav") << "RIFF\x10\0\0\0WAVEfmt garbage that is no audio";
  const fs::path given = root_ / "in" / "not-audio.wav";
  std::ofstream(given) << "plain text";
  const fs::path out = root_ / "out";
  // The folder search skips what is not audio; a file named on the command line is taken and fails.
  const auto run =
      cli("batch " + quoted(root_ / "in") + " " + quoted(given) + " -o " + quoted(out) + " --no-cache");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(given.string()), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("4 mastered, 0 already done, 1 failed"), std::string::npos) << run.out;
  const auto files = outputs(out);
  EXPECT_EQ(files.size(), 4u);
  EXPECT_FALSE(files.contains("not-audio.wav"));
  bool recorded = false;
  for (const nlohmann::json& record : manifest(out)) {
    if (record["status"] == "failed") {
      recorded = true;
      EXPECT_NE(record["error"].get<std::string>().find(given.string()), std::string::npos);
      EXPECT_FALSE(record["error_code"].get<std::string>().empty());
    }
  }
  EXPECT_TRUE(recorded);
}

TEST_F(Batch, KilledAtAnyPointAndRunAgainGivesTheSameBytes) {
  catalogue();
  const fs::path whole = root_ / "whole";
  ASSERT_EQ(cli(batch_of(whole, "--no-cache --jobs 2")).exit_code, 0);
  const auto expected = outputs(whole);
  // SIGKILL runs no handler: whatever was in flight is simply gone. In the release build the batch takes
  // about 0.1 s, so the delays fall before, among and after the tracks' ends (in a sanitised build, mostly
  // before); any point must do.
  for (const char* delay : {"0.02", "0.04", "0.06", "0.09", "0.13", "0.3"}) {
    const fs::path out = root_ / (std::string("killed-") + delay);
    (void)cli(batch_of(out, "--no-cache --jobs 2"), std::string("timeout -s KILL ") + delay + " ");
    // No output is ever truncated: each is absent or whole.
    if (fs::exists(out)) {
      for (const auto& [name, bytes] : outputs(out)) {
        EXPECT_TRUE(bytes == expected.at(name)) << name << " after a kill at " << delay << " s";
      }
    }
    const auto resumed = cli(batch_of(out, "--no-cache --jobs 2"));
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_TRUE(outputs(out) == expected) << "killed at " << delay << " s";
  }
}

TEST_F(Batch, ShardsTogetherEqualTheWholeRun) {
  catalogue();
  const fs::path whole = root_ / "whole", sharded = root_ / "sharded";
  ASSERT_EQ(cli(batch_of(whole, "--no-cache")).exit_code, 0);
  for (const char* shard : {"1/3", "2/3", "3/3"}) {
    ASSERT_EQ(cli(batch_of(sharded, std::string("--no-cache --shard ") + shard)).exit_code, 0);
  }
  EXPECT_TRUE(outputs(sharded) == outputs(whole));
  EXPECT_EQ(manifest(sharded).size(), 4u);
  // Each shard took its own tracks only.
  const fs::path one = root_ / "one-shard";
  ASSERT_EQ(cli(batch_of(one, "--no-cache --shard 2/3")).exit_code, 0);
  EXPECT_EQ(outputs(one).size(), 1u);
  EXPECT_EQ(cli(batch_of(one, "--shard 4/3")).exit_code, 2);
}

TEST_F(Batch, AlbumTracksKeepTheirDifferencesAndTheAlbumMeetsTheTarget) {
  // Three tracks 4 and 8 dB apart, at a target that needs no limiting (the limiter's budget would lower a
  // loud track's target and so change the differences).
  const fs::path tracks[] = {track("album-a/loud.wav", 4.0, 0.0, 5), track("album-a/mid.wav", 3.0, -4.0, 6),
                             track("album-a/quiet.wav", 3.5, -8.0, 7)};
  const fs::path out = root_ / "out";
  const auto run = cli(batch_of(out, "--no-cache --album --target-lufs -23"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<auralis::LoudnessReport> before, after;
  for (const fs::path& input : tracks) {
    before.push_back(auralis::measure_loudness(input));
    after.push_back(auralis::measure_loudness(out / "album-a" / input.filename()));
  }
  for (std::size_t t = 1; t < 3; ++t) {
    const double was = *before[0].integrated_lufs - *before[t].integrated_lufs;
    const double is = *after[0].integrated_lufs - *after[t].integrated_lufs;
    EXPECT_NEAR(is, was, 0.1) << "track " << t;
    auralis::test::record_measurement("difference_change_lu_" + std::to_string(t), is - was);
  }
  const std::optional<double> album = auralis::album_loudness(after);
  ASSERT_TRUE(album.has_value());
  EXPECT_NEAR(*album, -23.0, 0.5);
  auralis::test::record_measurement("album_lufs", *album);
  // Without --album each track meets the target alone.
  const fs::path alone = root_ / "alone";
  ASSERT_EQ(cli(batch_of(alone, "--no-cache --target-lufs -23")).exit_code, 0);
  for (const fs::path& input : tracks) {
    EXPECT_NEAR(*auralis::measure_loudness(alone / "album-a" / input.filename()).integrated_lufs, -23.0, 0.1);
  }
}

TEST_F(Batch, TheAnalysisCacheServesAnotherTargetWithTheSameBytes) {
  catalogue();
  const fs::path cold = root_ / "cold", warm = root_ / "warm", fresh = root_ / "fresh";
  ASSERT_EQ(cli(batch_of(cold, "")).exit_code, 0);
  const auto second = cli(batch_of(warm, "--target-lufs -16 --progress json"));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  std::size_t cached = 0, finished = 0;
  std::istringstream events(second.out);
  for (std::string line; std::getline(events, line);) {
    const nlohmann::json event = nlohmann::json::parse(line);
    if (event["event"] == "mastered") {
      ++finished;
      if (event["analysis_cached"].get<bool>()) ++cached;
    }
  }
  EXPECT_EQ(finished, 4u);
  EXPECT_EQ(cached, 4u);
  ASSERT_EQ(cli(batch_of(fresh, "--target-lufs -16 --no-cache")).exit_code, 0);
  EXPECT_TRUE(outputs(warm) == outputs(fresh));
}

TEST_F(Batch, CancellingLeavesNoPartialOutput) {
  catalogue();
  const std::vector<auralis::BatchTrack> tracks =
      auralis::collect_batch_inputs(std::vector<std::string>{(root_ / "in").string()});
  ASSERT_EQ(tracks.size(), 4u);
  auralis::BatchOptions options;
  options.output_dir = root_ / "out";
  options.use_cache = false;
  options.jobs = 1;
  std::size_t finished = 0;
  auralis::BatchCallbacks callbacks;
  callbacks.on_event = [&](const auralis::BatchEvent& event) {
    if (event.kind == auralis::BatchEvent::Kind::finished) ++finished;
  };
  callbacks.cancelled = [&] { return finished >= 1; };
  const auralis::BatchSummary summary = auralis::master_batch(tracks, options, callbacks);
  EXPECT_EQ(summary.mastered, 1u);
  EXPECT_EQ(summary.cancelled, 3u);
  // The one finished output and the manifest; no other file, no temporary.
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(options.output_dir))
    files += entry.is_regular_file();
  EXPECT_EQ(files, 2u);
}

TEST_F(Batch, AnAdaptiveAlbumIsPlannedOnceAndLoneTracksEachAlone) {
  // Tracks of different balance: alone they get different EQ, as an album one EQ and one compressor.
  track("album-a/bright.wav", 3.0, 0.0, 8);
  track("album-a/dark.wav", 3.0, -5.0, 9);
  const fs::path dark = root_ / "in" / "album-a" / "dark.wav";
  auralis::AudioBuffer audio = auralis::read_audio(dark).audio;
  // A one-pole low-pass darkens the second track.
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    float state = 0.0f;
    for (float& x : audio.channel(c)) x = state += 0.05f * (x - state);
  }
  auralis::write_audio(dark, audio);
  const std::vector<auralis::BatchTrack> tracks =
      auralis::collect_batch_inputs(std::vector<std::string>{(root_ / "in").string()});
  auralis::BatchOptions options;
  options.use_cache = false;
  options.output_dir = root_ / "alone";
  const auralis::BatchSummary alone = auralis::master_batch(tracks, options);
  options.output_dir = root_ / "album";
  options.album = auralis::AlbumMode::folder;
  const auralis::BatchSummary album = auralis::master_batch(tracks, options);
  ASSERT_EQ(alone.mastered, 2u);
  ASSERT_EQ(album.mastered, 2u);
  const auto& alone_a = alone.tracks[0].report->plan;
  const auto& alone_b = alone.tracks[1].report->plan;
  const auto& album_a = album.tracks[0].report->plan;
  const auto& album_b = album.tracks[1].report->plan;
  EXPECT_NE(alone_a.eq_db, alone_b.eq_db);
  EXPECT_EQ(album_a.eq_db, album_b.eq_db);
  EXPECT_EQ(album_a.compressor.threshold_dbfs, album_b.compressor.threshold_dbfs);
  EXPECT_NE(album_a.target_lufs, album_b.target_lufs);  // each track's own target within the album
  EXPECT_EQ(album.tracks[0].album, "album-a");
}

TEST_F(Batch, GainTagsDescribeTheMastersAsWritten) {
  track("album-a/one.wav", 3.0, 0.0, 10);
  track("album-a/two.wav", 3.0, -6.0, 11);
  const fs::path out = root_ / "out";
  const auto run = cli(batch_of(out, "--no-cache --album --tags replaygain --name '{dir}/{stem}.flac'"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> album_gains;
  for (const char* name : {"one", "two"}) {
    const fs::path master = out / "album-a" / (std::string(name) + ".flac");
    const double lufs = *auralis::measure_loudness(master).integrated_lufs;
    std::map<std::string, std::string> tags;
    for (const std::string& comment : auralis::test::flac_comments(master)) {
      tags[comment.substr(0, comment.find('='))] = comment.substr(comment.find('=') + 1);
    }
    // The gain to -18 LUFS of the file as written, to the tag's 0.01 dB.
    ASSERT_TRUE(tags.contains("REPLAYGAIN_TRACK_GAIN")) << name;
    EXPECT_NEAR(std::stod(tags["REPLAYGAIN_TRACK_GAIN"]), -18.0 - lufs, 0.006) << name;
    ASSERT_TRUE(tags.contains("REPLAYGAIN_ALBUM_GAIN")) << name;
    album_gains.push_back(tags["REPLAYGAIN_ALBUM_GAIN"]);
  }
  EXPECT_EQ(album_gains[0], album_gains[1]);
  // The manifest's hash is of the tagged file: a rerun finds both done.
  const auto again = cli(batch_of(out, "--no-cache --album --tags replaygain --name '{dir}/{stem}.flac'"));
  EXPECT_NE(again.out.find("0 mastered, 2 already done"), std::string::npos) << again.out;
  // WAV carries no loudness tags: refused before any work.
  const auto wav = cli(batch_of(root_ / "wav", "--no-cache --tags r128"));
  EXPECT_EQ(wav.exit_code, 1);
  EXPECT_NE(wav.err.find("need FLAC"), std::string::npos) << wav.err;
  EXPECT_FALSE(fs::exists(root_ / "wav" / "album-a" / "one.wav"));
}

// The batch's own failure (here its manifest turns into a folder after the first track) ends it with an
// error naming the manifest, from whichever job hit it, rather than ending the process.
TEST_F(Batch, AManifestThatCannotBeWrittenEndsTheBatchWithAnError) {
  catalogue();
  const std::vector<auralis::BatchTrack> tracks =
      auralis::collect_batch_inputs(std::vector<std::string>{(root_ / "in").string()});
  auralis::BatchOptions options;
  options.output_dir = root_ / "out";
  options.use_cache = false;
  options.jobs = 2;
  options.master.backend.max_workers = 1;
  const fs::path manifest = options.output_dir / "auralis-manifest.jsonl";
  auralis::BatchCallbacks callbacks;
  std::mutex mutex;
  bool broken = false;
  callbacks.on_event = [&](const auralis::BatchEvent& event) {
    const std::lock_guard lock(mutex);
    if (event.kind != auralis::BatchEvent::Kind::finished || broken) return;
    fs::remove(manifest);
    fs::create_directory(manifest);
    broken = true;
  };
  try {
    (void)auralis::master_batch(tracks, options, callbacks);
    ADD_FAILURE() << "no error";
  } catch (const auralis::Error& error) {
    EXPECT_EQ(error.code(), auralis::ErrorCode::write_failed);
    EXPECT_NE(std::string(error.what()).find(manifest.string()), std::string::npos) << error.what();
  }
}

}  // namespace
