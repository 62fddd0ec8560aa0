// SPDX-License-Identifier: MIT
// The streaming pass's mechanics (mastering/stream_pass.hpp): a chain of stages with latencies is aligned
// exactly (pure delays give back the input, each stage is fed silence to the end of its stream and never
// more than a block); the real limiter and EQ stages give the same bits for any block size and thread
// count; and a failure in a source, a stage or a sink of a threaded pass reaches the caller as the same
// exception (a hang would end the test at its ctest timeout; an exception escaping a helper thread would
// terminate the whole test program).
#include <auralis/audio_buffer.hpp>
#include <auralis/backend.hpp>
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>
#include <auralis/spectral.hpp>

#include "dsp/eq_design.hpp"
#include "dsp/fir_equalizer.hpp"
#include "dsp/stage.hpp"
#include "dsp/true_peak_limiter.hpp"
#include "mastering/memory_stream.hpp"
#include "mastering/stream_pass.hpp"
#include "support/music_like.hpp"
#include "support/run_stages.hpp"
#include "support/signals.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace auralis;

// Output frame t is input frame t - L: the simplest stage with latency L. It also records how it was fed,
// so the test can check what the runner promises every stage.
class DelayStage final : public dsp::Stage {
 public:
  explicit DelayStage(std::size_t latency) : latency_(latency) {}
  const char* name() const noexcept override { return "delay"; }
  void prepare(const dsp::StreamSpec& spec) override {
    spec_ = spec;
    line_.assign(spec.channels, std::vector<float>(latency_ + 1, 0.0f));
    reset();
  }
  void reset() override {
    for (auto& line : line_) std::fill(line.begin(), line.end(), 0.0f);
    position_ = 0;
    received_ = 0;
    nonzero_after_ = 0;
    oversized_blocks_ = 0;
  }
  std::size_t latency() const noexcept override { return latency_; }
  void process(std::span<float* const> planes, std::size_t frames) override {
    if (frames > spec_.max_block_frames) ++oversized_blocks_;
    const std::size_t size = latency_ + 1;
    for (std::size_t i = 0; i < frames; ++i) {
      for (std::size_t c = 0; c < line_.size(); ++c) {
        const float x = planes[c][i];
        if (received_ >= silent_from_ && x != 0.0f) ++nonzero_after_;
        line_[c][position_] = x;
        planes[c][i] = line_[c][(position_ + 1) % size];  // written latency_ frames ago
      }
      position_ = (position_ + 1) % size;
      ++received_;
    }
  }

  /// Input frames from `frame` on should be the silence after the stream.
  void expect_silence_from(std::uint64_t frame) { silent_from_ = frame; }
  std::uint64_t received() const { return received_; }
  std::uint64_t nonzero_after() const { return nonzero_after_; }
  std::uint64_t oversized_blocks() const { return oversized_blocks_; }

 private:
  std::size_t latency_;
  dsp::StreamSpec spec_;
  std::vector<std::vector<float>> line_;
  std::size_t position_ = 0;
  std::uint64_t received_ = 0;
  std::uint64_t silent_from_ = ~std::uint64_t{0};
  std::uint64_t nonzero_after_ = 0;
  std::uint64_t oversized_blocks_ = 0;
};

::testing::AssertionResult identical(const AudioBuffer& a, const AudioBuffer& b) {
  if (a.channels() != b.channels() || a.frames() != b.frames())
    return ::testing::AssertionFailure() << "shapes differ";
  for (std::size_t c = 0; c < a.channels(); ++c) {
    const auto x = a.channel(c), y = b.channel(c);
    for (std::size_t n = 0; n < x.size(); ++n) {
      if (std::memcmp(&x[n], &y[n], sizeof(float)) != 0) {
        return ::testing::AssertionFailure()
               << "channel " << c << " frame " << n << ": " << x[n] << " vs " << y[n];
      }
    }
  }
  return ::testing::AssertionSuccess();
}

