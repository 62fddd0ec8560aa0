// fill_spectral_features: per-frame features averaged over non-silent frames, stereo from mid/side band
// energies, tempo from the autocorrelation of spectral flux.
#include "mastering/spectral_features.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace auralis::mastering {

namespace {

// Frames quieter than this mean square (-80 dBFS) carry no meaningful spectral shape.
constexpr double kSilentFramePower = 1e-8;
constexpr double kLowEndHz = 150.0;
constexpr double kRolloffShare = 0.85;

// One layout's energies in double, times the analysis' power scale.
class BandPower {
 public:
  BandPower(const BandEnergies& energies, double scale) : e_(energies), scale_(scale) {}
  std::size_t bands() const noexcept { return e_.bands(); }
  std::size_t frames() const noexcept { return e_.frames; }
  std::size_t channels() const noexcept { return e_.channels; }
  const std::vector<double>& edges_hz() const noexcept { return e_.edges_hz; }
  double at(std::size_t channel, std::size_t frame, std::size_t band) const noexcept {
    return scale_ * e_.at(channel, frame, band);
  }
  // Total (mid + side = mean channel) power of band b in frame f.
  double total(std::size_t frame, std::size_t band) const noexcept {
    return channels() == 2 ? at(0, frame, band) + at(1, frame, band) : at(0, frame, band);
  }

 private:
  const BandEnergies& e_;
  double scale_;
};

double correlation_from(double mid, double side) {
  const double total = mid + side;
  return total > 0.0 ? (mid - side) / total : 1.0;
}
double width_from(double mid, double side) {
  const double total = mid + side;
  return total > 0.0 ? side / total : 0.0;
}

void fill_tonal_and_shape(const BandPower& logs, const BandPower& bark, ContentProfile& p) {
  const std::size_t bands = logs.bands();
  std::vector<double> centre(bands), width(bands);
  for (std::size_t b = 0; b < bands; ++b) {
    centre[b] = std::sqrt(std::max(logs.edges_hz()[b], 1.0) * std::max(logs.edges_hz()[b + 1], 1.0));
    width[b] = logs.edges_hz()[b + 1] - logs.edges_hz()[b];
  }
  double centroid_sum = 0.0, rolloff_sum = 0.0, flatness_sum = 0.0;
  std::size_t counted = 0;
  std::vector<double> power(bands);
  for (std::size_t f = 0; f < logs.frames(); ++f) {
    double total = 0.0;
    for (std::size_t b = 0; b < bands; ++b) {
      power[b] = logs.total(f, b);
      p.log_band_power[b] += power[b];
      p.mid_log_band_power[b] += logs.at(0, f, b);
      if (logs.channels() == 2) p.side_log_band_power[b] += logs.at(1, f, b);
      total += power[b];
    }
    for (std::size_t b = 0; b < bark.bands(); ++b) p.critical_band_power[b] += bark.total(f, b);
    if (total < kSilentFramePower) continue;
    ++counted;
    double weighted = 0.0;
    for (std::size_t b = 0; b < bands; ++b) weighted += centre[b] * power[b];
    centroid_sum += weighted / total;
    // Roll-off: the band where the cumulative power passes 85 %, interpolated on log frequency inside it.
    double cumulative = 0.0;
    for (std::size_t b = 0; b < bands; ++b) {
      if (cumulative + power[b] >= kRolloffShare * total) {
        const double t = power[b] > 0.0 ? (kRolloffShare * total - cumulative) / power[b] : 0.0;
        rolloff_sum += logs.edges_hz()[b] * std::pow(logs.edges_hz()[b + 1] / logs.edges_hz()[b], t);
        break;
      }
      cumulative += power[b];
    }
    // Flatness of the power density over the bands below Nyquist.
    double log_sum = 0.0, linear_sum = 0.0;
    std::size_t used = 0;
    for (std::size_t b = 0; b < bands; ++b) {
      if (width[b] <= 0.0) continue;
      const double density = power[b] / width[b] + 1e-20;
      log_sum += std::log(density);
      linear_sum += density;
      ++used;
    }
    if (used > 0)
      flatness_sum +=
          std::exp(log_sum / static_cast<double>(used)) / (linear_sum / static_cast<double>(used));
  }
  const double frames = static_cast<double>(std::max<std::size_t>(logs.frames(), 1));
  for (double& v : p.log_band_power) v /= frames;
  for (double& v : p.mid_log_band_power) v /= frames;
  for (double& v : p.side_log_band_power) v /= frames;
  for (double& v : p.critical_band_power) v /= frames;
  if (counted > 0) {
    p.spectral_centroid_hz = centroid_sum / static_cast<double>(counted);
    p.spectral_rolloff_hz = rolloff_sum / static_cast<double>(counted);
    p.spectral_flatness = flatness_sum / static_cast<double>(counted);
  }
}

void fill_stereo(const BandPower& logs, const BandPower& bark, ContentProfile& p) {
  if (bark.channels() != 2) {
    p.correlation = 1.0;
    p.width = 0.0;
    p.band_correlation.fill(1.0);
    p.band_width.fill(0.0);
    p.low_end_correlation = 1.0;
    return;
  }
  double mid_total = 0.0, side_total = 0.0;
  for (std::size_t b = 0; b < bark.bands(); ++b) {
    double mid = 0.0, side = 0.0;
    for (std::size_t f = 0; f < bark.frames(); ++f) {
      mid += bark.at(0, f, b);
      side += bark.at(1, f, b);
    }
    p.band_correlation[b] = correlation_from(mid, side);
    p.band_width[b] = width_from(mid, side);
    mid_total += mid;
    side_total += side;
  }
  p.correlation = correlation_from(mid_total, side_total);
  p.width = width_from(mid_total, side_total);
  double low_mid = 0.0, low_side = 0.0;
  for (std::size_t b = 0; b < logs.bands() && logs.edges_hz()[b + 1] <= kLowEndHz; ++b) {
    for (std::size_t f = 0; f < logs.frames(); ++f) {
      low_mid += logs.at(0, f, b);
      low_side += logs.at(1, f, b);
    }
  }
  p.low_end_correlation = correlation_from(low_mid, low_side);
}

// Spectral flux (half-wave rectified rise of log band power, summed over bands) per frame.
std::vector<double> spectral_flux(const BandPower& logs) {
  std::vector<double> flux(logs.frames(), 0.0);
  std::vector<double> previous(logs.bands(), 0.0);
  for (std::size_t f = 0; f < logs.frames(); ++f) {
    double rise = 0.0;
    for (std::size_t b = 0; b < logs.bands(); ++b) {
      const double level = std::log10(logs.total(f, b) + 1e-10);
      if (f > 0) rise += std::max(0.0, level - previous[b]);
      previous[b] = level;
    }
    flux[f] = rise;
  }
  return flux;
}

void fill_rhythm(const BandPower& logs, const StftSpec& spec, std::uint32_t rate, ContentProfile& p) {
  const std::vector<double> flux = spectral_flux(logs);
  const std::size_t n = flux.size();
  if (n < 4) return;
  const double frame_rate = static_cast<double>(rate) / static_cast<double>(spec.hop);
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

}  // namespace

void fill_spectral_features(const SpectralAnalysis& analysis, double power_scale, ContentProfile& profile) {
  const BandPower logs(analysis.layouts[0], power_scale);
  const BandPower bark(analysis.layouts[1], power_scale);
  fill_tonal_and_shape(logs, bark, profile);
  fill_stereo(logs, bark, profile);
  fill_rhythm(logs, analysis.spec, analysis.sample_rate, profile);
}

}  // namespace auralis::mastering
