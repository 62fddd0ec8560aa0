// SPDX-License-Identifier: MIT
// The content analysis of one stream, in two halves that a pass runs side by side: the STFT features and
// the compressor probe (stages that leave the audio unchanged, on the processing thread) and the levels (a
// sink: the BS.1770 meter and the RMS, on the sink thread). finish() makes the ContentProfile.
#pragma once

#include <auralis/loudness.hpp>
#include <auralis/mastering.hpp>

#include "dsp/stage.hpp"
#include "mastering/compressor_probe.hpp"
#include "mastering/spectral_features.hpp"
#include "mastering/stream_pass.hpp"
#include "mastering/track.hpp"

#include <optional>

namespace auralis::mastering {

class ContentAnalysis {
 public:
  /// For a stream of `channels` channels (speaker `layout`) at `sample_rate_hz`, on `engine`.
  ContentAnalysis(SpectralEngine& engine, std::size_t channels, std::uint32_t sample_rate_hz,
                  const std::vector<Speaker>& layout);
  ContentAnalysis(const ContentAnalysis&) = delete;
  ContentAnalysis& operator=(const ContentAnalysis&) = delete;

  /// The pass's stages (the STFT and the compressor probe: they run on the pass's own thread, beside the
  /// level sink's) and its sink.
  std::vector<dsp::Stage*> stages() { return {&spectral_, &probe_}; }
  BlockSink& level_sink() noexcept { return levels_; }

  /// The profile of the `frames` frames the pass gave. Throws Error(empty_audio) for none.
  ContentProfile finish(std::uint64_t frames);

  // The STFT over segments of a fixed number of frames, whatever the blocks: frame f is centred on sample
  // f x hop, so a segment from frame f0 needs the signal from (f0 - 1) x hop on (hop = half a frame).
  // Public: a render pass measures its output's spectrum with it (the report's "after" spectrum).
  class Spectral final : public dsp::Stage {
   public:
    Spectral(SpectralEngine& engine, std::size_t channels, std::uint32_t rate);
    const char* name() const noexcept override { return "spectrum"; }
    void prepare(const dsp::StreamSpec& spec) override;
    void reset() override;
    void process(std::span<float* const> planes, std::size_t frames) override;
    /// Analyses what is left once the stream has ended after `frames` frames.
    void finish(std::uint64_t frames);
    const SpectralFeatures& features() const noexcept { return features_; }

   private:
    void analyze(std::size_t samples, std::size_t first_kept, std::size_t frames_wanted);

    SpectralEngine& engine_;
    std::size_t channels_;  // of the input; the analysis signal has 2 (mid, side) or 1 (mean)
    std::uint32_t rate_;
    StftSpec spec_;
    std::size_t segment_frames_;
    SpectralFeatures features_;
    AudioBuffer signal_;  // analysis signal from sample (next_frame_ - 1) x hop (or 0) on
    std::size_t filled_ = 0;
    std::size_t next_frame_ = 0;  // first STFT frame not yet analysed
  };

 private:
  // The compressor probe as a stage that only listens.
  class Probe final : public dsp::Stage {
   public:
    Probe(std::uint32_t rate, const std::vector<Speaker>& layout);
    const char* name() const noexcept override { return "compressor probe"; }
    void prepare(const dsp::StreamSpec&) override {}
    void reset() override {}
    void process(std::span<float* const> planes, std::size_t frames) override;
    CompressorProbe probe;
  };

  class Levels final : public BlockSink {
   public:
    Levels(std::size_t channels, std::uint32_t rate, const std::vector<Speaker>& layout);
    const char* name() const noexcept override { return "levels"; }
    void consume(std::span<const float* const> planes, std::size_t frames) override;
    std::vector<double> channel_squares;
    LoudnessMeter meter;
    std::uint64_t samples = 0;
    std::vector<std::uint64_t> full_scale_run;  // per channel: samples at full scale in a row so far
    std::uint64_t clipped_samples = 0;
  };

  Spectral spectral_;
  Probe probe_;
  Levels levels_;
  std::size_t channels_;
  std::uint32_t rate_;
};

/// One analysis pass over `source` (speakers `layout`), named `pass` in `timings`; `also` are further sinks
/// fed the same blocks (the batch hashes the decoded audio in the same pass).
ContentProfile analyze_source(BlockSource& source, const std::vector<Speaker>& layout, SpectralEngine& engine,
                              const PassOptions& options, const std::string& pass,
                              std::vector<StageTiming>& timings, std::span<BlockSink* const> also = {});
/// One analysis pass over `track`, named `pass` in `timings`; `also` as for analyze_source.
ContentProfile analyze_track(const Track& track, SpectralEngine& engine, const PassOptions& options,
                             const std::string& pass, std::vector<StageTiming>& timings,
                             std::span<BlockSink* const> also = {});

}  // namespace auralis::mastering
