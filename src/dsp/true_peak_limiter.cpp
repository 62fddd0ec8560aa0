// limit_true_peak: block true peaks, then the gain plan described in true_peak_limiter.hpp.
#include "dsp/true_peak_limiter.hpp"

#include "analysis/peak_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <vector>

namespace auralis::dsp {

namespace {

constexpr std::size_t kPeakBlock = 16;

// Largest 4x-oversampled |x| over all channels per kPeakBlock-sample block.
std::vector<float> block_true_peaks(const AudioBuffer& audio) {
  const std::size_t frames = audio.frames();
  const std::size_t blocks = (frames + kPeakBlock - 1) / kPeakBlock;
  std::vector<float> peaks(blocks, 0.0f);
  // The kernel reads true_peak_history samples before and true_peak_padding after the block.
  std::vector<float> padded(
      analysis::true_peak_history + frames + analysis::true_peak_history + 1 + analysis::true_peak_padding,
      0.0f);
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    const auto x = audio.channel(c);
    std::copy(x.begin(), x.end(), padded.begin() + analysis::true_peak_history);
    const float* base = padded.data() + analysis::true_peak_history;
    for (std::size_t b = 0; b < blocks; ++b) {
      // The last block also covers the filter's ring-out after the final sample.
      const std::size_t count =
          b + 1 == blocks ? frames - b * kPeakBlock + analysis::true_peak_history + 1 : kPeakBlock;
      peaks[b] = std::max(peaks[b], analysis::oversampled_abs_max(base + b * kPeakBlock, count));
    }
  }
  return peaks;
}

}  // namespace

LimiterResult limit_true_peak(AudioBuffer& audio, const LimiterSettings& settings) {
  LimiterResult result;
  const std::size_t frames = audio.frames();
  if (frames == 0) return result;
  const double rate = audio.sample_rate();
  const double ceiling = std::pow(10.0, settings.ceiling_dbtp / 20.0);
  const std::vector<float> peaks = block_true_peaks(audio);
  const auto required = [&](std::size_t n) {
    const double peak = peaks[n / kPeakBlock];
    return peak > ceiling ? ceiling / peak : 1.0;
  };
  const std::size_t window =
      std::max<std::size_t>(1, static_cast<std::size_t>(settings.lookahead_ms * 1e-3 * rate));
  const double release = 1.0 - std::exp(-1.0 / std::max(1.0, settings.release_ms * 1e-3 * rate));

  // held[n] = min(required[n .. n + window - 1]), by a monotonic queue running backwards.
  std::vector<double> gain(frames);
  std::deque<std::size_t> candidates;
  for (std::size_t i = frames; i-- > 0;) {
    const double r = required(i);
    while (!candidates.empty() && required(candidates.back()) >= r) candidates.pop_back();
    candidates.push_back(i);
    if (candidates.front() >= i + window) candidates.pop_front();
    gain[i] = required(candidates.front());
  }
  // Instant attack, exponential release toward the held requirement.
  double released = 1.0;
  for (std::size_t n = 0; n < frames; ++n) {
    released = gain[n] < released ? gain[n] : released + release * (gain[n] - released);
    gain[n] = released;
  }
  // Boxcar over the last `window` values (the gains before the track start are 1).
  double sum = static_cast<double>(window);
  std::vector<float> smoothed(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    sum += gain[n] - (n >= window ? gain[n - window] : 1.0);
    const double g = std::min(1.0, sum / static_cast<double>(window));
    smoothed[n] = static_cast<float>(g);
    if (g < 1.0) {
      ++result.limited_frames;
      result.max_reduction_db = std::min(result.max_reduction_db, 20.0 * std::log10(g));
    }
  }
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    auto x = audio.channel(c);
    for (std::size_t n = 0; n < frames; ++n) x[n] *= smoothed[n];
  }
  return result;
}

}  // namespace auralis::dsp