// 30011 frames (prime, so no block size divides it); the 70000-frame delay is longer than the whole stream,
// so that stage's output is nothing but the flushed silence's echo of the input.
TEST(StreamPass, DelayChainsGiveBackExactlyTheInput) {
  const AudioBuffer input = test::white_noise(2, 48000, 30011.0 / 48000.0, -6.0, 11);
  ASSERT_EQ(input.frames(), 30011u);
  for (const std::size_t latency : {0, 1, 4095, 70000}) {
    for (const std::size_t block : {1, 100, 8192}) {
      for (const unsigned threads : {1u, 2u}) {
        SCOPED_TRACE(::testing::Message()
                     << "latency " << latency << ", block " << block << ", threads " << threads);
        // A second stage after the first, with a latency of its own, sees the first's output aligned.
        DelayStage first(latency), second(3), third(0);
        dsp::Stage* const stages[] = {&first, &second, &third};
        for (DelayStage* stage : {&first, &second, &third}) stage->expect_silence_from(input.frames());
        const AudioBuffer output = test::run_stages(input, stages, block, threads);
        EXPECT_TRUE(identical(output, input));
        // Each stage saw its whole stream: the input, then exactly its latency in silence.
        EXPECT_EQ(first.received(), input.frames() + latency);
        EXPECT_EQ(second.received(), input.frames() + 3);
        EXPECT_EQ(third.received(), input.frames());
        EXPECT_EQ(first.nonzero_after() + second.nonzero_after() + third.nonzero_after(), 0u)
            << "a stage was fed something other than silence after the end";
        EXPECT_EQ(first.oversized_blocks() + second.oversized_blocks() + third.oversized_blocks(), 0u);
      }
    }
  }
}

// Limiter and EQ, alone and chained, against the same stages run in 4096-frame blocks on one thread.
class StreamPassStages : public ::testing::Test {
 protected:
  static constexpr std::uint32_t kRate = 48000;
  // 3 s of the loud section (from 8 s on): at +9 dB into the limiter its peaks are far over the -1 dBTP
  // ceiling.
  const AudioBuffer input_ = test::music_like(2, kRate, 8 * kRate, 3 * kRate, 3);

  static constexpr LimiterPlan kLimiter{true, -1.0, 5.0, 80.0};
  static constexpr double kLimiterGainDb = 9.0;

  static std::vector<FirFilter> filters() {
    // A tilt with a narrow low-mid cut and a high shelf, different for mid and side (mid/side filtering).
    const dsp::GainPoints mid{{60.0, 250.0, 300.0, 350.0, 4000.0, 12000.0}, {3.0, 0.0, -6.0, 0.0, 1.0, 4.0}};
    const dsp::GainPoints side{{100.0, 1000.0, 10000.0}, {-9.0, 0.0, 2.0}};
    return {dsp::design_eq_fir(mid, kRate), dsp::design_eq_fir(side, kRate)};
  }

  // What runs the stages: built fresh for each run, since a stage is one stream's state.
  template <class Build>
  void expect_block_invariant(Build build) {
    const AudioBuffer expected = build(4096, 1u);
    for (const std::size_t block : {1, 333, 4096, 100000}) {
      for (const unsigned threads : {1u, 2u}) {
        SCOPED_TRACE(::testing::Message() << "block " << block << ", threads " << threads);
        EXPECT_TRUE(identical(build(block, threads), expected));
      }
    }
  }
};

TEST_F(StreamPassStages, LimiterIsIdenticalForEveryBlockSize) {
  double reduction_db = 0.0;
  expect_block_invariant([&](std::size_t block, unsigned threads) {
    dsp::TruePeakLimiter limiter(kLimiter, kLimiterGainDb);
    dsp::Stage* const stages[] = {&limiter};
    AudioBuffer output = test::run_stages(input_, stages, block, threads);
    reduction_db = limiter.max_reduction_db();
    return output;
  });
  // It limited hard, so its lookahead and release were exercised across block boundaries.
  EXPECT_LT(reduction_db, -3.0);
}

TEST_F(StreamPassStages, EqIsIdenticalForEveryBlockSize) {
  // Segments of 20000 frames: neither a power of two nor a divisor of any block size or of the stream, so
  // segment and block boundaries fall everywhere relative to each other.
  SpectralEngine engine(BackendOptions::cpu(2));
  expect_block_invariant([&](std::size_t block, unsigned threads) {
    dsp::FirEqualizer eq(engine, filters(), true, 20000);
    dsp::Stage* const stages[] = {&eq};
    return test::run_stages(input_, stages, block, threads);
  });
}

