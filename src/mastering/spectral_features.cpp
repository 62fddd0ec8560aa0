// SPDX-License-Identifier: MIT
// SpectralFeatures: per-frame features summed in frame order, stereo from mid/side band energies, tempo
// from the autocorrelation of spectral flux.
#include "mastering/spectral_features.hpp"

#include "core/stereo.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace auralis::mastering {

namespace {

// Frames quieter than this mean square (-80 dBFS) carry no meaningful spectral shape.
constexpr double kSilentFramePower = 1e-8;
constexpr double kLowEndHz = 150.0;
constexpr double kRolloffShare = 0.85;

// Levels are counted in 1 dB steps from -200 dB (below any band of a non-silent float frame that matters)
// to +100 dB (float samples far over full scale).
constexpr double kLowestLevelDb = -200.0;
constexpr std::size_t kLevelSteps = 300;
// Loud sections: frames at most this far under the 95th percentile of frame level.
constexpr double kLoudPercentile = 0.95;
constexpr std::size_t kLoudSpanSteps = 10;
constexpr double kNoiseFloorPercentile = 0.10;

std::size_t level_step(double power) {
  if (!(power > 0.0)) return 0;
  const double steps = std::floor(10.0 * std::log10(power) - kLowestLevelDb);
  return static_cast<std::size_t>(std::clamp(steps, 0.0, static_cast<double>(kLevelSteps - 1)));
}

double step_power(std::size_t step) {
  return std::pow(10.0, (kLowestLevelDb + static_cast<double>(step) + 0.5) / 10.0);
}

// The step at which `counts` (one per level step, `stride` apart) reach `share` of `total`.
std::size_t percentile_step(const std::uint32_t* counts, std::size_t stride, std::size_t total,
                            double share) {
  const double wanted = share * static_cast<double>(total);
  double cumulative = 0.0;
  for (std::size_t step = 0; step < kLevelSteps; ++step) {
    cumulative += counts[step * stride];
    if (cumulative >= wanted) return step;
  }
  return kLevelSteps - 1;
}

}  // namespace

SpectralFeatures::SpectralFeatures(std::size_t channels, const StftSpec& spec, std::uint32_t sample_rate_hz)
    : channels_(channels), spec_(spec), rate_(sample_rate_hz) {
  log_edges_hz_ = band_edges_hz(BandLayout::log64, sample_rate_hz);
  for (std::size_t b = 0; b < log_band_count; ++b) {
    centre_hz_.push_back(std::sqrt(std::max(log_edges_hz_[b], 1.0) * std::max(log_edges_hz_[b + 1], 1.0)));
    width_hz_.push_back(log_edges_hz_[b + 1] - log_edges_hz_[b]);
  }
  power_.assign(log_band_count, 0.0);
  previous_level_.assign(log_band_count, 0.0);
  frames_at_level_.assign(kLevelSteps, 0);
  band_sums_at_level_.assign(kLevelSteps * 2 * log_band_count, 0.0);
  bands_at_level_.assign(kLevelSteps * 2 * log_band_count, 0);
}

void SpectralFeatures::add(const SpectralAnalysis& analysis, std::size_t first, std::size_t count,
                           double power_scale) {
  for (std::size_t f = first; f < first + count; ++f) {
    add_frame(analysis.layouts[0], analysis.layouts[1], f, power_scale);
  }
}

