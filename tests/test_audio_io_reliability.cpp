// SPDX-License-Identifier: MIT
// Outputs that lose nothing and inputs read as far as they go: unnamed and named temporaries, stale
// temporaries of dead processes, non-regular destinations, the streaming reader, streams from pipes and the
// length policy for formats whose header length is an estimate.
#include "test_audio_io_support.hpp"

#include "io/atomic_output_file.hpp"
#include "io/temporary_registry.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <set>
#include <thread>

namespace {

using auralis::AudioBuffer;
using auralis::ErrorCode;
using auralis::SampleFormat;
using auralis::test::io::AudioIoScratch;
using auralis::test::io::expect_error;
using auralis::test::io::file_bytes;
using auralis::test::io::interleaved_sine;
using auralis::test::io::noise;
using auralis::test::io::put_file_bytes;
using auralis::test::io::write_with_sndfile;
namespace fs = std::filesystem;
using namespace std::string_literals;

// Every name in `folder`, hidden ones included.
std::set<std::string> names_in(const fs::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.insert(entry.path().filename().string());
  return names;
}

// Sets an environment variable for one scope.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~ScopedEnvironment() { ::unsetenv(name_); }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  const char* name_;
};

// A PID that no process has: a child that has exited and been reaped.
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

class AudioIoReliability : public AudioIoScratch {};

TEST_F(AudioIoReliability, UnnamedTemporaryIsInvisibleUntilCommitted) {
  const fs::path destination = file("out.bin");
  {
    auralis::io::AtomicOutputFile output(destination);
    output.write("complete");
    EXPECT_TRUE(names_in(scratch_).empty()) << "a temporary is visible while writing";
    output.commit();
  }
  EXPECT_EQ(names_in(scratch_), std::set<std::string>{"out.bin"});
  EXPECT_EQ(file_bytes(destination), "complete");
  {
    auralis::io::AtomicOutputFile abandoned(destination);
    abandoned.write("partial");
  }
  EXPECT_EQ(names_in(scratch_), std::set<std::string>{"out.bin"});
  EXPECT_EQ(file_bytes(destination), "complete");
}

