// SPDX-License-Identifier: MIT
// The batch's public phases run by hand, as a scheduler on several processes would (tracks in another order,
// from two threads, results carried as JSON): the same output bytes and manifest records as master_batch,
// JSON that reads back exactly, and reruns that skip across the two routes.
#include <auralis/auralis.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/cli_runner.hpp"
#include "support/flac_tags.hpp"
#include "support/music_like.hpp"
#include "support/seeds.hpp"

namespace {

namespace fs = std::filesystem;
using auralis::BatchOptions;
using auralis::BatchStatus;
using auralis::BatchTrack;
using auralis::BatchTrackAnalysis;
using auralis::BatchTrackDecision;
using auralis::BatchTrackResult;
using auralis::test::batch_outputs;

class BatchPhases : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("auralis-phases-" + std::to_string(auralis::test::fresh_seed()));
    fs::create_directories(root_ / "in" / "album-a");
    fs::create_directories(root_ / "in" / "album-b");
    options_.cache_dir = root_ / "cache";
  }
  void TearDown() override { fs::remove_all(root_); }

  void track(const std::string& relative, double seconds, double gain_db, std::uint64_t seed) {
    auralis::test::write_music_like(root_ / "in" / relative, seconds, gain_db, seed);
  }

  // Two tracks of one album, one of another, one alone at the top.
  std::vector<BatchTrack> catalogue() {
    track("album-a/one.wav", 3.0, 0.0, 21);
    track("album-a/two.wav", 2.0, -7.0, 22);
    track("album-b/three.wav", 2.5, -3.0, 23);
    track("four.wav", 2.0, -10.0, 24);
    return auralis::collect_batch_inputs(std::vector<std::string>{(root_ / "in").string()});
  }

  // `step(i)` for i = count - 1 down to 0, from two threads.
  static void reversed_on_two_threads(std::size_t count, const std::function<void(std::size_t)>& step) {
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
      for (std::size_t k = next++; k < count; k = next++) step(count - 1 - k);
    };
    std::thread other(worker);
    worker();
    other.join();
  }

  // The batch through the public phases into `out`, each analysis, decision and result carried as JSON
  // between the phases as a scheduler would carry them between processes.
  std::vector<BatchTrackResult> by_hand(const std::vector<BatchTrack>& tracks, const fs::path& out) {
    BatchOptions options = options_;
    options.output_dir = out;
    std::vector<BatchTrackAnalysis> analyses(tracks.size());
    reversed_on_two_threads(tracks.size(), [&](std::size_t i) {
      analyses[i] = auralis::batch_analysis_from_json(
          auralis::batch_analysis_to_json(auralis::analyze_batch_track(tracks[i], i, options)));
    });
    std::vector<BatchTrackDecision> decisions = auralis::decide_batch_albums(analyses, options);
    for (BatchTrackDecision& decision : decisions) {
      decision = auralis::batch_decision_from_json(auralis::batch_decision_to_json(decision));
    }
    std::vector<BatchTrackResult> results(tracks.size());
    reversed_on_two_threads(tracks.size(), [&](std::size_t i) {
      results[i] = auralis::batch_result_from_json(
          auralis::batch_result_to_json(auralis::master_batch_track(analyses[i], decisions[i], options)));
    });
    auralis::tag_batch_albums(analyses, decisions, results, options);
    return results;
  }

  auralis::BatchSummary with_master_batch(const std::vector<BatchTrack>& tracks, const fs::path& out) {
    BatchOptions options = options_;
    options.output_dir = out;
    options.jobs = 2;
    return auralis::master_batch(tracks, options);
  }

  // The manifest's records by output below `dir`, without what differs between runs (the wall time) and
  // the output folder.
  static std::map<std::string, nlohmann::json> records(const fs::path& dir) {
    std::map<std::string, nlohmann::json> by_output;
    std::ifstream in(dir / "auralis-manifest.jsonl");
    for (std::string line; std::getline(in, line);) {
      nlohmann::json record = nlohmann::json::parse(line);
      const std::string output = fs::relative(record["output"].get<std::string>(), dir).string();
      record.erase("seconds");
      record.erase("output");
      by_output[output] = record;
    }
    return by_output;
  }

  void expect_same_as_master_batch(const std::vector<BatchTrack>& tracks) {
    const auralis::BatchSummary summary = with_master_batch(tracks, root_ / "batch");
    const std::vector<BatchTrackResult> results = by_hand(tracks, root_ / "phases");
    ASSERT_EQ(results.size(), summary.tracks.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
      EXPECT_EQ(results[i].status, summary.tracks[i].status) << i;
      EXPECT_EQ(results[i].after_lufs, summary.tracks[i].after_lufs) << i;
      EXPECT_EQ(results[i].album, summary.tracks[i].album) << i;
      EXPECT_FALSE(results[i].pending_album_loudness.has_value()) << i;
    }
    const std::map<std::string, std::string> batch_files = batch_outputs(root_ / "batch");
    EXPECT_EQ(batch_files.size(), tracks.size());
    EXPECT_TRUE(batch_outputs(root_ / "phases") == batch_files);
    const std::map<std::string, nlohmann::json> batch_records = records(root_ / "batch");
    EXPECT_EQ(batch_records.size(), tracks.size());
    EXPECT_EQ(records(root_ / "phases"), batch_records);
  }

  fs::path root_;
  BatchOptions options_;
};

