// SPDX-License-Identifier: MIT
// collect_batch_inputs, shard_tracks and the content test behind them (io::looks_like_audio): which files a
// batch takes from files, folders, globs and list files, in which order, each once, and one machine's share.
#include <auralis/batch.hpp>

#include "io/audio_sniffer.hpp"
#include "test_audio_io_support.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace auralis::test::io {
namespace {

// A tenth of a second of quiet noise: enough for a decodable file, cheap to write.
AudioBuffer short_audio() {
  return noise(2, 4410, 44100, 0.1, 7);
}

void write_wav(const fs::path& path) {
  write_audio(path, short_audio());
}

void write_text(const fs::path& path, const std::string& text) {
  put_file_bytes(path, text);
}

// The current folder set for a test's scope (relative inputs and list lines resolve against it).
class CurrentFolder {
 public:
  explicit CurrentFolder(const fs::path& folder) : previous_(fs::current_path()) { fs::current_path(folder); }
  ~CurrentFolder() { fs::current_path(previous_); }
  CurrentFolder(const CurrentFolder&) = delete;
  CurrentFolder& operator=(const CurrentFolder&) = delete;

 private:
  fs::path previous_;
};

std::vector<std::string> relatives_of(const std::vector<BatchTrack>& tracks) {
  std::vector<std::string> relatives;
  for (const BatchTrack& track : tracks) relatives.push_back(track.relative.string());
  return relatives;
}

std::vector<BatchTrack> collect(const std::vector<std::string>& inputs,
                                const std::optional<fs::path>& list = std::nullopt) {
  return collect_batch_inputs(inputs, list);
}

using AudioSniffer = AudioIoScratch;

// Content decides, and only content: every format the reader decodes is audio under a neutral name, while a
// text file named .au (which libsndfile would open by name as headerless u-law), one named .wav and an empty
// one are not.
TEST_F(AudioSniffer, JudgesByContentNotName) {
  struct Format {
    const char* name;
    int sndfile_format;
    int rate;
  };
  for (const Format& format : {Format{"wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100},
                               Format{"aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_24, 44100},
                               Format{"flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100},
                               Format{"vorbis", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100},
                               Format{"opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 48000},
                               Format{"mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, 44100}}) {
    const fs::path path = file(std::string(format.name) + ".bin");
    const std::vector<float> tone = interleaved_sine(1, format.rate, 4800, 440.0, 0.5);
    ASSERT_TRUE(write_with_sndfile(path, format.sndfile_format, 1, format.rate, tone)) << format.name;
    EXPECT_TRUE(auralis::io::looks_like_audio(path)) << format.name;
  }
  write_text(file("text.au"), "not audio, though libsndfile opens *.au by name as raw u-law\n");
  write_text(file("text.wav"), "not audio either\n");
  write_text(file("empty.flac"), "");
  EXPECT_FALSE(auralis::io::looks_like_audio(file("text.au")));
  EXPECT_FALSE(auralis::io::looks_like_audio(file("text.wav")));
  EXPECT_FALSE(auralis::io::looks_like_audio(file("empty.flac")));
  EXPECT_FALSE(auralis::io::looks_like_audio(file("missing.wav")));
  EXPECT_FALSE(auralis::io::looks_like_audio(scratch_));
}

// A FIFO found in a folder is no audio file and must not block the search waiting for a writer.
TEST_F(AudioSniffer, PipeIsNotAudioAndDoesNotBlock) {
  ASSERT_EQ(::mkfifo(file("pipe.wav").c_str(), 0600), 0);
  EXPECT_FALSE(auralis::io::looks_like_audio(file("pipe.wav")));
}

using BatchInputs = AudioIoScratch;

// A folder is searched to any depth for audio by content: a WAV named .dat is taken, text named .wav and a
// .txt are not; hidden files and folders, folders holding a batch manifest (another run's outputs) and
// symlinked folders are skipped. Found files come absolute, with their path below the folder.
TEST_F(BatchInputs, FolderIsSearchedForAudioByContent) {
  const fs::path root = file("music");
  fs::create_directories(root / "sub" / "deeper");
  fs::create_directories(root / ".hidden");
  fs::create_directories(root / "mastered");
  write_wav(root / "a.wav");
  write_audio(root / "sub" / "b.flac", short_audio(), EncodeOptions{.type = FileType::flac});
  const std::vector<float> tone = interleaved_sine(1, 44100, 4410, 440.0, 0.5);
  ASSERT_TRUE(write_with_sndfile(root / "sub" / "deeper" / "c.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 1,
                                 44100, tone));
  write_wav(root / "sub" / "take.dat");
  write_text(root / "notes.txt", "liner notes\n");
  write_text(root / "fake.wav", "text with an audio extension\n");
  write_wav(root / ".e.wav");
  write_wav(root / ".hidden" / "d.wav");
  write_wav(root / "mastered" / "a.wav");
  write_text(root / "mastered" / "auralis-manifest.jsonl", "{}\n");
  fs::create_directory_symlink(root / "sub", root / "loop");

  const CurrentFolder here(scratch_);
  const std::vector<BatchTrack> tracks = collect({"music"});
  EXPECT_EQ(relatives_of(tracks),
            (std::vector<std::string>{"a.wav", "sub/b.flac", "sub/deeper/c.ogg", "sub/take.dat"}));
  for (const BatchTrack& track : tracks) {
    EXPECT_TRUE(track.input.is_absolute()) << track.input;
    EXPECT_TRUE(fs::equivalent(track.input, root / track.relative)) << track.input;
  }
  // The folder given with a trailing slash finds the same files, with the same relative paths.
  EXPECT_EQ(relatives_of(collect({"music/"})), relatives_of(tracks));
}

// A file given itself is taken as it is, even when it is not audio (the batch then reports it failed), with
// its file name as its relative path; a path that names nothing is an error naming it.
TEST_F(BatchInputs, FilesAreTakenAsGiven) {
  fs::create_directories(file("x"));
  write_text(file("x/readme.txt"), "not audio\n");
  write_wav(file("x/take[1].wav"));  // exists, so its brackets are no glob
  const std::vector<BatchTrack> tracks = collect({file("x/readme.txt"), file("x/take[1].wav")});
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_EQ(tracks[0].input, file("x/readme.txt"));
  EXPECT_EQ(tracks[0].relative, "readme.txt");
  EXPECT_EQ(tracks[1].relative, "take[1].wav");
  expect_error([&] { collect({file("x/missing.wav")}); }, ErrorCode::file_not_found, file("x/missing.wav"));
}

// A pattern that names no path is expanded as the shell would: files as given, folders searched; a pattern
// matching nothing is an error naming it.
TEST_F(BatchInputs, GlobsExpandLikeTheShell) {
  fs::create_directories(file("album"));
  write_wav(file("one.wav"));
  write_wav(file("two.wav"));
  write_wav(file(".three.wav"));  // the shell's * skips hidden names too
  write_text(file("notes.txt"), "not matched\n");
  write_wav(file("album/track.wav"));
  const CurrentFolder here(scratch_);
  EXPECT_EQ(relatives_of(collect({"*.wav"})), (std::vector<std::string>{"one.wav", "two.wav"}));
  EXPECT_EQ(relatives_of(collect({"t?o.wav", "alb[a-z]m"})),
            (std::vector<std::string>{"track.wav", "two.wav"}));
  const std::string message = expect_error([] { collect({"*.flac"}); }, ErrorCode::file_not_found, "*.flac");
  EXPECT_NE(message.find("no file matches"), std::string::npos) << message;
}

// A list file holds one input per line, relative to the current folder; blank lines, '#' comments and
// Windows line ends are ignored. A bad line is reported with the list and its line number; a list that cannot
// be read is unreadable_file.
TEST_F(BatchInputs, ListFileAddsOneInputPerLine) {
  fs::create_directories(file("set/inner"));
  write_wav(file("set/inner/x.wav"));
  write_wav(file("loose.wav"));
  write_text(file("list.txt"), "# tracks for tonight\n\nloose.wav\r\n   \nset\n#set/inner/x.wav\n");
  const CurrentFolder here(scratch_);
  const std::vector<BatchTrack> tracks = collect({}, fs::path("list.txt"));
  EXPECT_EQ(relatives_of(tracks), (std::vector<std::string>{"loose.wav", "inner/x.wav"}));

  write_text(file("bad.txt"), "loose.wav\n# fine so far\nmissing.wav\n");
  const std::string message =
      expect_error([] { collect({}, fs::path("bad.txt")); }, ErrorCode::file_not_found, "missing.wav");
  EXPECT_NE(message.find("bad.txt line 3"), std::string::npos) << message;
  expect_error([] { collect({}, fs::path("no-such-list.txt")); }, ErrorCode::unreadable_file,
               "no-such-list.txt");
  expect_error([this] { collect({}, scratch_); }, ErrorCode::unreadable_file, scratch_);
}

// One file spelled several ways (a dot segment, a symlink, a hard link, and through its folder) is taken
// once: the first spelling in the sorted order.
TEST_F(BatchInputs, EachFileOnceWhateverItsSpelling) {
  fs::create_directories(file("dir"));
  write_wav(file("dir/a.wav"));
  write_wav(file("dir/b.wav"));
  fs::create_symlink(file("dir/a.wav"), file("alias.wav"));
  fs::create_hard_link(file("dir/a.wav"), file("hard.wav"));
  const std::vector<BatchTrack> tracks =
      collect({file("dir/a.wav"), file("alias.wav"), file("dir/./a.wav"), file("dir"), file("hard.wav")});
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_TRUE(fs::equivalent(tracks[0].input, file("dir/a.wav")));
  EXPECT_TRUE(fs::equivalent(tracks[1].input, file("dir/b.wav")));
  // "alias.wav" sorts before every spelling under "dir/", so it is the one kept.
  EXPECT_EQ(tracks[0].input, file("alias.wav"));
}

// The order is the byte order of the paths (upper case before lower case), whatever the order of the
// inputs, so that every machine of an array job cuts the same list into the same shards.
TEST_F(BatchInputs, SortedByPathBytes) {
  for (const char* name : {"b.wav", "B.wav", "a.wav", "a b.wav", "_.wav"}) write_wav(file(name));
  const CurrentFolder here(scratch_);
  const std::vector<std::string> expected{"B.wav", "_.wav", "a b.wav", "a.wav", "b.wav"};
  const std::vector<BatchTrack> found = collect({"."});
  EXPECT_EQ(relatives_of(found), expected);
  EXPECT_EQ(found.front().input, fs::current_path() / "B.wav");  // no "/./" left in the path
  EXPECT_EQ(relatives_of(collect({"b.wav", "_.wav", "a.wav", "B.wav", "a b.wav"})), expected);
}

std::vector<BatchTrack> numbered_tracks(std::size_t count) {
  std::vector<BatchTrack> tracks;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = "t" + std::to_string(100 + i) + ".wav";
    tracks.push_back({fs::path("/in") / name, name});
  }
  return tracks;
}

// The shards of a list are disjoint, hold all of it together, keep its order, differ in size by at most one
// track, and are the same every time they are made; K/N outside 1 <= K <= N is refused.
TEST(BatchShards, PartitionTheList) {
  for (const std::size_t size : {0u, 1u, 7u, 20u}) {
    const std::vector<BatchTrack> tracks = numbered_tracks(size);
    for (unsigned count = 1; count <= 8; ++count) {
      std::multiset<std::string> union_of_shards;
      std::size_t smallest = size, largest = 0;
      for (unsigned index = 1; index <= count; ++index) {
        const std::vector<BatchTrack> shard = shard_tracks(tracks, index, count);
        EXPECT_EQ(relatives_of(shard), relatives_of(shard_tracks(tracks, index, count)));
        EXPECT_TRUE(std::is_sorted(shard.begin(), shard.end(), [](const BatchTrack& a, const BatchTrack& b) {
          return a.relative < b.relative;
        }));
        for (const BatchTrack& track : shard) union_of_shards.insert(track.relative.string());
        smallest = std::min(smallest, shard.size());
        largest = std::max(largest, shard.size());
      }
      const std::vector<std::string> all = relatives_of(tracks);
      EXPECT_EQ(union_of_shards, std::multiset<std::string>(all.begin(), all.end()))
          << size << " tracks in " << count << " shards";
      EXPECT_LE(largest - smallest, 1u) << size << " tracks in " << count << " shards";
    }
  }
  const std::vector<BatchTrack> tracks = numbered_tracks(3);
  EXPECT_EQ(relatives_of(shard_tracks(tracks, 2, 2)), (std::vector<std::string>{"t101.wav"}));
  for (const auto& [index, count] : {std::pair{0u, 3u}, std::pair{4u, 3u}, std::pair{1u, 0u}}) {
    expect_error([&] { shard_tracks(tracks, index, count); }, ErrorCode::invalid_argument,
                 std::to_string(index) + "/" + std::to_string(count));
  }
}

}  // namespace
}  // namespace auralis::test::io
