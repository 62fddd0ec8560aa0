// SPDX-License-Identifier: MIT
// write_audio's safety: refused arguments, protected inputs under any spelling, atomic replacement, failed
// writes that leave nothing behind, file permissions, and file_type_for.
#include "test_audio_io_support.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <limits>
#include <thread>
#include <vector>

namespace {

using auralis::AudioBuffer;
using auralis::EncodeOptions;
using auralis::ErrorCode;
using auralis::FileType;
using auralis::SampleFormat;
using auralis::test::io::AudioIoScratch;
using auralis::test::io::expect_error;
using auralis::test::io::file_bytes;
using auralis::test::io::noise;
using auralis::test::io::put_file_bytes;
namespace fs = std::filesystem;

class AudioIoOutput : public AudioIoScratch {
 protected:
  std::string write_error(const fs::path& path, const AudioBuffer& audio, const EncodeOptions& options,
                          ErrorCode code) {
    return expect_error([&] { auralis::write_audio(path, audio, options); }, code, path);
  }
};

TEST_F(AudioIoOutput, EmptyAudioIsRefused) {
  write_error(file("a.wav"), AudioBuffer{}, {}, ErrorCode::invalid_argument);
  write_error(file("b.wav"), AudioBuffer(2, 0, 48000), {}, ErrorCode::invalid_argument);
  EXPECT_TRUE(fs::is_empty(scratch_));
}

TEST_F(AudioIoOutput, NonFiniteInputIsRefusedBeforeWriting) {
  const auto path = file("out.wav");
  put_file_bytes(path, "previous contents");
  AudioBuffer audio = noise(2, 1000, 48000, 0.5, 1);
  audio.channel(0)[3] = std::numeric_limits<float>::quiet_NaN();
  audio.channel(1)[999] = -std::numeric_limits<float>::infinity();
  const std::string message = write_error(path, audio, {}, ErrorCode::non_finite_samples);
  EXPECT_NE(message.find("2 NaN/Inf samples"), std::string::npos) << message;
  EXPECT_EQ(file_bytes(path), "previous contents");
  EXPECT_TRUE(leftover_temporaries().empty());
}

TEST_F(AudioIoOutput, FlacLimitsAreUnsupportedFormats) {
  write_error(file("wide.flac"), AudioBuffer(9, 100, 48000), {.type = FileType::flac},
              ErrorCode::unsupported_format);
  write_error(file("fast.flac"), AudioBuffer(2, 100, 768000), {.type = FileType::flac},
              ErrorCode::unsupported_format);
  EXPECT_TRUE(fs::is_empty(scratch_));
}

TEST_F(AudioIoOutput, ProtectedInputIsNeverReplaced) {
  fs::create_directory(file("dir"));
  const fs::path input = file("dir/in.wav");
  const AudioBuffer audio = noise(2, 2000, 48000, 0.5, 2);
  auralis::write_audio(input, audio, {});
  const std::string original = file_bytes(input);
  fs::create_symlink(input, file("link.wav"));
  fs::create_hard_link(input, file("hard.wav"));

  const EncodeOptions options{.protected_paths = {input}};
  const AudioBuffer other = noise(2, 2000, 48000, 0.5, 3);
  for (const fs::path& spelling :
       {input, file("dir/./in.wav"), file("dir/../dir/in.wav"), file("link.wav"), file("hard.wav")}) {
    SCOPED_TRACE(spelling.string());
    write_error(spelling, other, options, ErrorCode::output_is_input);
    EXPECT_EQ(file_bytes(input), original);
  }
  // The protected path itself may be spelled differently, too.
  write_error(input, other, {.protected_paths = {file("link.wav")}}, ErrorCode::output_is_input);
  // A relative spelling of the same file.
  const fs::path previous = fs::current_path();
  fs::current_path(file("dir"));
  write_error("in.wav", other, options, ErrorCode::output_is_input);
  fs::current_path(previous);
  EXPECT_EQ(file_bytes(input), original);
  EXPECT_TRUE(leftover_temporaries().empty());
}

TEST_F(AudioIoOutput, UnprotectedFileIsReplacedAtomically) {
  const auto path = file("out.wav");
  put_file_bytes(path, "old");
  const AudioBuffer audio = noise(1, 500, 44100, 0.5, 4);
  auralis::write_audio(path, audio,
                       {.sample_format = SampleFormat::float32, .protected_paths = {file("x.wav")}});
  const AudioBuffer decoded = auralis::read_audio(path).audio;
  EXPECT_TRUE(std::equal(audio.channel(0).begin(), audio.channel(0).end(), decoded.channel(0).begin()));
  EXPECT_TRUE(leftover_temporaries().empty());
}

// rename() replaces a symlink at the destination; the file it pointed to is left alone.
TEST_F(AudioIoOutput, SymlinkAtDestinationIsReplacedNotFollowed) {
  put_file_bytes(file("target.wav"), "not mine to change");
  fs::create_symlink(file("target.wav"), file("out.wav"));
  auralis::write_audio(file("out.wav"), noise(1, 100, 48000, 0.5, 11), {});
  EXPECT_FALSE(fs::is_symlink(file("out.wav")));
  EXPECT_EQ(auralis::read_audio(file("out.wav")).audio.frames(), 100u);
  EXPECT_EQ(file_bytes(file("target.wav")), "not mine to change");
}

TEST_F(AudioIoOutput, MissingFolderFailsAndLeavesNothing) {
  const auto path = file("absent/out.wav");
  const std::string message = write_error(path, noise(2, 100, 48000, 0.5, 5), {}, ErrorCode::write_failed);
  EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
  EXPECT_TRUE(fs::is_empty(scratch_));
}

TEST_F(AudioIoOutput, FolderInTheWayFailsAndLeavesNothing) {
  const auto path = file("taken.wav");
  fs::create_directory(path);
  put_file_bytes(path / "inside.txt", "keep");
  write_error(path, noise(2, 100, 48000, 0.5, 6), {}, ErrorCode::write_failed);
  EXPECT_TRUE(fs::is_directory(path));
  EXPECT_EQ(file_bytes(path / "inside.txt"), "keep");
  EXPECT_TRUE(leftover_temporaries().empty());
}

// A write that fails half-way (here: the file size limit, EFBIG) removes its temporary and leaves the
// existing output as it was.
TEST_F(AudioIoOutput, FailureMidWriteKeepsExistingOutput) {
  const auto path = file("out.wav");
  put_file_bytes(path, "the previous master");
  const AudioBuffer audio = noise(2, 48000 * 5, 48000, 0.5, 7);  // About 1.4 MB as 24-bit PCM.

  rlimit previous_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &previous_limit), 0);
  const auto previous_handler = ::signal(SIGXFSZ, SIG_IGN);
  rlimit small = previous_limit;
  small.rlim_cur = 64 * 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string message;
  try {
    auralis::write_audio(path, audio, {});
  } catch (const auralis::Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::write_failed);
    message = error.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &previous_limit);
  ::signal(SIGXFSZ, previous_handler);

  EXPECT_NE(message.find(path.string()), std::string::npos) << "no write_failed naming the path: " << message;
  EXPECT_EQ(file_bytes(path), "the previous master");
  EXPECT_TRUE(leftover_temporaries().empty());
}

