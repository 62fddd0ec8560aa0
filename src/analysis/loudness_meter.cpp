// SPDX-License-Identifier: MIT
// The incremental BS.1770 / EBU R128 meter: K-weighted energy on a 10 ms grid, gating, LRA and peaks.
#include <auralis/error.hpp>
#include <auralis/loudness.hpp>

#include "analysis/k_weighting.hpp"
#include "analysis/peak_kernels.hpp"
#include "analysis/true_peak_scan.hpp"
#include "core/denormals.hpp"
#include "core/finite_samples.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <iterator>
#include <new>
#include <string>
#include <system_error>
#include <thread>

namespace auralis {

namespace {

[[noreturn]] void throw_out_of_memory(const char* where) {
  throw Error(ErrorCode::out_of_memory, std::string(where) + ": not enough memory");
}

// Every duration is a whole number of 10 ms ticks. A 100 ms step is round(rate / 10) samples, as in
// libebur128 ("to the nearest sample", BS.1770), cut into 10 ticks whose lengths differ by at most one
// sample, so any 40 consecutive ticks are exactly one 400 ms block and any 300 are one 3 s window.
constexpr std::size_t kTicksPerStep = 10;
constexpr std::size_t kMomentaryTicks = 40;
constexpr std::size_t kShortTermTicks = 300;
// Short-term windows sampled every 1 s start after the first full window, then come every 10 steps.
constexpr std::size_t kStepsPerSecond = 10;

constexpr double kAbsoluteGateLufs = -70.0;
constexpr double kIntegratedRelativeGateLu = -10.0;
constexpr double kRangeRelativeGateLu = -20.0;
constexpr double kRangeLowPercentile = 0.10;
constexpr double kRangeHighPercentile = 0.95;

double lufs_from_energy(double energy) {
  return -0.691 + 10.0 * std::log10(energy);
}
double energy_from_lufs(double lufs) {
  return std::pow(10.0, (lufs + 0.691) / 10.0);
}

const double kAbsoluteGateEnergy = energy_from_lufs(kAbsoluteGateLufs);

std::optional<double> measurable(double energy) {
  if (!(energy >= kAbsoluteGateEnergy)) return std::nullopt;
  return lufs_from_energy(energy);
}

// Mean of the energies at or above `threshold`, in order; 0 when none are.
double gated_mean(const std::vector<double>& energies, double threshold) {
  double sum = 0.0;
  std::size_t count = 0;
  for (double e : energies) {
    if (e >= threshold) {
      sum += e;
      ++count;
    }
  }
  return count ? sum / static_cast<double>(count) : 0.0;
}

// Integrated loudness of gating-block energies: absolute gate, then a relative gate 10 LU under the
// absolute-gated mean (BS.1770-4).
std::optional<double> gated_loudness(const std::vector<double>& block_energies) {
  const double absolute_mean = gated_mean(block_energies, kAbsoluteGateEnergy);
  if (absolute_mean == 0.0) return std::nullopt;
  const double relative_gate = absolute_mean * std::pow(10.0, kIntegratedRelativeGateLu / 10.0);
  return measurable(gated_mean(block_energies, std::max(relative_gate, kAbsoluteGateEnergy)));
}

// Loudness range: short-term values above the absolute gate and 20 LU under their mean, then the spread
// between the 10th and 95th percentiles (EBU Tech 3342, nearest-rank as in the document).
std::optional<double> range_of_energies(const std::vector<double>& short_term_energies) {
  const double range_mean = gated_mean(short_term_energies, kAbsoluteGateEnergy);
  if (!(range_mean > 0.0)) return std::nullopt;
  const double gate = std::max(range_mean * std::pow(10.0, kRangeRelativeGateLu / 10.0), kAbsoluteGateEnergy);
  std::vector<double> kept;
  std::ranges::copy_if(short_term_energies, std::back_inserter(kept), [&](double e) { return e >= gate; });
  std::ranges::sort(kept);
  const auto at = [&](double p) {
    return kept[static_cast<std::size_t>(static_cast<double>(kept.size() - 1) * p + 0.5)];
  };
  return lufs_from_energy(at(kRangeHighPercentile)) - lufs_from_energy(at(kRangeLowPercentile));
}

}  // namespace

struct LoudnessMeter::State {
  std::size_t channels;
  std::uint32_t rate;
  LoudnessOptions options;
  std::vector<double> weights;
  std::optional<analysis::KWeightingBank> filters;
  std::array<std::size_t, kTicksPerStep> tick_frames{};  // Length of each tick within a step.
  std::size_t step_frames = 0;

  // Progress through the current tick.
  std::size_t tick_in_step = 0;
  std::size_t frames_in_tick = 0;
  std::vector<double> channel_tick_sum;  // Sum of squared K-weighted samples per channel, this tick.

