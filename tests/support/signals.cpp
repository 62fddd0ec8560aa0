// SPDX-License-Identifier: MIT
// Test-signal generators: exact-phase sines, seeded noise (splitmix64), sweeps, Tech 3341 #20-23 bursts.
#include "support/signals.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <numbers>
#include <numeric>
#include <stdexcept>

namespace auralis::test {

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// splitmix64 (Steele, Lea, Flood 2014): a 64-bit counter through a bijective mixer.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [-1, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-52 - 1.0; }

 private:
  std::uint64_t state_;
};

// An independent stream per channel: the seed mixed with the channel index.
SplitMix64 channel_stream(std::uint64_t seed, std::size_t channel) {
  SplitMix64 mixer(seed ^ (0xd1b54a32d192ed03ULL * (static_cast<std::uint64_t>(channel) + 1)));
  return SplitMix64(mixer.next());
}

// Unit sine samples sin(2 pi f n / fs + phase) for n < frames. An integer frequency uses the exact phase
// (n * f mod fs) / fs and a table of one period when that is shorter than the signal.
std::vector<double> unit_sine(std::uint32_t rate, double frequency_hz, double phase_rad, std::size_t frames) {
  std::vector<double> out(frames);
  const double rounded = std::round(frequency_hz);
  if (rounded == frequency_hz && rounded >= 0.0 && rounded < 1e9) {
    const auto f = static_cast<std::uint64_t>(rounded);
    const std::uint64_t fs = rate;
    const std::uint64_t period = fs / std::gcd(fs, f == 0 ? fs : f);
    const auto value = [&](std::uint64_t n) {
      return std::sin(kTwoPi * static_cast<double>((n * f) % fs) / static_cast<double>(fs) + phase_rad);
    };
    if (period < frames) {
      std::vector<double> table(period);
      for (std::uint64_t n = 0; n < period; ++n) table[n] = value(n);
      for (std::size_t n = 0; n < frames; ++n) out[n] = table[n % period];
    } else {
      for (std::size_t n = 0; n < frames; ++n) out[n] = value(n);
    }
  } else {
    const double cycles_per_sample = frequency_hz / static_cast<double>(rate);
    for (std::size_t n = 0; n < frames; ++n) {
      const double cycles = cycles_per_sample * static_cast<double>(n);
      out[n] = std::sin(kTwoPi * (cycles - std::floor(cycles)) + phase_rad);
    }
  }
  return out;
}