void SpectralFeatures::add_frame(const BandEnergies& logs, const BandEnergies& bark, std::size_t f,
                                 double scale) {
  const bool stereo = channels_ == 2;
  double total = 0.0, low_mid = 0.0, low_side = 0.0;
  std::array<double, log_band_count> mids{}, sides{};
  for (std::size_t b = 0; b < log_band_count; ++b) {
    const double mid = mids[b] = scale * logs.at(0, f, b);
    const double side = sides[b] = stereo ? scale * logs.at(1, f, b) : 0.0;
    power_[b] = stereo ? mid + side : mid;
    log_sum_[b] += power_[b];
    mid_log_sum_[b] += mid;
    side_log_sum_[b] += side;
    if (log_edges_hz_[b + 1] <= kLowEndHz) {
      low_mid += mid;
      low_side += side;
    }
    total += power_[b];
  }
  low_mid_ += low_mid;
  low_side_ += low_side;
  for (std::size_t b = 0; b < critical_band_count; ++b) {
    const double mid = scale * bark.at(0, f, b);
    const double side = stereo ? scale * bark.at(1, f, b) : 0.0;
    bark_sum_[b] += stereo ? mid + side : mid;
    bark_mid_[b] += mid;
    bark_side_[b] += side;
  }
  // Spectral flux: the half-wave rectified rise of log band power, summed over bands.
  double rise = 0.0;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    const double level = std::log10(power_[b] + 1e-10);
    if (frames_ > 0) rise += std::max(0.0, level - previous_level_[b]);
    previous_level_[b] = level;
  }
  flux_.push_back(rise);
  ++frames_;

  if (total < kSilentFramePower) return;
  ++counted_;
  const std::size_t level = level_step(total);
  ++frames_at_level_[level];
  double* sums = &band_sums_at_level_[level * 2 * log_band_count];
  for (std::size_t b = 0; b < log_band_count; ++b) {
    sums[b] += mids[b];
    sums[log_band_count + b] += sides[b];
    ++bands_at_level_[(level_step(mids[b]) * 2) * log_band_count + b];
    ++bands_at_level_[(level_step(sides[b]) * 2 + 1) * log_band_count + b];
  }
  double weighted = 0.0;
  for (std::size_t b = 0; b < log_band_count; ++b) weighted += centre_hz_[b] * power_[b];
  centroid_sum_ += weighted / total;
  // Roll-off: the band where the cumulative power passes 85 %, interpolated on log frequency inside it.
  double cumulative = 0.0;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    if (cumulative + power_[b] >= kRolloffShare * total) {
      const double t = power_[b] > 0.0 ? (kRolloffShare * total - cumulative) / power_[b] : 0.0;
      rolloff_sum_ += log_edges_hz_[b] * std::pow(log_edges_hz_[b + 1] / log_edges_hz_[b], t);
      break;
    }
    cumulative += power_[b];
  }
  // Flatness of the power density over the bands below Nyquist.
  double log_sum = 0.0, linear_sum = 0.0;
  std::size_t used = 0;
  for (std::size_t b = 0; b < log_band_count; ++b) {
    if (width_hz_[b] <= 0.0) continue;
    const double density = power_[b] / width_hz_[b] + 1e-20;
    log_sum += std::log(density);
    linear_sum += density;
    ++used;
  }
  if (used > 0) {
    flatness_sum_ += std::exp(log_sum / static_cast<double>(used)) / (linear_sum / static_cast<double>(used));
  }
}

void SpectralFeatures::finish(ContentProfile& p) const {
  const double frames = static_cast<double>(std::max<std::size_t>(frames_, 1));
  for (std::size_t b = 0; b < log_band_count; ++b) {
    p.log_band_power[b] = log_sum_[b] / frames;
    p.mid_log_band_power[b] = mid_log_sum_[b] / frames;
    p.side_log_band_power[b] = side_log_sum_[b] / frames;
  }
  for (std::size_t b = 0; b < critical_band_count; ++b) p.critical_band_power[b] = bark_sum_[b] / frames;
  if (counted_ > 0) fill_loud_sections_and_floors(p);
  if (counted_ > 0) {
    p.spectral_centroid_hz = centroid_sum_ / static_cast<double>(counted_);
    p.spectral_rolloff_hz = rolloff_sum_ / static_cast<double>(counted_);
    p.spectral_flatness = flatness_sum_ / static_cast<double>(counted_);
  }
  if (channels_ != 2) {
    p.correlation = 1.0;
    p.width = 0.0;
    p.band_correlation.fill(1.0);
    p.band_width.fill(0.0);
    p.low_end_correlation = 1.0;
  } else {
    double mid_total = 0.0, side_total = 0.0;
    for (std::size_t b = 0; b < critical_band_count; ++b) {
      p.band_correlation[b] = core::correlation_from(bark_mid_[b], bark_side_[b]);
      p.band_width[b] = core::width_from(bark_mid_[b], bark_side_[b]);
      mid_total += bark_mid_[b];
      side_total += bark_side_[b];
    }
    p.correlation = core::correlation_from(mid_total, side_total);
    p.width = core::width_from(mid_total, side_total);
    p.low_end_correlation = core::correlation_from(low_mid_, low_side_);
  }
  fill_rhythm(p);
}