  // The last kShortTermTicks tick energies (channel-weighted sums of squares), oldest overwritten first.
  std::array<double, kShortTermTicks> tick_ring{};
  std::uint64_t ticks_done = 0;

  std::vector<double> block_energies;       // 400 ms gating blocks, every 100 ms.
  std::vector<double> short_term_energies;  // 3 s windows for the loudness range.
  double max_momentary_energy = 0.0;
  double max_short_term_energy = 0.0;

  std::vector<double> sample_peak;
  std::vector<double> true_peak;
  // Per channel: the last true_peak_history samples, then room for one chunk and the kernel's padding.
  std::vector<std::vector<float>> true_peak_staging;
  std::uint64_t frames = 0;

  static constexpr std::size_t kTruePeakChunk = 4096;

  void clear() {
    filters->reset();
    tick_in_step = 0;
    frames_in_tick = 0;
    std::ranges::fill(channel_tick_sum, 0.0);
    tick_ring.fill(0.0);
    ticks_done = 0;
    block_energies.clear();
    short_term_energies.clear();
    max_momentary_energy = max_short_term_energy = 0.0;
    std::ranges::fill(sample_peak, 0.0);
    std::ranges::fill(true_peak, 0.0);
    for (auto& staging : true_peak_staging) std::ranges::fill(staging, 0.0f);
    frames = 0;
  }

  // Sum of the newest `ticks` tick energies, oldest first, divided by the frames they span.
  double window_energy(std::size_t ticks) const {
    double sum = 0.0;
    for (std::size_t i = ticks; i > 0; --i) sum += tick_ring[(ticks_done - i) % kShortTermTicks];
    return sum / static_cast<double>(step_frames * (ticks / kTicksPerStep));
  }

  void finish_tick() {
    double energy = 0.0;
    for (std::size_t c = 0; c < channels; ++c) energy += weights[c] * channel_tick_sum[c];
    std::ranges::fill(channel_tick_sum, 0.0);
    tick_ring[ticks_done % kShortTermTicks] = energy;
    ++ticks_done;
    frames_in_tick = 0;
    tick_in_step = (tick_in_step + 1) % kTicksPerStep;

    if (ticks_done >= kMomentaryTicks) {
      const double momentary = window_energy(kMomentaryTicks);
      max_momentary_energy = std::max(max_momentary_energy, momentary);
      if (tick_in_step == 0) block_energies.push_back(momentary);
    }
    if (ticks_done >= kShortTermTicks) {
      const double short_term = window_energy(kShortTermTicks);
      max_short_term_energy = std::max(max_short_term_energy, short_term);
      if (tick_in_step == 0) {
        const std::uint64_t steps_after_first = (ticks_done - kShortTermTicks) / kTicksPerStep;
        if (options.lra_sampling == LraSampling::every_100ms || steps_after_first % kStepsPerSecond == 0) {
          short_term_energies.push_back(short_term);
        }
      }
    }
  }

  void add_loudness(std::span<const float* const> planes, std::size_t count) {
    std::size_t offset = 0;
    while (offset < count) {
      const std::size_t take = std::min(count - offset, tick_frames[tick_in_step] - frames_in_tick);
      filters->accumulate_squares(planes, offset, take, channel_tick_sum.data());
      offset += take;
      frames_in_tick += take;
      if (frames_in_tick == tick_frames[tick_in_step]) finish_tick();
    }
  }

  void add_peaks(std::span<const float* const> planes, std::size_t count) {
    for (std::size_t c = 0; c < channels; ++c) {
      sample_peak[c] = std::max(sample_peak[c], static_cast<double>(analysis::abs_max(planes[c], count)));
      if (!options.true_peak) continue;
      std::vector<float>& staging = true_peak_staging[c];
      float* fresh = staging.data() + analysis::true_peak_history;
      for (std::size_t offset = 0; offset < count; offset += kTruePeakChunk) {
        const std::size_t take = std::min(kTruePeakChunk, count - offset);
        std::copy_n(planes[c] + offset, take, fresh);
        true_peak[c] = std::max(true_peak[c], analysis::oversampled_abs_max(fresh, take));
        std::copy_n(fresh + take - analysis::true_peak_history, analysis::true_peak_history, staging.data());
      }
    }
  }