// Modified Bessel function of the first kind, order 0, by its power series.
double bessel_i0(double x) {
  double sum = 1.0;
  double term = 1.0;
  const double half_squared = x * x / 4.0;
  for (int k = 1; k < 500; ++k) {
    term *= half_squared / (static_cast<double>(k) * static_cast<double>(k));
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

double raised_cosine_fade(std::size_t i, std::size_t length) {
  return 0.5 -
         0.5 * std::cos(std::numbers::pi * (static_cast<double>(i) + 0.5) / static_cast<double>(length));
}

constexpr std::size_t kAntiAliasTaps = 513;      // Odd; delay 256 samples of 4 fs = 64 samples of fs.
constexpr double kAntiAliasCutoff = 0.45 / 4.0;  // 0.45 fs in cycles per sample at 4 fs.
constexpr double kAntiAliasBeta = 9.0;           // About 90 dB stopband attenuation.

}  // namespace

double amplitude_from_dbfs(double dbfs) {
  return std::pow(10.0, dbfs / 20.0);
}

std::size_t frames_for(double seconds, std::uint32_t sample_rate_hz) {
  return static_cast<std::size_t>(std::llround(seconds * static_cast<double>(sample_rate_hz)));
}

AudioBuffer silence(std::size_t channels, double seconds, std::uint32_t sample_rate_hz) {
  return AudioBuffer(channels, frames_for(seconds, sample_rate_hz), sample_rate_hz);
}

AudioBuffer sine(std::uint32_t sample_rate_hz, double frequency_hz, std::span<const double> channel_peak_dbfs,
                 double seconds, double phase_rad) {
  const std::size_t frames = frames_for(seconds, sample_rate_hz);
  AudioBuffer out(channel_peak_dbfs.size(), frames, sample_rate_hz);
  const std::vector<double> unit = unit_sine(sample_rate_hz, frequency_hz, phase_rad, frames);
  for (std::size_t c = 0; c < out.channels(); ++c) {
    const double amplitude = amplitude_from_dbfs(channel_peak_dbfs[c]);
    std::span<float> samples = out.channel(c);
    for (std::size_t n = 0; n < frames; ++n) samples[n] = static_cast<float>(amplitude * unit[n]);
  }
  return out;
}

AudioBuffer sine(std::size_t channels, std::uint32_t sample_rate_hz, double frequency_hz, double peak_dbfs,
                 double seconds, double phase_rad) {
  const std::vector<double> levels(channels, peak_dbfs);
  return sine(sample_rate_hz, frequency_hz, levels, seconds, phase_rad);
}

AudioBuffer tone_sequence(std::size_t channels, std::uint32_t sample_rate_hz, double frequency_hz,
                          std::span<const ToneSegment> segments) {
  std::vector<std::size_t> bounds{0};
  double elapsed = 0.0;
  for (const ToneSegment& segment : segments) {
    elapsed += segment.seconds;
    bounds.push_back(frames_for(elapsed, sample_rate_hz));
  }
  const std::size_t frames = bounds.back();
  const std::vector<double> unit = unit_sine(sample_rate_hz, frequency_hz, 0.0, frames);
  AudioBuffer out(channels, frames, sample_rate_hz);
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const double amplitude = amplitude_from_dbfs(segments[s].peak_dbfs);
    for (std::size_t c = 0; c < channels; ++c) {
      std::span<float> samples = out.channel(c);
      for (std::size_t n = bounds[s]; n < bounds[s + 1]; ++n)
        samples[n] = static_cast<float>(amplitude * unit[n]);
    }
  }
  return out;
}

AudioBuffer concatenate(std::span<const AudioBuffer> parts) {
  if (parts.empty()) throw std::invalid_argument("concatenate: no parts");
  std::size_t frames = 0;
  for (const AudioBuffer& part : parts) {
    if (part.channels() != parts[0].channels() || part.sample_rate() != parts[0].sample_rate()) {
      throw std::invalid_argument("concatenate: parts differ in channels or rate");
    }
    frames += part.frames();
  }
  AudioBuffer out(parts[0].channels(), frames, parts[0].sample_rate());
  out.set_layout(parts[0].layout());
  for (std::size_t c = 0; c < out.channels(); ++c) {
    auto destination = out.channel(c).begin();
    for (const AudioBuffer& part : parts) destination = std::ranges::copy(part.channel(c), destination).out;
  }
  return out;
}

AudioBuffer slice(const AudioBuffer& audio, std::size_t first, std::size_t count) {
  first = std::min(first, audio.frames());
  count = std::min(count, audio.frames() - first);
  AudioBuffer out(audio.channels(), count, audio.sample_rate());
  out.set_layout(audio.layout());
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    std::ranges::copy(audio.channel(c).subspan(first, count), out.channel(c).begin());
  }
  return out;
}

std::vector<float> interleave(const AudioBuffer& audio, std::size_t first, std::size_t count) {
  first = std::min(first, audio.frames());
  count = std::min(count, audio.frames() - first);
  const std::size_t channels = audio.channels();
  std::vector<float> out(count * channels);
  for (std::size_t c = 0; c < channels; ++c) {
    const std::span<const float> samples = audio.channel(c);
    for (std::size_t n = 0; n < count; ++n) out[n * channels + c] = samples[first + n];
  }
  return out;
}

AudioBuffer white_noise(std::size_t channels, std::uint32_t sample_rate_hz, double seconds, double peak_dbfs,
                        std::uint64_t seed) {
  AudioBuffer out(channels, frames_for(seconds, sample_rate_hz), sample_rate_hz);
  const double amplitude = amplitude_from_dbfs(peak_dbfs);
  for (std::size_t c = 0; c < channels; ++c) {
    SplitMix64 rng = channel_stream(seed, c);
    for (float& sample : out.channel(c)) sample = static_cast<float>(amplitude * rng.uniform());
  }
  return out;
}

