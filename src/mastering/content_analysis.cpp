// SPDX-License-Identifier: MIT
// ContentAnalysis: the streamed STFT (fixed segments, mid/side or channel mean), the level sink, and the
// profile assembled from both; analyze_content runs it over a buffer.
#include "mastering/content_analysis.hpp"

#include <auralis/error.hpp>

#include "analysis/peak_kernels.hpp"
#include "core/statistics.hpp"
#include "core/units.hpp"
#include "dsp/level_detector.hpp"
#include "mastering/content_rules.hpp"
#include "mastering/plan_limits.hpp"
#include "mastering/render_track.hpp"
#include "mastering/segment_sizes.hpp"

#include <algorithm>
#include <cmath>

namespace auralis {

StftSpec content_stft_spec(std::uint32_t sample_rate_hz) {
  // The power of two nearest (in octaves) to 93 ms: 4096 at 44.1 and 48 kHz, 8192 at 96 kHz, 1024 at 8 kHz.
  const double target = 0.093 * sample_rate_hz;
  std::size_t size = 512;
  while (size < 65536 && std::abs(std::log2(2.0 * static_cast<double>(size) / target)) <
                             std::abs(std::log2(static_cast<double>(size) / target))) {
    size *= 2;
  }
  // Hop half a frame: Hann frames still overlap-add flat, and whole-track averages need no finer steps.
  return {size, size / 2, Window::hann};
}

}  // namespace auralis

