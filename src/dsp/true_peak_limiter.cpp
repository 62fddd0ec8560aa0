// BlockPeaks, the limiter gain plan and its application (see true_peak_limiter.hpp).
#include "dsp/true_peak_limiter.hpp"

#include "analysis/peak_kernels.hpp"
#include "core/denormals.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <thread>

namespace auralis::dsp {

namespace {

void channel_block_peaks(std::span<const float> x, std::vector<float>& peaks) {
  constexpr std::size_t block = BlockPeaks::block_frames;
  constexpr std::size_t history = analysis::true_peak_history;
  constexpr std::size_t padding = analysis::true_peak_padding;
  const std::size_t frames = x.size();
  const std::size_t blocks = peaks.size();
  // The kernel reads `history` samples before and `padding` after the samples it measures. Blocks with all
  // of that inside the signal are read in place; the first and last few go through a zero-padded copy (the
  // last also covers the interpolator's ring-out after the final sample).
  std::vector<float> edge(history + block + history + 1 + padding);
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::size_t begin = b * block;
    const std::size_t count = b + 1 == blocks ? frames - begin + history + 1 : block;
    // A true peak is never below the sample peak (the meter reports the larger), and the interpolator's
    // phases do not pass the samples through unchanged, so both count.
    const std::size_t samples = std::min(block, frames - begin);
    peaks[b] = std::max(peaks[b], analysis::abs_max(x.data() + begin, samples));
    if (begin >= history && begin + count + padding <= frames) {
      peaks[b] =
          std::max(peaks[b], static_cast<float>(analysis::oversampled_abs_max(x.data() + begin, count)));
      continue;
    }
    std::fill(edge.begin(), edge.end(), 0.0f);
    const std::size_t from = begin >= history ? begin - history : 0;
    const std::size_t to = std::min(frames, begin + count + padding);
    std::copy(x.begin() + static_cast<std::ptrdiff_t>(from), x.begin() + static_cast<std::ptrdiff_t>(to),
              edge.begin() + static_cast<std::ptrdiff_t>(history - (begin - from)));
    peaks[b] =
        std::max(peaks[b], static_cast<float>(analysis::oversampled_abs_max(edge.data() + history, count)));
  }
}

}  // namespace

BlockPeaks::BlockPeaks(const AudioBuffer& audio, unsigned threads) {
  const std::size_t blocks = (audio.frames() + block_frames - 1) / block_frames;
  // Each channel fills its own vector, merged by max: the same result for any schedule.
  std::vector<std::vector<float>> per_channel(audio.channels(), std::vector<float>(blocks, 0.0f));
  const std::size_t lanes = std::clamp<std::size_t>(threads, 1, audio.channels());
  {
    std::vector<std::jthread> helpers;
    const auto run = [&](std::size_t first) {
      const core::ScopedFlushDenormals flush;
      for (std::size_t c = first; c < audio.channels(); c += lanes)
        channel_block_peaks(audio.channel(c), per_channel[c]);
    };
    for (std::size_t t = 1; t < lanes; ++t) helpers.emplace_back(run, t);
    run(0);
  }
  peaks_.assign(blocks, 0.0f);
  for (const auto& channel : per_channel) {
    for (std::size_t b = 0; b < blocks; ++b) peaks_[b] = std::max(peaks_[b], channel[b]);
  }
}