TEST_F(StreamPassStages, EqThenLimiterIsIdenticalForEveryBlockSize) {
  SpectralEngine engine(BackendOptions::cpu(2));
  expect_block_invariant([&](std::size_t block, unsigned threads) {
    dsp::FirEqualizer eq(engine, filters(), true, 20000);
    dsp::TruePeakLimiter limiter(kLimiter, kLimiterGainDb);
    dsp::Stage* const stages[] = {&eq, &limiter};
    return test::run_stages(input_, stages, block, threads);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Failures

// Throws once it has been given `after` frames (counting the flushed silence after the stream's end).
class FailingStage final : public dsp::Stage {
 public:
  FailingStage(std::uint64_t after, std::size_t latency) : after_(after), latency_(latency) {}
  const char* name() const noexcept override { return "failing"; }
  void prepare(const dsp::StreamSpec&) override { reset(); }
  void reset() override { received_ = 0; }
  std::size_t latency() const noexcept override { return latency_; }
  void process(std::span<float* const>, std::size_t frames) override {
    received_ += frames;
    if (received_ > after_) throw Error(ErrorCode::invalid_argument, "stage failed on purpose");
  }

 private:
  std::uint64_t after_;
  std::size_t latency_;
  std::uint64_t received_ = 0;
};

class FailingSink final : public mastering::BlockSink {
 public:
  explicit FailingSink(std::uint64_t after) : after_(after) {}
  const char* name() const noexcept override { return "failing"; }
  void consume(std::span<const float* const>, std::size_t frames) override {
    consumed_ += frames;
    if (consumed_ > after_) throw std::runtime_error("sink failed on purpose");
  }

 private:
  std::uint64_t after_;
  std::uint64_t consumed_ = 0;
};

class FailingSource final : public mastering::BlockSource {
 public:
  FailingSource(const AudioBuffer& audio, std::uint64_t after)
      : inner_(audio), audio_(audio), after_(after) {}
  std::size_t channels() const noexcept override { return audio_.channels(); }
  std::uint32_t sample_rate() const noexcept override { return audio_.sample_rate(); }
  std::size_t read(std::span<float* const> planes, std::size_t max_frames) override {
    const std::size_t frames = inner_.read(planes, max_frames);
    read_ += frames;
    if (read_ > after_) throw Error(ErrorCode::unreadable_file, "source failed on purpose");
    return frames;
  }

 private:
  mastering::BufferSource inner_;
  const AudioBuffer& audio_;
  std::uint64_t after_;
  std::uint64_t read_ = 0;
};

// Runs a pass with the given parts; returns the message of what it threw ("" if nothing).
std::string failure_of(mastering::BlockSource& source, std::span<dsp::Stage* const> stages,
                       mastering::BlockSink& extra_sink, const AudioBuffer& input, std::size_t block,
                       unsigned threads) {
  AudioBuffer output(input.channels(), input.frames(), input.sample_rate());
  mastering::BufferSink collect(output);
  mastering::BlockSink* const sinks[] = {&collect, &extra_sink};
  std::vector<StageTiming> timings;
  try {
    mastering::run_pass("test", source, stages, sinks, {block, threads}, timings);
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

TEST(StreamPass, FailuresInThreadedPassesReachTheCaller) {
  const AudioBuffer input = test::white_noise(2, 48000, 1.0, -6.0, 5);
  const std::uint64_t frames = input.frames();
  for (const unsigned threads : {2u, 3u}) {
    for (const std::size_t block : {1, 64, 4096}) {
      SCOPED_TRACE(::testing::Message() << "threads " << threads << ", block " << block);
      // At the start, in the middle, and in the silence flushed after the end (where only the stage
      // with latency still runs), for the stage; the same places for the sink, whose last frames come
      // only from the flush.
      for (const std::uint64_t after : {std::uint64_t{0}, frames / 2, frames + 100}) {
        SCOPED_TRACE(::testing::Message() << "failing after " << after << " frames");
        {
          mastering::BufferSource source(input);
          DelayStage delay(500);
          FailingStage failing(after, 1000);
          dsp::Stage* const stages[] = {&delay, &failing};
          FailingSink never(~std::uint64_t{0});
          EXPECT_EQ(failure_of(source, stages, never, input, block, threads), "stage failed on purpose");
        }
        if (after < frames) {
          mastering::BufferSource source(input);
          DelayStage delay(700);
          dsp::Stage* const stages[] = {&delay};
          FailingSink sink(after);
          EXPECT_EQ(failure_of(source, stages, sink, input, block, threads), "sink failed on purpose");
          FailingSource bad_source(input, after);
          FailingSink never(~std::uint64_t{0});
          DelayStage other(700);
          dsp::Stage* const other_stages[] = {&other};
          EXPECT_EQ(failure_of(bad_source, other_stages, never, input, block, threads),
                    "source failed on purpose");
        }
      }
    }
  }
}

}  // namespace
