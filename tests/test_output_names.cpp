// SPDX-License-Identifier: MIT
// batch_output_path: output names from the --name template: each field, the default keeping the input's
// folder structure, the extension of a format auralis cannot write replaced by wav, and refused templates.
#include <auralis/batch.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace auralis {
namespace {

namespace fs = std::filesystem;

const fs::path kOut = "/srv/out";

BatchTrack track_at(const fs::path& relative) {
  return {fs::path("/music") / relative, relative};
}

// Expects invalid_argument whose message names the template and says `why`.
void expect_refused(const BatchTrack& track, const std::string& name_template, const std::string& why) {
  try {
    const fs::path path = batch_output_path(track, 1, kOut, name_template);
    ADD_FAILURE() << "'" << name_template << "' gave " << path;
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_EQ(error.code(), ErrorCode::invalid_argument) << message;
    EXPECT_NE(message.find("'" + name_template + "'"), std::string::npos) << message;
    EXPECT_NE(message.find(why), std::string::npos) << message;
  }
}

TEST(BatchOutputNames, EveryFieldIsReplaced) {
  const BatchTrack track = track_at("Album/Disc 1/Song.Live.FLAC");
  EXPECT_EQ(batch_output_path(track, 7, kOut, "{dir}/{index}-{stem}.{ext}"),
            kOut / "Album/Disc 1/7-Song.Live.flac");
  EXPECT_EQ(batch_output_path(track, 12, kOut, "by-name/{name}.{ext}"), kOut / "by-name/Song.Live.FLAC.flac");
  EXPECT_EQ(batch_output_path(track, 1, kOut, "{stem}-master.wav"), kOut / "Song.Live-master.wav");
}

// The default keeps the folders below the input folder; a track at the top (or given itself) lands directly
// in the output folder, with no empty folder name.
TEST(BatchOutputNames, DefaultKeepsTheFolderStructure) {
  EXPECT_EQ(std::string(default_batch_name), "{dir}/{stem}.{ext}");
  EXPECT_EQ(batch_output_path(track_at("a/b/c.wav"), 1, kOut), kOut / "a/b/c.wav");
  EXPECT_EQ(batch_output_path(track_at("c.flac"), 1, kOut), kOut / "c.flac");
  EXPECT_EQ(batch_output_path(track_at("c.flac"), 1, kOut).string(), "/srv/out/c.flac");
  EXPECT_EQ(batch_output_path(track_at("c.wav"), 1, "out").string(), "out/c.wav");
  // A track with no relative path (made by hand) is named after its file.
  EXPECT_EQ(batch_output_path(BatchTrack{"/music/x/y.wav", {}}, 1, kOut), kOut / "y.wav");
}

// {ext} is the input's extension, lower-cased, for the formats auralis writes; anything else becomes WAV.
TEST(BatchOutputNames, ExtensionOfAFormatAuralisCannotWriteBecomesWav) {
  EXPECT_EQ(batch_output_path(track_at("a.mp3"), 1, kOut), kOut / "a.wav");
  EXPECT_EQ(batch_output_path(track_at("a.ogg"), 1, kOut), kOut / "a.wav");
  EXPECT_EQ(batch_output_path(track_at("a.opus"), 1, kOut), kOut / "a.wav");
  EXPECT_EQ(batch_output_path(track_at("a.aiff"), 1, kOut), kOut / "a.wav");
  EXPECT_EQ(batch_output_path(track_at("take.dat"), 1, kOut), kOut / "take.wav");
  EXPECT_EQ(batch_output_path(track_at("noext"), 1, kOut), kOut / "noext.wav");
  EXPECT_EQ(batch_output_path(track_at("A.WAV"), 1, kOut), kOut / "A.wav");
  EXPECT_EQ(batch_output_path(track_at("A.Flac"), 1, kOut), kOut / "A.flac");
}

TEST(BatchOutputNames, RefusesWhatCannotBeAnOutput) {
  const BatchTrack track = track_at("sub/song.wav");
  expect_refused(track, "{stem}-{foo}.wav", "unknown field {foo}");
  expect_refused(track, "{stem.wav", "without its '}'");
  expect_refused(track, "../{name}", "leaves the output folder");
  expect_refused(track, "{dir}/../../{name}", "leaves the output folder");
  expect_refused(track, "/tmp/{name}", "is absolute");
  expect_refused(track, "{stem}.m4a", "not a file type auralis writes");
  expect_refused(track, "{stem}", "not a file type auralis writes");
  expect_refused(track, "{dir}/", "not a file type auralis writes");
  // A relative path that climbs (a track made by hand) cannot climb out through {dir} either.
  expect_refused(track_at("../elsewhere/x.wav"), default_batch_name, "leaves the output folder");
}

}  // namespace
}  // namespace auralis
