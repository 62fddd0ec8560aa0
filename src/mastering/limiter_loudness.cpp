// SPDX-License-Identifier: MIT
// LimiterStatistics: per-block true peak and K-weighted energy into a scratch file; the limiter model and
// the BS.1770 gates over it; the gain solved on the model.
#include "mastering/limiter_loudness.hpp"

#include <auralis/loudness.hpp>

#include "analysis/peak_kernels.hpp"
#include "dsp/gain_reduction_meter.hpp"
#include "dsp/limiter_gain.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace auralis::mastering {

namespace {

constexpr std::size_t kBlock = dsp::LimiterGainCascade::block_frames;
constexpr std::size_t kHistory = analysis::true_peak_history;
// Records buffered before a write: 512 KiB.
constexpr std::size_t kRecordsPerWrite = 65536;
// BS.1770: 400 ms blocks every 100 ms, gated at -70 LUFS and 10 LU under the mean of the blocks above it.
constexpr double kAbsoluteGateLufs = -70.0;
constexpr double kRelativeGateLu = -10.0;

double loudness_of(double mean_square) {
  return -0.691 + 10.0 * std::log10(mean_square);
}

}  // namespace

LimiterStatistics::LimiterStatistics(std::size_t channels, std::uint32_t sample_rate_hz,
                                     const std::vector<Speaker>& layout)
    : channels_(channels),
      rate_(sample_rate_hz),
      weights_(bs1770_channel_weights(layout)),
      k_weighting_(analysis::design_k_weighting(sample_rate_hz), channels),
      block_(channels, std::vector<float>(kHistory + kBlock + analysis::true_peak_padding, 0.0f)),
      samples_(channels),
      sums_(channels) {
  records_.reserve(2 * kRecordsPerWrite);
}

void LimiterStatistics::consume(std::span<const float* const> planes, std::size_t frames) {
  for (std::size_t done = 0; done < frames;) {
    const std::size_t count = std::min(frames - done, kBlock - filled_);
    for (std::size_t c = 0; c < channels_; ++c) {
      std::copy_n(planes[c] + done, count,
                  block_[c].begin() + static_cast<std::ptrdiff_t>(kHistory + filled_));
    }
    filled_ += count;
    done += count;
    if (filled_ == kBlock) record_block();
  }
  frames_ += frames;
}

void LimiterStatistics::record_block() {
  float peak = 0.0f;
  for (std::size_t c = 0; c < channels_; ++c) {
    const float* x = block_[c].data() + kHistory;
    peak = std::max(peak, analysis::true_peak_of_block(x, kBlock));  // as the limiter measures it
    samples_[c] = x;
  }
  std::fill(sums_.begin(), sums_.end(), 0.0);
  k_weighting_.accumulate_squares(samples_, 0, kBlock, sums_.data());
  double energy = 0.0;
  for (std::size_t c = 0; c < channels_; ++c) energy += weights_[c] * sums_[c];
  records_.push_back(peak);
  records_.push_back(static_cast<float>(energy));
  if (records_.size() >= 2 * kRecordsPerWrite) flush_records();
  // The block's last samples are the next block's interpolator history.
  for (auto& channel : block_) std::copy_n(channel.begin() + kBlock, kHistory, channel.begin());
  filled_ = 0;
}

void LimiterStatistics::flush_records() {
  file_.append(records_.data(), records_.size() * sizeof(float));
  records_.clear();
}

void LimiterStatistics::finish() {
  if (filled_ > 0) {
    for (auto& channel : block_) {
      std::fill(channel.begin() + static_cast<std::ptrdiff_t>(kHistory + filled_),
                channel.begin() + static_cast<std::ptrdiff_t>(kHistory + kBlock), 0.0f);
    }
    record_block();
  }
  flush_records();
}

