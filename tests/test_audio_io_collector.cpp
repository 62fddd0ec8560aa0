// SPDX-License-Identifier: MIT
// PlanarCollector (read_audio's deinterleaver): exact output whether the header's frame count is right,
// too small, too large or unknown.
#include "io/planar_collector.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using auralis::AudioBuffer;
using auralis::io::PlanarCollector;

// Interleaved frames where sample (frame i, channel c) = i * 10 + c, appended in uneven chunks.
AudioBuffer collect(std::size_t channels, std::size_t frames, std::size_t expected_frames) {
  PlanarCollector collector(channels, 48000, expected_frames);
  std::vector<float> interleaved(frames * channels);
  for (std::size_t i = 0; i < frames; ++i) {
    for (std::size_t c = 0; c < channels; ++c) interleaved[i * channels + c] = static_cast<float>(i * 10 + c);
  }
  std::size_t done = 0;
  for (std::size_t chunk = 1; done < frames; chunk = chunk * 2 + 1) {
    const std::size_t count = std::min(chunk, frames - done);
    collector.append(interleaved.data() + done * channels, count);
    done += count;
  }
  EXPECT_EQ(collector.frames(), frames);
  return collector.take();
}

void expect_pattern(const AudioBuffer& audio, std::size_t channels, std::size_t frames) {
  ASSERT_EQ(audio.channels(), channels);
  ASSERT_EQ(audio.frames(), frames);
  EXPECT_EQ(audio.sample_rate(), 48000u);
  for (std::size_t c = 0; c < channels; ++c) {
    for (std::size_t i = 0; i < frames; ++i) {
      ASSERT_EQ(audio.channel(c)[i], static_cast<float>(i * 10 + c)) << "channel " << c << " frame " << i;
    }
  }
}

TEST(AudioIoCollector, ExactWhateverTheExpectedCount) {
  for (const std::size_t channels : {1u, 2u, 7u}) {
    for (const std::size_t expected : {0u, 1u, 500u, 999u, 1000u, 1001u, 5000u}) {
      SCOPED_TRACE(testing::Message() << channels << " channels, expected " << expected);
      expect_pattern(collect(channels, 1000, expected), channels, 1000);
    }
  }
}

}  // namespace