TEST_F(AudioIoOutput, NewFileHasTheUmaskPermissions) {
  const mode_t previous = ::umask(027);
  auralis::write_audio(file("out.wav"), noise(1, 100, 48000, 0.5, 8), {});
  ::umask(previous);
  struct stat status {};
  ASSERT_EQ(::stat(file("out.wav").c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0640u);
}

TEST_F(AudioIoOutput, RelativePathInCurrentFolder) {
  const fs::path previous = fs::current_path();
  fs::current_path(scratch_);
  auralis::write_audio("plain.flac", noise(2, 100, 48000, 0.5, 9), {.type = FileType::flac});
  fs::current_path(previous);
  EXPECT_EQ(auralis::read_audio(file("plain.flac")).audio.frames(), 100u);
  EXPECT_TRUE(leftover_temporaries().empty());
}

// read_audio and write_audio keep no shared state: concurrent calls give what serial calls give.
TEST_F(AudioIoOutput, ConcurrentReadsAndWritesAgree) {
  constexpr int kThreads = 8;
  const AudioBuffer audio = noise(2, 48000, 48000, 0.5, 10);
  auralis::write_audio(file("source.flac"), audio, {.type = FileType::flac});
  const AudioBuffer expected = auralis::read_audio(file("source.flac")).audio;
  std::vector<std::thread> threads;
  std::vector<int> good(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const auto out = file("copy-" + std::to_string(t) + ".wav");
      const AudioBuffer decoded = auralis::read_audio(file("source.flac")).audio;
      auralis::write_audio(out, decoded, {.sample_format = SampleFormat::float32});
      const AudioBuffer again = auralis::read_audio(out).audio;
      good[static_cast<std::size_t>(t)] =
          std::equal(expected.channel(1).begin(), expected.channel(1).end(), again.channel(1).begin());
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(std::count(good.begin(), good.end(), 1), kThreads);
  EXPECT_TRUE(leftover_temporaries().empty());
}

class AudioIoFileType : public ::testing::Test {};

TEST_F(AudioIoFileType, ByExtensionIgnoringCase) {
  EXPECT_EQ(auralis::file_type_for("a.wav"), FileType::wav);
  EXPECT_EQ(auralis::file_type_for("dir.flac/a.WAV"), FileType::wav);
  EXPECT_EQ(auralis::file_type_for("a.flac"), FileType::flac);
  EXPECT_EQ(auralis::file_type_for("/x/y/a.FlAc"), FileType::flac);
  EXPECT_EQ(auralis::file_type_for("a.AIF"), FileType::aiff);
  EXPECT_EQ(auralis::file_type_for("a.aiff"), FileType::aiff);
  EXPECT_EQ(auralis::file_type_for("a.oga"), FileType::ogg);
  EXPECT_EQ(auralis::file_type_for("a.Opus"), FileType::opus);
  EXPECT_EQ(auralis::file_type_for("a.MP3"), FileType::mp3);
  for (const char* path : {"a.m4a", "a.wav.txt", "flac", "a.", ".wav"}) {
    expect_error([&] { auralis::file_type_for(path); }, ErrorCode::unsupported_format, path);
  }
}

}  // namespace
