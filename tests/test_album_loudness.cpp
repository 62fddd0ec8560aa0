// SPDX-License-Identifier: MIT
// Album loudness: BS.1770's gates over the pooled gating blocks of several tracks, against libebur128's
// ebur128_loudness_global_multiple (the measurement ReplayGain 2.0's album gain and loudgain use).
#include <auralis/loudness.hpp>

#include <ebur128.h>
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "support/signals.hpp"

namespace {

using auralis::AudioBuffer;
using auralis::LoudnessReport;

using Ebur128State = std::unique_ptr<ebur128_state, void (*)(ebur128_state*)>;

Ebur128State libebur128_of(const AudioBuffer& audio) {
  Ebur128State state(
      ebur128_init(static_cast<unsigned>(audio.channels()), audio.sample_rate(), EBUR128_MODE_I),
      [](ebur128_state* s) { ebur128_destroy(&s); });
  if (!state) throw std::runtime_error("ebur128_init failed");
  const std::vector<float> interleaved = auralis::test::interleave(audio, 0, audio.frames());
  if (ebur128_add_frames_float(state.get(), interleaved.data(), audio.frames()) != EBUR128_SUCCESS) {
    throw std::runtime_error("ebur128_add_frames_float failed");
  }
  return state;
}

// Three tracks of different loudness, length and spectrum: the album is not their mean loudness.
std::vector<AudioBuffer> album_tracks() {
  std::vector<AudioBuffer> tracks;
  tracks.push_back(auralis::test::pink_noise(2, 44100, 7.0, -8.0, 11));
  tracks.push_back(auralis::test::white_noise(2, 44100, 3.0, -30.0, 12));
  tracks.push_back(auralis::test::sine(2, 44100, 997.0, -18.0, 5.0));
  return tracks;
}

TEST(AlbumLoudness, MatchesLibebur128OverPooledBlocks) {
  const std::vector<AudioBuffer> tracks = album_tracks();
  std::vector<LoudnessReport> reports;
  std::vector<Ebur128State> states;
  std::vector<ebur128_state*> pointers;
  for (const AudioBuffer& track : tracks) {
    reports.push_back(auralis::measure_loudness(track));
    states.push_back(libebur128_of(track));
    pointers.push_back(states.back().get());
  }
  double expected = 0.0;
  ASSERT_EQ(ebur128_loudness_global_multiple(pointers.data(), pointers.size(), &expected), EBUR128_SUCCESS);
  const std::optional<double> album = auralis::album_loudness(reports);
  ASSERT_TRUE(album.has_value());
  // The integrated tolerance against libebur128 (docs/accuracy.md): same filters and gates.
  EXPECT_NEAR(*album, expected, 0.01);
  // Not the mean of the tracks' loudness: the quiet track's blocks fall under the relative gate.
  const double mean =
      (*reports[0].integrated_lufs + *reports[1].integrated_lufs + *reports[2].integrated_lufs) / 3;
  EXPECT_GT(std::abs(*album - mean), 1.0);
}

TEST(AlbumLoudness, OneTrackIsItsOwnAlbumAndSilenceHasNone) {
  const std::vector<AudioBuffer> tracks = album_tracks();
  const LoudnessReport report = auralis::measure_loudness(tracks[0]);
  const std::optional<double> album = auralis::album_loudness(std::span(&report, 1));
  ASSERT_TRUE(album.has_value());
  EXPECT_DOUBLE_EQ(*album, *report.integrated_lufs);
  const LoudnessReport silent = auralis::measure_loudness(auralis::test::silence(2, 2.0, 44100));
  EXPECT_TRUE(silent.gating_block_energies.empty());
  EXPECT_FALSE(auralis::album_loudness(std::span(&silent, 1)).has_value());
  EXPECT_FALSE(auralis::album_loudness({}).has_value());
}

// The loudness range of short-term values is the meter's own: the same gates and percentiles, so a track's
// history gives its report's range, and an album's joined histories the album's.
TEST(AlbumLoudness, LoudnessRangeOfAHistoryIsTheMetersRange) {
  for (const AudioBuffer& track : album_tracks()) {
    const LoudnessReport report = auralis::measure_loudness(track);
    ASSERT_TRUE(report.loudness_range_lu.has_value());
    const std::optional<double> range = auralis::loudness_range(report.short_term_history_lufs);
    ASSERT_TRUE(range.has_value());
    EXPECT_NEAR(*range, *report.loudness_range_lu, 1e-9);
  }
  EXPECT_FALSE(auralis::loudness_range({}).has_value());
}

}  // namespace