TEST_F(BatchPhases, PlainModeByHandEqualsMasterBatch) {
  std::vector<BatchTrack> tracks = catalogue();
  // A file that is no audio fails alone, and is recorded the same way.
  const fs::path bad = root_ / "in" / "bad.wav";
  std::ofstream(bad) << "RIFF\x10\0\0\0WAVEfmt garbage that is no audio";
  tracks.push_back({bad, "bad.wav", 0});
  const auralis::BatchSummary summary = with_master_batch(tracks, root_ / "batch");
  EXPECT_EQ(summary.mastered, 4u);
  EXPECT_EQ(summary.failed, 1u);
  const std::vector<BatchTrackResult> results = by_hand(tracks, root_ / "phases");
  EXPECT_EQ(results.back().status, BatchStatus::failed);
  EXPECT_EQ(results.back().error, summary.tracks.back().error);
  // master_batch filled the cache: the phases' profiles came from it, the masters the same.
  EXPECT_TRUE(results.front().analysis_cached);
  EXPECT_TRUE(batch_outputs(root_ / "phases") == batch_outputs(root_ / "batch"));
  std::map<std::string, nlohmann::json> phase_records = records(root_ / "phases");
  std::map<std::string, nlohmann::json> batch_records = records(root_ / "batch");
  // The failed record names the file as given; its output is outside the folder's records' key.
  EXPECT_EQ(phase_records.size(), 5u);
  EXPECT_EQ(phase_records, batch_records);
}

TEST_F(BatchPhases, AdaptiveAlbumByFolderByHandEqualsMasterBatch) {
  const std::vector<BatchTrack> tracks = catalogue();
  options_.album = auralis::AlbumMode::folder;
  options_.use_cache = false;
  expect_same_as_master_batch(tracks);
  // One plan per album (the top folder's lone track is an album of its own).
  const auto decided = [&] {
    std::vector<BatchTrackAnalysis> analyses;
    for (std::size_t i = 0; i < tracks.size(); ++i) {
      analyses.push_back(auralis::analyze_batch_track(tracks[i], i, options_));
    }
    return auralis::decide_batch_albums(analyses, options_);
  };
  const std::vector<BatchTrackDecision> decisions = decided();
  ASSERT_EQ(tracks[0].relative, fs::path("album-a/one.wav"));
  ASSERT_EQ(tracks[1].relative, fs::path("album-a/two.wav"));
  ASSERT_TRUE(decisions[0].album_plan && decisions[1].album_plan && decisions[2].album_plan);
  EXPECT_EQ(auralis::plan_to_json(*decisions[0].album_plan), auralis::plan_to_json(*decisions[1].album_plan));
  EXPECT_NE(auralis::plan_to_json(*decisions[0].album_plan), auralis::plan_to_json(*decisions[2].album_plan));
  EXPECT_NE(decisions[0].target_lufs, decisions[1].target_lufs);
  // By album tag, tracks without one stand alone: no album share at all.
  options_.album = auralis::AlbumMode::tag;
  for (const BatchTrackDecision& decision : decided()) {
    EXPECT_FALSE(decision.album_plan.has_value());
    EXPECT_FALSE(decision.target_lufs.has_value());
  }
}