LimiterPrediction LimiterStatistics::predict(double gain_db, const LimiterPlan& plan,
                                             bool with_reduction) const {
  const double gain = std::pow(10.0, gain_db / 20.0);
  dsp::LimiterGainCascade cascade;
  cascade.prepare(plan, gain, rate_);
  // The limiter's two per-sample running means (about W / 2 samples each), seen per block: the mean of the
  // last `first` released gains, and the mean of the last `second` of those means.
  const std::size_t half_window = (cascade.window() + 1) / 2;
  const std::size_t first = std::max<std::size_t>(1, (half_window + kBlock / 2) / kBlock);
  const std::size_t second =
      std::max<std::size_t>(1, (cascade.window() + 1 - half_window + kBlock / 2) / kBlock);
  const double step = 0.1 * rate_;  // samples per 100 ms
  const auto steps = static_cast<std::size_t>(static_cast<double>(frames_) / step);
  std::vector<double> step_energy(steps + 1, 0.0);

  // Released gains lag their blocks by the cascade's lookahead: the energies wait in a ring meanwhile, and
  // the means' last values in two more. One loop, no closures: its state stays in registers (a modulo per
  // block, or state reached through a lambda's captures, cost more than the model itself).
  const std::size_t lag = cascade.span() + 4;
  std::vector<double> energies(lag), recent(first), means(second);
  std::vector<float> peaks(lag);
  dsp::GainReductionMeter reduction;
  std::uint64_t added = 0, placed = 0;  // blocks read, and blocks whose limited energy is placed
  std::size_t energy_in = 0, energy_out = 0, recent_slot = 0, means_slot = 0;
  double recent_sum = 0.0, means_sum = 0.0;
  std::size_t step_at = 0;
  double step_sum = 0.0;  // the step's energy so far
  const std::uint64_t blocks = file_.size() / (2 * sizeof(float));
  // After the last block, silence releases the last blocks' gains.
  const std::uint64_t steps_of_cascade = blocks + (plan.enabled ? cascade.span() + 2 : 0);
  std::vector<float> chunk(2 * kRecordsPerWrite);
  for (std::uint64_t b = 0; b < steps_of_cascade; ++b) {
    float peak = 0.0f;
    if (b < blocks) {
      const std::size_t k = b % kRecordsPerWrite;
      if (k == 0) {
        const auto count = static_cast<std::size_t>(std::min<std::uint64_t>(kRecordsPerWrite, blocks - b));
        file_.read_at(b * 2 * sizeof(float), chunk.data(), count * 2 * sizeof(float));
      }
      energies[energy_in] = chunk[2 * k + 1];
      peaks[energy_in] = chunk[2 * k];
      energy_in = energy_in + 1 == lag ? 0 : energy_in + 1;
      ++added;
      peak = chunk[2 * k];
    }
    double released = 1.0;  // no limiter: every block keeps its level
    if (plan.enabled) {
      if (!cascade.add_peak(peak)) continue;
      released = cascade.released(cascade.released_count() - 1);
    }
    if (placed == added) continue;
    recent_sum += released - (placed >= first ? recent[recent_slot] : 0.0);
    recent[recent_slot] = released;
    recent_slot = recent_slot + 1 == first ? 0 : recent_slot + 1;
    const double mean = recent_sum / static_cast<double>(std::min<std::uint64_t>(placed + 1, first));
    means_sum += mean - (placed >= second ? means[means_slot] : 0.0);
    means[means_slot] = mean;
    means_slot = means_slot + 1 == second ? 0 : means_slot + 1;
    const double limited =
        std::min(1.0, means_sum / static_cast<double>(std::min<std::uint64_t>(placed + 1, second)));
    if (with_reduction) {
      reduction.add_window(limited < 1.0 ? dsp::gain_reduction_db(limited) : 0.0,
                           peaks[energy_out] * gain > dsp::GainReductionMeter::audible_amplitude);
    }
    const double g = limited * gain;
    const auto at = static_cast<std::size_t>(static_cast<double>(placed * kBlock) / step);
    if (at != step_at) {
      if (step_at < step_energy.size()) step_energy[step_at] += step_sum;
      step_at = at;
      step_sum = 0.0;
    }
    step_sum += g * g * energies[energy_out];
    energy_out = energy_out + 1 == lag ? 0 : energy_out + 1;
    ++placed;
  }
  if (step_at < step_energy.size()) step_energy[step_at] += step_sum;

  std::vector<double> block_energy;
  double above_absolute = 0.0;
  for (std::size_t i = 0; i + 4 <= steps; ++i) {
    const double mean_square =
        (step_energy[i] + step_energy[i + 1] + step_energy[i + 2] + step_energy[i + 3]) / (4.0 * step);
    if (mean_square > 0.0 && loudness_of(mean_square) > kAbsoluteGateLufs) {
      block_energy.push_back(mean_square);
      above_absolute += mean_square;
    }
  }
  LimiterPrediction prediction;
  if (with_reduction) prediction.reduction = reduction.result(rate_);
  if (block_energy.empty()) return prediction;
  const double gate =
      loudness_of(above_absolute / static_cast<double>(block_energy.size())) + kRelativeGateLu;
  double sum = 0.0;
  std::size_t counted = 0;
  for (const double mean_square : block_energy) {
    if (loudness_of(mean_square) > gate) {
      sum += mean_square;
      ++counted;
    }
  }
  if (counted > 0) prediction.integrated_lufs = loudness_of(sum / static_cast<double>(counted));
  return prediction;
}