void SpectralFeatures::fill_loud_sections_and_floors(ContentProfile& p) const {
  const std::size_t loudest = percentile_step(frames_at_level_.data(), 1, counted_, kLoudPercentile);
  const std::size_t first = loudest >= kLoudSpanSteps ? loudest - kLoudSpanSteps : 0;
  std::size_t loud_frames = 0;
  for (std::size_t step = first; step < kLevelSteps; ++step) {
    loud_frames += frames_at_level_[step];
    const double* sums = &band_sums_at_level_[step * 2 * log_band_count];
    for (std::size_t b = 0; b < log_band_count; ++b) {
      p.loud_mid_log_band_power[b] += sums[b];
      p.loud_side_log_band_power[b] += sums[log_band_count + b];
    }
  }
  for (std::size_t b = 0; b < log_band_count; ++b) {
    p.loud_mid_log_band_power[b] /= static_cast<double>(loud_frames);
    p.loud_side_log_band_power[b] /= static_cast<double>(loud_frames);
    const std::size_t stride = 2 * log_band_count;
    p.mid_noise_floor[b] =
        step_power(percentile_step(&bands_at_level_[b], stride, counted_, kNoiseFloorPercentile));
    if (channels_ == 2) {
      p.side_noise_floor[b] = step_power(
          percentile_step(&bands_at_level_[log_band_count + b], stride, counted_, kNoiseFloorPercentile));
    }
  }
}

void SpectralFeatures::fill_rhythm(ContentProfile& p) const {
  const std::vector<double>& flux = flux_;
  const std::size_t n = flux.size();
  if (n < 4) return;
  const double frame_rate = static_cast<double>(rate_) / static_cast<double>(spec_.hop);
  const double mean = std::accumulate(flux.begin(), flux.end(), 0.0) / static_cast<double>(n);
  double variance = 0.0;
  for (double v : flux) variance += (v - mean) * (v - mean);
  const double deviation = std::sqrt(variance / static_cast<double>(n));
  // Onsets: local maxima of the flux standing half a deviation above its mean.
  std::size_t onsets = 0;
  for (std::size_t f = 1; f + 1 < n; ++f) {
    if (flux[f] > flux[f - 1] && flux[f] >= flux[f + 1] && flux[f] > mean + 0.5 * deviation) ++onsets;
  }
  p.onset_rate_hz = static_cast<double>(onsets) * frame_rate / static_cast<double>(n);
  // Tempo: the lag (60-200 BPM) where the mean-removed flux best matches itself, with a mild preference
  // for lags near 120 BPM against octave errors.
  if (deviation <= 0.0) return;
  const auto min_lag = static_cast<std::size_t>(std::floor(frame_rate * 60.0 / 200.0));
  const auto max_lag = static_cast<std::size_t>(std::ceil(frame_rate * 60.0 / 60.0));
  if (min_lag < 1 || max_lag + 1 >= n) return;
  double best_score = 0.0;
  std::size_t best_lag = 0;
  std::vector<double> score(max_lag + 2, 0.0);
  for (std::size_t lag = min_lag; lag <= max_lag + 1; ++lag) {
    double sum = 0.0;
    for (std::size_t f = 0; f + lag < n; ++f) sum += (flux[f] - mean) * (flux[f + lag] - mean);
    score[lag] = sum / (static_cast<double>(n - lag) * deviation * deviation);
  }
  for (std::size_t lag = min_lag; lag <= max_lag; ++lag) {
    const double bpm = 60.0 * frame_rate / static_cast<double>(lag);
    const double octaves = std::log2(bpm / 120.0);
    const double weighted = score[lag] * std::exp(-0.5 * octaves * octaves);
    if (weighted > best_score) {
      best_score = weighted;
      best_lag = lag;
    }
  }
  // Below this normalised autocorrelation there is no steady pulse worth naming.
  constexpr double kMinPulse = 0.05;
  if (best_lag == 0 || best_score < kMinPulse) return;
  // Parabolic interpolation between neighbouring lags.
  double lag = static_cast<double>(best_lag);
  if (best_lag > min_lag) {
    const double a = score[best_lag - 1], b = score[best_lag], c = score[best_lag + 1];
    const double denominator = a - 2.0 * b + c;
    if (denominator < 0.0) lag += 0.5 * (a - c) / denominator;
  }
  p.tempo_bpm = 60.0 * frame_rate / lag;
}

}  // namespace auralis::mastering