// The reference is analysed on each call unless its profile is given once; either way the masters are
// master_batch's.
TEST_F(BatchPhases, ReferenceModeByHandEqualsMasterBatch) {
  track("album-a/one.wav", 2.0, 0.0, 61);
  track("four.wav", 2.0, -8.0, 62);
  const std::vector<BatchTrack> tracks =
      auralis::collect_batch_inputs(std::vector<std::string>{(root_ / "in").string()});
  const fs::path reference = root_ / "reference.wav";
  auralis::test::write_music_like(reference, 2.0, -2.0, 63);
  options_.reference = reference;
  options_.master.mode = auralis::MasteringMode::reference;
  options_.use_cache = false;
  expect_same_as_master_batch(tracks);
  auralis::SpectralEngine engine;
  options_.master.reference_profile = auralis::analyze_content(reference, engine);
  by_hand(tracks, root_ / "given-profile");
  EXPECT_TRUE(batch_outputs(root_ / "given-profile") == batch_outputs(root_ / "batch"));
  EXPECT_EQ(records(root_ / "given-profile"), records(root_ / "batch"));
}

TEST_F(BatchPhases, AlbumGainTagsByHandEqualMasterBatch) {
  track("album-a/one.wav", 2.5, 0.0, 31);
  track("album-a/two.wav", 2.0, -6.0, 32);
  track("four.wav", 2.0, -9.0, 33);
  const std::vector<BatchTrack> tracks =
      auralis::collect_batch_inputs(std::vector<std::string>{(root_ / "in").string()});
  options_.album = auralis::AlbumMode::folder;
  options_.gain_tags = BatchOptions::GainTags::replaygain;
  options_.name_template = "{dir}/{stem}.flac";
  options_.use_cache = false;
  expect_same_as_master_batch(tracks);
  std::vector<std::string> album_gains;
  for (const char* name : {"album-a/one.flac", "album-a/two.flac"}) {
    for (const std::string& comment : auralis::test::flac_comments(root_ / "phases" / name)) {
      if (comment.starts_with("REPLAYGAIN_ALBUM_GAIN=")) album_gains.push_back(comment);
    }
  }
  ASSERT_EQ(album_gains.size(), 2u);
  EXPECT_EQ(album_gains[0], album_gains[1]);
}

// Until tag_batch_albums, an album's tracks wait with their loudness and no manifest record.
TEST_F(BatchPhases, AlbumTracksWaitForTheirTagsWithoutARecord) {
  track("album-a/one.wav", 2.0, 0.0, 41);
  track("album-a/two.wav", 2.0, -6.0, 42);
  const std::vector<BatchTrack> tracks =
      auralis::collect_batch_inputs(std::vector<std::string>{(root_ / "in").string()});
  BatchOptions options = options_;
  options.album = auralis::AlbumMode::folder;
  options.gain_tags = BatchOptions::GainTags::r128;
  options.name_template = "{dir}/{stem}.flac";
  options.output_dir = root_ / "out";
  std::vector<BatchTrackAnalysis> analyses;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    analyses.push_back(auralis::analyze_batch_track(tracks[i], i, options));
  }
  const std::vector<BatchTrackDecision> decisions = auralis::decide_batch_albums(analyses, options);
  std::vector<BatchTrackResult> results;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    results.push_back(auralis::master_batch_track(analyses[i], decisions[i], options));
    ASSERT_EQ(results.back().status, BatchStatus::mastered);
    ASSERT_TRUE(results.back().pending_album_loudness.has_value());
  }
  EXPECT_TRUE(records(options.output_dir).empty());
  auralis::tag_batch_albums(analyses, decisions, results, options);
  EXPECT_EQ(records(options.output_dir).size(), 2u);
  EXPECT_FALSE(results[0].pending_album_loudness.has_value());
  // Tagging is once: a second call finds nothing waiting and records nothing more.
  auralis::tag_batch_albums(analyses, decisions, results, options);
  std::ifstream manifest(options.output_dir / "auralis-manifest.jsonl");
  std::size_t lines = 0;
  for (std::string line; std::getline(manifest, line);) ++lines;
  EXPECT_EQ(lines, 2u);
}