std::optional<LoudnessGainPlan> plan_loudness_gain(const LimiterStatistics& statistics,
                                                   const LimiterPlan& plan, double target_lufs) {
  // First toward the target: each step adds what the model says is still missing; the limiter's loss grows
  // with the gain, so plain steps shrink and converge slowly. Where the last two steps show a plausible
  // slope (loudness rising by kMinSlope to 1 dB per dB of gain), a step divides what is missing by it, a
  // secant step; elsewhere (the gates make the model jump on short or sparse tracks) it stays plain. 0.01 LU
  // is well inside what the render checks (0.1 LU); unconverged, the gain that came closest is used. Raising
  // stops as soon as a dB of gain bought less than kMinDriveSlope: beyond it the limiter eats the drive.
  constexpr int kSteps = 12;
  constexpr double kToleranceLu = 0.01;
  constexpr double kMinSlope = 0.2;
  constexpr double kMinDriveSlope = 0.3;
  LimiterPlan unlimited = plan;
  unlimited.enabled = false;
  const std::optional<double> unlimited_lufs = statistics.predict(0.0, unlimited).integrated_lufs;
  if (!unlimited_lufs) return std::nullopt;
  const auto excess = [&](const GainReduction& r) {
    return std::max(r.p99_db - plan.budget_p99_db, r.mean_db - plan.budget_mean_db);
  };
  LoudnessGainPlan result;
  double gain_db = target_lufs - *unlimited_lufs;
  double best_miss = std::numeric_limits<double>::infinity();
  std::optional<std::pair<double, double>> previous;   // gain and level of the last step
  std::optional<LimiterPrediction> over_budget_short;  // the first step, when the budget binds already
  for (int step = 0; step < kSteps; ++step) {
    const LimiterPrediction prediction = statistics.predict(gain_db, plan, plan.enabled && step == 0);
    const std::optional<double> level = prediction.integrated_lufs;
    if (!level) break;
    const double missing = target_lufs - *level;
    if (step == 0 && plan.enabled && missing > 0.0 && excess(prediction.reduction) > 0.0) {
      // Over the budget while still short of the target (the final gain can only be higher): the budget
      // decides, so there is no point converging on the target first.
      result.gain_db = gain_db;
      result.expected_lufs = *level;
      over_budget_short = prediction;
      break;
    }
    double slope = 1.0;
    if (previous && gain_db != previous->first) {
      const double measured = (*level - previous->second) / (gain_db - previous->first);
      if (gain_db > previous->first && missing > kToleranceLu && measured < kMinDriveSlope) {
        result.drive_exhausted = true;
        break;
      }
      if (measured >= kMinSlope && measured <= 1.0) slope = measured;
    }
    if (std::abs(missing) < best_miss) {
      result.gain_db = gain_db;
      result.expected_lufs = *level;
      best_miss = std::abs(missing);
    }
    if (std::abs(missing) < kToleranceLu) break;
    previous = std::pair(gain_db, *level);
    gain_db += missing / slope;
  }
  if (result.drive_exhausted && previous) {
    // The last gain before the drive stopped paying; it may be short of the target.
    result.gain_db = previous->first;
    result.expected_lufs = previous->second;
  }

  // Then the budget: the largest gain whose predicted reduction stays within it. Reductions grow about a
  // dB per dB of gain, so a step down by the excess nearly lands; regula falsi on the bracket finishes, each
  // probe kept inside the bracket's middle 80 % (the excess is flat where limiting stops, which would stall a
  // plain secant). It stops within kBudgetResolutionDb of the budget or of the bracket's width.
  // The budget limits what raising the level costs, not what the ceiling alone demands of a track whose
  // peaks are over it: the gain is lowered no further than unity (or the target's gain, if below).
  if (!plan.enabled) return result;
  LimiterPrediction at =
      over_budget_short ? *over_budget_short : statistics.predict(result.gain_db, plan, true);
  double high = result.gain_db, high_excess = excess(at.reduction);
  if (high_excess <= 0.0) return result;
  result.over_budget = true;
  constexpr int kBudgetSteps = 10;
  constexpr double kBudgetResolutionDb = 0.05;
  const double floor_db = std::min(result.gain_db, 0.0);
  std::optional<double> low;
  double low_excess = 0.0;
  for (int step = 0; step < kBudgetSteps; ++step) {
    double probe = std::max(floor_db, high - std::max(high_excess, kBudgetResolutionDb));
    if (low) {
      const double t = std::clamp(-low_excess / (high_excess - low_excess), 0.1, 0.9);
      probe = *low + t * (high - *low);
    }
    at = statistics.predict(probe, plan, true);
    const double probe_excess = excess(at.reduction);
    if (probe_excess <= 0.0) {
      low = probe, low_excess = probe_excess;
      result.gain_db = probe;
      result.expected_lufs = at.integrated_lufs.value_or(result.expected_lufs);
      if (probe_excess > -kBudgetResolutionDb || high - probe < kBudgetResolutionDb) break;
    } else if (probe <= floor_db) {
      // Over budget even at the floor: the floor it is.
      result.budget_unreachable = true;
      result.gain_db = probe;
      result.expected_lufs = at.integrated_lufs.value_or(result.expected_lufs);
      return result;
    } else {
      high = probe, high_excess = probe_excess;
      if (low && high - *low < kBudgetResolutionDb) break;
    }
  }
  if (!low) {
    // Nothing within the budget found in the steps allowed: the lowest gain tried, the closest to it.
    result.gain_db = high;
    result.expected_lufs = at.integrated_lufs.value_or(result.expected_lufs);
  }
  return result;
}

}  // namespace auralis::mastering