AudioBuffer pink_noise(std::size_t channels, std::uint32_t sample_rate_hz, double seconds, double peak_dbfs,
                       std::uint64_t seed) {
  constexpr int kRows = 16;
  AudioBuffer out(channels, frames_for(seconds, sample_rate_hz), sample_rate_hz);
  const double scale = amplitude_from_dbfs(peak_dbfs) / (kRows + 1);
  for (std::size_t c = 0; c < channels; ++c) {
    SplitMix64 rng = channel_stream(seed, c);
    std::vector<double> rows(kRows);
    double sum = 0.0;
    for (double& row : rows) sum += (row = rng.uniform());
    std::uint64_t counter = 0;
    for (float& sample : out.channel(c)) {
      // Row k is redrawn every 2^(k+1) samples (when k is the count of trailing zeros of the counter), so
      // each octave of the spectrum gets one row's worth of power.
      ++counter;
      const auto row = static_cast<std::size_t>(std::countr_zero(counter));
      if (row < rows.size()) {
        sum -= rows[row];
        rows[row] = rng.uniform();
        sum += rows[row];
      }
      sample = static_cast<float>(scale * (sum + rng.uniform()));
    }
  }
  return out;
}

AudioBuffer log_sweep(std::size_t channels, std::uint32_t sample_rate_hz, double f0_hz, double f1_hz,
                      double seconds, double peak_dbfs) {
  const std::size_t frames = frames_for(seconds, sample_rate_hz);
  AudioBuffer out(channels, frames, sample_rate_hz);
  const double amplitude = amplitude_from_dbfs(peak_dbfs);
  const double log_ratio = std::log(f1_hz / f0_hz);
  const double fs = static_cast<double>(sample_rate_hz);
  for (std::size_t n = 0; n < frames; ++n) {
    const double t = static_cast<double>(n) / fs;
    // Instantaneous frequency f0 * exp(t / T * ln(f1 / f0)); the phase is its integral.
    const double cycles = f0_hz * seconds / log_ratio * (std::exp(t / seconds * log_ratio) - 1.0);
    const auto value = static_cast<float>(amplitude * std::sin(kTwoPi * (cycles - std::floor(cycles))));
    for (std::size_t c = 0; c < channels; ++c) out.channel(c)[n] = value;
  }
  apply_fades(out, 0.01);
  return out;
}

void apply_gain_ramp_db(AudioBuffer& audio, std::span<const double> breakpoints_db, double seconds_per_step) {
  if (breakpoints_db.empty()) return;
  const double fs = static_cast<double>(audio.sample_rate());
  for (std::size_t n = 0; n < audio.frames(); ++n) {
    const double position = static_cast<double>(n) / fs / seconds_per_step;
    const auto k = static_cast<std::size_t>(position);
    double db = breakpoints_db.back();
    if (k + 1 < breakpoints_db.size()) {
      const double fraction = position - static_cast<double>(k);
      db = breakpoints_db[k] + (breakpoints_db[k + 1] - breakpoints_db[k]) * fraction;
    }
    const double gain = amplitude_from_dbfs(db);
    for (std::size_t c = 0; c < audio.channels(); ++c) {
      float& sample = audio.channel(c)[n];
      sample = static_cast<float>(gain * static_cast<double>(sample));
    }
  }
}

void apply_fades(AudioBuffer& audio, double seconds) {
  const std::size_t length = std::min(frames_for(seconds, audio.sample_rate()), audio.frames() / 2);
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    std::span<float> samples = audio.channel(c);
    for (std::size_t i = 0; i < length; ++i) {
      const double gain = raised_cosine_fade(i, length);
      samples[i] = static_cast<float>(gain * static_cast<double>(samples[i]));
      float& tail = samples[samples.size() - 1 - i];
      tail = static_cast<float>(gain * static_cast<double>(tail));
    }
  }
}