TEST_F(BatchPhases, JsonRoundTripsAreExact) {
  track("album-a/one.wav", 2.0, -4.0, 51);
  const std::vector<BatchTrack> tracks =
      auralis::collect_batch_inputs(std::vector<std::string>{(root_ / "in").string()});
  BatchOptions options = options_;
  options.album = auralis::AlbumMode::folder;
  options.gain_tags = BatchOptions::GainTags::replaygain;
  options.name_template = "{dir}/{stem}.flac";
  options.output_dir = root_ / "out";
  const BatchTrackAnalysis analysis = auralis::analyze_batch_track(tracks[0], 0, options);
  ASSERT_TRUE(analysis.profile.has_value());
  const std::string analysis_json = auralis::batch_analysis_to_json(analysis);
  const BatchTrackAnalysis analysis_back = auralis::batch_analysis_from_json(analysis_json);
  EXPECT_EQ(auralis::batch_analysis_to_json(analysis_back), analysis_json);
  EXPECT_EQ(analysis_back.output, analysis.output);
  EXPECT_EQ(analysis_back.content_hash, analysis.content_hash);
  // Bit for bit, not to some digits.
  EXPECT_EQ(analysis_back.profile->loudness.gating_block_energies,
            analysis.profile->loudness.gating_block_energies);
  EXPECT_EQ(analysis_back.profile->loudness.integrated_lufs, analysis.profile->loudness.integrated_lufs);

  const BatchTrackDecision decision = auralis::decide_batch_albums(std::span(&analysis, 1), options)[0];
  ASSERT_TRUE(decision.album_plan.has_value());
  ASSERT_TRUE(decision.target_lufs.has_value());
  const std::string decision_json = auralis::batch_decision_to_json(decision);
  const BatchTrackDecision decision_back = auralis::batch_decision_from_json(decision_json);
  EXPECT_EQ(auralis::batch_decision_to_json(decision_back), decision_json);
  EXPECT_EQ(decision_back.target_lufs, decision.target_lufs);
  EXPECT_EQ(decision_back.album_plan->compressor.threshold_dbfs,
            decision.album_plan->compressor.threshold_dbfs);

  const BatchTrackResult result = auralis::master_batch_track(analysis, decision, options);
  ASSERT_TRUE(result.report && result.pending_album_loudness);
  const std::string result_json = auralis::batch_result_to_json(result);
  // The report travels for the reader, as report_to_json writes it; it is not read back.
  EXPECT_TRUE(nlohmann::json::parse(result_json)["report"].is_object());
  const BatchTrackResult result_back = auralis::batch_result_from_json(result_json);
  EXPECT_FALSE(result_back.report.has_value());
  BatchTrackResult without_report = result;
  without_report.report.reset();
  EXPECT_EQ(auralis::batch_result_to_json(result_back), auralis::batch_result_to_json(without_report));
  EXPECT_EQ(result_back.after_lufs, result.after_lufs);
  EXPECT_EQ(result_back.seconds, result.seconds);
  EXPECT_EQ(result_back.pending_album_loudness->gating_block_energies,
            result.pending_album_loudness->gating_block_energies);
  EXPECT_EQ(result_back.pending_album_loudness->true_peak, result.pending_album_loudness->true_peak);

  EXPECT_THROW((void)auralis::batch_result_from_json("{\"track\": 1}"), auralis::Error);
  EXPECT_THROW((void)auralis::batch_analysis_from_json("not json"), auralis::Error);
}

// The manifest is one, whichever route wrote it: each skips what the other mastered.
TEST_F(BatchPhases, EachRouteSkipsWhatTheOtherMastered) {
  const std::vector<BatchTrack> tracks = catalogue();
  options_.use_cache = false;
  EXPECT_EQ(with_master_batch(tracks, root_ / "first-batch").mastered, 4u);
  const std::map<std::string, std::string> mastered = batch_outputs(root_ / "first-batch");
  for (const BatchTrackResult& result : by_hand(tracks, root_ / "first-batch")) {
    EXPECT_EQ(result.status, BatchStatus::skipped) << result.track.input;
    EXPECT_TRUE(result.after_lufs.has_value());
  }
  EXPECT_TRUE(batch_outputs(root_ / "first-batch") == mastered);
  for (const BatchTrackResult& result : by_hand(tracks, root_ / "first-phases")) {
    EXPECT_EQ(result.status, BatchStatus::mastered) << result.track.input;
  }
  const auralis::BatchSummary again = with_master_batch(tracks, root_ / "first-phases");
  EXPECT_EQ(again.skipped, 4u);
  EXPECT_EQ(again.mastered, 0u);
  // Other options are other masters, through the phases too.
  options_.master.overrides.target_lufs = -16.0;
  for (const BatchTrackResult& result : by_hand(tracks, root_ / "first-phases")) {
    EXPECT_EQ(result.status, BatchStatus::mastered) << result.track.input;
  }
}

}  // namespace