TEST_F(AudioIoReliability, CommittedFileHasTheUsualPermissions) {
  const mode_t previous = ::umask(027);
  auralis::io::AtomicOutputFile output(file("out.bin"));
  output.write("x");
  output.commit();
  ::umask(previous);
  struct stat status {};
  ASSERT_EQ(::stat(file("out.bin").c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0640u);
}

TEST_F(AudioIoReliability, NamedTemporaryCarriesThePidAndVanishesOnFailure) {
  const ScopedEnvironment named("AURALIS_TEST_NAMED_TEMPORARIES", "1");
  {
    auralis::io::AtomicOutputFile output(file("song.wav"));
    output.write("partial");
    const std::set<std::string> names = names_in(scratch_);
    ASSERT_EQ(names.size(), 1u);
    const std::string prefix = ".song.wav.auralis-" + std::to_string(::getpid()) + "-";
    EXPECT_EQ(names.begin()->rfind(prefix, 0), 0u) << *names.begin();
    EXPECT_EQ(names.begin()->size(), prefix.size() + 6);
  }
  EXPECT_TRUE(names_in(scratch_).empty());
}

TEST_F(AudioIoReliability, StaleTemporariesOfDeadProcessesAreRemovedByTheNextOutput) {
  const std::string stale = ".song.wav.auralis-" + std::to_string(dead_pid()) + "-Ab3dEf";
  const std::string live = ".other.wav.auralis-" + std::to_string(::getppid()) + "-Zz9yYx";
  const std::string unrelated = ".song.wav.auralis-notapid-abcdef";
  for (const std::string& name : {stale, live, unrelated}) put_file_bytes(file(name), "left behind");
  const ScopedEnvironment named("AURALIS_TEST_NAMED_TEMPORARIES", "1");
  auralis::write_audio(file("new.wav"), noise(1, 1000, 44100, 0.5, 1));
  EXPECT_EQ(names_in(scratch_), (std::set<std::string>{"new.wav", live, unrelated}));
}

TEST_F(AudioIoReliability, RefusesNonRegularDestinations) {
  const fs::path fifo = file("pipe.wav");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string message = expect_error([&] { auralis::write_audio(fifo, noise(1, 1000, 44100, 0.5, 2)); },
                                           ErrorCode::write_failed, fifo);
  EXPECT_NE(message.find("FIFO"), std::string::npos) << message;
  EXPECT_TRUE(fs::is_fifo(fifo));

  fs::create_directory(file("folder.wav"));
  expect_error([&] { auralis::write_audio(file("folder.wav"), noise(1, 1000, 44100, 0.5, 3)); },
               ErrorCode::write_failed, file("folder.wav"));
  EXPECT_TRUE(fs::is_directory(file("folder.wav")));

  // A symlink to a device would be replaced by a file where the user meant the device.
  fs::create_symlink("/dev/null", file("null.wav"));
  expect_error([&] { auralis::write_audio(file("null.wav"), noise(1, 1000, 44100, 0.5, 4)); },
               ErrorCode::write_failed, file("null.wav"));
  EXPECT_TRUE(fs::is_symlink(file("null.wav")));
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_EQ(names_in(scratch_), (std::set<std::string>{"pipe.wav", "folder.wav", "null.wav"}));
}

TEST_F(AudioIoReliability, ReaderGivesWhatReadAudioGivesInAnyBlockSize) {
  const AudioBuffer audio = noise(3, 20011, 48000, 0.7, 5);
  auralis::write_audio(file("in.wav"), audio, {.sample_format = SampleFormat::float32});
  for (const std::size_t block : {std::size_t{1}, std::size_t{777}, std::size_t{4096}, std::size_t{100000}}) {
    auralis::AudioFileReader reader(file("in.wav"));
    ASSERT_EQ(reader.channels(), 3u);
    EXPECT_EQ(reader.announced_frames(), std::optional<std::uint64_t>(20011));
    AudioBuffer decoded(3, 20011 + block, 48000);
    std::size_t at = 0;
    for (;;) {
      std::array<float*, 3> planes{};
      for (std::size_t c = 0; c < 3; ++c) planes[c] = decoded.channel(c).data() + at;
      const std::size_t got = reader.read(planes, block);
      if (got == 0) break;
      at += got;
    }
    ASSERT_EQ(at, 20011u) << "block " << block;
    EXPECT_EQ(reader.frames_read(), 20011u);
    for (std::size_t c = 0; c < 3; ++c) {
      for (std::size_t i = 0; i < 20011; ++i) {
        ASSERT_EQ(decoded.channel(c)[i], audio.channel(c)[i]) << "block " << block << " channel " << c;
      }
    }
  }
}

// libsndfile keeps the state of an open in globals (sf_errno, the parse log): a file that fails to open on
// one thread must not make a good file fail, or take another's message, on the other (a batch opens tracks
// on several threads, and one bad file among them once failed a good one).
TEST_F(AudioIoReliability, GoodAndBadFilesOpenedAtOnceOnSeveralThreadsEachGetTheirOwnVerdict) {
  auralis::write_audio(file("good.wav"), noise(2, 4800, 48000, 0.5, 9), {});
  put_file_bytes(file("not-audio.wav"), "RIFF\x10\x00\x00\x00WAVEfmt garbage that is no audio"s);
  put_file_bytes(file("empty-data.wav"), "RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00"s);
  constexpr int kThreads = 4;
  constexpr int kRounds = 300;
  std::atomic<int> wrong{0};
  std::vector<std::string> first_wrong(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        const bool good = (round + t) % 2 == 0;
        const fs::path path = file(good ? "good.wav" : (t % 2 == 0 ? "not-audio.wav" : "empty-data.wav"));
        std::string verdict;
        try {
          const auralis::AudioFileReader reader(path);
          if (!good) verdict = "opened a file that is no audio";
        } catch (const auralis::Error& error) {
          const std::string message = error.what();
          if (good)
            verdict = "failed: " + message;
          else if (message.find(path.string()) == std::string::npos ||
                   message.find("libsndfile: ") == std::string::npos)
            verdict = "wrong message: " + message;
        }
        if (!verdict.empty() && wrong++ == 0)
          first_wrong[static_cast<std::size_t>(t)] = path.string() + " " + verdict;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::string examples;
  for (const std::string& example : first_wrong) examples += example.empty() ? "" : example + "\n";
  EXPECT_EQ(wrong.load(), 0) << examples;
}

TEST_F(AudioIoReliability, ReaderReportsNonFiniteSamplesAtTheEndWithTheWholeCount) {
  std::vector<float> samples = interleaved_sine(1, 48000, 30000, 440.0, 0.5);
  samples[10] = std::numeric_limits<float>::quiet_NaN();
  samples[29999] = std::numeric_limits<float>::infinity();
  ASSERT_TRUE(write_with_sndfile(file("nan.wav"), SF_FORMAT_WAV | SF_FORMAT_FLOAT, 1, 48000, samples));
  auralis::AudioFileReader reader(file("nan.wav"));
  std::vector<float> block(4096);
  const std::string message = expect_error(
      [&] {
        while (reader.read_interleaved(block.data(), 4096) > 0) {
        }
      },
      ErrorCode::non_finite_samples, file("nan.wav"));
  EXPECT_NE(message.find("2 NaN/Inf samples"), std::string::npos) << message;
}

// libFLAC needs to seek; a FLAC arriving through a pipe used to fail with "flac decoder lost sync".
TEST_F(AudioIoReliability, StreamsFromPipesDecodeLikeTheirFiles) {
  const AudioBuffer audio = noise(2, 40000, 44100, 0.5, 6);
  for (const auto type : {auralis::FileType::flac, auralis::FileType::wav}) {
    const fs::path path = file(type == auralis::FileType::flac ? "in.flac" : "in.wav");
    auralis::write_audio(path, audio, {.type = type, .sample_format = SampleFormat::pcm16});
    const std::string bytes = file_bytes(path);
    std::array<int, 2> pipe_ends{};
    ASSERT_EQ(::pipe(pipe_ends.data()), 0);
    std::thread writer([&] {
      std::size_t at = 0;
      while (at < bytes.size()) {
        const ssize_t written = ::write(pipe_ends[1], bytes.data() + at, bytes.size() - at);
        if (written <= 0) break;
        at += static_cast<std::size_t>(written);
      }
      ::close(pipe_ends[1]);
    });
    const fs::path through_pipe = "/proc/self/fd/" + std::to_string(pipe_ends[0]);
    const auralis::DecodedAudio piped = auralis::read_audio(through_pipe);
    writer.join();
    ::close(pipe_ends[0]);
    const auralis::DecodedAudio direct = auralis::read_audio(path);
    ASSERT_EQ(piped.audio.frames(), direct.audio.frames()) << path;
    for (std::size_t c = 0; c < 2; ++c) {
      EXPECT_TRUE(std::equal(piped.audio.channel(c).begin(), piped.audio.channel(c).end(),
                             direct.audio.channel(c).begin()))
          << path;
    }
  }
}

TEST_F(AudioIoReliability, StreamsThatDoNotStartLikeAudioAreRefusedAtOnce) {
  const std::string message =
      expect_error([] { auralis::read_audio("/dev/zero"); }, ErrorCode::unreadable_file, "/dev/zero");
  EXPECT_NE(message.find("does not start like"), std::string::npos) << message;
}

// The CRC of an Ogg page: polynomial 0x04C11DB7, no reflection, zero initial value, computed with the
// page's own CRC field zeroed.
std::uint32_t ogg_crc(const std::string& page) {
  std::uint32_t crc = 0;
  for (const char byte : page) {
    crc ^= static_cast<std::uint32_t>(static_cast<unsigned char>(byte)) << 24;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
  }
  return crc;
}

// Raises the granule position of the last page (libsndfile's length estimate for Vorbis) by `extra`
// samples, as some encoders leave it, and rewrites the page's CRC so the stream stays valid.
void raise_final_granule(const fs::path& path, std::uint64_t extra) {
  std::string bytes = file_bytes(path);
  const std::size_t page = bytes.rfind("OggS");
  ASSERT_NE(page, std::string::npos);
  const std::size_t segments = static_cast<unsigned char>(bytes[page + 26]);
  std::size_t body = 0;
  for (std::size_t i = 0; i < segments; ++i) body += static_cast<unsigned char>(bytes[page + 27 + i]);
  const std::size_t page_bytes = 27 + segments + body;
  ASSERT_EQ(page + page_bytes, bytes.size());
  std::uint64_t granule = 0;
  for (int i = 7; i >= 0; --i)
    granule = (granule << 8) | static_cast<unsigned char>(bytes[page + 6 + static_cast<std::size_t>(i)]);
  granule += extra;
  for (std::size_t i = 0; i < 8; ++i) bytes[page + 6 + i] = static_cast<char>((granule >> (8 * i)) & 0xFF);
  for (std::size_t i = 0; i < 4; ++i) bytes[page + 22 + i] = 0;
  const std::uint32_t crc = ogg_crc(bytes.substr(page, page_bytes));
  for (std::size_t i = 0; i < 4; ++i) bytes[page + 22 + i] = static_cast<char>((crc >> (8 * i)) & 0xFF);
  put_file_bytes(path, bytes);
}

// A real Vorbis track whose last granule position claimed 0.13 s more than its packets hold was refused as
// truncated; ffmpeg and libebur128 read it in full. Vorbis lengths are estimates: decode what is there.
TEST_F(AudioIoReliability, VorbisLongerInItsHeaderThanInItsPacketsDecodesInFull) {
  const fs::path path = file("estimate.ogg");
  if (!write_with_sndfile(path, SF_FORMAT_OGG | SF_FORMAT_VORBIS, 2, 44100,
                          interleaved_sine(2, 44100, 3 * 44100, 440.0, 0.5))) {
    GTEST_SKIP() << "this libsndfile cannot write Vorbis";
  }
  raise_final_granule(path, 5733);  // 0.13 s at 44.1 kHz
  auralis::AudioFileReader reader(path);
  ASSERT_TRUE(reader.announced_frames().has_value());
  EXPECT_EQ(*reader.announced_frames(), 3u * 44100 + 5733);
  // Every sample the packets hold: the written 3 s, plus the encoder's padding of the last block, which the
  // true final granule position would have trimmed. Not the 5733 frames the header adds.
  const auralis::DecodedAudio decoded = auralis::read_audio(path);
  EXPECT_GE(decoded.audio.frames(), 3u * 44100);
  EXPECT_LT(decoded.audio.frames(), *reader.announced_frames());
}

}  // namespace