std::vector<double> kaiser_lowpass(std::size_t taps, double cutoff_cycles_per_sample, double beta) {
  if (taps % 2 == 0) throw std::invalid_argument("kaiser_lowpass: taps must be odd");
  const double centre = static_cast<double>(taps - 1) / 2.0;
  const double window_norm = bessel_i0(beta);
  std::vector<double> h(taps);
  for (std::size_t j = 0; j < taps; ++j) {
    const double x = static_cast<double>(j) - centre;
    const double arg = kTwoPi * cutoff_cycles_per_sample * x;
    const double ideal = x == 0.0 ? 2.0 * cutoff_cycles_per_sample : std::sin(arg) / (std::numbers::pi * x);
    const double r = x / centre;
    h[j] = ideal * bessel_i0(beta * std::sqrt(std::max(0.0, 1.0 - r * r))) / window_norm;
  }
  const double dc = std::accumulate(h.begin(), h.end(), 0.0);
  for (double& tap : h) tap /= dc;
  return h;
}

double fir_magnitude(std::span<const double> taps, double cycles_per_sample) {
  std::complex<double> sum = 0.0;
  for (std::size_t j = 0; j < taps.size(); ++j) {
    sum += taps[j] * std::polar(1.0, -kTwoPi * cycles_per_sample * static_cast<double>(j));
  }
  return std::abs(sum);
}

std::vector<double> tech3341_anti_alias_fir() {
  return kaiser_lowpass(kAntiAliasTaps, kAntiAliasCutoff, kAntiAliasBeta);
}

std::vector<double> tech3341_burst_at_4fs(std::uint32_t sample_rate_hz) {
  // At 4 fs a period of fs/6 is 24 samples and one of fs/4 is 16. The burst starts on a multiple of 24 (a
  // rising zero crossing of fs/6), runs one full fs/4 period and hands back at phase 0, so the phase is
  // continuous; its positive peak is 4 samples in, on a multiple of 4.
  constexpr std::size_t kSlowPeriod = 24;
  constexpr std::size_t kFastPeriod = 16;
  const std::size_t length = 4 * frames_for(0.5, sample_rate_hz);
  const std::size_t burst = length / 2 / kSlowPeriod * kSlowPeriod;
  const auto cycle = [](std::size_t n, std::size_t period) {
    return std::sin(kTwoPi * static_cast<double>(n % period) / static_cast<double>(period));
  };
  std::vector<double> x(length);
  for (std::size_t n = 0; n < length; ++n) {
    if (n < burst) {
      x[n] = 0.5 * cycle(n, kSlowPeriod);
    } else if (n < burst + kFastPeriod) {
      x[n] = 1.0 * cycle(n - burst, kFastPeriod);
    } else {
      x[n] = 0.5 * cycle(n - kFastPeriod, kSlowPeriod);
    }
  }
  const std::size_t fade = static_cast<std::size_t>(std::llround(0.01 * 4.0 * sample_rate_hz));
  for (std::size_t i = 0; i < fade; ++i) {
    const double gain = raised_cosine_fade(i, fade);
    x[i] *= gain;
    x[length - 1 - i] *= gain;
  }
  return x;
}

AudioBuffer tech3341_true_peak_burst(std::size_t channels, std::uint32_t sample_rate_hz, std::size_t offset) {
  if (offset > 3) throw std::invalid_argument("tech3341_true_peak_burst: offset must be 0..3");
  const std::vector<double> x = tech3341_burst_at_4fs(sample_rate_hz);
  const std::vector<double> h = tech3341_anti_alias_fir();
  const std::size_t delay = (h.size() - 1) / 2;
  const std::size_t frames = x.size() / 4;
  AudioBuffer out(channels, frames, sample_rate_hz);
  for (std::size_t n = 0; n < frames; ++n) {
    // y[m] = sum_j h[j] x[m + delay - j], the filter's delay compensated; m = 4 n + offset.
    const std::size_t m = 4 * n + offset + delay;
    double y = 0.0;
    for (std::size_t j = 0; j < h.size(); ++j) {
      if (m >= j && m - j < x.size()) y += h[j] * x[m - j];
    }
    for (std::size_t c = 0; c < channels; ++c) out.channel(c)[n] = static_cast<float>(y);
  }
  return out;
}

std::vector<const float*> planes_at(const AudioBuffer& audio, std::size_t first) {
  std::vector<const float*> planes(audio.channels());
  for (std::size_t c = 0; c < audio.channels(); ++c) planes[c] = audio.channel(c).data() + first;
  return planes;
}

}  // namespace auralis::test