  // The interpolator's output for the last few samples needs samples that have not arrived; the report
  // treats the programme as ending in silence, without disturbing the running state.
  double true_peak_with_tail(std::size_t c) const {
    std::vector<float> tail(analysis::true_peak_history * 2 + 1 + analysis::true_peak_padding, 0.0f);
    const std::vector<float>& staging = true_peak_staging[c];
    std::copy_n(staging.data(), analysis::true_peak_history, tail.data());
    const float* zeros = tail.data() + analysis::true_peak_history;
    return std::max(true_peak[c], analysis::oversampled_abs_max(zeros, analysis::true_peak_history + 1));
  }
};

LoudnessMeter::LoudnessMeter(std::size_t channels, std::uint32_t sample_rate_hz,
                             const LoudnessOptions& options) try
    : state_(std::make_unique<State>()) {
  if (channels == 0 || channels > max_channels) {
    throw Error(ErrorCode::invalid_argument, "LoudnessMeter: channel count " + std::to_string(channels) +
                                                 " outside 1.." + std::to_string(max_channels));
  }
  if (sample_rate_hz < min_sample_rate || sample_rate_hz > max_sample_rate) {
    throw Error(ErrorCode::invalid_argument, "LoudnessMeter: sample rate " + std::to_string(sample_rate_hz) +
                                                 " Hz outside 8000..768000 Hz");
  }
  if (!options.layout.empty() && options.layout.size() != channels) {
    throw Error(ErrorCode::invalid_argument, "LoudnessMeter: layout has " +
                                                 std::to_string(options.layout.size()) + " speakers for " +
                                                 std::to_string(channels) + " channels");
  }
  State& s = *state_;
  s.channels = channels;
  s.rate = sample_rate_hz;
  s.options = options;
  if (s.options.layout.empty()) s.options.layout = default_layout(channels);
  s.weights = bs1770_channel_weights(s.options.layout);
  s.filters.emplace(analysis::design_k_weighting(sample_rate_hz), channels);
  s.step_frames = (sample_rate_hz + 5) / 10;
  for (std::size_t t = 0; t < kTicksPerStep; ++t) {
    s.tick_frames[t] = (t + 1) * s.step_frames / kTicksPerStep - t * s.step_frames / kTicksPerStep;
  }
  s.channel_tick_sum.assign(channels, 0.0);
  s.sample_peak.assign(channels, 0.0);
  s.true_peak.assign(channels, 0.0);
  if (options.true_peak) {
    s.true_peak_staging.assign(
        channels,
        std::vector<float>(analysis::true_peak_history + State::kTruePeakChunk + analysis::true_peak_padding,
                           0.0f));
  }
} catch (const std::bad_alloc&) {
  throw_out_of_memory("LoudnessMeter");
}

LoudnessMeter::~LoudnessMeter() = default;
LoudnessMeter::LoudnessMeter(LoudnessMeter&&) noexcept = default;
LoudnessMeter& LoudnessMeter::operator=(LoudnessMeter&&) noexcept = default;

void LoudnessMeter::add(std::span<const float* const> planes, std::size_t frames) {
  State& s = *state_;
  if (planes.size() < s.channels) {
    throw Error(ErrorCode::invalid_argument, "LoudnessMeter::add: " + std::to_string(planes.size()) +
                                                 " planes for " + std::to_string(s.channels) + " channels");
  }
  std::size_t non_finite = 0;
  for (std::size_t c = 0; c < s.channels; ++c) non_finite += core::count_non_finite(planes[c], frames);
  if (non_finite) {
    throw Error(ErrorCode::non_finite_samples,
                "LoudnessMeter::add: " + std::to_string(non_finite) + " NaN/Inf samples in the block");
  }
  const core::ScopedFlushDenormals flush_denormals;
  try {
    s.add_loudness(planes, frames);
    s.add_peaks(planes, frames);
  } catch (const std::bad_alloc&) {
    throw_out_of_memory("LoudnessMeter::add");
  }
  s.frames += frames;
}

void LoudnessMeter::add(const AudioBuffer& audio) {
  if (audio.channels() != channels() || audio.sample_rate() != sample_rate()) {
    throw Error(ErrorCode::invalid_argument,
                "LoudnessMeter::add: buffer has " + std::to_string(audio.channels()) + " channels at " +
                    std::to_string(audio.sample_rate()) + " Hz, the meter " + std::to_string(channels()) +
                    " at " + std::to_string(sample_rate()) + " Hz");
  }
  std::vector<const float*> planes(audio.channels());
  for (std::size_t c = 0; c < audio.channels(); ++c) planes[c] = audio.channel(c).data();
  add(planes, audio.frames());
}

void LoudnessMeter::reset() {
  state_->clear();
}

std::optional<double> loudness_range(std::span<const double> short_term_lufs) {
  std::vector<double> energies;
  energies.reserve(short_term_lufs.size());
  for (const double lufs : short_term_lufs) energies.push_back(energy_from_lufs(lufs));
  return range_of_energies(energies);
}

std::optional<double> album_loudness(std::span<const LoudnessReport> tracks) {
  std::vector<double> pooled;
  for (const LoudnessReport& track : tracks) {
    pooled.insert(pooled.end(), track.gating_block_energies.begin(), track.gating_block_energies.end());
  }
  return gated_loudness(pooled);
}

std::optional<double> LoudnessMeter::momentary_lufs() const {
  if (state_->ticks_done < kMomentaryTicks) return std::nullopt;
  return measurable(state_->window_energy(kMomentaryTicks));
}

std::optional<double> LoudnessMeter::short_term_lufs() const {
  if (state_->ticks_done < kShortTermTicks) return std::nullopt;
  return measurable(state_->window_energy(kShortTermTicks));
}

LoudnessReport LoudnessMeter::report() const try {
  const State& s = *state_;
  LoudnessReport r;
  r.frames = s.frames;

  r.integrated_lufs = gated_loudness(s.block_energies);
  std::ranges::copy_if(s.block_energies, std::back_inserter(r.gating_block_energies),
                       [](double e) { return e >= kAbsoluteGateEnergy; });

  r.loudness_range_lu = range_of_energies(s.short_term_energies);

  for (double e : s.short_term_energies) {
    if (const auto lufs = measurable(e)) r.short_term_history_lufs.push_back(*lufs);
  }

  r.max_momentary_lufs = measurable(s.max_momentary_energy);
  r.max_short_term_lufs = measurable(s.max_short_term_energy);

  r.channel_sample_peak = s.sample_peak;
  r.sample_peak = *std::ranges::max_element(s.sample_peak);
  if (s.options.true_peak) {
    for (std::size_t c = 0; c < s.channels; ++c) {
      r.channel_true_peak.push_back(std::max(s.true_peak_with_tail(c), s.sample_peak[c]));
    }
    r.true_peak = *std::ranges::max_element(r.channel_true_peak);
  }
  return r;
} catch (const std::bad_alloc&) {
  throw_out_of_memory("LoudnessMeter::report");
}

std::size_t LoudnessMeter::channels() const noexcept {
  return state_->channels;
}
std::uint32_t LoudnessMeter::sample_rate() const noexcept {
  return state_->rate;
}

std::optional<double> LoudnessReport::to_db(double linear_peak) {
  if (!(linear_peak > 0.0)) return std::nullopt;
  return 20.0 * std::log10(linear_peak);
}

LoudnessReport measure_loudness(const AudioBuffer& audio, const LoudnessOptions& options) try {
  LoudnessOptions effective = options;
  if (effective.layout.empty()) effective.layout = audio.layout();
  if (!options.true_peak || options.threads <= 1) {
    LoudnessMeter meter(audio.channels(), audio.sample_rate(), effective);
    meter.add(audio);
    return meter.report();
  }
  // True peak on helper threads, the rest here. The meter's true peak does not depend on how the signal is
  // split, so the whole-channel scan gives the same numbers as the serial meter.
  std::vector<double> peaks(audio.channels(), 0.0);
  LoudnessReport report;
  {
    const std::size_t helpers = std::min<std::size_t>(options.threads - 1, audio.channels());
    std::atomic<bool> helper_out_of_memory = false;
    const auto scan_channels_of = [&](std::size_t helper) {
      for (std::size_t c = helper; c < audio.channels(); c += helpers)
        peaks[c] = analysis::channel_true_peak(audio.channel(c));
    };
    std::size_t started = 0;
    {
      std::vector<std::jthread> threads;
      threads.reserve(helpers);
      try {
        for (; started < helpers; ++started) {
          threads.emplace_back([&, started] {
            const core::ScopedFlushDenormals flush;
            try {
              scan_channels_of(started);
            } catch (const std::bad_alloc&) {
              // An exception leaving a thread would end the program; it is raised again once joined.
              helper_out_of_memory = true;
            }
          });
        }
      } catch (const std::system_error&) {
        // A thread that cannot start (the process's thread or memory limit): its channels are scanned here.
      }
      effective.true_peak = false;
      LoudnessMeter meter(audio.channels(), audio.sample_rate(), effective);
      meter.add(audio);
      report = meter.report();
      for (std::size_t helper = started; helper < helpers; ++helper) scan_channels_of(helper);
    }
    if (helper_out_of_memory) throw std::bad_alloc();
  }
  for (std::size_t c = 0; c < audio.channels(); ++c) {
    report.channel_true_peak.push_back(std::max(peaks[c], report.channel_sample_peak[c]));
  }
  report.true_peak = *std::ranges::max_element(report.channel_true_peak);
  return report;
} catch (const std::bad_alloc&) {
  throw_out_of_memory("measure_loudness");
}

}  // namespace auralis
