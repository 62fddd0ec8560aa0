// write_audio's quantising thread: the file is byte-identical for any thread count and encoding.
#include "test_audio_io_support.hpp"

#include "support/seeds.hpp"

namespace {

using auralis::EncodeOptions;
using auralis::FileType;
using auralis::SampleFormat;
using auralis::test::io::AudioIoScratch;
using auralis::test::io::file_bytes;
using auralis::test::io::noise;

class AudioIoThreads : public AudioIoScratch {};

TEST_F(AudioIoThreads, FilesAreIdenticalForAnyThreadCount) {
  // Longer than several pipeline chunks (65536 frames), with a partial last chunk, and clipping samples.
  auralis::AudioBuffer audio = noise(3, 200003, 48000, 0.5, auralis::test::fresh_seed());
  audio.channel(1)[5] = 1.5f;
  for (const FileType type : {FileType::wav, FileType::flac}) {
    for (const SampleFormat format : {SampleFormat::pcm16, SampleFormat::pcm24}) {
      std::string first;
      for (const unsigned threads : {1u, 2u, 4u}) {
        EncodeOptions options{.type = type, .sample_format = format};
        options.threads = threads;
        const auto path =
            file(std::string("out-") + std::to_string(threads) + (type == FileType::wav ? ".wav" : ".flac"));
        const auralis::EncodeReport report = auralis::write_audio(path, audio, options);
        EXPECT_EQ(report.clipped_samples, 1u);
        const std::string bytes = file_bytes(path);
        if (first.empty()) {
          first = bytes;
        } else {
          EXPECT_TRUE(bytes == first) << threads << " threads";
        }
      }
    }
  }
}

}  // namespace