LimiterGain plan_limiter_gain(const BlockPeaks& block_peaks, std::size_t frames, std::uint32_t sample_rate_hz,
                              double input_gain_db, const LimiterSettings& settings) {
  LimiterGain planned;
  LimiterResult& result = planned.result;
  constexpr std::size_t block = BlockPeaks::block_frames;
  const std::vector<float>& peaks = block_peaks.peaks();
  const double rate = sample_rate_hz;
  const double gain_in = std::pow(10.0, input_gain_db / 20.0);
  const double ceiling = std::pow(10.0, settings.ceiling_dbtp / 20.0);
  const std::size_t window =
      std::max<std::size_t>(1, static_cast<std::size_t>(settings.lookahead_ms * 1e-3 * rate));
  const double release = 1.0 - std::exp(-1.0 / std::max(1.0, settings.release_ms * 1e-3 * rate));

  // guarded[k] = min(required[k - 1 .. k + 1]): the interpolator reads 12 samples each side of a peak, so the
  // gain must already be down a block before the peak's block and stay down a block after it; then it is
  // constant across the interpolation and the output's true peak is the input's times that gain.
  // held[k] = min(guarded[k .. k + span]): a sample anywhere in block k sees W samples ahead, which end at
  // most `span` blocks later.
  const std::size_t blocks = peaks.size();
  const std::size_t span = (window + block - 2) / block;
  std::vector<double> required(blocks);
  for (std::size_t k = 0; k < blocks; ++k) {
    const double peak = gain_in * peaks[k];
    required[k] = peak > ceiling ? ceiling / peak : 1.0;
  }
  std::vector<double> guarded(blocks);
  for (std::size_t k = 0; k < blocks; ++k) {
    guarded[k] = std::min({required[k > 0 ? k - 1 : k], required[k], required[k + 1 < blocks ? k + 1 : k]});
  }
  std::vector<double> held(blocks);
  std::deque<std::size_t> candidates;  // block indices, increasing requirement from front to back
  for (std::size_t k = blocks; k-- > 0;) {
    const double r = guarded[k];
    while (!candidates.empty() && guarded[candidates.back()] >= r) candidates.pop_back();
    candidates.push_back(k);
    if (candidates.front() > k + span) candidates.pop_front();
    held[k] = guarded[candidates.front()];
  }

  // Instant attack and exponential release, stepped per block (the recursion is the slow part, and a
  // per-block value still never exceeds its block's requirement), then a W-sample boxcar per sample (gains
  // before the start are 1).
  const double block_release = 1.0 - std::pow(1.0 - release, static_cast<double>(block));
  std::vector<double> released(blocks);
  double state = 1.0;
  for (std::size_t k = 0; k < blocks; ++k) {
    state = held[k] < state ? held[k] : state + block_release * (held[k] - state);
    released[k] = state;
  }
  planned.gain.resize(frames);
  const double inverse_window = 1.0 / static_cast<double>(window);
  // Before the first sample the boxcar sees the first block's gain, not 1: a track that starts loud is then
  // limited from its first sample (released[0] covers the first W samples' requirements).
  const double before_start = blocks > 0 ? released[0] : 1.0;
  double sum = before_start * static_cast<double>(window);
  double lowest = 1.0;
  for (std::size_t n = 0; n < frames; ++n) {
    sum += released[n / block] - (n >= window ? released[(n - window) / block] : before_start);
    const double g = std::min(1.0, sum * inverse_window);
    lowest = std::min(lowest, g);
    planned.gain[n] = static_cast<float>(g * gain_in);
  }
  result.max_reduction_db = 20.0 * std::log10(lowest);
  for (double r : released) result.limited_frames += r < 1.0 ? block : 0;
  return planned;
}

LimiterResult limit_true_peak(const AudioBuffer& input, const BlockPeaks& peaks, double input_gain_db,
                              const LimiterSettings& settings, AudioBuffer& output) {
  const LimiterGain planned =
      plan_limiter_gain(peaks, input.frames(), input.sample_rate(), input_gain_db, settings);
  if (&output != &input) output = input;
  apply_gain_envelope(output, planned.gain);
  return planned.result;
}

void apply_gain_envelope(AudioBuffer& audio, std::span<const float> gain, std::span<const float> previous) {
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    float* x = audio.channel(c).data();
    if (previous.empty()) {
      for (std::size_t n = 0; n < gain.size(); ++n) x[n] *= gain[n];
    } else {
      for (std::size_t n = 0; n < gain.size(); ++n) x[n] *= gain[n] / previous[n];
    }
  }
}

}  // namespace auralis::dsp
