// analyze_content: the loudness meter, time-domain statistics and one STFT pass (mid and side, or the
// channel mean) reduced to whole-track features.
#include <auralis/error.hpp>
#include <auralis/mastering.hpp>

#include "core/denormals.hpp"
#include "mastering/content_rules.hpp"
#include "mastering/plan_limits.hpp"
#include "mastering/spectral_features.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>
#include <system_error>
#include <thread>

namespace auralis {

namespace {

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::ranges::sort(values);
  return values[static_cast<std::size_t>(static_cast<double>(values.size() - 1) * p + 0.5)];
}

// What the STFT looks at, times `gain`: mid and side for stereo (formed in double, where L + R cannot
// overflow), else the mean of the channels.
AudioBuffer analysis_signal(const AudioBuffer& audio, double gain) {
  const std::size_t frames = audio.frames();
  if (audio.channels() == 2) {
    AudioBuffer ms = AudioBuffer::uninitialized(2, frames, audio.sample_rate());
    const auto l = audio.channel(0), r = audio.channel(1);
    auto m = ms.channel(0), s = ms.channel(1);
    const double half = 0.5 * gain;
    for (std::size_t n = 0; n < frames; ++n) {
      m[n] = static_cast<float>(half * (static_cast<double>(l[n]) + r[n]));
      s[n] = static_cast<float>(half * (static_cast<double>(l[n]) - r[n]));
    }
    return ms;
  }
  AudioBuffer mean(1, frames, audio.sample_rate());
  auto out = mean.channel(0);
  const auto scale = static_cast<float>(gain / static_cast<double>(audio.channels()));
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    const auto x = audio.channel(c);
    for (std::size_t n = 0; n < frames; ++n) out[n] += scale * x[n];
  }
  return mean;
}

}  // namespace

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

ContentProfile analyze_content(const AudioBuffer& audio, SpectralEngine& engine) {
  if (audio.empty()) throw Error(ErrorCode::empty_audio, "content analysis: the audio has no samples");
  ContentProfile p;
  p.sample_rate = audio.sample_rate();
  p.channels = audio.channels();
  p.duration_seconds = audio.duration_seconds();
  // The meter is serial; with more than one worker it runs beside the STFT instead of before it. What it
  // throws (out of memory) is rethrown here, not lost with its thread.
  std::optional<std::jthread> meter;
  std::exception_ptr meter_failure;
  if (engine.stats().threads > 1) {
    try {
      meter.emplace([&] {
        try {
          const core::ScopedFlushDenormals flush;
          p.loudness = measure_loudness(audio);
        } catch (...) {
          meter_failure = std::current_exception();
        }
      });
    } catch (const std::system_error&) {
      // No thread to be had (the process's thread or memory limit): the meter runs on this one instead.
    }
  }
  if (!meter) p.loudness = measure_loudness(audio);

  double sum_squares = 0.0, peak = 0.0;
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    for (float x : audio.channel(c)) {
      sum_squares += static_cast<double>(x) * x;
      peak = std::max(peak, static_cast<double>(std::abs(x)));
    }
  }
  const double mean_square = sum_squares / static_cast<double>(audio.channels() * audio.frames());
  p.rms_dbfs = mean_square > 0.0 ? std::max(-200.0, 10.0 * std::log10(mean_square)) : -200.0;
  // 1, or the power of two that brings the peak under 1.
  const double gain =
      peak > mastering::largest_unscaled_peak ? std::ldexp(1.0, -(std::ilogb(peak) + 1)) : 1.0;

  {
    const AudioBuffer signal = analysis_signal(audio, gain);
    const AudioBuffer* tracks[] = {&signal};
    const BandLayout layouts[] = {BandLayout::log64, BandLayout::bark};
    const SpectralAnalysis analysis =
        engine.analyze(tracks, content_stft_spec(audio.sample_rate()), layouts)[0];
    mastering::fill_spectral_features(analysis, 1.0 / (gain * gain), p);
  }
  if (meter) meter->join();
  if (meter_failure) std::rethrow_exception(meter_failure);

  const auto peak_db = LoudnessReport::to_db(p.loudness.sample_peak);
  p.crest_db = (peak_db && mean_square > 0.0) ? *peak_db - p.rms_dbfs : 0.0;
  const auto& history = p.loudness.short_term_history_lufs;
  p.short_term_p10_lufs = percentile(history, 0.10);
  p.short_term_p50_lufs = percentile(history, 0.50);
  p.short_term_p95_lufs = percentile(history, 0.95);
  p.dynamic_range_db = history.empty() ? 0.0 : p.short_term_p95_lufs - p.short_term_p10_lufs;
  mastering::classify(p);
  return p;
}

}  // namespace auralis