namespace auralis::mastering {

namespace {

// A sample this close to full scale counts toward clipping (a 16-bit file's largest positive value is
// 0.99997, a limited master's peaks sit a decibel or more below); kClippedRun of them in a row are clipped.
constexpr float kFullScale = 0.999f;
constexpr std::uint64_t kClippedRun = 3;

std::size_t analysis_channels(std::size_t channels) {
  return channels == 2 ? 2 : 1;
}

}  // namespace

ContentAnalysis::Spectral::Spectral(SpectralEngine& engine, std::size_t channels, std::uint32_t rate)
    : engine_(engine),
      channels_(channels),
      rate_(rate),
      spec_(content_stft_spec(rate)),
      segment_frames_(segment_sizes(engine).stft_frames),
      features_(analysis_channels(channels), spec_, rate) {}

void ContentAnalysis::Spectral::prepare(const dsp::StreamSpec&) {
  // A full segment: frames f0 ... f0 + F - 1 reach from (f0 - 1) x hop to (f0 + F - 1) x hop + size / 2.
  signal_ =
      AudioBuffer(analysis_channels(channels_), segment_frames_ * spec_.hop + spec_.fft_size / 2, rate_);
  reset();
}

void ContentAnalysis::Spectral::reset() {
  // The segment starts a hop before frame 0, where the signal is silent (frame 0's zero padding).
  for (std::size_t c = 0; c < signal_.channels(); ++c)
    std::fill_n(signal_.channel(c).begin(), spec_.hop, 0.0f);
  filled_ = spec_.hop;
  next_frame_ = 0;
  features_ = SpectralFeatures(analysis_channels(channels_), spec_, rate_);
}

void ContentAnalysis::Spectral::analyze(std::size_t samples, std::size_t first_kept,
                                        std::size_t frames_wanted) {
  const AudioBuffer* signal = &signal_;
  AudioBuffer part;
  if (samples != signal_.frames()) {
    part = AudioBuffer::uninitialized(signal_.channels(), samples, rate_);
    for (std::size_t c = 0; c < signal_.channels(); ++c) {
      std::copy_n(signal_.channel(c).begin(), samples, part.channel(c).begin());
    }
    signal = &part;
  }
  // Samples too large for float spectra (3e38 is finite, its square is not) are analysed scaled down by a
  // power of two, which is exact, and their energies scaled back in double.
  double peak = 0.0;
  for (std::size_t c = 0; c < signal->channels(); ++c) {
    peak = std::max(peak, static_cast<double>(analysis::abs_max(signal->channel(c).data(), samples)));
  }
  double gain = 1.0;
  AudioBuffer scaled;
  if (peak > largest_unscaled_peak) {
    gain = std::ldexp(1.0, -(std::ilogb(peak) + 1));
    scaled = *signal;
    for (std::size_t c = 0; c < scaled.channels(); ++c) {
      for (float& x : scaled.channel(c)) x = static_cast<float>(gain * x);
    }
    signal = &scaled;
  }
  const AudioBuffer* tracks[] = {signal};
  const BandLayout layouts[] = {BandLayout::log64, BandLayout::bark};
  const SpectralAnalysis analysis = engine_.analyze(tracks, spec_, layouts)[0];
  features_.add(analysis, first_kept, std::min(frames_wanted, analysis.frames - first_kept),
                1.0 / (gain * gain));
}

void ContentAnalysis::Spectral::process(std::span<float* const> planes, std::size_t frames) {
  const std::size_t full = signal_.frames();
  for (std::size_t done = 0; done < frames;) {
    const std::size_t count = std::min(frames - done, full - filled_);
    // Mid and side for stereo (formed in double, where L + R cannot overflow), else the channel mean.
    if (channels_ == 2) {
      float* m = signal_.channel(0).data() + filled_;
      float* s = signal_.channel(1).data() + filled_;
      const float* l = planes[0] + done;
      const float* r = planes[1] + done;
      for (std::size_t n = 0; n < count; ++n) {
        m[n] = static_cast<float>(0.5 * (static_cast<double>(l[n]) + r[n]));
        s[n] = static_cast<float>(0.5 * (static_cast<double>(l[n]) - r[n]));
      }
    } else {
      float* mean = signal_.channel(0).data() + filled_;
      std::fill_n(mean, count, 0.0f);
      const auto scale = static_cast<float>(1.0 / static_cast<double>(channels_));
      for (std::size_t c = 0; c < channels_; ++c) {
        const float* x = planes[c] + done;
        for (std::size_t n = 0; n < count; ++n) mean[n] += scale * x[n];
      }
    }
    filled_ += count;
    done += count;
    if (filled_ == full) {
      // Frame 0 of the segment reaches before it (zero-padded): it belongs to the segment before.
      analyze(full, 1, segment_frames_);
      next_frame_ += segment_frames_;
      const std::size_t keep = full - segment_frames_ * spec_.hop;
      for (std::size_t c = 0; c < signal_.channels(); ++c) {
        auto x = signal_.channel(c);
        std::copy(x.end() - static_cast<std::ptrdiff_t>(keep), x.end(), x.begin());
      }
      filled_ = keep;
    }
  }
}

void ContentAnalysis::Spectral::finish(std::uint64_t frames) {
  const std::size_t total = stft_frame_count(static_cast<std::size_t>(frames), spec_);
  if (total > next_frame_) analyze(filled_, 1, total - next_frame_);
}

ContentAnalysis::Levels::Levels(std::size_t channels, std::uint32_t rate, const std::vector<Speaker>& layout)
    : channel_squares(channels, 0.0),
      meter(channels, rate,
            [&] {
              LoudnessOptions options;
              options.layout = layout;
              return options;
            }()),
      full_scale_run(channels, 0) {}

void ContentAnalysis::Levels::consume(std::span<const float* const> planes, std::size_t frames) {
  meter.add(planes, frames);
  // One sum per channel, each in sample order, so that no block size changes a rounding.
  for (std::size_t c = 0; c < planes.size(); ++c) {
    double sum = channel_squares[c];
    for (std::size_t n = 0; n < frames; ++n) sum += static_cast<double>(planes[c][n]) * planes[c][n];
    channel_squares[c] = sum;
  }
  samples += frames * planes.size();
  // Clipping: three samples in a row at full scale cannot be a waveform's peak; count all of such a run.
  for (std::size_t c = 0; c < planes.size(); ++c) {
    std::uint64_t run = full_scale_run[c];
    for (std::size_t n = 0; n < frames; ++n) {
      if (std::fabs(planes[c][n]) < kFullScale) {
        run = 0;
        continue;
      }
      ++run;
      clipped_samples += run == kClippedRun ? kClippedRun : (run > kClippedRun ? 1 : 0);
    }
    full_scale_run[c] = run;
  }
}

ContentAnalysis::Probe::Probe(std::uint32_t rate, const std::vector<Speaker>& layout)
    : probe(rate, dsp::detected_channels(layout)) {}

void ContentAnalysis::Probe::process(std::span<float* const> planes, std::size_t frames) {
  std::array<const float*, max_channels> inputs{};
  std::copy(planes.begin(), planes.end(), inputs.begin());
  probe.consume(std::span(inputs.data(), planes.size()), frames);
}

ContentAnalysis::ContentAnalysis(SpectralEngine& engine, std::size_t channels, std::uint32_t sample_rate_hz,
                                 const std::vector<Speaker>& layout)
    : spectral_(engine, channels, sample_rate_hz),
      probe_(sample_rate_hz, layout),
      levels_(channels, sample_rate_hz, layout),
      channels_(channels),
      rate_(sample_rate_hz) {}

ContentProfile ContentAnalysis::finish(std::uint64_t frames) {
  if (frames == 0) throw Error(ErrorCode::empty_audio, "content analysis: the audio has no samples");
  spectral_.finish(frames);
  ContentProfile p;
  p.sample_rate = rate_;
  p.channels = channels_;
  p.duration_seconds = static_cast<double>(frames) / rate_;
  p.loudness = levels_.meter.report();
  p.clipped_samples = levels_.clipped_samples;
  probe_.probe.finish(p);
  double sum_squares = 0.0;
  for (const double channel : levels_.channel_squares) sum_squares += channel;
  const double mean_square = sum_squares / static_cast<double>(levels_.samples);
  p.rms_dbfs = core::power_to_db(mean_square, -200.0);
  spectral_.features().finish(p);
  const auto peak_db = LoudnessReport::to_db(p.loudness.sample_peak);
  p.crest_db = (peak_db && mean_square > 0.0) ? *peak_db - p.rms_dbfs : 0.0;
  const auto& history = p.loudness.short_term_history_lufs;
  p.short_term_p10_lufs = core::percentile(history, 0.10);
  p.short_term_p50_lufs = core::percentile(history, 0.50);
  p.short_term_p95_lufs = core::percentile(history, 0.95);
  p.dynamic_range_db = history.empty() ? 0.0 : p.short_term_p95_lufs - p.short_term_p10_lufs;
  classify(p);
  return p;
}

ContentProfile analyze_source(BlockSource& source, const std::vector<Speaker>& layout, SpectralEngine& engine,
                              const PassOptions& options, const std::string& pass,
                              std::vector<StageTiming>& timings, std::span<BlockSink* const> also) {
  ContentAnalysis analysis(engine, source.channels(), source.sample_rate(), layout);
  const std::vector<dsp::Stage*> stages = analysis.stages();
  std::vector<BlockSink*> sinks{&analysis.level_sink()};
  sinks.insert(sinks.end(), also.begin(), also.end());
  const std::uint64_t frames = run_pass(pass, source, stages, sinks, options, timings);
  return analysis.finish(frames);
}

ContentProfile analyze_track(const Track& track, SpectralEngine& engine, const PassOptions& options,
                             const std::string& pass, std::vector<StageTiming>& timings,
                             std::span<BlockSink* const> also) {
  const auto source = track.open();
  return analyze_source(*source, track.layout(), engine, options, pass, timings, also);
}

}  // namespace auralis::mastering

namespace auralis {

ContentProfile analyze_content(const AudioBuffer& audio, SpectralEngine& engine) {
  if (audio.empty()) throw Error(ErrorCode::empty_audio, "content analysis: the audio has no samples");
  std::vector<StageTiming> timings;
  return mastering::analyze_track(mastering::BufferTrack(audio), engine,
                                  mastering::pass_options(default_block_frames, engine.stats().threads),
                                  "analysis", timings);
}

ContentProfile analyze_content(const std::filesystem::path& path, SpectralEngine& engine) {
  AudioFileReader reader(path);
  return analyze_content(reader, engine);
}

ContentProfile analyze_content(AudioFileReader& reader, SpectralEngine& engine) {
  std::vector<StageTiming> timings;
  mastering::ReaderSource source(reader);
  return mastering::analyze_source(source, reader.layout(), engine,
                                   mastering::pass_options(default_block_frames, engine.stats().threads),
                                   "analysis", timings);
}

}  // namespace auralis
